package game

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2/vector"
)

// pen draws paths on a 100x100 grid scaled to the portrait's image.
type pen struct {
	p *portrait
	k float32
}

func (q pen) mv(x, y float32)             { q.p.path.MoveTo(x*q.k, y*q.k) }
func (q pen) ln(x, y float32)             { q.p.path.LineTo(x*q.k, y*q.k) }
func (q pen) qd(cx, cy, x, y float32)     { q.p.path.QuadTo(cx*q.k, cy*q.k, x*q.k, y*q.k) }
func (q pen) cb(a, b, c, d, x, y float32) { q.p.path.CubicTo(a*q.k, b*q.k, c*q.k, d*q.k, x*q.k, y*q.k) }
func (q pen) close()                      { q.p.path.Close() }

func (q pen) fill(c color.RGBA) {
	op := &vector.DrawPathOptions{AntiAlias: true}
	scaleColor(&op.ColorScale, c)
	vector.FillPath(q.p.img, &q.p.path, nil, op)
	q.p.path.Reset()
}

func (q pen) stroke(c color.RGBA, w float32) {
	op := &vector.DrawPathOptions{AntiAlias: true}
	scaleColor(&op.ColorScale, c)
	vector.StrokePath(q.p.img, &q.p.path, &vector.StrokeOptions{Width: w * q.k, LineCap: vector.LineCapRound, LineJoin: vector.LineJoinRound}, op)
	q.p.path.Reset()
}

func (q pen) ellipse(cx, cy, rx, ry float32) {
	const kappa = 0.5523
	q.mv(cx+rx, cy)
	q.cb(cx+rx, cy+ry*kappa, cx+rx*kappa, cy+ry, cx, cy+ry)
	q.cb(cx-rx*kappa, cy+ry, cx-rx, cy+ry*kappa, cx-rx, cy)
	q.cb(cx-rx, cy-ry*kappa, cx-rx*kappa, cy-ry, cx, cy-ry)
	q.cb(cx+rx*kappa, cy-ry, cx+rx, cy-ry*kappa, cx+rx, cy)
	q.close()
}

// roundRect adds a rectangle with corner radius r.
func (q pen) roundRect(x, y, w, h, r float32) {
	q.mv(x+r, y)
	q.ln(x+w-r, y)
	q.qd(x+w, y, x+w, y+r)
	q.ln(x+w, y+h-r)
	q.qd(x+w, y+h, x+w-r, y+h)
	q.ln(x+r, y+h)
	q.qd(x, y+h, x, y+h-r)
	q.ln(x, y+r)
	q.qd(x, y, x+r, y)
	q.close()
}

var (
	inkColor   = color.RGBA{0x2a, 0x1e, 0x1a, 0xff}
	eyeWhite   = color.RGBA{0xfb, 0xf8, 0xf2, 0xff}
	mouthDark  = color.RGBA{0x6a, 0x22, 0x26, 0xff}
	teethColor = color.RGBA{0xf6, 0xf1, 0xe6, 0xff}
	frameColor = color.RGBA{0x26, 0x24, 0x2c, 0xff}
)

