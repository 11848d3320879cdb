package game

import (
	"image/color"
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/progress"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// debrief closes a run: how it ended, the archetype the player drifted
// toward (with what each archetype means), the drift map with the trail of
// every step, the path taken, and buttons to replay or pick another.
type debrief struct {
	ui       *UI
	run      *play.Run
	rep      play.Report
	verd     verdict
	recorded bool
	dmap     driftMap
	// lib and hist feed the next situation to practise: the saved
	// history with this run at its end.
	lib  *Library
	hist []progress.Run

	gen     int
	bar     topBar
	endC    color.RGBA
	view    rect
	scroll  scroller
	clip    clipper
	pieces  []piece
	buttons [2]keyButton
	focus   int
	footer  rect

	// The run's result for the player's team (team.go): its id in the
	// outbox, or why it was not queued; the line in the footer says
	// where it is and changes as it is sent.
	team      *teamSync
	teamRun   string
	teamNote  teamNote
	teamName  string
	teamGen   int
	teamLine  string
	teamC     color.RGBA
	teamB     *Block
	teamY     float64
	teamDirty bool
}

// piece is one element of a scrolling layout: its box relative to the
// content's top-left, and how to draw it at a box on screen. The closures
// are made at layout time; calling them allocates nothing.
type piece struct {
	r    rect
	draw func(dst *ebiten.Image, r rect)
}

func newDebrief(ctx *Context, run *play.Run) *debrief {
	rep := run.Report()
	d := &debrief{ui: ctx.UI, run: run, rep: rep, verd: newVerdict(rep.Weights, rep.Ending)}
	d.verd.walkedOut = rep.WalkedOut
	steps := make([]scoring.Weights, len(rep.Steps))
	for i, st := range rep.Steps {
		steps[i] = st.Weights
	}
	d.dmap = newDriftMap(rep.Weights, steps, rep.Ending == scoring.Lost)
	d.lib = ctx.Library
	d.team = ctx.Team
	d.hist = append(slices.Clone(ctx.Saves.Data.History), progress.RunOf(rep, run.Scenario().Situation, time.Time{}))
	return d
}

// verdictKind is what a drift says under the contract's rules (section 3).
type verdictKind int

const (
	verdictNone    verdictKind = iota // every weight is zero
	verdictClear                      // one archetype leads by at least scoring.ClearMargin
	verdictTie                        // several archetypes share the largest drift
	verdictUnclear                    // one leads, by less than scoring.ClearMargin
)

// verdict is a run's drift as the game shows it: the archetype only when
// the drift is clear, a tie as a tie naming every tied archetype, a lead
// too small to call as "no clear drift yet", and never a verdict to
// celebrate when the customer was lost.
type verdict struct {
	kind verdictKind
	lead string   // the archetype with the largest drift (the first on a tie)
	top  []string // the archetypes sharing the largest drift
	next []string // the archetypes sharing the second largest (unclear only)
	// leadPct and nextPct are the lead's and the runner-up's drift in
	// percent, rounded; points is the margin in percentage points,
	// rounded down so a lead just short of the rule never reads as enough.
	leadPct, nextPct, points int
	lost                     bool // the customer was lost: shown neutrally
	// walkedOut tells a walk-out (the mood fell to 0: "before Dana left")
	// from a lost ending the choices led to ("before you lost Dana").
	walkedOut bool
}

// clearPoints is scoring.ClearMargin in percentage points, as the rule is
// told to the player.
var clearPoints = int(math.Round(scoring.ClearMargin * 100))

func newVerdict(w scoring.Weights, ending string) verdict {
	v := verdict{lost: ending == scoring.Lost}
	if w.Sum() <= 0 {
		return v
	}
	d := scoring.Drift(w)
	v.top = scoring.Tied(w)
	v.lead = v.top[0]
	top := w[scoring.Index(v.lead)]
	v.leadPct = pctOf(d[scoring.Index(v.lead)])
	v.points = int(math.Floor(scoring.Margin(w)*100 + 1e-9))
	switch {
	case len(v.top) > 1:
		v.kind = verdictTie
	case scoring.Clear(w):
		v.kind = verdictClear
	default:
		v.kind = verdictUnclear
		second := 0.0
		for _, x := range w {
			if x < top && x > second {
				second = x
			}
		}
		for i, x := range w {
			if x == second {
				v.next = append(v.next, scoring.Archetypes[i])
			}
		}
		v.nextPct = pctOf(d[scoring.Index(v.next[0])])
	}
	return v
}

func pctOf(share float64) int { return int(math.Round(share * 100)) }

// label is the small heading over the drift: "You drifted toward" only
// above a clear archetype (or the plain "no clear drift" of a run without
// weight), "Your drift" otherwise.
func (v verdict) label(s *Strings) string {
	if !v.lost && (v.kind == verdictClear || v.kind == verdictNone) {
		return s.T(sDebriefArchetype)
	}
	return s.T(sDebriefYourDrift)
}

// headline is the verdict in a few words, as the debrief's large line and
// the library's "best so far" say it: the archetype only when the drift is
// clear. A lost run has no headline of its own: see body.
func (v verdict) headline(s *Strings) string {
	switch v.kind {
	case verdictClear:
		return s.Archetype(v.lead)
	case verdictTie:
		return s.F(sVerdictTie, s.ArchetypesInText(v.top))
	case verdictUnclear:
		return s.T(sVerdictUnclear)
	}
	return s.T(sArchNone)
}

// leaning is the line under an unclear headline ("Leaning toward Pivot"),
// "" otherwise.
func (v verdict) leaning(s *Strings) string {
	if v.kind != verdictUnclear || v.lost {
		return ""
	}
	return s.F(sVerdictLeaning, s.ArchetypeInText(v.lead))
}

// body explains the verdict: what the archetype means when it is clear;
// the shares and the rule for a tie or a lead too small to call; for a lost
// customer, the drift in a neutral sentence and why it is not a result:
// "before Dana left" after a walk-out, "before you lost Dana" when a
// choice led to a lost ending.
func (v verdict) body(s *Strings, customer string) string {
	rule := s.F(sVerdictRule, clearPoints)
	if v.lost {
		ids := [4]Str{sVerdictLostClear, sVerdictLostTie, sVerdictLostUnclear, sVerdictLostNone}
		if v.walkedOut {
			ids = [4]Str{sVerdictWalkoutClear, sVerdictWalkoutTie, sVerdictWalkoutUnclear, sVerdictWalkoutNone}
		}
		var t string
		switch v.kind {
		case verdictClear:
			t = s.F(ids[0], customer, s.ArchetypeInText(v.lead), v.leadPct)
		case verdictTie:
			t = s.F(ids[1], customer, s.ArchetypesInText(v.top))
		case verdictUnclear:
			t = s.F(ids[2], customer, s.ArchetypeInText(v.lead))
		default:
			t = s.F(ids[3], customer)
		}
		return t + " " + s.T(sVerdictLostNote)
	}
	switch v.kind {
	case verdictClear:
		return s.ArchetypeDesc(v.lead)
	case verdictTie:
		return s.F(sVerdictTieBody, v.leadPct) + " " + rule
	case verdictUnclear:
		return s.Nf(sVerdictUnclearBodyOne, sVerdictUnclearBodyOther, v.points,
			s.ArchetypeInText(v.lead), s.ArchetypesInText(v.next), v.points, v.leadPct, v.nextPct) + " " + rule
	}
	return s.ArchetypeDesc("")
}

// mapStatus is the drift map's line over the pentagon: the same verdict
// as the headline ("Clear drift: Pivot", a tie, "No clear drift yet"), or,
// for a lost customer, that the drift is no result.
func (v verdict) mapStatus(s *Strings) string {
	switch {
	case v.lost:
		return s.T(sDebriefMapLost)
	case v.kind == verdictClear:
		return s.F(sDebriefMapClear, s.Archetype(v.lead))
	}
	return v.headline(s)
}

func (d *debrief) describe() screenInfo {
	return screenInfo{kind: screenDebrief, name: "debrief", ready: true}
}

var endingColors = map[string]color.RGBA{scoring.Resolved: colGood, scoring.Unresolved: colWarn, scoring.Lost: colBad}

func (d *debrief) layout() {
	u := d.ui
	if d.gen == u.Gen && d.pieces != nil {
		return
	}
	d.gen = u.Gen
	str := u.Str
	rep := d.rep
	d.bar = u.newTopBar(str.T(sDebriefHeading)+" · "+rep.Title, str.Ending(rep.Ending))
	d.endC = endingColors[rep.Ending]
	m := u.P(28)

	// Footer with the two buttons, always visible.
	fh := u.LineH(fBodyBold) + u.P(18) + u.P(32)
	d.footer = rect{0, u.H - fh, u.W, fh}
	// Esc and Backspace take "Another scenario": its key cap says so.
	d.buttons[0] = u.newKeyButton(str.T(sDebriefReplay), "", fBodyBold, m, 0, 0)
	d.buttons[0].primary = true
	d.buttons[1] = u.newKeyButton(str.T(sDebriefAnother), "Esc", fBodyBold, 0, 0, 0)
	d.buttons[1].r.X = u.W - m - d.buttons[1].r.W
	d.buttons[0].r.X = d.buttons[1].r.X - u.P(14) - d.buttons[0].r.W
	// The team's line sits at the footer's left, beside the buttons, or
	// over them when the window is too narrow for both.
	d.teamB, d.teamY = nil, 0
	by := d.footer.Y + (fh-d.buttons[0].r.H)/2
	if d.teamLine, d.teamC = d.teamText(); d.teamLine != "" {
		if avail := d.buttons[0].r.X - m - u.P(32); avail >= u.P(180) {
			d.teamB = u.Wrap(d.teamLine, fSmallBold, avail)
			fh = math.Max(fh, d.teamB.H+u.P(24))
			d.footer = rect{0, u.H - fh, u.W, fh}
			by = d.footer.Y + (fh-d.buttons[0].r.H)/2
			d.teamY = d.footer.Y + (fh-d.teamB.H)/2
		} else {
			d.teamB = u.Wrap(d.teamLine, fSmallBold, u.W-2*m-u.P(16))
			fh += d.teamB.H + u.P(4)
			d.footer = rect{0, u.H - fh, u.W, fh}
			d.teamY = d.footer.Y + u.P(12)
			by = d.teamY + d.teamB.H + u.P(4) + (fh-d.teamB.H-u.P(16)-d.buttons[0].r.H)/2
		}
	}
	d.buttons[0].r.Y, d.buttons[1].r.Y = by, by

	top := d.bar.h + u.P(20)
	d.view = rect{m, top, u.W - 2*m + u.P(8), d.footer.Y - top - u.P(8)}
	w := d.view.W - u.P(8)
	gap := u.P(18)
	d.pieces = d.pieces[:0]
	wide := u.W/u.S >= 860 && u.W >= u.H*1.1
	var left, right float64 // column heights
	lw, rx := w, 0.0
	if wide {
		lw = math.Floor((w - gap) * 0.5)
		rx = lw + gap
	}
	rw := w - rx
	place := func(col *float64, x, cw float64, h float64, draw func(*ebiten.Image, rect)) {
		d.pieces = append(d.pieces, piece{rect{x, *col, cw, h}, draw})
		*col += h + gap
	}
	pad := u.P(20)
	lh := func(f FaceID) float64 { return u.LineH(f) }

	// How it ended: for a lost customer the headline is them leaving,
	// in the words of the walk-out scene's title when the file has one.
	custName := newCustomerPanel(str, d.run.Scenario()).name
	endHead, endText := endingLines(str, d.run.Node(), rep, custName)
	var headB *Block
	headH := 0.0
	if endHead != "" {
		headB = u.Wrap(endHead, fH2, lw-2*pad)
		headH = headB.H + u.P(6)
	}
	endB := u.Wrap(endText, fBody, lw-2*pad)
	endChip := u.newChip(str.Ending(rep.Ending), d.endC, colAccentInk)
	moodLb := str.F(sDebriefFinalMood, rep.Mood)
	place(&left, 0, lw, pad+lh(fSmallBold)+u.P(8)+endChip.h+u.P(10)+headH+endB.H+pad, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanel)
		u.Text(dst, str.T(sDebriefEnding), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		y := r.Y + pad + lh(fSmallBold) + u.P(8)
		u.DrawChip(dst, &endChip, r.X+pad, y)
		u.Text(dst, moodLb, fSmallBold, r.X+pad+endChip.w+u.P(12), y+u.P(3), moodColor(float64(rep.Mood)))
		y += endChip.h + u.P(10)
		if headB != nil {
			u.DrawBlock(dst, headB, r.X+pad, y, d.endC, -1)
			y += headH
		}
		u.DrawBlock(dst, endB, r.X+pad, y, colText, -1)
	})

	// The drift: the archetype in large type only when it is clear and the
	// customer stayed; a tie or a lead too small to call says so; a lost
	// customer's drift is told in a plain sentence on a plain panel.
	v := d.verd
	fitLb := ""
	if rep.Decisions > 0 {
		fitLb = fittingLine(str, rep.Fitting, rep.Decisions)
	}
	label := v.label(str)
	var archB, leanB *Block
	archC, panelC := colText, colPanelHi
	if v.lost {
		panelC = colPanel
	} else {
		archB = u.Wrap(v.headline(str), fH1, lw-2*pad)
		if v.kind == verdictClear {
			archC = archColors[scoring.Index(v.lead)]
		}
		if lean := v.leaning(str); lean != "" {
			leanB = u.Wrap(lean, fBodyBold, lw-2*pad)
		}
	}
	leanC := colTextDim
	if i := scoring.Index(v.lead); i >= 0 {
		leanC = mix(archColors[i], colTextDim, 0.35)
	}
	descB := u.Wrap(v.body(str, custName), fBody, lw-2*pad)
	ah := pad + lh(fSmallBold) + u.P(4) + descB.H + pad
	if archB != nil {
		ah += archB.H + u.P(4)
	}
	if leanB != nil {
		ah += leanB.H + u.P(6)
	}
	if fitLb != "" {
		ah += lh(fSmallBold) + u.P(8)
	}
	place(&left, 0, lw, ah, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, panelC)
		u.Text(dst, label, fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		y := r.Y + pad + lh(fSmallBold) + u.P(4)
		if archB != nil {
			u.DrawBlock(dst, archB, r.X+pad, y, archC, -1)
			y += archB.H + u.P(4)
		}
		if leanB != nil {
			u.DrawBlock(dst, leanB, r.X+pad, y, leanC, -1)
			y += leanB.H + u.P(6)
		}
		u.DrawBlock(dst, descB, r.X+pad, y, colText, -1)
		if fitLb != "" {
			u.Text(dst, fitLb, fSmallBold, r.X+pad, y+descB.H+u.P(8), colTextDim)
		}
	})

	// The next situation to practise, from the history with this run.
	if reco := recommendation(str, d.lib, d.hist); reco != "" {
		recoB := u.Wrap(reco, fBody, lw-2*pad)
		place(&left, 0, lw, pad+lh(fSmallBold)+u.P(6)+recoB.H+pad, func(dst *ebiten.Image, r rect) {
			u.Panel(dst, r, colPanel)
			u.Text(dst, str.T(sProgressNextHeading), fSmallBold, r.X+pad, r.Y+pad, colAccent)
			u.DrawBlock(dst, recoB, r.X+pad, r.Y+pad+lh(fSmallBold)+u.P(6), colText, -1)
		})
	}

	// The drift map: what the drift says in a line (the same verdict as
	// the headline, never a celebration after a lost customer), the
	// pentagon on its fixed scale, how the player moved step by step, and
	// a caption that says what the shape and the steps are. On the right
	// on wide screens, where the path taken goes on the left.
	mapCol, mapX, mapW := &right, rx, rw
	if !wide {
		mapCol, mapX, mapW = &left, 0, lw
	}
	ms := math.Min(mapW-2*pad, math.Max(u.P(260), math.Min(u.P(380), d.view.H*0.62)))
	statusB := u.Wrap(v.mapStatus(str), fSmallBold, mapW-2*pad)
	statusC := colTextDim
	if d.dmap.m.Colour >= 0 {
		statusC = archColors[d.dmap.m.Colour]
	} else if v.lost {
		statusC = colBad
	}
	strip := d.dmap.layoutStrip(u, mapW-2*pad)
	hintB := u.Wrap(str.T(sDebriefTrailHint), fSmall, mapW-2*pad)
	movedH := 0.0
	if len(strip.items) > 0 {
		movedH = u.P(10) + lh(fSmallBold) + u.P(8) + strip.h
	}
	head := pad + lh(fSmallBold) + u.P(2) + statusB.H
	place(mapCol, mapX, mapW, head+ms+movedH+u.P(10)+hintB.H+pad, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanel)
		u.Text(dst, str.T(sDebriefDriftMap), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		u.DrawBlock(dst, statusB, r.X+pad, r.Y+pad+lh(fSmallBold)+u.P(2), statusC, -1)
		y := r.Y + head
		d.dmap.Draw(dst, u, r.X+pad, y, r.W-2*pad, ms)
		y += ms
		if movedH > 0 {
			y += u.P(10)
			u.Text(dst, str.T(sDebriefMoved), fSmallBold, r.X+pad, y, colTextDim)
			y += lh(fSmallBold) + u.P(8)
			strip.Draw(dst, u, r.X+pad, y)
			y += strip.h
		}
		u.DrawBlock(dst, hintB, r.X+pad, y+u.P(10), colTextDim, -1)
	})

	// The path taken.
	d.layoutPath(place, &left, 0, lw, pad)
	legendCol := mapCol

	// What each archetype means.
	type entry struct {
		name string
		b    *Block
	}
	var ents []entry
	eh := pad + lh(fSmallBold) + u.P(6)
	for _, a := range scoring.Archetypes {
		b := u.Wrap(str.ArchetypeDesc(a), fSmall, mapW-2*pad-u.P(22))
		ents = append(ents, entry{str.Archetype(a), b})
		eh += lh(fSmallBold) + b.H + u.P(10)
	}
	place(legendCol, mapX, mapW, eh+pad-u.P(10), func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanel)
		u.Text(dst, str.T(sDebriefArchetypes), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		y := r.Y + pad + lh(fSmallBold) + u.P(6)
		for k, e := range ents {
			u.Circle(dst, r.X+pad+u.P(7), y+lh(fSmallBold)/2, u.P(6), archColors[k])
			u.Text(dst, e.name, fSmallBold, r.X+pad+u.P(22), y, archColors[k])
			y += lh(fSmallBold)
			u.DrawBlock(dst, e.b, r.X+pad+u.P(22), y, colTextDim, -1)
			y += e.b.H + u.P(10)
		}
	})
	d.scroll.setContent(math.Max(left, right)-gap, d.view.H)
}

