package game

import (
	"errors"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// title is the picker. The bundled library shows one card per situation,
// in the language the card is set to (the filter's, else the player's UI
// language) with the other languages it exists in a click or an arrow
// away; the hiring battery's short vignettes follow in their own section.
// A filter above the list keeps the situations written in one language
// (the UI language at first) or shows them all. Each card shows the
// situation's channel and industry as a category line, its topics, and the
// player's best result so far; nothing on it tells what fits the case. A
// trainer's file, when one was opened or dropped, comes first.
//
// The cards come from the catalog (the top of each file): a scenario is
// parsed only when it is picked.
type title struct {
	ui    *UI
	lib   *Library
	saves *Saves
	pick  *pickerState
	sel   *scenarios.Scenario // the scenario to focus first

	gen     int
	stale   bool     // the filter or a card's language changed: lay out again
	filterL []string // the filter's options: the library's languages, then "" for all
	filterC []chip
	filterR []rect // on screen
	filterI int    // the option in effect
	filterY float64
	items   []titleItem
	cards   []int // indices into items of the cards, in order
	// focus is the focused card, or focusFilter, focusProgress or
	// focusPick for the strips above the list (the arrows reach them all).
	focus  int
	view   rect
	scroll scroller
	clip   clipper
	// settings and quit are the buttons at the top right, with their keys
	// (F2, Esc); quit only where the game can end itself (canQuit).
	settings keyButton
	quit     keyButton
	// quitP asks before Esc ends the game; quitOpen while it shows.
	quitP    menuPanel
	quitOpen bool
	version  string
	versionW float64
	tagB     *Block
	notice   *Block
	noticeR  rect
	prog     titleProgress // the next situation to practise (title_progress.go)
	footB    *Block
	footY    float64
	focusSet bool
	// fetching is the answer awaited for fetchEntry's file, in the browser
	// game, which fetches a bundled scenario when it is picked.
	fetching   <-chan httpResult
	fetchEntry scenarios.Entry
}

// pickerState is what the picker keeps while the game runs, as scenes come
// and go: the language filter and the language picked on each card.
type pickerState struct {
	// filter is the language shown, "" for every language; filterSet is
	// whether the player chose it (until then it follows the UI language).
	filter    string
	filterSet bool
	// chosen is the language picked on a card, by situation key.
	chosen map[string]string
}

type titleItem struct {
	r       rect // relative to the content top-left
	heading string
	noteB   *Block // a line under a heading
	card    bool
	sit     *situation // nil for a trainer's file
	entry   scenarios.Entry
	sc      *scenarios.Scenario // the trainer's file; bundled ones load when picked
	langs   []langChip
	catB    *Block
	titleB  *Block
	sumB    *Block
	titleY  float64
	chips   []chip
	chipXY  [][2]float64
	best    string
	bestC   color.RGBA
}

// langChip is one language a card's situation exists in; r is relative
// to the card.
type langChip struct {
	lang string
	chip chip
	r    rect
	on   bool
}

func newTitle(ctx *Context, sel *scenarios.Scenario) *title {
	ctx.Run = nil
	if ctx.Picker.chosen == nil {
		ctx.Picker.chosen = map[string]string{}
	}
	return &title{ui: ctx.UI, lib: ctx.Library, saves: ctx.Saves, pick: &ctx.Picker, sel: sel}
}

func (t *title) describe() screenInfo {
	return screenInfo{kind: screenTitle, name: "title", ready: true}
}

// filter is the language the list shows, "" for all: the player's choice,
// else the UI language when the library has it.
func (t *title) filter(counts map[string]int) string {
	if t.pick.filterSet {
		return t.pick.filter
	}
	if counts[t.ui.Str.Lang] > 0 {
		return t.ui.Str.Lang
	}
	return ""
}

// showSelected makes the card of the scenario asked for (--scenario, or
// the one just played) show it: in its language, under a filter that
// lists it.
func (t *title) showSelected(sits []*situation, filter string) {
	for _, s := range sits {
		for _, e := range s.files {
			if e.File != t.sel.File || e.ID != t.sel.ID {
				continue
			}
			t.pick.chosen[s.key] = e.Language
			if _, ok := s.in(filter); filter != "" && !ok {
				t.pick.filter, t.pick.filterSet = e.Language, true
			}
			return
		}
	}
}

// cardLanguage is the language a card opens in: the one picked on it, the
// filter's, the UI language, English, or its first.
func (t *title) cardLanguage(s *situation, filter string) string {
	for _, l := range []string{t.pick.chosen[s.key], filter, t.ui.Str.Lang, "en"} {
		if _, ok := s.in(l); ok && l != "" {
			return l
		}
	}
	return s.files[0].Language
}

func (t *title) layout() {
	u := t.ui
	if t.gen == u.Gen && t.items != nil && !t.stale {
		return
	}
	focusKey := t.focusedKey()
	t.gen, t.stale = u.Gen, false
	str := u.Str
	m := u.P(28)
	// One column of cards, or two side by side when each can be at least
	// 560 units wide (a 1280x720 window and up).
	gap := u.P(12)
	colW := math.Min(u.W-2*m, u.P(1320))
	cols := 2
	if colW < 2*u.P(560)+gap {
		cols, colW = 1, math.Min(colW, u.P(980))
	}
	x0 := (u.W - colW) / 2
	t.settings = u.newKeyButton(str.T(sTitleSettings), "F2", fBodyBold, 0, u.P(26), 0)
	t.settings.r.X = x0 + colW - t.settings.r.W
	buttonsW := t.settings.r.W
	if canQuit {
		t.quit = u.newKeyButton(str.T(sTitleQuit), "Esc", fBodyBold, 0, u.P(26), 0)
		t.quit.r.X = x0 + colW - t.quit.r.W
		t.settings.r.X -= t.quit.r.W + u.P(12)
		buttonsW += t.quit.r.W + u.P(12)
	}
	t.quitP = newQuitPanel(str)
	t.tagB = u.Wrap(str.T(sAppTagline), fBody, colW-buttonsW-u.P(24))
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
		note = joinNote(note, str.N(sTitleLibraryProblemsOne, sTitleLibraryProblemsOther, countFiles(t.lib.BundledProblems)))
	}
	t.notice = nil
	if note != "" {
		t.notice = u.Wrap(note, fSmallBold, colW-u.P(32))
		t.noticeR = rect{x0, y, colW, t.notice.H + u.P(20)}
		y += t.noticeR.H + u.P(14)
	}
	y = t.layoutProgress(x0, y, colW)

	// The language filter: every language of the library, then all.
	sits := t.lib.Situations()
	langs, counts := libraryLanguages(sits)
	if !t.focusSet && t.sel != nil {
		t.showSelected(sits, t.filter(counts))
	}
	filter := t.filter(counts)
	t.filterL = append(append(t.filterL[:0], langs...), "")
	t.filterC = t.filterC[:0]
	for _, l := range t.filterL {
		label := str.T(sTitleAllLanguages) + " (" + itoa(len(sits)) + ")"
		if l != "" {
			label = LanguageName(l) + " (" + itoa(counts[l]) + ")"
		}
		fill, ink := colPanelHi, colText
		if l == filter {
			fill, ink = colAccent, colAccentInk
			t.filterI = len(t.filterC)
		}
		t.filterC = append(t.filterC, u.newChip(label, fill, ink))
	}
	t.filterY = y
	if len(sits) > 1 || len(langs) > 1 {
		lx := x0 + u.LabelW(str.T(sTitleLanguage), fSmallBold) + u.P(14)
		xy, h := u.layoutChips(t.filterC, lx, y, x0+colW-lx)
		t.filterR = t.filterR[:0]
		for i, p := range xy {
			t.filterR = append(t.filterR, rect{p[0], p[1], t.filterC[i].w, t.filterC[i].h})
		}
		y += h + u.P(14)
	} else {
		t.filterC, t.filterR = t.filterC[:0], t.filterR[:0]
	}

	// The build's version sits at the right of the foot, from the
	// binary's own build information (internal/version).
	t.version = str.F(sVersionLabel, appVersion)
	t.versionW = u.LabelW(t.version, fSmall)
	foot := str.T(sTitleKeysHint)
	if !inCourse() {
		foot += "   ·   " + str.T(sTitleDropHint)
	}
	t.footB = u.Wrap(foot, fSmall, colW-t.versionW-u.P(24))
	t.footY = u.H - t.footB.H - u.P(14)
	// The list's clip leaves room for the focus ring on the left.
	inset := u.P(6)
	t.view = rect{x0 - inset, y, colW + inset + u.P(10), t.footY - y - u.P(10)}

	// The list: the trainer's file, the situations, the vignettes.
	t.items, t.cards = t.items[:0], t.cards[:0]
	cy := 0.0
	w := colW
	addHeading := func(s string, note string) {
		if cy > 0 {
			cy += u.P(10)
		}
		it := titleItem{heading: s, r: rect{X: inset}}
		h := u.LineH(fBodyBold)
		if note != "" {
			it.noteB = u.Wrap(note, fSmall, w)
			h += it.noteB.H
		}
		it.r.Y, it.r.W, it.r.H = cy, w, h
		t.items = append(t.items, it)
		cy += h + u.P(8)
	}
	type shown struct {
		s   *situation
		e   scenarios.Entry
		key string
		sc  *scenarios.Scenario
	}
	// addCards lays cards out in rows of cols, each row as tall as its
	// tallest card, in reading order (the order of the arrow keys).
	addCards := func(list []shown) {
		cw := (w - float64(cols-1)*gap) / float64(cols)
		for i := 0; i < len(list); i += cols {
			row := list[i:min(i+cols, len(list))]
			first := len(t.items)
			rowH := 0.0
			for k, x := range row {
				it := t.layoutCard(x.s, x.e, x.sc, cw)
				it.r.X, it.r.Y = inset+float64(k)*(cw+gap), cy
				rowH = math.Max(rowH, it.r.H)
				t.cards = append(t.cards, len(t.items))
				t.items = append(t.items, it)
			}
			for k := first; k < len(t.items); k++ {
				t.items[k].r.H = rowH
			}
			cy += rowH + gap
		}
	}
	if sc := t.lib.Trainer; sc != nil {
		addHeading(str.T(sTitleTrainerFile)+" · "+sc.File, "")
		addCards([]shown{{e: scenarios.EntryOf(sc), sc: sc}})
	}
	var full, short []shown
	for _, s := range sits {
		if _, ok := s.in(filter); filter != "" && !ok {
			continue
		}
		e, _ := s.in(t.cardLanguage(s, filter))
		// Sorted by the title in the list's language, so a card does
		// not move when its own language changes.
		d := e
		if filter != "" {
			d, _ = s.in(filter)
		} else if de, ok := s.in(str.Lang); ok {
			d = de
		}
		if s.vignette {
			short = append(short, shown{s: s, e: e})
		} else {
			full = append(full, shown{s: s, e: e, key: sortKey(d.Title, d.Language)})
		}
	}
	sort.SliceStable(full, func(i, j int) bool { return full[i].key < full[j].key })
	if len(full) > 0 {
		addHeading(str.T(sTitleSituations), "")
		addCards(full)
	}
	if len(short) > 0 {
		addHeading(str.T(sTitleVignettes), str.T(sTitleVignettesNote))
		addCards(short)
	}
	switch {
	case len(t.cards) > 0:
	case filter != "" && len(sits) > 0:
		addHeading(str.F(sTitleEmptyLanguage, LanguageName(filter)), "")
	default:
		addHeading(str.T(sTitleEmpty), "")
	}
	t.scroll.setContent(cy, t.view.H)

	// Keep the focus on the same card; at first, on the scenario asked
	// for (--scenario, or the one just played).
	if !t.focusSet && t.sel != nil {
		for i := range t.cards {
			if e := t.card(i).entry; e.File == t.sel.File && e.ID == t.sel.ID {
				t.focus, t.focusSet, focusKey = i, true, ""
			}
		}
	}
	if focusKey != "" {
		for i := range t.cards {
			if t.cardKey(i) == focusKey {
				t.focus = i
			}
		}
	}
	if t.focus == focusFilter && len(t.filterR) == 0 {
		t.focus = 0
	}
	t.focus = max(t.focusTop(), min(t.focus, len(t.cards)-1))
	t.showFocus()
}

