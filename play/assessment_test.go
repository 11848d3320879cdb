package play

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TestAssessmentTranscriptsReplay plays an assessment through its display
// order and checks that each transcript re-scores to the very report the
// run produced, as the panel server will compute it.
func TestAssessmentTranscriptsReplay(t *testing.T) {
	list := []*scenarios.Scenario{load(t, "testdata/timed.toml"), load(t, "testdata/flags.toml")}
	for seed := uint64(0); seed < 20; seed++ {
		a := NewAssessment(list, seed, true)
		var reports []Report
		for step := 0; !a.Done(); step++ {
			if a.ScenarioDone() {
				a.Next()
				continue
			}
			if a.TimeLimit() > 0 && seed%5 == 0 {
				if _, err := a.Timeout(int64(a.TimeLimit()) * 1000); err != nil {
					t.Fatal(err)
				}
			} else if _, err := a.Choose(step%len(a.Displayed()), 1500); err != nil {
				t.Fatal(err)
			}
			if a.ScenarioDone() {
				reports = append(reports, a.Run().Report())
			}
		}
		trs := a.Transcripts()
		if len(trs) != 2 || len(reports) != 2 {
			t.Fatalf("seed %d: %d transcripts, %d reports", seed, len(trs), len(reports))
		}
		for i, tr := range trs {
			r, err := ReplayTranscript(list[i], tr)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			got, _ := json.Marshal(r.Report())
			want, _ := json.Marshal(reports[i])
			if string(got) != string(want) {
				t.Errorf("seed %d scenario %s: replay differs\n got %s\nwant %s", seed, tr.Scenario, got, want)
			}
		}
	}
}

func TestAssessmentDisplayOrder(t *testing.T) {
	sc := load(t, "testdata/timed.toml")
	orders := map[string]bool{}
	for seed := uint64(0); seed < 30; seed++ {
		a := NewAssessment([]*scenarios.Scenario{sc}, seed, false)
		key := ""
		for _, o := range a.Displayed() {
			key += string(rune('1' + o.Index))
		}
		orders[key] = true
		if a.TimeLimit() != 0 {
			t.Fatal("time limits are off, yet a limit shows")
		}
		if _, err := a.Timeout(1); !errors.Is(err, ErrNoTimeLimit) {
			t.Fatalf("timeout with limits off: %v", err)
		}
	}
	if len(orders) < 4 {
		t.Errorf("only %d display orders of 3 choices over 30 seeds", len(orders))
	}
}