// render paints the customer on a 100x100 grid scaled to the image: the
// backdrop tinted by the mood, the expression ex, hair behind, shoulders, head, age lines,
// facial hair, hair in front, the expression of the mood's word, glasses.
func (p *portrait) render(mood float64, ex expression) {
	p.img.Clear()
	q := pen{p, float32(p.size) / 100}
	lk := p.look

	q.ellipse(50, 50, 49, 49)
	q.fill(mix(colPanelHi, moodColor(mood), 0.45))

	// The build sets the width of the head and the shoulders.
	rx, shoulder, neck := float32(22.5), float32(38), float32(7)
	switch lk.build {
	case "slim":
		rx, shoulder, neck = 20.5, 33, 6
	case "broad":
		rx, shoulder, neck = 24.5, 44, 8.5
	}
	const cy = 46 // the face's centre line, at the eyes
	shade := mix(lk.skin, color.RGBA{0x3a, 0x1e, 0x10, 0xff}, 0.28)
	line := withAlpha(mix(lk.skin, color.RGBA{0x3a, 0x1e, 0x10, 0xff}, 0.55), 0.8)

	// Shoulders, with a collar.
	q.mv(50-shoulder, 101)
	q.qd(50-shoulder+2, 78, 50, 77)
	q.qd(50+shoulder-2, 78, 50+shoulder, 101)
	q.close()
	q.fill(lk.shirt)
	p.backHair(q, rx)
	q.mv(50-neck, 60)
	q.ln(50+neck, 60)
	q.ln(50+neck, 78)
	q.qd(50, 84, 50-neck, 78)
	q.close()
	q.fill(shade)
	q.mv(50-neck-3, 77)
	q.ln(50, 84)
	q.ln(50+neck+3, 77)
	q.stroke(mix(lk.shirt, color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.25), 2.2)

	// Ears and head: a face that narrows to the chin.
	q.ellipse(50-rx+0.5, cy+2, 3.6, 5.5)
	q.fill(shade)
	q.ellipse(50+rx-0.5, cy+2, 3.6, 5.5)
	q.fill(shade)
	chin := float32(0.55)
	if lk.build == "broad" {
		chin = 0.68
	}
	q.mv(50, 19)
	q.cb(50+rx*0.95, 19, 50+rx, 33, 50+rx, cy)
	q.cb(50+rx, 59, 50+rx*chin, 72, 50, 72.5)
	q.cb(50-rx*chin, 72, 50-rx, 59, 50-rx, cy)
	q.cb(50-rx, 33, 50-rx*0.95, 19, 50, 19)
	q.close()
	q.fill(lk.skin)

	if ex == exFurious {
		q.ellipse(50, cy+4, rx-1.5, 22)
		q.fill(withAlpha(color.RGBA{0xe0, 0x40, 0x30, 0xff}, 0.22))
	}
	if lk.age == "older" {
		// Lines: the forehead, the corners of the eyes, nose to mouth.
		for _, y := range []float32{30.5, 33.5} {
			q.mv(41, y)
			q.qd(50, y-1.6, 59, y)
			q.stroke(line, 0.9)
		}
		for _, s := range []float32{-1, 1} {
			q.mv(50+s*15.5, cy-1)
			q.ln(50+s*18, cy-2)
			q.mv(50+s*15.5, cy+1)
			q.ln(50+s*18, cy+2)
			q.stroke(line, 0.8)
			q.mv(50+s*6.5, 56)
			q.qd(50+s*9.5, 60, 50+s*8.5, 64)
			q.stroke(line, 1)
		}
	}
	p.facialHair(q, rx, chin)
	p.frontHair(q, rx)

	if ex == exDelighted || ex == exPleased {
		a := 0.25
		if ex == exDelighted {
			a = 0.45
		}
		q.ellipse(50-12, 57, 4.5, 3)
		q.fill(withAlpha(color.RGBA{0xf0, 0x70, 0x70, 0xff}, a))
		q.ellipse(50+12, 57, 4.5, 3)
		q.fill(withAlpha(color.RGBA{0xf0, 0x70, 0x70, 0xff}, a))
	}
	// The nose.
	q.mv(50.8, cy+3)
	q.qd(47, cy+10, 50.5, cy+10.8)
	q.stroke(shade, 1.5)

	p.eyes(q, ex)
	p.brows(q, ex)
	p.mouth(q, ex)
	if ex == exUpset {
		// A bead of sweat: upset, not yet furious.
		q.mv(50+rx-2, 27)
		q.qd(50+rx+2.5, 34, 50+rx-2, 35.5)
		q.qd(50+rx-6.5, 34, 50+rx-2, 27)
		q.close()
		q.fill(color.RGBA{0x9c, 0xd3, 0xf0, 0xdd})
	}
	if lk.glasses {
		for _, ex := range []float32{41, 59} {
			q.roundRect(ex-7, cy-4.5, 14, 10, 3.5)
			q.fill(withAlpha(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.12))
			q.roundRect(ex-7, cy-4.5, 14, 10, 3.5)
			q.stroke(frameColor, 1.5)
		}
		q.mv(48, cy-1)
		q.qd(50, cy-2.5, 52, cy-1)
		q.mv(34, cy-2)
		q.ln(50-rx+0.5, cy-1)
		q.mv(66, cy-2)
		q.ln(50+rx-0.5, cy-1)
		q.stroke(frameColor, 1.5)
	}
}

// eyes: narrowed in fury, wide and worried when upset, closed into happy
// arcs when delighted.
func (p *portrait) eyes(q pen, ex expression) {
	const cy = 46
	open := float32(4)
	switch ex {
	case exFurious:
		open = 2.4
	case exUpset:
		open = 4.4
	}
	if p.look.age == "young" {
		open += 0.4
	}
	for _, x := range []float32{41, 59} {
		if ex == exDelighted {
			q.mv(x-4.5, cy+1)
			q.qd(x, cy-5, x+4.5, cy+1)
			q.stroke(inkColor, 2.2)
			continue
		}
		q.ellipse(x, cy, 4.4, open)
		q.fill(eyeWhite)
		q.ellipse(x, cy+0.2, 2.3, min(2.4, open))
		q.fill(inkColor)
		if ex == exFurious {
			// The upper lid pressed down.
			q.mv(x-5, cy-1.2)
			q.ln(x+5, cy-1.2)
			q.stroke(p.look.skin, 1.4)
		}
	}
}