// fittingLine counts the decisions that fit the case, agreeing the verb
// with the first count and the noun with the second where the language
// does: "1 de 3 decisões combinou com o caso".
func fittingLine(s *Strings, fitting, decisions int) string {
	return s.N2(plural2{sDebriefFittingOneOne, sDebriefFittingOneOther, sDebriefFittingOtherOne, sDebriefFittingOtherOther}, fitting, decisions)
}

// endingLines returns the headline and the text of how a run ended. The
// headline is the ending node's title when the file gives one; a lost
// customer without one gets "Dana walked away" after a walk-out, "Dana is
// no longer a customer" after a lost ending a choice led to. The text is
// the ending node's (the walk-out scene's, when the scenario names one),
// or the plain walk-out notice when the customer left at a node that is
// no ending.
func endingLines(str *Strings, n *scenarios.Node, rep play.Report, customer string) (head, text string) {
	ending := n != nil && n.Ending != ""
	if ending {
		head, text = n.Title, n.Text
	}
	if rep.WalkedOut && !ending {
		text = str.F(sFeedbackWalkedOut, customer)
	}
	if head == "" && rep.Ending == scoring.Lost {
		if rep.WalkedOut {
			head = str.F(sDebriefWalkoutHead, customer)
		} else {
			head = str.F(sDebriefLostHead, customer)
		}
	}
	return head, text
}

