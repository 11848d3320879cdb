package game

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// driftMap draws the pentagon of the five archetypes (pivot at the top,
// then clockwise spring, connector, disperser, shock absorber), the
// player's final drift as a translucent shape, and the trail of the running
// drift after every step. It renders once into an image per size.
type driftMap struct {
	drift scoring.Weights
	trail []scoring.Weights
	// winner is the archetype whose colour the drift shape takes, -1 for
	// a neutral shape (a drift that is not clear, or a lost customer); hi
	// marks the labels drawn at full strength (the winner, or every
	// archetype of a tie).
	winner int
	hi     [scoring.NumArchetypes]bool
	img    *ebiten.Image
	w, h   int
	gen    int
	op     ebiten.DrawImageOptions
}

// vertex returns the position of archetype k on a pentagon of radius r
// centred at (cx, cy). The shock absorber, the goal, stands at the top;
// the others follow clockwise in the contract's order, as on the panel's
// dashboard.
func vertex(k int, cx, cy, r float64) (float64, float64) {
	a := -math.Pi/2 + float64(k+1)*2*math.Pi/scoring.NumArchetypes
	return cx + r*math.Cos(a), cy + r*math.Sin(a)
}

// trailPoint is where a drift sits on the map: the drift-weighted average
// of the vertices, the centre when there is no weight at all.
func trailPoint(d scoring.Weights, cx, cy, r float64) (float64, float64) {
	x, y := cx, cy
	if d.Sum() == 0 {
		return x, y
	}
	x, y = 0, 0
	for k := range d {
		vx, vy := vertex(k, cx, cy, r)
		x += d[k] * vx
		y += d[k] * vy
	}
	return x, y
}

// Draw draws the map in a box of w x h at (x, y); the pentagon is as large
// as the labels around it allow.
func (m *driftMap) Draw(dst *ebiten.Image, u *UI, x, y, w, h float64) {
	iw, ih := int(w), int(h)
	if iw < 40 || ih < 40 {
		return
	}
	if m.img == nil || m.w != iw || m.h != ih || m.gen != u.Gen {
		if m.img != nil {
			m.img.Deallocate()
		}
		m.img = ebiten.NewImage(iw, ih)
		m.w, m.h, m.gen = iw, ih, u.Gen
		m.render(u)
	}
	m.op.GeoM.Reset()
	m.op.GeoM.Translate(math.Round(x), math.Round(y))
	dst.DrawImage(m.img, &m.op)
}