// brows: furious pulls the inner ends down, upset lifts them (worry),
// pleased and delighted raise both.
func (p *portrait) brows(q pen, ex expression) {
	const y = 38.5
	c := p.look.hair
	if p.look.style == "bald" || p.look.hair == hairColors["white"] {
		c = mix(c, inkColor, 0.35)
	}
	for _, s := range []float32{-1, 1} {
		inner, outer := 50+s*4.5, 50+s*14
		switch ex {
		case exFurious:
			q.mv(outer, y-2)
			q.qd((inner+outer)/2, y-1.5, inner, y+3.5)
		case exUpset:
			q.mv(outer, y+0.8)
			q.qd((inner+outer)/2, y-1.5, inner, y-2.5)
		case exNeutral:
			q.mv(outer, y)
			q.qd((inner+outer)/2, y-1.8, inner, y)
		default:
			lift := float32(1.5)
			if ex == exDelighted {
				lift = 2.8
			}
			q.mv(outer, y+0.5-lift)
			q.qd((inner+outer)/2, y-2.6-lift, inner, y-0.5-lift)
		}
		q.stroke(c, 2.6)
	}
}

// mouth: a shout, a frown, a flat line, a smile, an open laugh.
func (p *portrait) mouth(q pen, ex expression) {
	const y = 62
	switch ex {
	case exFurious:
		q.mv(43, y+2.5)
		q.qd(50, y-5.5, 57, y+2.5)
		q.qd(50, y+1, 43, y+2.5)
		q.close()
		q.fill(mouthDark)
		q.mv(45, y)
		q.qd(50, y-3.6, 55, y)
		q.stroke(teethColor, 1.2)
	case exUpset:
		q.mv(43.5, y+1.5)
		q.qd(50, y-4, 56.5, y+1.5)
		q.stroke(inkColor, 2)
	case exNeutral:
		q.mv(44, y)
		q.qd(50, y+0.6, 56, y)
		q.stroke(inkColor, 2)
	case exPleased:
		q.mv(42.5, y-1)
		q.qd(50, y+5, 57.5, y-1)
		q.stroke(inkColor, 2)
	case exDelighted:
		q.mv(41, y-2)
		q.qd(50, y+12, 59, y-2)
		q.qd(50, y+0.5, 41, y-2)
		q.close()
		q.fill(mouthDark)
		q.mv(43, y-1.2)
		q.qd(50, y+1.5, 57, y-1.2)
		q.qd(50, y+0.2, 43, y-1.2)
		q.close()
		q.fill(teethColor)
	}
}

// backHair draws what shows behind the head: long hair over the
// shoulders, a bob's sides, curls, an afro, a bun, a ponytail.
func (p *portrait) backHair(q pen, rx float32) {
	c := mix(p.look.hair, color.RGBA{0, 0, 0, 0xff}, 0.12)
	switch p.look.style {
	case "long":
		q.mv(50-rx-3, 36)
		q.qd(50-rx-7, 70, 50-rx-4, 88)
		q.ln(50+rx+4, 88)
		q.qd(50+rx+7, 70, 50+rx+3, 36)
		q.close()
		q.fill(c)
	case "bob":
		q.mv(50-rx-3.5, 34)
		q.qd(50-rx-5, 58, 50-rx-3, 67)
		q.ln(50+rx+3, 67)
		q.qd(50+rx+5, 58, 50+rx+3.5, 34)
		q.close()
		q.fill(c)
	case "curly":
		for i, pt := range [][3]float32{{-1, 40, 7}, {-1, 52, 7.5}, {-0.8, 63, 7}, {1, 40, 7}, {1, 52, 7.5}, {0.8, 63, 7}} {
			_ = i
			q.ellipse(50+pt[0]*(rx+2), pt[1], pt[2], pt[2])
			q.fill(c)
		}
	case "afro":
		q.ellipse(50, 37, rx+14, 27)
		q.fill(c)
		// A soft, uneven edge.
		for _, pt := range [][2]float32{{-1, 30}, {-0.85, 18}, {-0.5, 11}, {0, 9}, {0.5, 11}, {0.85, 18}, {1, 30}, {-0.95, 44}, {0.95, 44}} {
			q.ellipse(50+pt[0]*(rx+11), pt[1]+1, 5.5, 5.5)
			q.fill(c)
		}
	case "bun":
		q.ellipse(50, 14.5, 9, 8)
		q.fill(c)
	case "ponytail":
		q.mv(50+rx-3, 30)
		q.qd(50+rx+12, 36, 50+rx+6, 66)
		q.qd(50+rx+3, 56, 50+rx-4, 42)
		q.close()
		q.fill(c)
	}
}

