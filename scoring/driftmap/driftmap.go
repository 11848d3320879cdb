// Package driftmap is the geometry of the drift map, one design for every
// front end: the game's debrief draws it with Ebitengine and the panel as
// SVG, from the same points, rings, labels and steps, so a reviewer and a
// player see the same picture.
//
// The map is a pentagon of the five archetypes (the shock absorber at the
// top, the others clockwise in the contract's order) on a fixed scale: the
// centre is 0 % of the drift, the rim 100 %, with labelled rings at each
// quarter. The drift is one filled shape, each corner as far out as that
// archetype's share. How the player moved is not drawn inside the pentagon
// (a trail of running averages knots after a few steps) but as a strip of
// numbered steps beside it, each in the colour of the archetype that
// choice pulled toward.
//
// Coordinates are in units of the pentagon's radius, centred on (0, 0),
// with y growing downward as on a screen; a renderer scales them by its
// radius and adds its centre. The package is pure Go, with no drawing.
package driftmap

import (
	"math"
	"strconv"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// Point is a position in units of the pentagon's radius; y grows downward.
type Point struct{ X, Y float64 }

// Scale returns p scaled by f.
func (p Point) Scale(f float64) Point { return Point{p.X * f, p.Y * f} }

// At returns p in pixels on a map of radius r centred at (cx, cy).
func (p Point) At(cx, cy, r float64) (float64, float64) { return cx + p.X*r, cy + p.Y*r }

// Vertex returns where archetype k (its index in scoring.Archetypes) sits
// on the rim: the shock absorber, the goal, at the top; pivot, spring,
// connector and disperser after it, clockwise.
func Vertex(k int) Point {
	a := -math.Pi/2 + float64(k+1)*2*math.Pi/scoring.NumArchetypes
	return Point{math.Cos(a), math.Sin(a)}
}

// RingValues are the shares the rings stand for: 25, 50, 75 and 100 %.
var RingValues = [...]float64{0.25, 0.5, 0.75, 1}

// Ring is one of the scale's rings: a pentagon at Value of the radius,
// with its label ("50%") at LabelAt, the middle of the ring's edge between
// the shock absorber and the pivot, where no archetype label stands.
type Ring struct {
	Value   float64
	Label   string
	Corners [scoring.NumArchetypes]Point
	LabelAt Point
	// Minor marks the 25 % and 75 % rings, whose labels a small map
	// leaves out (see ShowLabel).
	Minor bool
}

// ShowLabel reports whether a map of radius r (in pixels) with labels h
// pixels high has room for the ring's label: the labels of neighbouring
// rings stand r·0.81/4 apart on the edge they sit on.
func (r Ring) ShowLabel(radius, h float64) bool {
	return !r.Minor || radius*0.809/4 >= 1.2*h
}

// Align says on which side of its anchor a label's text goes.
type Align int

const (
	// AlignStart puts the text after the anchor (right of it, or below it).
	AlignStart Align = iota
	// AlignCenter centres the text on the anchor.
	AlignCenter
	// AlignEnd puts the text before the anchor (left of it, or above it).
	AlignEnd
)

// Label is an archetype's name and share beside its vertex. Anchor is the
// vertex; a renderer moves it outward along Out by its own gap in pixels
// and aligns the text with H (horizontally) and V (vertically).
type Label struct {
	Archetype string
	Anchor    Point
	Out       Point
	H, V      Align
	Share     float64
	Pct       int
	// Lit marks the labels drawn at full strength: the clear winner's, or
	// every tied archetype's.
	Lit bool
}

// Kind is what the drift says under the contract's rules (section 3, v2).
type Kind int

const (
	KindNone    Kind = iota // every weight is zero
	KindClear               // one archetype leads by at least scoring.ClearMargin
	KindTie                 // several archetypes share the largest drift
	KindUnclear             // one leads, by less: "no clear drift yet"
)

// Step is one step of the "how you moved" strip: its number, from 1, and
// the archetype its choice pulled toward (-1 for a choice with no weight).
type Step struct {
	N      int
	Toward int
}

// Map is everything a renderer needs to draw a drift map.
type Map struct {
	// Shares is each archetype's share of the drift (0 to 1).
	Shares scoring.Weights
	// Shape holds the drift shape's corners, in archetype order; HasShape
	// is false when there is no weight at all (nothing to fill).
	Shape    [scoring.NumArchetypes]Point
	HasShape bool
	Rings    [len(RingValues)]Ring
	Labels   [scoring.NumArchetypes]Label
	Steps    []Step
	Kind     Kind
	// Colour is the archetype whose colour the shape takes: the clear
	// winner of a run that kept its customer; -1 for a neutral shape (a
	// tie, no clear drift yet, or a lost customer: never a celebration).
	Colour int
	// Lead is the archetype with the largest share (-1 with no weight), and
	// Tied every archetype sharing it.
	Lead int
	Tied []int
	// Lost says the customer was lost; the map is then neutral.
	Lost bool
}

// New lays out the map of a run (or of a whole submission): weights are
// the summed archetype weights, steps each step's own weights in order,
// lost whether the customer was lost.
func New(weights scoring.Weights, steps []scoring.Weights, lost bool) Map {
	m := Map{Shares: scoring.Drift(weights), Colour: -1, Lead: scoring.Winner(weights), Lost: lost}
	m.HasShape = weights.Sum() > 0
	for k := range m.Shape {
		m.Shape[k] = Vertex(k).Scale(m.Shares[k])
	}
	for i, v := range RingValues {
		r := Ring{Value: v, Label: Percent(v), Minor: i%2 == 0}
		for k := range r.Corners {
			r.Corners[k] = Vertex(k).Scale(v)
		}
		top, pivot := Vertex(scoring.NumArchetypes-1), Vertex(0)
		r.LabelAt = Point{(top.X + pivot.X) / 2 * v, (top.Y + pivot.Y) / 2 * v}
		m.Rings[i] = r
	}
	for _, a := range scoring.Tied(weights) {
		m.Tied = append(m.Tied, scoring.Index(a))
	}
	switch {
	case !m.HasShape:
		m.Kind = KindNone
	case len(m.Tied) > 1:
		m.Kind = KindTie
	case scoring.Clear(weights):
		m.Kind = KindClear
	default:
		m.Kind = KindUnclear
	}
	for k, a := range scoring.Archetypes {
		v := Vertex(k)
		l := Label{Archetype: a, Anchor: v, Out: v, Share: m.Shares[k], Pct: int(math.Round(m.Shares[k] * 100))}
		switch {
		case v.Y < -0.99: // the top vertex: the label above it
			l.H, l.V = AlignCenter, AlignEnd
		case v.Y > 0.5: // the lower two: below, leaning outward
			l.V = AlignStart
			l.H = AlignStart
			if v.X < 0 {
				l.H = AlignEnd
			}
		default: // the side two: beside
			l.V = AlignCenter
			l.H = AlignStart
			if v.X < 0 {
				l.H = AlignEnd
			}
		}
		m.Labels[k] = l
	}
	if !lost {
		switch m.Kind {
		case KindClear:
			m.Colour = m.Lead
			m.Labels[m.Lead].Lit = true
		case KindTie:
			for _, k := range m.Tied {
				m.Labels[k].Lit = true
			}
		}
	}
	m.Steps = Steps(steps)
	return m
}

// Steps returns the "how you moved" strip of a run's step weights.
func Steps(steps []scoring.Weights) []Step {
	out := make([]Step, len(steps))
	for i, w := range steps {
		out[i] = Step{N: i + 1, Toward: scoring.Winner(w)}
	}
	return out
}

// Percent writes a share as a whole percentage: "25%".
func Percent(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + "%" }

// Flow places n items of the given widths in rows no wider than width,
// gap apart, and returns each item's row and x (from the row's start),
// and how many rows there are. An item wider than a row gets a row of its
// own. Both renderers lay the strip out with it, each measuring its own
// text.
func Flow(widths []float64, width, gap float64) (rows []int, xs []float64, n int) {
	rows, xs = make([]int, len(widths)), make([]float64, len(widths))
	x, row := 0.0, 0
	for i, w := range widths {
		if x > 0 && x+w > width {
			row++
			x = 0
		}
		rows[i], xs[i] = row, x
		x += w + gap
	}
	if len(widths) > 0 {
		n = row + 1
	}
	return rows, xs, n
}