func (m *driftMap) render(u *UI) {
	img := m.img
	w, h := float64(m.w), float64(m.h)
	// Room for the two-line labels: above the top vertex, below the lower
	// ones, beside the side ones.
	lh := u.LineH(fSmallBold)
	gap := u.P(12)
	labelW := 0.0
	for k, a := range scoring.Archetypes {
		labelW = math.Max(labelW, u.TextW(u.Str.Archetype(a), fSmallBold))
		labelW = math.Max(labelW, u.TextW(strconvPct(m.drift[k]), fSmallBold))
	}
	r := math.Min((h-4*lh-2*gap)/1.809, (w/2-labelW-gap)/0.951)
	r = math.Max(r, u.P(30))
	cx := w / 2
	cy := (h-(1.809*r+4*lh+2*gap))/2 + 2*lh + gap + r
	var path vector.Path
	fill := func(c color.RGBA) {
		op := &vector.DrawPathOptions{AntiAlias: true}
		scaleColor(&op.ColorScale, c)
		vector.FillPath(img, &path, nil, op)
		path.Reset()
	}
	stroke := func(c color.RGBA, w float64) {
		op := &vector.DrawPathOptions{AntiAlias: true}
		scaleColor(&op.ColorScale, c)
		vector.StrokePath(img, &path, &vector.StrokeOptions{Width: float32(w), LineJoin: vector.LineJoinRound, LineCap: vector.LineCapRound}, op)
		path.Reset()
	}
	poly := func(radius func(k int) float64) {
		for k := 0; k < scoring.NumArchetypes; k++ {
			vx, vy := vertex(k, cx, cy, radius(k))
			if k == 0 {
				path.MoveTo(float32(vx), float32(vy))
			} else {
				path.LineTo(float32(vx), float32(vy))
			}
		}
		path.Close()
	}
	// The grid: the outer pentagon, rings at each quarter, the spokes.
	poly(func(int) float64 { return r })
	fill(mix(colPanel, colPanelHi, 0.6))
	for q := 1; q <= 4; q++ {
		poly(func(int) float64 { return r * float64(q) / 4 })
		stroke(colPanelLine, math.Max(1, u.P(1)))
	}
	for k := 0; k < scoring.NumArchetypes; k++ {
		vx, vy := vertex(k, cx, cy, r)
		path.MoveTo(float32(cx), float32(cy))
		path.LineTo(float32(vx), float32(vy))
		stroke(colPanelLine, math.Max(1, u.P(1)))
	}
	// The drift shape: each spoke as long as that archetype's share,
	// relative to the largest, so the profile reads even when one
	// archetype dominates. A small floor keeps the shape from vanishing.
	top := 0.0
	for _, v := range m.drift {
		top = math.Max(top, v)
	}
	if top > 0 {
		// In the colour of the archetype it clearly leans to; neutral
		// when there is no clear verdict.
		sc := colTextDim
		if m.winner >= 0 {
			sc = archColors[m.winner]
		}
		poly(func(k int) float64 { return r * (0.06 + 0.94*m.drift[k]/top) })
		fill(withAlpha(sc, 0.3))
		poly(func(k int) float64 { return r * (0.06 + 0.94*m.drift[k]/top) })
		stroke(withAlpha(sc, 0.95), u.P(2))
	}
	// The trail: from the centre, one point per step.
	path.MoveTo(float32(cx), float32(cy))
	for _, d := range m.trail {
		px, py := trailPoint(d, cx, cy, r)
		path.LineTo(float32(px), float32(py))
	}
	stroke(withAlpha(colText, 0.85), u.P(2.5))
	u.ensureShapes()
	u.Circle(img, cx, cy, u.P(4), colTextDim)
	for i, d := range m.trail {
		px, py := trailPoint(d, cx, cy, r)
		if i == len(m.trail)-1 {
			c := colText
			if m.winner >= 0 {
				c = archColors[m.winner]
			}
			u.Circle(img, px, py, u.P(9), colText)
			u.Circle(img, px, py, u.P(6.5), c)
		} else {
			u.Circle(img, px, py, u.P(4), colText)
		}
	}
	// Vertex markers and labels with the percentages.
	face := u.Face(fSmallBold)
	for k, a := range scoring.Archetypes {
		vx, vy := vertex(k, cx, cy, r)
		u.Circle(img, vx, vy, u.P(6), archColors[k])
		// Where the vertex stands, clockwise from the top: the label goes
		// above the top one (clear of the trail's end marker), beside the
		// upper two and below the lower two.
		slot := (k + 1) % scoring.NumArchetypes
		off := u.P(12)
		if slot == 0 {
			off = u.P(16)
		}
		lx, ly := vertex(k, cx, cy, r+off)
		op := &text.DrawOptions{}
		op.LineSpacing = u.LineH(fSmallBold)
		switch {
		case slot == 0:
			op.PrimaryAlign, op.SecondaryAlign = text.AlignCenter, text.AlignEnd
		case lx > cx+1:
			op.PrimaryAlign, op.SecondaryAlign = text.AlignStart, text.AlignCenter
		default:
			op.PrimaryAlign, op.SecondaryAlign = text.AlignEnd, text.AlignCenter
		}
		if slot == 2 || slot == 3 {
			op.SecondaryAlign = text.AlignStart
		}
		op.GeoM.Translate(lx, ly)
		c := archColors[k]
		if !m.hi[k] {
			c = mix(c, colTextDim, 0.35)
		}
		scaleColor(&op.ColorScale, c)
		label := u.Str.Archetype(a) + "\n" + strconvPct(m.drift[k])
		text.Draw(img, label, face, op)
	}
}

func strconvPct(v float64) string { return itoa(int(math.Round(v*100))) + "%" }