// frontHair draws the hair on the head and the hairline of each style.
func (p *portrait) frontHair(q pen, rx float32) {
	c := p.look.hair
	l, r := 50-rx, 50+rx
	// outer traces the top of the hair from the left temple to the right
	// one, lift above the head.
	outer := func(lift, temple float32) {
		q.mv(l-1.5, temple)
		q.cb(l-2.5, 22-lift, 50-rx*0.7, 16-lift, 50, 16-lift)
		q.cb(50+rx*0.7, 16-lift, r+2.5, 22-lift, r+1.5, temple)
	}
	switch p.look.style {
	case "bald":
		q.ellipse(50-6, 24, 6, 2.5)
		q.fill(withAlpha(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.18))
		if p.look.age != "young" {
			// What is left above the ears.
			side := mix(c, p.look.skin, 0.25)
			q.ellipse(l+0.8, 40, 2.2, 5.5)
			q.fill(side)
			q.ellipse(r-0.8, 40, 2.2, 5.5)
			q.fill(side)
		}
	case "buzz":
		outer(-1.5, 42)
		q.qd(r-1, 33, 50+rx*0.5, 27)
		q.qd(50, 24.5, 50-rx*0.5, 27)
		q.qd(l+1, 33, l-1.5, 42)
		q.close()
		q.fill(withAlpha(c, 0.8))
	case "short", "afro", "curly":
		lift := float32(0)
		if p.look.style != "short" {
			lift = 2.5
		}
		outer(lift, 44)
		q.qd(r-1, 31, 58, 28)
		q.qd(47, 27.5, 40, 31.5)
		q.qd(l+1, 35, l-1.5, 44)
		q.close()
		q.fill(c)
		if p.look.style == "curly" {
			for _, x := range []float32{-14, -5, 5, 14} {
				q.ellipse(50+x, 17-lift+absf(x)*0.25, 5, 4.5)
				q.fill(c)
			}
		}
	case "bun", "ponytail":
		// Pulled back: a smooth cap with a centre line.
		outer(-0.5, 43)
		q.qd(r-1, 30, 50, 27)
		q.qd(l+1, 30, l-1.5, 43)
		q.close()
		q.fill(c)
		q.mv(50, 18)
		q.qd(49, 23, 50, 27)
		q.stroke(mix(c, color.RGBA{0, 0, 0, 0xff}, 0.25), 1)
	case "long":
		// A centre parting, the sides falling past the cheeks.
		outer(1, 58)
		q.qd(r-1, 36, 52, 26.5)
		q.ln(50, 25)
		q.qd(l+1, 36, l-1.5, 58)
		q.close()
		q.fill(c)
	case "bob":
		// A straight fringe.
		outer(1, 60)
		q.ln(r-2.5, 58)
		q.ln(r-3, 33)
		q.qd(50, 35, l+3, 33)
		q.ln(l+2.5, 58)
		q.close()
		q.fill(c)
	}
}

// facialHair draws stubble, a moustache or a beard in the hair's colour.
func (p *portrait) facialHair(q pen, rx, chin float32) {
	c := p.look.hair
	beard := func() {
		q.mv(50-rx+0.3, 47)
		q.cb(50-rx, 60, 50-rx*chin-1, 75, 50, 76)
		q.cb(50+rx*chin+1, 75, 50+rx, 60, 50+rx-0.3, 47)
		q.ln(50+rx-3, 48)
		q.qd(50+rx-5, 58, 50+8, 58)
		q.qd(50, 56, 50-8, 58)
		q.qd(50-rx+5, 58, 50-rx+3, 48)
		q.close()
	}
	switch p.look.facial {
	case "stubble":
		beard()
		q.fill(withAlpha(c, 0.3))
	case "beard":
		beard()
		q.fill(c)
		fallthrough
	case "moustache":
		q.mv(50-9, 60.5)
		q.qd(50-7, 56, 50, 57.2)
		q.qd(50+7, 56, 50+9, 60.5)
		q.qd(50, 58.5, 50-9, 60.5)
		q.close()
		q.fill(c)
	}
}

func absf(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
