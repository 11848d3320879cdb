package evidence

import (
	"strings"
	"sync"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// The fixture is the standard assessment in English (the vignettes, then
// silent-reminders and friday-outage) taken by simulated candidates from
// trainer.SimulateCandidates, with time limits on. One key problem is
// planted: in the assessment's copy of v01-minibar-charge, the author has
// swapped two follow-ups at the opening, so the right answer ("Void the
// €54 under FD-7", assume/close) is keyed assume/promise (the Spring) and
// the wrong one ("a glitch that will reverse itself") assume/close (the
// shock absorber). The candidates choose by the real key; the assessment
// scores by the planted one.

const (
	fixtureSeed  = 2026
	plantedFile  = "uploads/v01-minibar-charge-revised.toml"
	plantedNode  = "opening"
	plantedRight = 2 // the option strong candidates choose, keyed wrong
	plantedWrong = 4 // the option keyed right
)

type fixtureSet struct {
	// original is the assessment with the right key; planted with the
	// planted key problem (what the candidates were scored on).
	original, planted []*scenarios.Scenario
	// plantedLine is the line of option plantedRight in plantedFile.
	plantedLine int
}

var (
	setOnce sync.Once
	set     fixtureSet
	setErr  string
)

func fixtureScenarios(t testing.TB) fixtureSet {
	t.Helper()
	setOnce.Do(func() {
		lib, diags := scenarios.Library()
		if diags.HasErrors() {
			setErr = diags.Errors().Error()
			return
		}
		list, err := scenarios.PresetByID("standard").Scenarios(lib.Scenarios, "en")
		if err != nil {
			setErr = err.Error()
			return
		}
		set.original = list
		data, err := scenarios.LibraryFile("library/vignettes/v01-minibar-charge.toml")
		if err != nil {
			setErr = err.Error()
			return
		}
		src := string(data)
		right := "text = \"Void the €54 under FD-7; send the corrected folio.\"\n  action = \"assume\"\n  follow_up = \"close\""
		wrong := "text = \"Tell her it's a glitch that will reverse itself.\"\n  action = \"assume\"\n  follow_up = \"promise\""
		if strings.Count(src, right) != 1 || strings.Count(src, wrong) != 1 {
			setErr = "v01-minibar-charge.toml changed: the planted key problem needs updating"
			return
		}
		src = strings.Replace(src, right, strings.Replace(right, `"close"`, `"promise"`, 1), 1)
		src = strings.Replace(src, wrong, strings.Replace(wrong, `"promise"`, `"close"`, 1), 1)
		sc, ds := scenarios.Parse(plantedFile, []byte(src))
		if sc == nil || ds.HasErrors() {
			setErr = "planted scenario: " + ds.Errors().Error()
			return
		}
		set.plantedLine = sc.Node(plantedNode).Choices[plantedRight-1].Line
		for _, s := range list {
			if s.ID == sc.ID {
				s = sc
			}
			set.planted = append(set.planted, s)
		}
	})
	if setErr != "" {
		t.Fatal(setErr)
	}
	return set
}

var (
	candOnce sync.Once
	cands60  []simulated
)

// simulated is a fixture candidate: who the simulation made them, and
// their transcripts scored on the planted assessment.
type simulated struct {
	persona string
	Candidate
}

// simulate plays n candidates through the original assessment and scores
// them on list.
func simulate(t testing.TB, list []*scenarios.Scenario, n int, seed uint64) []simulated {
	t.Helper()
	fs := fixtureScenarios(t)
	sims, err := trainer.SimulateCandidates(fs.original, trainer.SimulateOptions{
		N: n, Seed: seed, AssessmentSeed: 7, QMin: 0.35, QMax: 0.95, TimeLimits: true, TimeoutRate: 0.02,
	})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]simulated, n)
	for i, s := range sims {
		reps, err := Rescore(list, true, s.Transcripts)
		if err != nil {
			t.Fatalf("candidate %d: %v", i+1, err)
		}
		out[i] = simulated{persona: s.Persona, Candidate: Candidate{ID: int64(i + 1), Name: s.Persona, Reports: reps, Transcripts: s.Transcripts}}
	}
	return out
}

// fixture60 is the seeded assessment of 60 simulated candidates, scored on
// the planted key.
func fixture60(t testing.TB) ([]simulated, fixtureSet) {
	fs := fixtureScenarios(t)
	candOnce.Do(func() { cands60 = simulate(t, fs.planted, 60, fixtureSeed) })
	return cands60, fs
}

func plain(sims []simulated) []Candidate {
	out := make([]Candidate, len(sims))
	for i := range sims {
		out[i] = sims[i].Candidate
	}
	return out
}

// reportsOf returns the candidates' reports, copied.
func reportsOf(c Candidate) []play.Report { return append([]play.Report(nil), c.Reports...) }
