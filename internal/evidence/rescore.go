package evidence

import (
	"fmt"
	"slices"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Rescore re-plays a candidate's transcripts against the assessment's
// scenarios as they are now (list, matched by id), under the scoring
// rules this build has (scoring.Version), and returns the new reports in
// the order of the transcripts. A transcript the revised scenario can no
// longer replay (a choice that is gone, a node that moved) is an error
// naming it: the caller keeps that candidate's old reports.
func Rescore(list []*scenarios.Scenario, timeLimits bool, ts []play.Transcript) ([]play.Report, error) {
	out := make([]play.Report, len(ts))
	for i, t := range ts {
		sc := find(list, t.Scenario)
		if sc == nil {
			return nil, fmt.Errorf("transcript %d is for scenario %q, which the assessment no longer has", i+1, t.Scenario)
		}
		if slices.ContainsFunc(t.TimingsMS, func(ms int64) bool { return ms < 0 }) {
			// Negative times were stored as sent and flagged; the engine
			// counts them as 0, as it did when they were first scored.
			c := t
			c.TimingsMS = make([]int64, len(t.TimingsMS))
			for k, ms := range t.TimingsMS {
				c.TimingsMS[k] = max(ms, 0)
			}
			t = c
		}
		run, err := play.ReplayAssessment(sc, t, timeLimits)
		if err != nil {
			return nil, fmt.Errorf("transcript %d (scenario %q): %w", i+1, t.Scenario, err)
		}
		out[i] = run.Report()
	}
	return out, nil
}

func find(list []*scenarios.Scenario, id string) *scenarios.Scenario {
	for _, sc := range list {
		if sc.ID == id {
			return sc
		}
	}
	return nil
}

// Summary is what a panel reads off a candidate's reports.
type Summary struct {
	// Scoring is the oldest scoring version among the reports; a report
	// from before the field existed counts as version 1.
	Scoring       int             `json:"scoring"`
	Weights       scoring.Weights `json:"weights"`
	Archetype     string          `json:"archetype"`
	Clear         bool            `json:"clear"`
	Tied          []string        `json:"tied"`
	Margin        float64         `json:"margin"`
	ShockAbsorber float64         `json:"shock_absorber"`
	Fitting       int             `json:"fitting"`
	Decisions     int             `json:"decisions"`
	Endings       []string        `json:"endings"`
}

// Verdict is the archetype when the drift is clear, else NoClearDrift.
func (s Summary) Verdict() string {
	if s.Clear && s.Archetype != "" {
		return s.Archetype
	}
	return NoClearDrift
}

// Summarize sums a candidate's reports.
func Summarize(reps []play.Report) Summary {
	var s Summary
	for i, r := range reps {
		v := max(r.Scoring, 1)
		if i == 0 || v < s.Scoring {
			s.Scoring = v
		}
		s.Weights = s.Weights.Add(r.Weights)
		s.Fitting += r.Fitting
		s.Decisions += r.Decisions
		s.Endings = append(s.Endings, r.Ending)
	}
	s.Archetype = scoring.Archetype(s.Weights)
	s.Clear = scoring.Clear(s.Weights)
	s.Tied = scoring.Tied(s.Weights)
	s.Margin = scoring.Margin(s.Weights)
	s.ShockAbsorber = saShare(s.Weights)
	return s
}

// Change is what re-scoring changed for one candidate.
type Change struct {
	Before, After Summary
	// Verdict reports a different verdict (archetype or clearness);
	// Changed any difference in weights, endings or scoring version.
	Verdict bool
	Changed bool
	// Scenarios lists, per scenario, the steps whose weight changed
	// (1-based); only scenarios with a change are listed.
	Scenarios []ScenarioChange
}

// ScenarioChange is one scenario's part of a Change.
type ScenarioChange struct {
	Scenario string          `json:"scenario"`
	Before   scoring.Weights `json:"before"`
	After    scoring.Weights `json:"after"`
	Steps    []int           `json:"steps"`
}

// Compare tells what changed between a candidate's old and new reports
// (the same scenarios in the same order).
func Compare(before, after []play.Report) Change {
	c := Change{Before: Summarize(before), After: Summarize(after)}
	c.Verdict = c.Before.Verdict() != c.After.Verdict()
	c.Changed = c.Verdict || c.Before.Weights != c.After.Weights || c.Before.Scoring != c.After.Scoring ||
		!slices.Equal(c.Before.Endings, c.After.Endings)
	for i := range min(len(before), len(after)) {
		b, a := &before[i], &after[i]
		sc := ScenarioChange{Scenario: a.Scenario, Before: b.Weights, After: a.Weights}
		for k := range max(len(b.Steps), len(a.Steps)) {
			switch {
			case k >= len(b.Steps), k >= len(a.Steps), b.Steps[k].Weights != a.Steps[k].Weights:
				sc.Steps = append(sc.Steps, k+1)
			}
		}
		if len(sc.Steps) > 0 || sc.Before != sc.After {
			c.Scenarios = append(c.Scenarios, sc)
		}
	}
	return c
}
