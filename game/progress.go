package game

import (
	"image/color"
	"math"
	"sort"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/progress"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// chartRuns is how many of the latest runs the drift chart shows.
const chartRuns = 20

// recordHistory adds a finished practice run to the saved history.
func recordHistory(ctx *Context, rep play.Report, situation string) {
	at := time.Now()
	if ctx.Now != nil {
		at = ctx.Now()
	}
	ctx.Saves.Data.History = progress.Append(ctx.Saves.Data.History, progress.RunOf(rep, situation, at))
}

// recommendation says which situation to practise next and why, in the
// UI language, from the saved history (plus the run just finished, for
// the debrief, which lays out before it records it); "" when there is
// nothing to say. The candidates are the library's situations written in
// the UI language, the hiring battery's vignettes left out.
func recommendation(str *Strings, lib *Library, history []progress.Run) string {
	text, _ := recommend(str, lib, history)
	return text
}

// recommend is recommendation with the file it names.
func recommend(str *Strings, lib *Library, history []progress.Run) (string, scenarios.Entry) {
	if lib == nil || len(history) == 0 {
		return "", scenarios.Entry{}
	}
	files := map[string]scenarios.Entry{}
	traps := progress.LibraryTraps()
	var cands []progress.Candidate
	for _, s := range lib.Situations() {
		if s.vignette {
			continue
		}
		e, ok := s.in(str.Lang)
		if !ok {
			continue
		}
		t, ok := traps[e.ID]
		if !ok {
			continue // a file the table does not know (not bundled)
		}
		cands = append(cands, progress.Candidate{ID: e.ID, Situation: e.Situation, Title: e.Title, Traps: t})
		files[e.ID] = e
	}
	rec, ok := progress.Recommend(history, cands)
	if !ok {
		return "", scenarios.Entry{}
	}
	if rec.Fresh {
		return str.F(sProgressRecoFresh, rec.Pick.Title), files[rec.Pick.ID]
	}
	trap := [...]Str{sProgressTrapPivot, sProgressTrapSpring, sProgressTrapConnector, sProgressTrapDisperser}[rec.Shadow]
	return str.Nf(sProgressRecoOne, sProgressRecoOther, rec.Of,
		str.ArchetypeInText(scoring.Archetypes[rec.Shadow]), rec.Count, rec.Of, rec.Pick.Title, str.T(trap)), files[rec.Pick.ID]
}

// progressScene is "Your progress": how many runs and situations, the next
// situation to practise and why, the drift over time for each archetype,
// and the best result in each situation played.
type progressScene struct {
	ui    *UI
	lib   *Library
	saves *Saves
	back  func() Scene

	gen    int
	bar    topBar
	view   rect
	scroll scroller
	clip   clipper
	pieces []piece
	footer rect
	backB  keyButton
	path   vector.Path
}

func newProgress(ctx *Context, back func() Scene) *progressScene {
	return &progressScene{ui: ctx.UI, lib: ctx.Library, saves: ctx.Saves, back: back}
}

func (p *progressScene) describe() screenInfo {
	return screenInfo{kind: screenSettings, name: "progress", ready: true}
}

// situationBest is a played situation's line in the best results.
type situationBest struct {
	title string
	res   Result
}

// bestBySituation folds the per-file results into one per situation (its
// languages together): the plays added up, the best run of any language.
// It is titled in the UI language when the situation has it.
func bestBySituation(str *Strings, lib *Library, results map[string]*Result) []situationBest {
	var out []situationBest
	seen := map[string]bool{}
	if lib != nil {
		for _, s := range lib.Situations() {
			var best situationBest
			for _, e := range s.files {
				r := results[e.ID]
				if r == nil {
					continue
				}
				seen[e.ID] = true
				plays := best.res.Plays + r.Plays
				if best.res.Plays == 0 || r.BestShock > best.res.BestShock ||
					r.BestShock == best.res.BestShock && play.EndingRank(r.BestEnding) < play.EndingRank(best.res.BestEnding) {
					best.res = *r
				}
				best.res.Plays = plays
			}
			if best.res.Plays == 0 {
				continue
			}
			e, ok := s.in(str.Lang)
			if !ok {
				e = s.files[0]
			}
			best.title = e.Title
			out = append(out, best)
		}
	}
	// Files the library does not have (a trainer's), by id.
	var rest []string
	for id := range results {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, situationBest{title: id, res: *results[id]})
	}
	return out
}

