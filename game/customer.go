package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// customerPanel is the customer's card shared by the dialogue and the
// feedback screens: portrait, name, mood meter and an optional extra row
// (the countdown, or the mood change). On wide screens it is a column on
// the left; on narrow or tall ones a band across the top.
type customerPanel struct {
	name string
	// nameB is the name as the card shows it: wrapped to the card's
	// width on at most two lines, the second cut with "…" if need be.
	nameB  *Block
	face   *portrait
	meter  moodMeter
	dimmed bool

	side   rect
	portR  rect
	nameY  float64
	meterR rect
	extraR rect
	// view is the room left for the scene's scrolling column.
	view rect
}

func newCustomerPanel(str *Strings, sc *scenarios.Scenario) *customerPanel {
	name := sc.Customer.Name
	if name == "" {
		name = str.T(sDialogueCustomer)
	}
	return &customerPanel{name: name, face: newPortrait(sc.Customer)}
}

// layout places the panel below a top bar of height top, reserving extraH
// for the extra row, and computes the view left for the scene.
func (c *customerPanel) layout(u *UI, top, extraH float64) {
	m := u.P(28)
	top += u.P(20)
	pad := u.P(18)
	if extraH > 0 {
		extraH += u.P(12)
	}
	if u.W/u.S >= 860 && u.W >= u.H {
		sw := math.Max(u.P(210), math.Min(u.P(330), u.W*0.26))
		ps := math.Min(sw-2*pad, u.H*0.42)
		c.nameB = u.WrapAtMost(c.name, fBodyBold, sw-2*pad, 2)
		c.side = rect{m, top, sw, pad + ps + u.P(10) + c.nameB.H + u.P(12) + u.moodMeterH() + extraH + pad}
		c.portR = pixelSquare(m+(sw-ps)/2, top+pad, ps)
		c.nameY = c.portR.bottom() + u.P(10)
		c.meterR = rect{m + pad, c.nameY + c.nameB.H + u.P(12), sw - 2*pad, u.moodMeterH()}
		x := m + sw + u.P(24)
		c.view = rect{x, top, u.W - x - m + u.P(8), u.H - top - u.P(12)}
	} else {
		ps := u.P(112)
		c.portR = pixelSquare(m+pad, top+pad, ps)
		x := c.portR.right() + u.P(20)
		w := u.W - m - pad - x
		c.nameB = u.WrapAtMost(c.name, fBodyBold, w, 2)
		c.nameY = top + pad + u.P(4)
		c.meterR = rect{x, c.nameY + c.nameB.H + u.P(10), w, u.moodMeterH()}
		h := math.Max(ps, c.meterR.bottom()-top-pad+extraH) + 2*pad
		c.side = rect{m, top, u.W - 2*m, h}
		y := c.side.bottom() + u.P(16)
		c.view = rect{m, y, u.W - 2*m + u.P(8), u.H - y - u.P(12)}
	}
	c.extraR = rect{c.meterR.X, c.meterR.bottom() + u.P(12), c.meterR.W, math.Max(0, extraH-u.P(12))}
}

// pixelSquare is a square on whole pixels: the portrait image is drawn
// there, and the dimming disc over it must cover exactly the same pixels.
func pixelSquare(x, y, side float64) rect {
	return rect{math.Round(x), math.Round(y), math.Round(side), math.Round(side)}
}

func (c *customerPanel) Draw(dst *ebiten.Image, u *UI, mood float64) {
	u.Panel(dst, c.side, colPanel)
	c.face.Draw(dst, c.portR.X, c.portR.Y, c.portR.W, mood)
	if c.dimmed {
		// Someone else is talking: the customer steps back a little.
		u.FillRound(dst, c.portR, c.portR.W/2, withAlpha(colPanel, 0.45))
	}
	u.DrawBlock(dst, c.nameB, c.meterR.X, c.nameY, colText, -1)
	c.meter.Draw(dst, u, c.meterR, mood)
}

// easeMood moves a shown mood toward target, over about a third of a second.
func easeMood(shown, target float64) float64 {
	step := math.Max(0.6, math.Abs(target-shown)*0.12)
	if math.Abs(target-shown) <= step {
		return target
	}
	return shown + math.Copysign(step, target-shown)
}
