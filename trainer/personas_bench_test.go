package trainer

import (
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// BenchmarkPersonasLibrary is `scenario playtest --personas` over every
// bundled scenario with the default settings: 1000 runs per persona and
// for the random strategy, q 0.8, one group per language.
func BenchmarkPersonasLibrary(b *testing.B) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		b.Skipf("the bundled library does not load (being rewritten?): %v", diags.Errors())
	}
	opt := PersonaOptions{Runs: 1000, Q: DefaultPersonaQ, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RunPersonas(set.Scenarios, opt); err != nil {
			b.Fatal(err)
		}
	}
}