func (p *progressScene) layout() {
	u := p.ui
	if p.gen == u.Gen && p.pieces != nil {
		return
	}
	p.gen = u.Gen
	str := u.Str
	hist := p.saves.Data.History
	summary := ""
	if len(hist) > 0 {
		summary = str.N2(plural2{sProgressSummaryOneOne, sProgressSummaryOneOther, sProgressSummaryOtherOne, sProgressSummaryOtherOther}, len(hist), progress.Situations(hist))
	}
	p.bar = u.newTopBar(str.T(sProgressHeading), summary)
	m := u.P(28)
	fh := u.LineH(fBodyBold) + u.P(18) + u.P(32)
	p.footer = rect{0, u.H - fh, u.W, fh}
	p.backB = u.newKeyButton(str.T(sSettingsBack), "Esc", fBodyBold, 0, 0, 0)
	p.backB.r.X = u.W - m - p.backB.r.W
	p.backB.r.Y = p.footer.Y + (fh-p.backB.r.H)/2
	top := p.bar.h + u.P(20)
	cw := math.Min(u.W-2*m, u.P(1000))
	p.view = rect{(u.W - cw) / 2, top, cw + u.P(8), p.footer.Y - top - u.P(8)}
	w := cw
	pad := u.P(20)
	gap := u.P(18)
	lh := u.LineH
	p.pieces = p.pieces[:0]
	y := 0.0
	place := func(h float64, draw func(*ebiten.Image, rect)) {
		p.pieces = append(p.pieces, piece{rect{0, y, w, h}, draw})
		y += h + gap
	}
	panel := func(heading string, body *Block, c color.RGBA) {
		place(pad+lh(fSmallBold)+u.P(6)+body.H+pad, func(dst *ebiten.Image, r rect) {
			u.Panel(dst, r, colPanel)
			u.Text(dst, heading, fSmallBold, r.X+pad, r.Y+pad, colTextDim)
			u.DrawBlock(dst, body, r.X+pad, r.Y+pad+lh(fSmallBold)+u.P(6), c, -1)
		})
	}
	if len(hist) == 0 {
		panel(str.T(sProgressHeading), u.Wrap(str.T(sProgressEmpty), fBody, w-2*pad), colText)
	}
	if reco := recommendation(str, p.lib, hist); reco != "" {
		panel(str.T(sProgressNextHeading), u.Wrap(reco, fBody, w-2*pad), colText)
	}
	if len(hist) > 0 {
		p.layoutChart(place, hist, w, pad)
	}
	if best := bestBySituation(str, p.lib, p.saves.Data.Progress); len(best) > 0 {
		type row struct {
			title *Block
			line  string
			c     color.RGBA
		}
		var rows []row
		h := pad + lh(fSmallBold) + u.P(8)
		for _, b := range best {
			r := row{title: u.Wrap(b.title, fBodyBold, w-2*pad), line: bestLine(str, &b.res) + " · " + str.N(sTitlePlaysOne, sTitlePlaysOther, b.res.Plays), c: colAccent}
			if b.res.BestEnding == scoring.Lost {
				r.c = colBad
			}
			rows = append(rows, r)
			h += r.title.H + lh(fSmallBold) + u.P(10)
		}
		place(h+pad-u.P(10), func(dst *ebiten.Image, rr rect) {
			u.Panel(dst, rr, colPanel)
			u.Text(dst, str.T(sProgressBestHeading), fSmallBold, rr.X+pad, rr.Y+pad, colTextDim)
			y := rr.Y + pad + lh(fSmallBold) + u.P(8)
			for _, r := range rows {
				u.DrawBlock(dst, r.title, rr.X+pad, y, colText, -1)
				y += r.title.H
				u.Text(dst, r.line, fSmallBold, rr.X+pad, y, r.c)
				y += lh(fSmallBold) + u.P(10)
			}
		})
	}
	p.scroll.setContent(y-gap, p.view.H)
}

