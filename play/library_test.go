package play

import (
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// TestLibrary holds every bundled scenario to the library's bar: valid with
// no warnings, acyclic, at least three archetypes reachable, and a path
// whose archetype is shock_absorber that ends resolved.
func TestLibrary(t *testing.T) {
	set, diags := scenarios.Library()
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	if len(set.Scenarios) < 3 {
		t.Fatalf("the library has %d scenarios, want at least 3", len(set.Scenarios))
	}
	for _, sc := range set.Scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			stats, err := Paths(sc)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Stuck != nil {
				t.Errorf("%s paths get stuck", stats.Stuck)
			}
			reached := 0
			for _, a := range scoring.Archetypes {
				if stats.Archetypes[a].Sign() > 0 {
					reached++
				}
			}
			if reached < 3 {
				t.Errorf("reaches %d archetypes (%v), want at least 3", reached, stats.Archetypes)
			}
			if stats.Archetypes[scoring.ShockAbsorber].Sign() == 0 {
				t.Fatal("no path has the shock_absorber archetype")
			}
			// The best path by shock-absorber drift must be a real
			// shock-absorber run that resolves the case.
			b := stats.Best
			if b.Archetype != scoring.ShockAbsorber || b.Ending != scoring.Resolved {
				t.Errorf("best path %v: archetype %q, ending %q", b.Choices, b.Archetype, b.Ending)
			}
			for _, n := range sc.Nodes {
				if stats.Nodes[n.ID].Sign() == 0 {
					t.Errorf("node %q is never entered by a complete path", n.ID)
				}
			}
		})
	}
}
