package evidence

import (
	"fmt"
	"testing"
)

// BenchmarkAnalyze measures norms, item analysis and reliability over a
// group of simulated candidates on the standard assessment (14 scenarios).
func BenchmarkAnalyze(b *testing.B) {
	fs := fixtureScenarios(b)
	for _, n := range []int{1000, 10000} {
		cands := plain(simulate(b, fs.planted, n, 99))
		b.Run(fmt.Sprintf("candidates=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Analyze(fs.planted, cands)
			}
		})
	}
}

// BenchmarkRescore measures re-scoring one candidate's transcripts.
func BenchmarkRescore(b *testing.B) {
	fs := fixtureScenarios(b)
	sims := simulate(b, fs.planted, 100, 5)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := Rescore(fs.original, true, sims[i%len(sims)].Transcripts); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