// layoutChart adds "Your drift over time": one row per archetype, its
// share of the drift in each of the latest runs as a line on a fixed
// 0–100 % scale, the latest share at the right.
func (p *progressScene) layoutChart(place func(float64, func(*ebiten.Image, rect)), hist []progress.Run, w, pad float64) {
	u, str := p.ui, p.ui.Str
	series := progress.Series(hist, chartRuns)
	n := len(series[0])
	note := u.Wrap(driftNote(str, n), fSmall, w-2*pad)
	nameW := 0.0
	for _, a := range scoring.Archetypes {
		nameW = math.Max(nameW, u.TextW(str.Archetype(a), fSmallBold))
	}
	pctW := u.TextW("100%", fSmallBold)
	rowH := math.Max(u.P(50), u.LineH(fSmallBold)*2)
	h := pad + u.LineH(fSmallBold) + u.P(4) + note.H + u.P(12) + float64(scoring.NumArchetypes)*rowH + pad
	pct := make([]string, scoring.NumArchetypes)
	for k := range series {
		pct[k] = itoa(pctOf(series[k][n-1])) + "%"
	}
	place(h, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanel)
		u.Text(dst, str.T(sProgressDriftHeading), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		u.DrawBlock(dst, note, r.X+pad, r.Y+pad+u.LineH(fSmallBold)+u.P(4), colTextDim, -1)
		y := r.Y + pad + u.LineH(fSmallBold) + u.P(4) + note.H + u.P(12)
		x0 := r.X + pad + u.P(18) + nameW + u.P(14)
		x1 := r.right() - pad - pctW - u.P(12)
		for k, a := range scoring.Archetypes {
			c := archColors[k]
			mid := y + rowH/2
			u.Circle(dst, r.X+pad+u.P(6), mid, u.P(6), c)
			u.Text(dst, str.Archetype(a), fSmallBold, r.X+pad+u.P(18), mid-u.LineH(fSmallBold)/2, c)
			// The scale: 0 % at the bottom of the row, 100 % at its top.
			top, bot := y+u.P(8), y+rowH-u.P(8)
			u.FillRect(dst, rect{x0, bot, x1 - x0, math.Max(1, u.P(1))}, colPanelLine)
			u.FillRect(dst, rect{x0, top, x1 - x0, math.Max(1, u.P(1))}, withAlpha(colPanelLine, 0.5))
			at := func(i int) (float64, float64) {
				x := (x0 + x1) / 2
				if n > 1 {
					x = x0 + (x1-x0)*float64(i)/float64(n-1)
				}
				return x, bot - (bot-top)*series[k][i]
			}
			if n > 1 {
				p.path.Reset()
				for i := range n {
					px, py := at(i)
					if i == 0 {
						p.path.MoveTo(float32(px), float32(py))
					} else {
						p.path.LineTo(float32(px), float32(py))
					}
				}
				op := &vector.DrawPathOptions{AntiAlias: true}
				scaleColor(&op.ColorScale, withAlpha(c, 0.9))
				vector.StrokePath(dst, &p.path, &vector.StrokeOptions{Width: float32(u.P(2)), LineJoin: vector.LineJoinRound, LineCap: vector.LineCapRound}, op)
			}
			for i := range n {
				px, py := at(i)
				rad := u.P(2.5)
				if i == n-1 {
					rad = u.P(4.5)
				}
				u.Circle(dst, px, py, rad, c)
			}
			u.Text(dst, pct[k], fSmallBold, x1+u.P(12), mid-u.LineH(fSmallBold)/2, c)
			y += rowH
		}
	})
}

// driftNote says what the chart shows for n runs. The one-run form names
// no count ("in your last run"); n is never 0, so it is the form of n == 1
// in every UI language.
func driftNote(str *Strings, n int) string {
	if n == 1 {
		return str.T(sProgressDriftNoteOne)
	}
	return str.F(sProgressDriftNoteOther, n)
}

func (p *progressScene) Update(ctx *Context) error {
	p.layout()
	in := ctx.Input
	p.scroll.wheel(in, p.ui)
	switch {
	case in.Up:
		p.scroll.off = math.Max(0, p.scroll.off-p.ui.P(56))
	case in.Down:
		p.scroll.off = math.Min(p.scroll.max, p.scroll.off+p.ui.P(56))
	}
	if in.Back || in.Confirm || in.Progress || in.ClickIn(p.backB.r) {
		ctx.Scenes.GoTo(p.back())
	}
	return nil
}

func (p *progressScene) Draw(screen *ebiten.Image) {
	p.layout()
	u := p.ui
	u.Background(screen)
	u.DrawTopBar(screen, &p.bar, colTextDim)
	dst := p.clip.get(screen, p.view)
	for _, pc := range p.pieces {
		r := rect{p.view.X + pc.r.X, p.view.Y + pc.r.Y - p.scroll.off, pc.r.W, pc.r.H}
		if r.bottom() < p.view.Y || r.Y > p.view.bottom() {
			continue
		}
		pc.draw(dst, r)
	}
	u.DrawScrollbar(screen, p.view, &p.scroll)
	u.FillRect(screen, p.footer, withAlpha(colPanel, 0.92))
	u.FillRect(screen, rect{0, p.footer.Y, u.W, math.Max(1, u.P(1))}, colPanelLine)
	u.DrawKeyButton(screen, &p.backB, true)
}