// stepLabel names a step's node in the path: its title when the file
// gives one, its id otherwise.
func stepLabel(st play.Step) string {
	if st.Title != "" {
		return st.Title
	}
	return st.Node
}

// layoutPath adds the list of steps: each with its node, action and
// follow-up, whether it fit and what it did to the mood.
func (d *debrief) layoutPath(place func(*float64, float64, float64, float64, func(*ebiten.Image, rect)), col *float64, x, w, pad float64) {
	u, str := d.ui, d.ui.Str
	type row struct {
		num   string
		head  string
		verd  string
		verdC color.RGBA
		mood  string
		moodC color.RGBA
		b     *Block
	}
	var rows []row
	h := pad + u.LineH(fSmallBold) + u.P(8)
	for i, st := range d.rep.Steps {
		r := row{num: itoa(i + 1), head: stepLabel(st) + " · " + str.Action(st.Action) + " + " + str.FollowUp(st.FollowUp)}
		switch {
		case len(st.Fit) == 0:
			r.verd, r.verdC = str.T(sDebriefNoFit), colTextDim
		case st.Fits:
			r.verd, r.verdC = str.T(sDebriefFits), colGood
		default:
			r.verd, r.verdC = str.T(sDebriefNotFit), colWarn
		}
		r.mood, r.moodC = str.T(sDialogueMood)+" "+signed(float64(st.MoodTo-st.MoodFrom)), colTextDim
		if st.MoodTo > st.MoodFrom {
			r.moodC = colGood
		} else if st.MoodTo < st.MoodFrom {
			r.moodC = colBad
		}
		r.verd += " · " + r.mood
		r.b = u.Wrap(st.Text, fSmall, w-2*pad-u.P(36))
		rows = append(rows, r)
		h += u.LineH(fSmallBold)*2 + r.b.H + u.P(12)
	}
	place(col, x, w, h+pad-u.P(12), func(dst *ebiten.Image, rr rect) {
		u.Panel(dst, rr, colPanel)
		u.Text(dst, str.T(sDebriefPath), fSmallBold, rr.X+pad, rr.Y+pad, colTextDim)
		y := rr.Y + pad + u.LineH(fSmallBold) + u.P(8)
		tx := rr.X + pad + u.P(36)
		for _, r := range rows {
			u.Circle(dst, rr.X+pad+u.P(12), y+u.LineH(fSmallBold)/2, u.P(12), r.verdC)
			nw := u.LabelW(r.num, fSmallBold)
			u.Text(dst, r.num, fSmallBold, rr.X+pad+u.P(12)-nw/2, y, colAccentInk)
			u.Text(dst, r.head, fSmallBold, tx, y, colText)
			y += u.LineH(fSmallBold)
			u.Text(dst, r.verd, fSmall, tx, y, r.verdC)
			y += u.LineH(fSmallBold)
			u.DrawBlock(dst, r.b, tx, y, colTextDim, -1)
			y += r.b.H + u.P(12)
		}
	})
}