// layoutCard lays out one card of width w: the category line and the
// languages, the title, the summary, the topics and the best result.
func (t *title) layoutCard(s *situation, e scenarios.Entry, sc *scenarios.Scenario, w float64) titleItem {
	u, str := t.ui, t.ui.Str
	pad := u.P(18)
	it := titleItem{card: true, sit: s, entry: e, sc: sc}

	// The languages, at the top right: the one shown is lit.
	files := []scenarios.Entry{e}
	if s != nil {
		files = s.files
	}
	lw := 0.0
	gap := u.P(6)
	for _, f := range files {
		on := f.Language == e.Language
		fill, ink := colPanelHi, colTextDim
		if on {
			fill, ink = colAccent, colAccentInk
		}
		c := u.newChip(strings.ToUpper(f.Language), fill, ink)
		it.langs = append(it.langs, langChip{lang: f.Language, chip: c, on: on})
		lw += c.w + gap
	}
	x := w - pad - lw + gap
	row := it.langs[0].chip.h
	cat, topics := describeTags(str, e.Tags)
	if cat != "" {
		it.catB = u.Wrap(cat, fSmallBold, math.Max(u.P(80), x-pad-u.P(12)))
		row = math.Max(row, it.catB.H)
	}
	for i := range it.langs {
		c := &it.langs[i]
		c.r = rect{x, pad + (row-c.chip.h)/2, c.chip.w, c.chip.h}
		x += c.chip.w + gap
	}
	h := pad + row + u.P(6)
	it.titleY = h
	it.titleB = u.Wrap(e.Title, fH2, w-2*pad)
	it.sumB = u.Wrap(e.Summary, fBody, w-2*pad)
	h += it.titleB.H + u.P(4) + it.sumB.H + u.P(10)
	for _, tag := range topics {
		it.chips = append(it.chips, u.newChip(tag, colPanelHi, colTextDim))
	}
	var ch float64
	it.chipXY, ch = u.layoutChips(it.chips, pad, h, w-2*pad)
	if len(it.chips) > 0 {
		h += ch + u.P(8)
	}
	it.best, it.bestC = str.T(sTitleNotPlayed), colTextDim
	if r := t.saves.Data.Progress[e.ID]; r != nil {
		it.best = bestLine(str, r) + " · " + str.N(sTitlePlaysOne, sTitlePlaysOther, r.Plays)
		it.bestC = colAccent
	}
	h += u.LineH(fSmallBold) + pad
	it.r = rect{0, 0, w, h}
	return it
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

// cardKey names card i across layouts: its situation, or its file.
func (t *title) cardKey(i int) string {
	if it := t.card(i); it.sit != nil {
		return it.sit.key
	}
	return "file\x00" + t.card(i).entry.File
}

func (t *title) focusedKey() string {
	if t.focus >= 0 && t.focus < len(t.cards) {
		return t.cardKey(t.focus)
	}
	return ""
}

func (t *title) showFocus() {
	if t.focus >= 0 && t.focus < len(t.cards) {
		r := t.card(t.focus).r
		t.scroll.show(r.Y-t.ui.P(40), r.bottom()+t.ui.P(6), t.view.H) // room for the focus ring
	}
}

func (t *title) screenRect(r rect) rect {
	return rect{t.view.X + r.X, t.view.Y + r.Y - t.scroll.off, r.W, r.H}
}

// setFilter shows the situations of one language ("" for all); every card
// then opens in that language.
func (t *title) setFilter(lang string) {
	t.pick.filter, t.pick.filterSet = lang, true
	clear(t.pick.chosen)
	t.stale = true
}

// stepFilter moves the filter to the next (+1) or previous (-1) option.
func (t *title) stepFilter(d int) {
	if n := len(t.filterR); n > 0 {
		t.setFilter(t.filterL[(t.filterI+d+n)%n])
	}
}

// stepLanguage shows card i in its next (+1) or previous (-1) language.
func (t *title) stepLanguage(i, d int) {
	it := t.card(i)
	n := len(it.langs)
	if it.sit == nil || n < 2 {
		return
	}
	for k, c := range it.langs {
		if c.on {
			t.chooseLanguage(it, it.langs[(k+d+n)%n].lang)
			return
		}
	}
}

func (t *title) chooseLanguage(it *titleItem, lang string) {
	if it.sit != nil && lang != it.entry.Language {
		t.pick.chosen[it.sit.key] = lang
		t.stale = true
	}
}

func (t *title) Update(ctx *Context) error {
	if t.polled(ctx) {
		return nil // a scenario's file is on its way; input waits
	}
	t.layout()
	in := ctx.Input
	if t.quitOpen {
		switch t.quitP.update(t.ui, &in) {
		case 0:
			t.quitOpen = false
		case 1:
			ctx.Quit = true
		}
		return nil
	}
	if canQuit && in.ClickIn(t.quit.r) {
		ctx.Quit = true // the button says what it does: nothing is lost
		return nil
	}
	if canQuit && in.Back {
		t.quitOpen, t.quitP.focus = true, 0
		return nil
	}
	if t.updateProgress(ctx) {
		return nil
	}
	if in.Settings || in.ClickIn(t.settings.r) {
		ctx.Scenes.GoTo(newSettings(ctx, func() Scene { return newTitle(ctx, t.sel) }))
		return nil
	}
	t.scroll.wheel(in, t.ui)
	for i, r := range t.filterR {
		if in.ClickIn(r) {
			t.setFilter(t.filterL[i])
			return nil
		}
	}
	switch {
	case in.Down:
		t.stepFocus(1)
	case in.Up:
		t.stepFocus(-1)
	case in.Left || in.Right:
		d := 1
		if in.Left {
			d = -1
		}
		if t.focus == focusFilter {
			t.stepFilter(d)
		} else if t.focus < len(t.cards) {
			t.stepLanguage(t.focus, d)
		}
		return nil
	}
	for i := range t.cards {
		it := t.card(i)
		r := t.screenRect(it.r)
		if in.MovedIn(r) && t.view.contains(in.PointerX, in.PointerY) {
			t.focus = i
		}
		if in.ClickIn(r) && t.view.contains(in.X, in.Y) {
			for _, c := range it.langs {
				if in.ClickIn(t.screenRect(rect{it.r.X + c.r.X, it.r.Y + c.r.Y, c.r.W, c.r.H})) {
					t.focus = i
					t.chooseLanguage(it, c.lang)
					return nil
				}
			}
			return t.start(ctx, it)
		}
	}
	if in.Confirm && t.focus >= 0 && t.focus < len(t.cards) {
		return t.start(ctx, t.card(t.focus))
	}
	if in.Confirm && t.focus < focusFilter {
		t.takeProgress(ctx, t.focus == focusPick)
		return nil
	}
	if in.Confirm && t.focus == focusFilter && len(t.cards) > 0 {
		t.focus = 0 // Enter on the filter goes down to the list
		t.showFocus()
	}
	if n, ok := in.Picked(); ok && n <= len(t.cards) {
		t.focus = n - 1
		t.showFocus()
	}
	return nil
}

func (t *title) start(ctx *Context, it *titleItem) error {
	sc := it.sc
	if sc == nil && t.fetching == nil {
		if ch := t.lib.Fetch(it.entry); ch != nil {
			// The browser game fetches the file first; Update polls.
			t.fetching, t.fetchEntry = ch, it.entry
			return nil
		}
		var diags scenarios.Diagnostics
		if sc, diags = t.lib.Load(it.entry); sc == nil {
			ctx.Scenes.GoTo(newProblems(ctx, it.entry.File, diags))
			return nil
		}
	}
	if sc != nil {
		t.play(ctx, sc)
	}
	return nil
}

// play starts a run of sc.
func (t *title) play(ctx *Context, sc *scenarios.Scenario) {
	run := play.New(sc)
	ctx.Run = run
	ctx.Scenes.GoTo(newDialogue(ctx, run, run.Mood()))
}

// polled takes the answer of a file being fetched (the browser game), and
// reports whether one is still on its way.
func (t *title) polled(ctx *Context) bool {
	if t.fetching == nil {
		return false
	}
	select {
	case res := <-t.fetching:
		entry := t.fetchEntry
		t.fetching = nil
		if sc, diags := t.lib.Loaded(entry, res); sc != nil {
			t.play(ctx, sc)
		} else {
			ctx.Scenes.GoTo(newProblems(ctx, entry.File, diags))
		}
		return false
	default:
		return true
	}
}

func (t *title) Draw(screen *ebiten.Image) {
	t.layout()
	u := t.ui
	u.Background(screen)
	x0 := t.view.X + u.P(6)
	u.Text(screen, u.Str.T(sAppTitle), fH1, x0, u.P(24), colAccent)
	u.DrawBlock(screen, t.tagB, x0, u.P(24)+u.LineH(fH1), colTextDim, -1)
	u.DrawKeyButton(screen, &t.settings, false)
	if canQuit {
		u.DrawKeyButton(screen, &t.quit, false)
	}
	if t.notice != nil {
		u.FillRound(screen, t.noticeR, u.P(10), mix(colPanel, colWarn, 0.22))
		u.DrawBlock(screen, t.notice, t.noticeR.X+u.P(16), t.noticeR.Y+u.P(10), colText, -1)
	}
	t.drawProgress(screen)
	if len(t.filterR) > 0 {
		c := colTextDim
		if t.focus == focusFilter {
			c = colAccent
		}
		u.Text(screen, u.Str.T(sTitleLanguage), fSmallBold, x0, t.filterY+u.P(3), c)
		for i, r := range t.filterR {
			if t.focus == focusFilter && i == t.filterI {
				u.FocusRing(screen, r, r.H/2)
			}
			u.DrawChip(screen, &t.filterC[i], r.X, r.Y)
		}
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
			if it.noteB != nil {
				u.DrawBlock(dst, it.noteB, r.X, r.Y+u.LineH(fBodyBold), colTextDim, -1)
			}
			continue
		}
		focused := t.focus >= 0 && t.focus < len(t.cards) && t.cards[t.focus] == i
		fill := colPanel
		if focused {
			u.FocusRing(dst, r, u.P(14))
			fill = mix(colPanel, colAccent, 0.1)
		}
		u.Panel(dst, r, fill)
		if it.catB != nil {
			u.DrawBlock(dst, it.catB, r.X+pad, r.Y+pad, colAccent, -1)
		}
		for k := range it.langs {
			c := &it.langs[k]
			u.DrawChip(dst, &c.chip, r.X+c.r.X, r.Y+c.r.Y)
		}
		y := r.Y + it.titleY
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
	u.Text(screen, t.version, fSmall, t.view.right()-u.P(10)-t.versionW, t.footY+t.footB.H-u.LineH(fSmall), colTextDim)
	if t.quitOpen {
		t.quitP.draw(screen, u)
	}
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
