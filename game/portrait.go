package game

import (
	"hash/fnv"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// portrait draws the customer procedurally, with vector shapes, and caches
// the result: it is re-rendered only when its size or the mood it shows
// changes, so a steady frame just copies one image.
type portrait struct {
	look   looks
	img    *ebiten.Image
	size   int
	mood   float64
	path   vector.Path
	drawOp ebiten.DrawImageOptions
}

// looks are the features that stay the same for one customer.
type looks struct {
	skin, hair, shirt color.RGBA
	longHair          bool
}

var (
	skins  = []color.RGBA{{0xf1, 0xc9, 0xa5, 0xff}, {0xe0, 0xac, 0x7e, 0xff}, {0xc6, 0x8b, 0x59, 0xff}, {0x8d, 0x5a, 0x3b, 0xff}, {0xf6, 0xd7, 0xbd, 0xff}}
	hairs  = []color.RGBA{{0x3b, 0x27, 0x1d, 0xff}, {0x1f, 0x1a, 0x17, 0xff}, {0x8a, 0x5a, 0x2b, 0xff}, {0xb8, 0x8a, 0x4e, 0xff}, {0x6b, 0x6f, 0x76, 0xff}}
	shirts = []color.RGBA{{0x3f, 0x7f, 0x8c, 0xff}, {0x8c, 0x4a, 0x5a, 0xff}, {0x5a, 0x6e, 0xb0, 0xff}, {0x6b, 0x8f, 0x5a, 0xff}, {0xb0, 0x7a, 0x3a, 0xff}}
)

// looksFor derives a stable appearance from the customer's name, so the
// same customer always looks the same and different ones differ.
func looksFor(name string) looks {
	h := fnv.New32a()
	h.Write([]byte(name))
	v := h.Sum32()
	return looks{
		skin:     skins[v%uint32(len(skins))],
		hair:     hairs[(v/7)%uint32(len(hairs))],
		shirt:    shirts[(v/49)%uint32(len(shirts))],
		longHair: (v/343)%2 == 0,
	}
}

func newPortrait(name string) *portrait { return &portrait{look: looksFor(name), mood: -1} }

// Draw draws the portrait for mood (0..100, fractional while animating)
// in a square of side size with its top-left at (x, y).
func (p *portrait) Draw(dst *ebiten.Image, x, y, size, mood float64) {
	n := int(math.Round(size))
	if n < 8 {
		return
	}
	mood = math.Round(mood*4) / 4 // re-render on visible changes only
	if p.img == nil || p.size != n {
		if p.img != nil {
			p.img.Deallocate()
		}
		p.img = ebiten.NewImage(n, n)
		p.size, p.mood = n, -1
	}
	if p.mood != mood {
		p.render(mood)
		p.mood = mood
	}
	p.drawOp.GeoM.Reset()
	p.drawOp.GeoM.Translate(math.Round(x), math.Round(y))
	dst.DrawImage(p.img, &p.drawOp)
}

// render paints the face on a 100x100 grid scaled to the image. Mood
// drives every feature: e runs from -1 (furious) to +1 (delighted).
func (p *portrait) render(mood float64) {
	img := p.img
	img.Clear()
	k := float32(p.size) / 100
	e := float32((mood - 50) / 50)
	anger := max(0, -e)
	joy := max(0, e)
	lk := p.look

	fill := func(c color.RGBA) {
		op := &vector.DrawPathOptions{AntiAlias: true}
		scaleColor(&op.ColorScale, c)
		vector.FillPath(img, &p.path, nil, op)
		p.path.Reset()
	}
	stroke := func(c color.RGBA, w float32) {
		op := &vector.DrawPathOptions{AntiAlias: true}
		scaleColor(&op.ColorScale, c)
		vector.StrokePath(img, &p.path, &vector.StrokeOptions{Width: w * k, LineCap: vector.LineCapRound, LineJoin: vector.LineJoinRound}, op)
		p.path.Reset()
	}
	ellipse := func(cx, cy, rx, ry float32) {
		const kappa = 0.5523
		cx, cy, rx, ry = cx*k, cy*k, rx*k, ry*k
		p.path.MoveTo(cx+rx, cy)
		p.path.CubicTo(cx+rx, cy+ry*kappa, cx+rx*kappa, cy+ry, cx, cy+ry)
		p.path.CubicTo(cx-rx*kappa, cy+ry, cx-rx, cy+ry*kappa, cx-rx, cy)
		p.path.CubicTo(cx-rx, cy-ry*kappa, cx-rx*kappa, cy-ry, cx, cy-ry)
		p.path.CubicTo(cx+rx*kappa, cy-ry, cx+rx, cy-ry*kappa, cx+rx, cy)
		p.path.Close()
	}
	mv := func(x, y float32) { p.path.MoveTo(x*k, y*k) }
	ln := func(x, y float32) { p.path.LineTo(x*k, y*k) }
	qd := func(cx, cy, x, y float32) { p.path.QuadTo(cx*k, cy*k, x*k, y*k) }

	// Backdrop: a disc tinted by the mood, so the mood reads at a glance.
	ellipse(50, 50, 49, 49)
	fill(mix(colPanelHi, moodColor(mood), 0.45))

	shadowSkin := mix(lk.skin, color.RGBA{0x40, 0x20, 0x10, 0xff}, 0.25)
	if lk.longHair {
		mv(24, 44)
		qd(22, 80, 30, 84)
		ln(70, 84)
		qd(78, 80, 76, 44)
		p.path.Close()
		fill(lk.hair)
	}
	// Shoulders and neck.
	mv(10, 101)
	qd(12, 76, 50, 74)
	qd(88, 76, 90, 101)
	p.path.Close()
	fill(lk.shirt)
	mv(43, 62)
	ln(57, 62)
	ln(57, 77)
	qd(50, 81, 43, 77)
	p.path.Close()
	fill(shadowSkin)
	// Ears, head.
	ellipse(27, 48, 3.6, 5.5)
	fill(shadowSkin)
	ellipse(73, 48, 3.6, 5.5)
	fill(shadowSkin)
	ellipse(50, 45, 23, 27)
	fill(lk.skin)
	// An angry flush over the face.
	if anger > 0.3 {
		ellipse(50, 47, 22, 25)
		fill(withAlpha(color.RGBA{0xe0, 0x40, 0x30, 0xff}, float64(anger-0.3)*0.45))
	}
	// Hair on top.
	mv(26, 44)
	qd(25, 15, 50, 16)
	qd(76, 15, 74, 44)
	qd(70, 29, 56, 27)
	qd(44, 32, 26, 44)
	p.path.Close()
	fill(lk.hair)

	// Cheeks warm up with joy.
	if joy > 0.1 {
		ellipse(37, 56, 4.5, 3)
		fill(withAlpha(color.RGBA{0xf0, 0x70, 0x70, 0xff}, float64(joy)*0.45))
		ellipse(63, 56, 4.5, 3)
		fill(withAlpha(color.RGBA{0xf0, 0x70, 0x70, 0xff}, float64(joy)*0.45))
	}

	ink := color.RGBA{0x2a, 0x1e, 0x1a, 0xff}
	// Eyes: narrowed by anger, closed into happy arcs by delight.
	for _, ex := range []float32{41, 59} {
		if e > 0.62 {
			mv(ex-4.5, 48.5)
			qd(ex, 42.5, ex+4.5, 48.5)
			stroke(ink, 2.2)
			continue
		}
		open := 4.2 * (1 - 0.5*anger)
		ellipse(ex, 47.5, 4.6, open)
		fill(color.RGBA{0xfb, 0xf8, 0xf2, 0xff})
		ellipse(ex, 47.5+0.3*anger, 2.3, min(2.3, open))
		fill(ink)
	}
	// Brows: the inner ends drop with anger and everything lifts with joy.
	browY := 38.5 - 2.5*joy
	for _, side := range []float32{-1, 1} {
		inner := 50 + side*4
		outer := 50 + side*14
		mv(outer, browY-0.5+1.5*anger)
		qd((inner+outer)/2, browY-2-1.5*joy, inner, browY+5*anger-1*joy)
		stroke(lk.hair, 2.6)
	}
	// Mouth: a curve from frown to smile, open when delighted or shouting.
	curve := 9 * e
	switch {
	case e > 0.45:
		mv(41, 59)
		qd(50, 59+2.2*curve, 59, 59)
		qd(50, 61.5, 41, 59)
		p.path.Close()
		fill(color.RGBA{0x7a, 0x26, 0x2a, 0xff})
		mv(41, 59)
		qd(50, 59+2.2*curve, 59, 59)
		stroke(ink, 1.6)
	case e < -0.7:
		mv(42, 64)
		qd(50, 55, 58, 64)
		qd(50, 61, 42, 64)
		p.path.Close()
		fill(color.RGBA{0x5a, 0x1c, 0x20, 0xff})
	default:
		mv(43, 61)
		qd(50, 61+curve, 57, 61)
		stroke(ink, 2)
	}
	// A bead of sweat while the customer is upset but not yet furious.
	if mood >= 18 && mood < 45 {
		mv(72, 31)
		qd(76.5, 38, 72, 39.5)
		qd(67.5, 38, 72, 31)
		p.path.Close()
		fill(color.RGBA{0x9c, 0xd3, 0xf0, 0xdd})
	}
}
