package game

import (
	"errors"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// title is the picker: the bundled library grouped by language and tag,
// each scenario with its title, summary, tags and the player's best result,
// plus a trainer's file when one was opened or dropped.
type title struct {
	ui    *UI
	lib   *Library
	saves *Saves
	sel   *scenarios.Scenario // the scenario to focus first

	gen      int
	items    []titleItem
	cards    []int // indices into items of the cards, in order
	focus    int
	view     rect
	scroll   scroller
	clip     clipper
	settings button
	tagB     *Block
	notice   *Block
	noticeR  rect
	footB    *Block
	footY    float64
	focusSet bool
}

type titleItem struct {
	r       rect // relative to the content top-left
	heading string
	card    bool
	entry   scenarios.Entry
	sc      *scenarios.Scenario // the trainer's file; bundled ones load when picked
	titleB  *Block
	sumB    *Block
	chips   []chip
	chipXY  [][2]float64
	best    string
	bestC   color.RGBA
}

func newTitle(ctx *Context, sel *scenarios.Scenario) *title {
	ctx.Run = nil
	return &title{ui: ctx.UI, lib: ctx.Library, saves: ctx.Saves, sel: sel}
}

func (t *title) describe() screenInfo {
	return screenInfo{kind: screenTitle, name: "title", ready: true}
}

func (t *title) layout() {
	u := t.ui
	if t.gen == u.Gen && t.items != nil {
		return
	}
	t.gen = u.Gen
	str := u.Str
	m := u.P(28)
	colW := math.Min(u.W-2*m, u.P(980))
	x0 := (u.W - colW) / 2
	t.settings = u.newButton(str.T(sTitleSettings), 0, u.P(26), false)
	t.settings.r.X = x0 + colW - t.settings.r.W
	t.tagB = u.Wrap(str.T(sAppTagline), fBody, colW-t.settings.r.W-u.P(24))
	y := u.P(24) + u.LineH(fH1) + t.tagB.H + u.P(16)

	// Anything the player should know: a corrupt save, a failed write,
	// bundled files that did not load.
	note := ""
	if t.saves.Corrupt != "" {
		note = str.F(sTitleSaveCorrupt, t.saves.Corrupt)
	}
	if t.saves.Err != nil {
		note = joinNote(note, str.F(sTitleSaveError, storageProblem(str, t.saves.Err)))
	}
	if n := len(t.lib.BundledProblems); n > 0 {
		note = joinNote(note, str.F(sTitleLibraryProblems, countFiles(t.lib.BundledProblems)))
	}
	t.notice = nil
	if note != "" {
		t.notice = u.Wrap(note, fSmallBold, colW-u.P(32))
		t.noticeR = rect{x0, y, colW, t.notice.H + u.P(20)}
		y += t.noticeR.H + u.P(14)
	}
	t.footB = u.Wrap(str.T(sTitleKeysHint)+"   ·   "+str.T(sTitleDropHint), fSmall, colW)
	t.footY = u.H - t.footB.H - u.P(14)
	t.view = rect{x0, y, colW + u.P(10), t.footY - y - u.P(10)}

	// The list: a heading for each language and tag, then its cards.
	t.items, t.cards = t.items[:0], t.cards[:0]
	cy := 0.0
	w := colW
	pad := u.P(18)
	addCard := func(e scenarios.Entry, sc *scenarios.Scenario) {
		it := titleItem{card: true, entry: e, sc: sc}
		it.titleB = u.Wrap(e.Title, fH2, w-2*pad)
		it.sumB = u.Wrap(e.Summary, fBody, w-2*pad)
		for _, tag := range e.Tags {
			it.chips = append(it.chips, u.newChip(tag, colPanelHi, colTextDim))
		}
		h := pad + it.titleB.H + u.P(4) + it.sumB.H + u.P(10)
		var ch float64
		it.chipXY, ch = u.layoutChips(it.chips, pad, h, w-2*pad)
		h += ch + u.P(8)
		it.best, it.bestC = str.T(sTitleNotPlayed), colTextDim
		if r := t.saves.Data.Progress[e.ID]; r != nil {
			it.best = bestLine(str, r) + " · " + str.F(sTitlePlays, r.Plays)
			it.bestC = colAccent
		}
		h += u.LineH(fSmallBold) + pad
		it.r = rect{0, cy, w, h}
		if !t.focusSet && t.sel != nil && e.File == t.sel.File && e.ID == t.sel.ID {
			t.focus, t.focusSet = len(t.cards), true
		}
		t.cards = append(t.cards, len(t.items))
		t.items = append(t.items, it)
		cy += h + u.P(12)
	}
	addHeading := func(s string) {
		if cy > 0 {
			cy += u.P(10)
		}
		t.items = append(t.items, titleItem{heading: s, r: rect{0, cy, w, u.LineH(fBodyBold)}})
		cy += u.LineH(fBodyBold) + u.P(8)
	}
	if sc := t.lib.Trainer; sc != nil {
		addHeading(str.T(sTitleTrainerFile) + " · " + sc.File)
		addCard(scenarios.EntryOf(sc), sc)
	}
	// Scenarios in the player's UI language come first.
	ordered := make([]scenarios.Entry, 0, len(t.lib.Entries))
	for pass := 0; pass < 2; pass++ {
		for _, e := range t.lib.Entries {
			if (assets.MatchLanguage(e.Language) == str.Lang) == (pass == 0) {
				ordered = append(ordered, e)
			}
		}
	}
	last := ""
	for _, e := range ordered {
		tag := firstTag(e.Tags)
		if tag == "" {
			tag = str.T(sTitleOtherTags)
		}
		if h := LanguageName(e.Language) + " · " + tag; h != last {
			addHeading(h)
			last = h
		}
		addCard(e, nil)
	}
	if len(t.cards) == 0 {
		addHeading(str.T(sTitleEmpty))
	}
	t.scroll.setContent(cy, t.view.H)
	t.showFocus()
}

// storageProblem says what went wrong with the saves, in the player's
// language when it is a problem they can fix.
func storageProblem(str *Strings, err error) string {
	switch {
	case errors.Is(err, errStorageFull):
		return str.T(sSaveStorageFull)
	case errors.Is(err, errStorageBlocked):
		return str.T(sSaveStorageBlocked)
	}
	return err.Error()
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// countFiles counts the distinct files among diagnostics.
func countFiles(ds scenarios.Diagnostics) int {
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.File] = true
	}
	return len(seen)
}

