package play

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/reports")

// goldenRuns are the runs of one bundled scenario kept as golden reports.
type goldenRuns struct {
	Best    Report  `json:"best"`
	Worst   Report  `json:"worst"`
	Timeout *Report `json:"timeout,omitempty"` // the best path cut by a timeout at its first timed node
}

// TestGoldenReports replays transcripts of every bundled scenario (its
// best and worst paths, and a timeout) and compares the reports, byte for
// byte, with testdata/reports. The same test runs natively and compiled to
// WebAssembly (.ci/run: GOOS=js GOARCH=wasm go test -run Golden ./play),
// which is how one transcript is shown to give the same report on the
// desktop, in the browser and on the server. Run with -update after a
// deliberate change to the rules or the library.
func TestGoldenReports(t *testing.T) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for _, sc := range set.Scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			stats, err := Paths(sc)
			if err != nil {
				t.Fatal(err)
			}
			replay := func(choices []int) Report {
				t.Helper()
				run, err := ReplayTranscript(sc, Transcript{Scenario: sc.ID, Seed: 7, Choices: choices})
				if err != nil {
					t.Fatalf("%v: %v", choices, err)
				}
				return run.Report()
			}
			g := goldenRuns{Best: replay(stats.Best.Choices), Worst: replay(stats.Worst.Choices)}
			// A timeout at the first timed node the best path reaches.
			run := New(sc)
			for k, c := range stats.Best.Choices {
				if run.Node().TimeLimit > 0 {
					cut := append(append([]int{}, stats.Best.Choices[:k]...), 0)
					rep := replay(cut)
					g.Timeout = &rep
					break
				}
				if _, err := run.Choose(c - 1); err != nil {
					t.Fatal(err)
				}
			}
			got, err := MarshalJSON(g)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", "reports", sc.ID+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./play -run Golden -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("reports differ from %s (go test ./play -run Golden -update rewrites it after a deliberate change)\n got: %.400s\nwant: %.400s", file, got, want)
			}
		})
	}
}
