package panel

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// wellFormed fails the test when svg is not well-formed XML.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v\n%s", err, svg)
		}
	}
}

func submissionOf(weights scoring.Weights, endings []string, steps [][]scoring.Weights) submissionData {
	sub := &Submission{Weights: weights, Drift: scoring.Drift(weights)}
	d := submissionData{Sub: sub}
	for i, e := range endings {
		sub.Results = append(sub.Results, Result{Ending: e})
		var rep play.Report
		for _, w := range steps[i] {
			rep.Steps = append(rep.Steps, play.Step{Weights: w})
		}
		d.Scenarios = append(d.Scenarios, scenarioResult{Title: "S", Color: trailColor(i), Report: rep})
	}
	d.Verdict = submissionVerdict(sub)
	return d
}

// TestDriftMapSVG: the panel draws the game's map (scoring/driftmap): a
// fixed scale with labelled rings, the status line the game shows, the
// verdict's colour only for a clear drift with no customer lost, and one
// numbered step per choice.
func TestDriftMapSVG(t *testing.T) {
	sa, pivot := scoring.Weights{0, 0, 0, 0, 1}, scoring.Weights{1, 0, 0, 0, 0}
	cases := []struct {
		name    string
		w       scoring.Weights
		endings []string
		steps   [][]scoring.Weights
		status  string
		ink     string
	}{
		{"clear, kept", scoring.Weights{1, 0, 0, 0, 3}, []string{scoring.Resolved}, [][]scoring.Weights{{sa, pivot, sa, sa}},
			"Clear drift: Shock absorber", archInk[4]},
		{"clear, a customer lost", scoring.Weights{0, 0, 0, 0, 3}, []string{scoring.Resolved, scoring.Lost}, [][]scoring.Weights{{sa, sa}, {sa}},
			"Customer lost: this drift is no result", neutralInk},
		{"tie", scoring.Weights{2, 0, 2, 0, 0}, []string{scoring.Resolved}, [][]scoring.Weights{{pivot, {0, 0, 1, 0, 0}, pivot, {0, 0, 1, 0, 0}}},
			"Tie between Pivot and Connector", neutralInk},
		{"no clear drift yet", scoring.Weights{2, 0.5, 1.5, 0, 0}, []string{scoring.Unresolved}, [][]scoring.Weights{{pivot, {}}},
			"No clear drift yet", neutralInk},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svg := string(submissionOf(c.w, c.endings, c.steps).DriftMap())
			wellFormed(t, svg)
			for _, want := range []string{">25%<", ">50%<", ">75%<", ">100%<", c.status, "How they moved", "Steps: where each choice pulled", `class="drift" points=`, `fill="` + c.ink + `"`} {
				if !strings.Contains(svg, want) {
					t.Errorf("the map lacks %q", want)
				}
			}
			steps := 0
			for _, s := range c.steps {
				steps += len(s)
			}
			if got := strings.Count(svg, `<g class="step">`); got != steps {
				t.Errorf("%d steps drawn, want %d", got, steps)
			}
			if c.ink == neutralInk && strings.Contains(svg, `class="drift" points="`) && strings.Contains(svg, `fill="`+archInk[4]+`" fill-opacity`) {
				t.Error("a map with no verdict to show fills its shape in the shock absorber's colour")
			}
		})
	}
	// A step with no weight says so rather than pointing anywhere.
	svg := string(submissionOf(scoring.Weights{1}, []string{scoring.Resolved}, [][]scoring.Weights{{pivot, {}}}).DriftMap())
	if !strings.Contains(svg, ">no pull<") {
		t.Error("a step with no weight is not shown as such")
	}
}

// TestDriftMapFixedScale: 40 % sits short of the rim, where 100 % sits.
func TestDriftMapFixedScale(t *testing.T) {
	small := string(driftSVG(scoring.Weights{0.4, 0.3, 0.3, 0, 0}, nil, nil, 360))
	full := string(driftSVG(scoring.Weights{1, 0, 0, 0, 0}, nil, nil, 360))
	corner := func(svg string) string {
		i := strings.Index(svg, `class="drift" points="`)
		if i < 0 {
			t.Fatalf("no drift shape in %s", svg)
		}
		pts := strings.Fields(svg[i+len(`class="drift" points="`):])
		return pts[0] // the pivot's corner
	}
	if corner(small) == corner(full) {
		t.Errorf("40%% and 100%% pivot put the corner at the same place, %s", corner(small))
	}
	if strings.Contains(small, "Steps:") || !strings.Contains(small, "Shape:") {
		t.Error("a map without steps names them in its caption, or does not say what the shape is")
	}
	mini := string(driftSVG(scoring.Weights{1, 0, 0, 0, 1}, nil, nil, 64))
	wellFormed(t, mini)
	if strings.Contains(mini, "How they moved") || strings.Contains(mini, ">25%<") {
		t.Error("the dashboard's small map carries labels")
	}
}