func (t *title) card(i int) *titleItem { return &t.items[t.cards[i]] }

func (t *title) showFocus() {
	if t.focus < len(t.cards) {
		r := t.card(t.focus).r
		t.scroll.show(r.Y-t.ui.P(40), r.bottom(), t.view.H)
	}
}

func (t *title) screenRect(r rect) rect {
	return rect{t.view.X + r.X, t.view.Y + r.Y - t.scroll.off, r.W, r.H}
}

func (t *title) Update(ctx *Context) error {
	t.layout()
	in := ctx.Input
	if in.Settings || in.ClickIn(t.settings.r) {
		ctx.Scenes.GoTo(newSettings(ctx, func() Scene { return newTitle(ctx, t.sel) }))
		return nil
	}
	t.scroll.wheel(in, t.ui)
	if len(t.cards) == 0 {
		return nil
	}
	switch {
	case in.Down:
		t.focus = min(len(t.cards)-1, t.focus+1)
		t.showFocus()
	case in.Up:
		t.focus = max(0, t.focus-1)
		t.showFocus()
	}
	for i := range t.cards {
		r := t.screenRect(t.card(i).r)
		if in.MovedIn(r) && t.view.contains(in.PointerX, in.PointerY) {
			t.focus = i
		}
		if in.ClickIn(r) && t.view.contains(in.X, in.Y) {
			return t.start(ctx, t.card(i))
		}
	}
	if in.Confirm {
		return t.start(ctx, t.card(t.focus))
	}
	if n, ok := in.Picked(); ok && n <= len(t.cards) {
		t.focus = n - 1
		t.showFocus()
	}
	return nil
}

func (t *title) start(ctx *Context, it *titleItem) error {
	sc := it.sc
	if sc == nil {
		var diags scenarios.Diagnostics
		if sc, diags = t.lib.Load(it.entry); sc == nil {
			ctx.Scenes.GoTo(newProblems(ctx, it.entry.File, diags))
			return nil
		}
	}
	run := play.New(sc)
	ctx.Run = run
	ctx.Scenes.GoTo(newDialogue(ctx, run, run.Mood()))
	return nil
}

func (t *title) Draw(screen *ebiten.Image) {
	t.layout()
	u := t.ui
	u.Background(screen)
	x0 := t.view.X
	u.Text(screen, u.Str.T(sAppTitle), fH1, x0, u.P(24), colAccent)
	u.DrawBlock(screen, t.tagB, x0, u.P(24)+u.LineH(fH1), colTextDim, -1)
	u.DrawButton(screen, &t.settings, false)
	if t.notice != nil {
		u.FillRound(screen, t.noticeR, u.P(10), mix(colPanel, colWarn, 0.22))
		u.DrawBlock(screen, t.notice, t.noticeR.X+u.P(16), t.noticeR.Y+u.P(10), colText, -1)
	}

	dst := t.clip.get(screen, t.view)
	pad := u.P(18)
	for i := range t.items {
		it := &t.items[i]
		r := t.screenRect(it.r)
		if r.bottom() < t.view.Y || r.Y > t.view.bottom() {
			continue
		}
		if !it.card {
			u.Text(dst, it.heading, fBodyBold, r.X, r.Y, colTextDim)
			continue
		}
		focused := t.cards[t.focus] == i
		fill := colPanel
		if focused {
			u.FillRound(dst, r.inset(-u.P(3)), u.P(17), colAccent)
			fill = mix(colPanel, colAccent, 0.1)
		}
		u.Panel(dst, r, fill)
		y := r.Y + pad
		u.DrawBlock(dst, it.titleB, r.X+pad, y, colText, -1)
		y += it.titleB.H + u.P(4)
		u.DrawBlock(dst, it.sumB, r.X+pad, y, colTextDim, -1)
		for k := range it.chips {
			u.DrawChip(dst, &it.chips[k], r.X+it.chipXY[k][0], r.Y+it.chipXY[k][1])
		}
		u.Text(dst, it.best, fSmallBold, r.X+pad, r.bottom()-pad-u.LineH(fSmallBold), it.bestC)
	}
	u.DrawScrollbar(screen, t.view, &t.scroll)
	u.DrawBlock(screen, t.footB, x0, t.footY, colTextDim, -1)
}

// bestLine says a scenario's best result so far the way the debrief does:
// the archetype only when its drift was clear, a tie or "no clear drift
// yet" otherwise, and for a lost customer only that the customer was lost.
// A save from before the weights were kept shows its archetype as it was.
func bestLine(str *Strings, r *Result) string {
	if r.BestEnding == scoring.Lost {
		return str.F(sTitleBestEnding, str.Ending(r.BestEnding))
	}
	name := str.Archetype(r.BestArchetype)
	if r.BestWeights != nil {
		name = newVerdict(*r.BestWeights, r.BestEnding).headline(str)
	}
	return str.F(sTitleBest, name, str.Ending(r.BestEnding))
}
