package game

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/shockabsorber/shockabsorber/scoring"
	"github.com/shockabsorber/shockabsorber/scoring/driftmap"
)

// driftMap draws the drift map of scoring/driftmap (the panel draws the
// same geometry as SVG): the pentagon of the five archetypes on a fixed
// 0–100 % scale with labelled rings, the drift as one shape, and, under
// it, the "how you moved" strip of numbered steps. The pentagon renders
// once into an image per size.
type driftMap struct {
	m    driftmap.Map
	img  *ebiten.Image
	w, h int
	gen  int
	op   ebiten.DrawImageOptions
}

func newDriftMap(weights scoring.Weights, steps []scoring.Weights, lost bool) driftMap {
	return driftMap{m: driftmap.New(weights, steps, lost)}
}

// shapeColor is the colour of the drift shape: the clear winner's, or a
// neutral one.
func (m *driftMap) shapeColor() color.RGBA {
	if m.m.Colour >= 0 {
		return archColors[m.m.Colour]
	}
	return colTextDim
}

// Draw draws the pentagon in a box of w x h at (x, y); it is as large as
// the labels around it allow.
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
	// A label beside or below a vertex grows outward from it: the radius
	// is the largest that keeps each inside the box (the top one is
	// centred and only needs height).
	r := (h - 4*lh - 2*gap) / 1.809
	for _, l := range m.m.Labels {
		if x := math.Abs(l.Anchor.X); x > 0.1 {
			lw := math.Max(u.TextW(u.Str.Archetype(l.Archetype), fSmallBold), u.TextW("100%", fSmallBold))
			r = math.Min(r, (w/2-lw-gap)/x)
		}
	}
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
	poly := func(pts *[scoring.NumArchetypes]driftmap.Point) {
		for k, p := range pts {
			px, py := p.At(cx, cy, r)
			if k == 0 {
				path.MoveTo(float32(px), float32(py))
			} else {
				path.LineTo(float32(px), float32(py))
			}
		}
		path.Close()
	}
	line := math.Max(1, u.P(1))
	// The scale: the rim filled, a ring at each quarter, the spokes.
	rim := &m.m.Rings[len(m.m.Rings)-1]
	poly(&rim.Corners)
	fill(mix(colPanel, colPanelHi, 0.6))
	for i := range m.m.Rings {
		poly(&m.m.Rings[i].Corners)
		c := colPanelLine
		if i == len(m.m.Rings)-1 {
			c = mix(colPanelLine, colTextDim, 0.45)
		}
		stroke(c, line)
	}
	for k := range rim.Corners {
		vx, vy := rim.Corners[k].At(cx, cy, r)
		path.MoveTo(float32(cx), float32(cy))
		path.LineTo(float32(vx), float32(vy))
		stroke(colPanelLine, line)
	}
	// The rings' values on the pentagon's upper-right edge, each on a
	// small patch of the panel's colour so the lines do not cross them;
	// under the drift, which is the data.
	for _, ring := range m.m.Rings {
		if !ring.ShowLabel(r, u.LineH(fSmall)) {
			continue
		}
		lx, ly := ring.LabelAt.At(cx, cy, r)
		tw := u.TextW(ring.Label, fSmall)
		th := u.LineH(fSmall)
		pad := u.P(3)
		u.FillRound(img, rect{math.Round(lx - tw/2 - pad), math.Round(ly - th/2), math.Round(tw + 2*pad), math.Round(th)}, u.P(4), withAlpha(colPanel, 0.85))
		u.Text(img, ring.Label, fSmall, lx-tw/2, ly-th/2, colTextDim)
	}
	// The drift: one shape, each corner as far out as that archetype's
	// share, with a dot on each spoke so a share alone on its axis shows.
	sc := m.shapeColor()
	if m.m.HasShape {
		poly(&m.m.Shape)
		fill(withAlpha(sc, 0.32))
		poly(&m.m.Shape)
		stroke(withAlpha(sc, 0.95), u.P(2.5))
	}
	u.ensureShapes()
	if m.m.HasShape {
		for k, p := range m.m.Shape {
			if m.m.Shares[k] > 0 {
				px, py := p.At(cx, cy, r)
				u.Circle(img, px, py, u.P(4), sc)
			}
		}
	}
	// Vertex markers and labels with the percentages.
	face := u.Face(fSmallBold)
	for k, l := range m.m.Labels {
		vx, vy := l.Anchor.At(cx, cy, r)
		u.Circle(img, vx, vy, u.P(6), archColors[k])
		off := u.P(12)
		if l.V == driftmap.AlignEnd {
			off = u.P(14)
		}
		lx, ly := vx+l.Out.X*off, vy+l.Out.Y*off
		op := &text.DrawOptions{}
		op.LineSpacing = u.LineH(fSmallBold)
		op.PrimaryAlign, op.SecondaryAlign = textAlign(l.H), textAlign(l.V)
		op.GeoM.Translate(lx, ly)
		c := archColors[k]
		if !l.Lit {
			c = mix(c, colTextDim, 0.35)
		}
		scaleColor(&op.ColorScale, c)
		text.Draw(img, u.Str.Archetype(l.Archetype)+"\n"+itoa(l.Pct)+"%", face, op)
	}
}

