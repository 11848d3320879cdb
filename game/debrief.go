package game

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// debrief closes a run: how it ended, the archetype the player drifted
// toward (with what each archetype means), the drift map with the trail of
// every step, the path taken, and buttons to replay or pick another.
type debrief struct {
	ui       *UI
	run      *play.Run
	rep      play.Report
	recorded bool
	dmap     driftMap

	gen     int
	bar     topBar
	endC    color.RGBA
	view    rect
	scroll  scroller
	clip    clipper
	pieces  []piece
	buttons [2]button
	focus   int
	footer  rect
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
	d := &debrief{ui: ctx.UI, run: run, rep: rep}
	d.dmap.drift = rep.Drift
	d.dmap.winner = scoring.Index(rep.Archetype)
	for _, st := range rep.Steps {
		d.dmap.trail = append(d.dmap.trail, st.Drift)
	}
	return d
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
	d.buttons[0] = u.newButton(str.T(sDebriefReplay), m, 0, true)
	d.buttons[1] = u.newButton(str.T(sDebriefAnother), 0, 0, false)
	by := d.footer.Y + (fh-d.buttons[0].r.H)/2
	d.buttons[0].r.Y, d.buttons[1].r.Y = by, by
	d.buttons[1].r.X = u.W - m - d.buttons[1].r.W
	d.buttons[0].r.X = d.buttons[1].r.X - u.P(14) - d.buttons[0].r.W

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

	// How it ended.
	endText := ""
	if n := d.run.Node(); n != nil && !rep.WalkedOut {
		endText = n.Text
	}
	if rep.WalkedOut {
		endText = str.F(sFeedbackWalkedOut, newCustomerPanel(str, d.run.Scenario()).name)
	}
	endB := u.Wrap(endText, fBody, lw-2*pad)
	endChip := u.newChip(str.Ending(rep.Ending), d.endC, colAccentInk)
	moodLb := str.F(sDebriefFinalMood, rep.Mood)
	place(&left, 0, lw, pad+lh(fSmallBold)+u.P(8)+endChip.h+u.P(10)+endB.H+pad, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanel)
		u.Text(dst, str.T(sDebriefEnding), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		y := r.Y + pad + lh(fSmallBold) + u.P(8)
		u.DrawChip(dst, &endChip, r.X+pad, y)
		u.Text(dst, moodLb, fSmallBold, r.X+pad+endChip.w+u.P(12), y+u.P(3), moodColor(float64(rep.Mood)))
		u.DrawBlock(dst, endB, r.X+pad, y+endChip.h+u.P(10), colText, -1)
	})

	// The archetype reached.
	archC := colText
	if i := scoring.Index(rep.Archetype); i >= 0 {
		archC = archColors[i]
	}
	descB := u.Wrap(str.ArchetypeDesc(rep.Archetype), fBody, lw-2*pad)
	fitLb := ""
	if rep.Decisions > 0 {
		fitLb = str.F(sDebriefFitting, rep.Fitting, rep.Decisions)
	}
	ah := pad + lh(fSmallBold) + u.P(4) + lh(fH1) + u.P(4) + descB.H + pad
	if fitLb != "" {
		ah += lh(fSmallBold) + u.P(8)
	}
	place(&left, 0, lw, ah, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanelHi)
		u.Text(dst, str.T(sDebriefArchetype), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		y := r.Y + pad + lh(fSmallBold) + u.P(4)
		u.Text(dst, str.Archetype(rep.Archetype), fH1, r.X+pad, y, archC)
		y += lh(fH1) + u.P(4)
		u.DrawBlock(dst, descB, r.X+pad, y, colText, -1)
		if fitLb != "" {
			u.Text(dst, fitLb, fSmallBold, r.X+pad, y+descB.H+u.P(8), colTextDim)
		}
	})

	// The drift map and its trail: on the right on wide screens, where
	// the path taken goes on the left under the result.
	mapCol, mapX, mapW := &right, rx, rw
	if !wide {
		mapCol, mapX, mapW = &left, 0, lw
	}
	ms := math.Min(mapW-2*pad, math.Max(u.P(260), math.Min(u.P(380), d.view.H*0.62)))
	hintB := u.Wrap(str.T(sDebriefTrailHint), fSmall, mapW-2*pad)
	place(mapCol, mapX, mapW, pad+lh(fSmallBold)+ms+u.P(4)+hintB.H+pad, func(dst *ebiten.Image, r rect) {
		u.Panel(dst, r, colPanel)
		u.Text(dst, str.T(sDebriefDriftMap), fSmallBold, r.X+pad, r.Y+pad, colTextDim)
		d.dmap.Draw(dst, u, r.X+pad, r.Y+pad+lh(fSmallBold), r.W-2*pad, ms)
		u.DrawBlock(dst, hintB, r.X+pad, r.Y+pad+lh(fSmallBold)+ms+u.P(4), colTextDim, -1)
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
		r := row{num: itoa(i + 1), head: st.Node + " · " + str.Action(st.Action) + " + " + str.FollowUp(st.FollowUp)}
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
		ctx.Saves.Save() // an error is kept in Saves.Err and shown on the title
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
		u.DrawButton(screen, &d.buttons[i], i == d.focus)
	}
}