func (d *debrief) Update(ctx *Context) error {
	d.layout()
	if !d.recorded {
		d.recorded = true
		ctx.Saves.Data.Record(d.rep)
		recordHistory(ctx, d.rep, d.run.Scenario().Situation)
		if m := ctx.Saves.Data.Team; m != nil {
			d.teamName = m.Team
		}
		d.teamRun, d.teamNote = teamQueueRun(ctx, d.run)
		ctx.Saves.Save() // an error is kept in Saves.Err and shown on the title
	}
	if d.team != nil && d.team.gen != d.teamGen {
		d.teamGen = d.team.gen
		if t, _ := d.teamText(); t != d.teamLine {
			d.pieces, d.teamDirty = nil, true
			d.layout()
		}
	}
	in := ctx.Input
	d.scroll.wheel(in, d.ui)
	switch {
	case in.Left || in.Up:
		d.focus = 0
	case in.Right || in.Down:
		d.focus = 1
	}
	for i := range d.buttons {
		if in.MovedIn(d.buttons[i].r) {
			d.focus = i
		}
		if in.ClickIn(d.buttons[i].r) {
			return d.activate(ctx, i)
		}
	}
	if in.Confirm {
		return d.activate(ctx, d.focus)
	}
	if in.Back {
		return d.activate(ctx, 1)
	}
	return nil
}