func textAlign(a driftmap.Align) text.Align {
	switch a {
	case driftmap.AlignCenter:
		return text.AlignCenter
	case driftmap.AlignEnd:
		return text.AlignEnd
	}
	return text.AlignStart
}

// movedStrip is the "how you moved" strip laid out for a width: each step
// a numbered disc in the colour of the archetype its choice pulled toward,
// the archetype's name beside it, and an arrow to the next.
type movedStrip struct {
	items []stripItem
	h     float64
}

type stripItem struct {
	x, y  float64 // relative to the strip's top-left
	num   string
	name  string
	c     color.RGBA
	arrow bool // an arrow after it, to the next step
}

func (m *driftMap) layoutStrip(u *UI, w float64) movedStrip {
	str := u.Str
	disc := u.P(22)
	arrowW := u.TextW("›", fSmallBold) + u.P(12)
	var s movedStrip
	widths := make([]float64, len(m.m.Steps))
	for i, st := range m.m.Steps {
		it := stripItem{num: itoa(st.N), c: colTextDim, arrow: i < len(m.m.Steps)-1}
		if st.Toward >= 0 {
			it.name, it.c = str.Archetype(scoring.Archetypes[st.Toward]), archColors[st.Toward]
		} else {
			it.name = str.T(sDebriefMovedNone)
		}
		widths[i] = disc + u.P(6) + u.TextW(it.name, fSmallBold)
		if it.arrow {
			widths[i] += arrowW
		}
		s.items = append(s.items, it)
	}
	rowH := math.Max(disc, u.LineH(fSmallBold)) + u.P(8)
	rows, xs, n := driftmap.Flow(widths, w, u.P(6))
	for i := range s.items {
		s.items[i].x, s.items[i].y = xs[i], float64(rows[i])*rowH
	}
	s.h = float64(n)*rowH - u.P(8)
	if n == 0 {
		s.h = 0
	}
	return s
}

func (s *movedStrip) Draw(dst *ebiten.Image, u *UI, x, y float64) {
	disc := u.P(22)
	lh := u.LineH(fSmallBold)
	for _, it := range s.items {
		ix, iy := x+it.x, y+it.y
		cy := iy + math.Max(disc, lh)/2
		u.Circle(dst, ix+disc/2, cy, disc/2, it.c)
		nw := u.LabelW(it.num, fSmallBold)
		u.Text(dst, it.num, fSmallBold, ix+disc/2-nw/2, cy-lh/2, colAccentInk)
		tx := ix + disc + u.P(6)
		u.Text(dst, it.name, fSmallBold, tx, cy-lh/2, it.c)
		if it.arrow {
			u.Text(dst, "›", fSmallBold, tx+u.TextW(it.name, fSmallBold)+u.P(6), cy-lh/2, colTextDim)
		}
	}
}
