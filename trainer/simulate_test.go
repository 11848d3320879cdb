package trainer

import (
	"reflect"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func TestSimulateCandidatesReplayAsAssessmentsWithTimeLimits(t *testing.T) {
	lib, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	list, err := scenarios.PresetByID("standard").Scenarios(lib.Scenarios, "en")
	if err != nil {
		t.Fatal(err)
	}
	o := SimulateOptions{N: 25, Seed: 3, AssessmentSeed: 11, QMin: 0.4, QMax: 0.9, TimeLimits: true, TimeoutRate: 0.05}
	cands, err := SimulateCandidates(list, o)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := SimulateCandidates(list, o)
	if !reflect.DeepEqual(cands, again) {
		t.Error("the same options gave different candidates")
	}
	timeouts := 0
	for i, c := range cands {
		if c.Persona != scoring.Archetypes[i%scoring.NumArchetypes] || c.Q < o.QMin || c.Q > o.QMax {
			t.Errorf("candidate %d: persona %s, q %v", i+1, c.Persona, c.Q)
		}
		if len(c.Transcripts) != len(list) {
			t.Fatalf("candidate %d: %d transcripts for %d scenarios", i+1, len(c.Transcripts), len(list))
		}
		for k, tr := range c.Transcripts {
			if tr.Seed != 11 {
				t.Errorf("candidate %d, %s: seed %d", i+1, tr.Scenario, tr.Seed)
			}
			if _, err := play.ReplayAssessment(list[k], tr, true); err != nil {
				t.Errorf("candidate %d: %v", i+1, err)
			}
			for _, ch := range tr.Choices {
				if ch == 0 {
					timeouts++
				}
			}
		}
	}
	if timeouts == 0 {
		t.Error("no timeout at a 5% rate over 25 candidates")
	}
}

func TestSimulateCandidatesRefusesBadOptions(t *testing.T) {
	sc := &scenarios.Scenario{ID: "x"}
	for _, o := range []SimulateOptions{{N: -1}, {N: 1, QMin: 0.9, QMax: 0.1}, {N: 1, QMax: 1, TimeoutRate: 1}} {
		if _, err := SimulateCandidates([]*scenarios.Scenario{sc}, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := SimulateCandidates(nil, SimulateOptions{N: 1, QMax: 1}); err == nil {
		t.Error("no scenarios: no error")
	}
}