func (d *debrief) activate(ctx *Context, i int) error {
	sc := d.run.Scenario()
	if i == 0 {
		run := play.New(sc)
		ctx.Run = run
		ctx.Scenes.GoTo(newDialogue(ctx, run, run.Mood()))
		return nil
	}
	ctx.Scenes.GoTo(newTitle(ctx, sc))
	return nil
}

func (d *debrief) Draw(screen *ebiten.Image) {
	d.layout()
	u := d.ui
	u.Background(screen)
	u.DrawTopBar(screen, &d.bar, d.endC)
	dst := d.clip.get(screen, d.view)
	for _, p := range d.pieces {
		r := rect{d.view.X + p.r.X, d.view.Y + p.r.Y - d.scroll.off, p.r.W, p.r.H}
		if r.bottom() < d.view.Y || r.Y > d.view.bottom() {
			continue
		}
		p.draw(dst, r)
	}
	u.DrawScrollbar(screen, d.view, &d.scroll)
	u.FillRect(screen, d.footer, withAlpha(colPanel, 0.92))
	u.FillRect(screen, rect{0, d.footer.Y, u.W, math.Max(1, u.P(1))}, colPanelLine)
	for i := range d.buttons {
		u.DrawKeyButton(screen, &d.buttons[i], i == d.focus)
	}
	if d.teamB != nil {
		m := u.P(28)
		u.Circle(screen, m+u.P(5), d.teamY+u.LineH(fSmallBold)/2, u.P(5), d.teamC)
		u.DrawBlock(screen, d.teamB, m+u.P(16), d.teamY, d.teamC, -1)
	}
	d.teamDirty = false
}

// teamText is the team's line and its colour: green once sent, red when
// refused, dim while on its way or waiting.
func (d *debrief) teamText() (string, color.RGBA) {
	text, sent, refused := teamLine(d.ui.Str, d.team, d.teamRun, d.teamNote, d.teamName)
	switch {
	case sent:
		return text, colGood
	case refused:
		return text, colBad
	}
	return text, colTextDim
}

// animating is true once after the team's line changed, to draw it.
func (d *debrief) animating() bool { return d.teamDirty }
