package game

import (
	"image/color"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// feedback is practice mode's coaching after each choice: what the player
// did (action and follow-up), which archetype it fed and how much, whether
// it fit the case, the coach's note, and what it did to the customer's mood.
type feedback struct {
	ui   *UI
	run  *play.Run
	step play.Step
	cust *customerPanel
	mood float64
	name string // the screenshot name, "feedback-" and the node id

	gen    int
	bar    topBar
	view   rect
	scroll scroller
	clip   clipper
	moodLb string
	moodC  color.RGBA
	rows   []fbRow
	chips  []chip
	chipXY [][2]float64
	cont   button
	height float64
	// pause is the pause panel (pause.go), opened with Esc, Backspace or
	// pauseB.
	pause  pauseMenu
	pauseB keyButton
}

// fbRow is one labelled piece of the feedback column: a small heading and
// a wrapped block, drawn in a panel when panel is set.
type fbRow struct {
	y      float64
	label  string
	labelC color.RGBA
	block  *Block
	panel  color.RGBA
	h      float64
}

func newFeedback(ctx *Context, run *play.Run, st play.Step) *feedback {
	f := &feedback{ui: ctx.UI, run: run, step: st, mood: float64(st.MoodFrom),
		cust: newCustomerPanel(ctx.UI.Str, run.Scenario()), name: "feedback-" + st.Node}
	return f
}

func (f *feedback) describe() screenInfo {
	return screenInfo{kind: screenFeedback, name: f.name, ready: f.mood == float64(f.step.MoodTo)}
}

// animating is true while the mood meter eases to the new mood.
func (f *feedback) animating() bool { return !f.pause.open && f.mood != float64(f.step.MoodTo) }

func (f *feedback) layout() {
	u := f.ui
	if f.gen == u.Gen && f.rows != nil {
		return
	}
	f.gen = u.Gen
	str := u.Str
	st := f.step
	f.bar = u.newTopBar(str.T(sFeedbackHeading), str.F(sDialogueStep, len(f.run.Steps())))
	f.pauseB = u.pauseButton(&f.bar, false)
	f.moodLb = str.F(sFeedbackMoodChange, st.MoodFrom, st.MoodTo)
	if d := st.MoodTo - st.MoodFrom; d != 0 {
		f.moodLb += " (" + signed(float64(d)) + ")"
	}
	f.moodC = colTextDim
	if st.MoodTo > st.MoodFrom {
		f.moodC = colGood
	} else if st.MoodTo < st.MoodFrom {
		f.moodC = colBad
	}
	f.cust.layout(u, f.bar.h, u.LineH(fBodyBold))
	f.view = f.cust.view
	f.view.W = min(f.view.W, u.readingW())
	w := f.view.W - u.P(8)
	pad := u.P(20)
	inner := w - 2*pad

	// Chips: the action and follow-up, the fit verdict, the archetypes fed.
	f.chips = f.chips[:0]
	f.chips = append(f.chips,
		u.newChip(str.T(sFeedbackAction)+": "+str.Action(st.Action), colPanelHi, colText),
		u.newChip(str.T(sFeedbackFollowUp)+": "+str.FollowUp(st.FollowUp), colPanelHi, colText))
	switch {
	case len(st.Fit) == 0:
		f.chips = append(f.chips, u.newChip(str.T(sFeedbackNoFit), colPanelHi, colTextDim))
	case st.Fits:
		f.chips = append(f.chips, u.newChip(str.T(sFeedbackFits), colGood, colAccentInk))
	default:
		fit := ""
		for i, a := range st.Fit {
			if i > 0 {
				fit += " / "
			}
			fit += str.Action(a)
		}
		f.chips = append(f.chips, u.newChip(str.F(sFeedbackNotFit, fit), colWarn, colAccentInk))
	}
	// On the step the customer walked out, what it fed is told in plain
	// chips: nothing here should look like a reward.
	fed := false
	for i, a := range scoring.Archetypes {
		if st.Weights[i] > 0 {
			fed = true
			bg, fg := archColors[i], colAccentInk
			if st.WalkedOut {
				bg, fg = colPanelHi, colText
			}
			f.chips = append(f.chips, u.newChip(str.T(sFeedbackFed)+": "+str.Archetype(a)+" "+signed(st.Weights[i]), bg, fg))
		}
	}
	if !fed {
		f.chips = append(f.chips, u.newChip(str.T(sFeedbackNoWeight), colPanelHi, colTextDim))
	}

	// Rows: your answer, the chips, the coach's note, a walk-out notice.
	f.rows = f.rows[:0]
	y := 0.0
	add := func(label string, lc color.RGBA, body string, panel color.RGBA, face FaceID) {
		b := u.Wrap(body, face, inner)
		h := pad + u.LineH(fSmallBold) + u.P(6) + b.H + pad
		f.rows = append(f.rows, fbRow{y: y, label: label, labelC: lc, block: b, panel: panel, h: h})
		y += h + u.P(14)
	}
	add(str.T(sFeedbackYourAnswer), colAccent, "“"+st.Text+"”", colPanelHi, fProse)
	var chipsH float64
	f.chipXY, chipsH = u.layoutChips(f.chips, pad, y, inner)
	y += chipsH + u.P(18)
	if st.Feedback != "" {
		add(str.T(sFeedbackCoach), colAccent, st.Feedback, colPanel, fProse)
	}
	if st.WalkedOut {
		add("", colBad, str.F(sFeedbackWalkedOut, f.cust.name), mix(colPanel, colBad, 0.35), fBodyBold)
	}
	f.cont = u.newButton(str.T(sFeedbackContinue), 0, y+u.P(4), true)
	f.height = f.cont.r.bottom() + u.P(12)
	f.scroll.setContent(f.height, f.view.H)
}

// signed formats a change with its sign: +10, -5, +0.5.
func signed(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if v > 0 {
		return "+" + s
	}
	return s
}

func (f *feedback) Update(ctx *Context) error {
	f.layout()
	in := ctx.Input
	if !f.pause.open && in.ClickIn(f.pauseB.r) {
		f.pause.show(ctx.UI.Str, false, false)
		return nil
	}
	if f.pause.update(ctx, f, f.run, false, false) {
		return nil
	}
	f.mood = easeMood(f.mood, float64(f.step.MoodTo))
	if ctx.ReduceMotion {
		f.mood = float64(f.step.MoodTo)
	}
	f.scroll.wheel(in, f.ui)
	cont := f.cont.r
	cont.X, cont.Y = f.view.X+cont.X, f.view.Y+cont.Y-f.scroll.off
	if in.Confirm || in.ClickIn(cont) {
		if f.run.Done() && f.run.WalkedOut() {
			ctx.Scenes.GoTo(newDebrief(ctx, f.run))
		} else {
			ctx.Scenes.GoTo(newDialogue(ctx, f.run, f.step.MoodTo))
		}
	}
	return nil
}

func (f *feedback) Draw(screen *ebiten.Image) {
	f.layout()
	u := f.ui
	u.Background(screen)
	u.DrawTopBar(screen, &f.bar, colTextDim)
	u.DrawKeyButton(screen, &f.pauseB, false)
	f.cust.Draw(screen, u, f.mood)
	u.Text(screen, f.moodLb, fBodyBold, f.cust.extraR.X, f.cust.extraR.Y, f.moodC)

	// The clip leaves room at the left for the button's focus ring.
	ring := u.focusRingW()
	dst := f.clip.get(screen, rect{f.view.X - ring, f.view.Y, f.view.W + ring, f.view.H})
	ox, oy := f.view.X, f.view.Y-f.scroll.off
	w := f.view.W - u.P(8)
	pad := u.P(20)
	for i := range f.rows {
		r := &f.rows[i]
		u.Panel(dst, rect{ox, oy + r.y, w, r.h}, r.panel)
		ty := oy + r.y + pad
		if r.label != "" {
			u.Text(dst, r.label, fSmallBold, ox+pad, ty, r.labelC)
			ty += u.LineH(fSmallBold) + u.P(6)
		} else {
			ty += (u.LineH(fSmallBold) + u.P(6)) / 2
		}
		u.DrawBlock(dst, r.block, ox+pad, ty, colText, -1)
	}
	for i := range f.chips {
		u.DrawChip(dst, &f.chips[i], ox+f.chipXY[i][0], oy+f.chipXY[i][1])
	}
	b := f.cont
	b.r.X, b.r.Y = ox+b.r.X, oy+b.r.Y
	u.DrawButton(dst, &b, true)
	u.DrawScrollbar(screen, f.view, &f.scroll)
	f.pause.draw(screen, u, nil)
}
