package driftmap

import (
	"math"
	"testing"

	"github.com/shockabsorber/shockabsorber/scoring"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestFixedScale: a corner of the shape is as far out as its share, never
// scaled to the largest one, so 40 % sits short of the rim in every run.
func TestFixedScale(t *testing.T) {
	m := New(scoring.Weights{2, 1, 1, 1, 0}, nil, false)
	for k, want := range []float64{0.4, 0.2, 0.2, 0.2, 0} {
		p := m.Shape[k]
		if got := math.Hypot(p.X, p.Y); !near(got, want) {
			t.Errorf("corner %d at %.3f of the radius, want %.3f", k, got, want)
		}
	}
	full := New(scoring.Weights{0, 0, 0, 0, 3}, nil, false)
	if p := full.Shape[4]; !near(p.X, 0) || !near(p.Y, -1) {
		t.Errorf("a drift all shock absorber reaches %v, want the top vertex (0, -1)", p)
	}
}

func TestRings(t *testing.T) {
	m := New(scoring.Weights{1, 0, 0, 0, 0}, nil, false)
	labels := []string{"25%", "50%", "75%", "100%"}
	for i, r := range m.Rings {
		if r.Label != labels[i] {
			t.Errorf("ring %d labelled %q, want %q", i, r.Label, labels[i])
		}
		for k, c := range r.Corners {
			if got := math.Hypot(c.X, c.Y); !near(got, r.Value) {
				t.Errorf("ring %s corner %d at %.3f, want %.3f", r.Label, k, got, r.Value)
			}
		}
		if r.Minor != (r.Value == 0.25 || r.Value == 0.75) {
			t.Errorf("ring %s minor %v", r.Label, r.Minor)
		}
		if !r.ShowLabel(200, 14) || r.ShowLabel(40, 14) == r.Minor {
			t.Errorf("ring %s: label shown on a 200 px map %v, on a 40 px map %v", r.Label, r.ShowLabel(200, 14), r.ShowLabel(40, 14))
		}
		// The label sits on the ring's edge between the top and the pivot.
		mid := Point{(r.Corners[4].X + r.Corners[0].X) / 2, (r.Corners[4].Y + r.Corners[0].Y) / 2}
		if !near(mid.X, r.LabelAt.X) || !near(mid.Y, r.LabelAt.Y) {
			t.Errorf("ring %s label at %v, want %v", r.Label, r.LabelAt, mid)
		}
	}
}

// TestVerdicts: the shape takes a colour only for a clear drift of a run
// that kept its customer; a tie lights every tied label; a lost customer
// lights none.
func TestVerdicts(t *testing.T) {
	cases := []struct {
		name   string
		w      scoring.Weights
		lost   bool
		kind   Kind
		colour int
		lit    []int
	}{
		{"clear", scoring.Weights{0, 0, 0, 0, 4}, false, KindClear, 4, []int{4}},
		{"clear at exactly the margin", scoring.Weights{3, 2, 0, 0, 0}, false, KindClear, 0, []int{0}},
		{"tie", scoring.Weights{2, 0, 2, 0, 0}, false, KindTie, -1, []int{0, 2}},
		{"no clear drift yet", scoring.Weights{2, 0.5, 1.5, 0, 0}, false, KindUnclear, -1, nil},
		{"no weight", scoring.Weights{}, false, KindNone, -1, nil},
		{"lost, clear", scoring.Weights{0, 0, 0, 0, 3}, true, KindClear, -1, nil},
		{"lost, tie", scoring.Weights{1, 1, 0, 0, 0}, true, KindTie, -1, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(c.w, nil, c.lost)
			if m.Kind != c.kind {
				t.Errorf("kind %d, want %d", m.Kind, c.kind)
			}
			if m.Colour != c.colour {
				t.Errorf("colour %d, want %d", m.Colour, c.colour)
			}
			var want [scoring.NumArchetypes]bool
			for _, k := range c.lit {
				want[k] = true
			}
			for k, l := range m.Labels {
				if l.Lit != want[k] {
					t.Errorf("label %s lit %v, want %v", l.Archetype, l.Lit, want[k])
				}
			}
			if m.HasShape != (c.w.Sum() > 0) {
				t.Errorf("HasShape %v for weights %v", m.HasShape, c.w)
			}
		})
	}
}

// TestLabelsOutward: every label is pushed away from the centre and
// aligned so its text grows outward, never over the pentagon.
func TestLabelsOutward(t *testing.T) {
	m := New(scoring.Weights{1, 1, 1, 1, 1}, nil, false)
	for k, l := range m.Labels {
		if l.Pct != 20 {
			t.Errorf("%s: %d%%, want 20%%", l.Archetype, l.Pct)
		}
		switch {
		case l.Anchor.X > 0.1 && l.H != AlignStart:
			t.Errorf("%s on the right aligned %d, want start", l.Archetype, l.H)
		case l.Anchor.X < -0.1 && l.H != AlignEnd:
			t.Errorf("%s on the left aligned %d, want end", l.Archetype, l.H)
		}
		if k == 4 && (l.V != AlignEnd || l.H != AlignCenter) {
			t.Errorf("the top label is aligned %d/%d, want centred above", l.H, l.V)
		}
		if l.Anchor.Y > 0.5 && l.V != AlignStart {
			t.Errorf("%s at the bottom aligned %d vertically, want below", l.Archetype, l.V)
		}
	}
}

// TestSteps: each step points at the archetype its own weights pull
// toward, numbered from 1; a step with no weight points nowhere.
func TestSteps(t *testing.T) {
	steps := []scoring.Weights{{1, 0, 0, 0, 0}, {}, {0, 0, 0, 0, 1}, {0, 0.5, 0, 0.5, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 1, 0, 0, 0}}
	m := New(scoring.Weights{1, 1.5, 1, 1.5, 1}, steps, false)
	want := []int{0, -1, 4, 1, 2, 3, 1}
	if len(m.Steps) != len(want) {
		t.Fatalf("%d steps, want %d", len(m.Steps), len(want))
	}
	for i, s := range m.Steps {
		if s.N != i+1 || s.Toward != want[i] {
			t.Errorf("step %d: %+v, want {N:%d Toward:%d}", i, s, i+1, want[i])
		}
	}
}

func TestFlow(t *testing.T) {
	rows, xs, n := Flow([]float64{40, 40, 40, 200, 10}, 130, 5)
	wantRows := []int{0, 0, 0, 1, 2}
	wantXs := []float64{0, 45, 90, 0, 0}
	if n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
	for i := range rows {
		if rows[i] != wantRows[i] || xs[i] != wantXs[i] {
			t.Errorf("item %d in row %d at %.0f, want row %d at %.0f", i, rows[i], xs[i], wantRows[i], wantXs[i])
		}
	}
	if _, _, n := Flow(nil, 100, 5); n != 0 {
		t.Errorf("no items take %d rows", n)
	}
}
