package game

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// statusView is the centred card of the assessment's waiting and closing
// screens: a heading, a message, a spinner while busy and an optional
// button (try again, close).
type statusView struct {
	ui      *UI
	heading string
	body    string
	ink     color.RGBA // the heading's colour
	busy    bool
	label   string // the button's label, "" for none
	frames  int

	gen   int
	card  rect
	headB *Block
	bodyB *Block
	btn   button
}

// set changes what the card says and relayouts it.
func (v *statusView) set(heading, body string, ink color.RGBA, busy bool, label string) {
	v.heading, v.body, v.ink, v.busy, v.label = heading, body, ink, busy, label
	v.gen = -1
}

func (v *statusView) layout() {
	u := v.ui
	if v.gen == u.Gen && v.headB != nil {
		return
	}
	v.gen = u.Gen
	w := math.Min(u.W-2*u.P(28), u.P(680))
	pad := u.P(32)
	v.headB = u.Wrap(v.heading, fH2, w-2*pad)
	v.bodyB = u.Wrap(v.body, fBody, w-2*pad)
	h := pad + v.headB.H
	if v.body != "" {
		h += u.P(12) + v.bodyB.H
	}
	if v.busy {
		h += u.P(20) + u.P(14)
	}
	if v.label != "" {
		v.btn = u.newButton(v.label, 0, 0, true)
		h += u.P(24) + v.btn.r.H
	}
	h += pad
	v.card = rect{(u.W - w) / 2, math.Max(u.P(20), (u.H-h)/2), w, h}
	v.btn.r.X = v.card.X + pad
	v.btn.r.Y = v.card.bottom() - pad - v.btn.r.H
}

// clicked reports whether the player pressed the button.
func (v *statusView) clicked(in Intents) bool {
	v.layout()
	return v.label != "" && (in.Confirm || in.ClickIn(v.btn.r))
}

func (v *statusView) Draw(screen *ebiten.Image) {
	v.layout()
	v.frames++
	u := v.ui
	u.Background(screen)
	u.Panel(screen, v.card, colPanel)
	pad := u.P(32)
	x, y := v.card.X+pad, v.card.Y+pad
	u.DrawBlock(screen, v.headB, x, y, v.ink, -1)
	y += v.headB.H
	if v.body != "" {
		y += u.P(12)
		u.DrawBlock(screen, v.bodyB, x, y, colText, -1)
		y += v.bodyB.H
	}
	if v.busy {
		// Three dots pulsing in turn: the game is alive while it waits.
		y += u.P(20)
		for i := 0; i < 3; i++ {
			a := 0.35 + 0.65*math.Max(0, math.Sin(float64(v.frames)/9-float64(i)*0.9))
			u.Circle(screen, x+u.P(7)+float64(i)*u.P(22), y+u.P(7), u.P(6), withAlpha(colAccent, a))
		}
	}
	if v.label != "" {
		u.DrawButton(screen, &v.btn, true)
	}
}
