package play

import (
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Report is the outcome of a run, as `scenario play --json` prints it and
// as every front end stores it. The first fields are the contract's; the
// rest are additions.
type Report struct {
	Scenario  string          `json:"scenario"`
	Ending    string          `json:"ending"`
	Mood      int             `json:"mood"`
	Archetype string          `json:"archetype"`
	Drift     scoring.Weights `json:"drift"`
	Path      []string        `json:"path"`
	Steps     []Step          `json:"steps"`
	// Scoring is the version of the scoring rules (contract section 3).
	Scoring int `json:"scoring"`
	// Tied lists the archetypes sharing the largest drift, in contract
	// order: one normally, several on a tie, none without weight.
	Tied []string `json:"tied"`
	// Margin is the largest drift minus the second largest (0 on a tie).
	Margin float64 `json:"margin"`
	// Clear reports whether the margin is at least scoring.ClearMargin:
	// when it is not, front ends say there is no clear drift yet.
	Clear bool `json:"clear"`

	Title     string          `json:"title"`
	Language  string          `json:"language"`
	WalkedOut bool            `json:"walked_out"`
	StartMood int             `json:"start_mood"`
	Weights   scoring.Weights `json:"weights"`
	Choices   []int           `json:"choices"`
	Flags     []string        `json:"flags"`
	// Fitting counts the steps whose action fit their node; Decisions the
	// steps taken at nodes that have fit.
	Fitting   int `json:"fitting"`
	Decisions int `json:"decisions"`
	// Edited marks a run that was moved to a node of an edited scenario
	// (see Resume): its steps are not a replay of one file.
	Edited bool `json:"edited,omitempty"`
}

// Report returns the run's report so far; Ending is "" while it goes on.
func (r *Run) Report() Report {
	rep := Report{
		Scenario:  r.sc.ID,
		Ending:    r.ending,
		Mood:      r.mood,
		Archetype: r.Archetype(),
		Drift:     r.Drift(),
		Path:      append([]string{}, r.path...),
		Steps:     append([]Step{}, r.steps...),
		Scoring:   scoring.Version,
		Tied:      scoring.Tied(r.weights),
		Margin:    scoring.Margin(r.weights),
		Clear:     scoring.Clear(r.weights),
		Title:     r.sc.Title,
		Language:  r.sc.Language,
		WalkedOut: r.walked,
		StartMood: clampMood(r.sc.Customer.Mood),
		Weights:   r.weights,
		Choices:   make([]int, len(r.steps)),
		Flags:     r.Flags(),
		Edited:    r.edited,
	}
	for i, s := range r.steps {
		rep.Choices[i] = s.Choice
		if len(s.Fit) > 0 {
			rep.Decisions++
			if s.Fits {
				rep.Fitting++
			}
		}
	}
	return rep
}
