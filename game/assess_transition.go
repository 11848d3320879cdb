package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// transitionFrames is how long the screen between scenarios stays before
// the next one starts on its own (Enter starts it at once).
const transitionFrames = 150

// assessTransition is the short, neutral screen before each scenario of
// an assessment: which scenario of how many, and its title. It says
// nothing about how the last one went.
type assessTransition struct {
	ui      *UI
	s       *assessSession
	index   int
	frames  int
	started bool
	name    string // the screenshot name, "transition-" and the number

	gen    int
	card   rect
	kicker string
	titleB *Block
	noteB  *Block
	hintB  *Block
}

func newAssessTransition(ctx *Context) *assessTransition {
	i, _ := ctx.Assess.a.Index()
	return &assessTransition{ui: ctx.UI, s: ctx.Assess, index: i, name: "transition-" + itoa(i+1)}
}

func (t *assessTransition) describe() screenInfo {
	return screenInfo{kind: screenTransition, name: t.name, ready: true}
}

// animating is true while the bar fills toward the next scenario's start.
func (t *assessTransition) animating() bool { return !t.started && t.frames <= transitionFrames }

func (t *assessTransition) layout() {
	u := t.ui
	if t.gen == u.Gen && t.titleB != nil {
		return
	}
	t.gen = u.Gen
	str := u.Str
	w := math.Min(u.W-2*u.P(28), u.P(680))
	pad := u.P(32)
	t.kicker = str.F(sAssessScenarioOf, t.index+1, len(t.s.list))
	t.titleB = u.Wrap(t.s.list[t.index].Title, fH1, w-2*pad)
	note := ""
	if t.index > 0 {
		note = str.T(sAssessRecorded)
	}
	t.noteB = u.Wrap(note, fBody, w-2*pad)
	t.hintB = u.Wrap(str.T(sAssessStartHint), fSmall, w-2*pad)
	h := pad + u.LineH(fSmallBold) + u.P(8) + t.titleB.H + u.P(14) + u.P(6) + u.P(16) + t.hintB.H + pad
	if note != "" {
		h += t.noteB.H + u.P(10)
	}
	t.card = rect{(u.W - w) / 2, (u.H - h) / 2, w, h}
}

func (t *assessTransition) Update(ctx *Context) error {
	t.layout()
	t.frames++
	in := ctx.Input
	if !t.started && (t.frames >= transitionFrames || in.Confirm || in.Click) {
		t.started = true
		ctx.Run = t.s.a.Run()
		ctx.Scenes.GoTo(newAssessDialogue(ctx, ctx.Run.Mood()))
	}
	return nil
}

func (t *assessTransition) Draw(screen *ebiten.Image) {
	t.layout()
	u := t.ui
	u.Background(screen)
	u.Panel(screen, t.card, colPanel)
	pad := u.P(32)
	x, y := t.card.X+pad, t.card.Y+pad
	if t.noteB.Lines() > 0 && t.index > 0 {
		u.DrawBlock(screen, t.noteB, x, y, colTextDim, -1)
		y += t.noteB.H + u.P(10)
	}
	u.Text(screen, t.kicker, fSmallBold, x, y, colAccent)
	y += u.LineH(fSmallBold) + u.P(8)
	u.DrawBlock(screen, t.titleB, x, y, colText, -1)
	y += t.titleB.H + u.P(14)
	bw := t.card.W - 2*pad
	u.FillRound(screen, rect{x, y, bw, u.P(6)}, u.P(3), colPanelHi)
	p := math.Min(1, math.Max(0, float64(t.frames)/transitionFrames))
	u.FillRound(screen, rect{x, y, bw * p, u.P(6)}, u.P(3), colAccent)
	y += u.P(6) + u.P(16)
	u.DrawBlock(screen, t.hintB, x, y, colTextDim, -1)
}
