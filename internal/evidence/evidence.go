// Package evidence turns the stored results of one assessment into the
// evidence a hiring panel and a scenario author need: each candidate's
// standing among the others who took it (norms), how every decision node
// and option behaved (item analysis), how consistently the scenarios
// measure the shock absorber (reliability), and what changes when the
// stored transcripts are scored again under a revised key (re-scoring).
//
// It is pure: no I/O, no clock, no Ebitengine. The panel reads its
// database and hands the reports and transcripts in; tests hand in
// simulated candidates.
package evidence

import (
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Candidate is one stored submission as the analysis reads it: one report
// per scenario of the assessment and, when kept, the transcripts they were
// scored from (for the times and timeouts). Reports are matched to
// scenarios by their scenario id, transcripts to reports by position.
type Candidate struct {
	ID          int64
	Name        string
	Reports     []play.Report
	Transcripts []play.Transcript
	// Scenarios and Lost, when Scenarios is not 0, count the candidate's
	// scenarios and those that ended with the customer lost, for a
	// caller that merged the reports into one (the panel's cached
	// norms); otherwise they are counted from Reports.
	Scenarios, Lost int
}

// lostOf returns how many of the candidate's scenarios ended with the
// customer lost, and of how many.
func (c *Candidate) lostOf() (lost, of int) {
	if c.Scenarios != 0 {
		return c.Lost, c.Scenarios
	}
	for i := range c.Reports {
		if c.Reports[i].Ending == scoring.Lost {
			lost++
		}
	}
	return lost, len(c.Reports)
}

// Weights returns the candidate's weights summed over every report, as
// the panel sums a submission.
func (c *Candidate) Weights() scoring.Weights {
	var w scoring.Weights
	for i := range c.Reports {
		w = w.Add(c.Reports[i].Weights)
	}
	return w
}

// Analysis is the evidence about one assessment.
type Analysis struct {
	// N is the number of candidates analysed.
	N           int
	Norms       Norms
	Items       []Item
	Reliability Reliability
	// Flags lists every item flag, in the order of Items.
	Flags []Flag
}

// Analyze computes norms, item analysis and reliability for the
// candidates of an assessment made of list (its scenarios, in order).
func Analyze(list []*scenarios.Scenario, cands []Candidate) *Analysis {
	a := &Analysis{N: len(cands)}
	a.Norms = ComputeNorms(cands)
	a.Items = AnalyzeItems(list, cands)
	for i := range a.Items {
		a.Flags = append(a.Flags, a.Items[i].Flags...)
		for j := range a.Items[i].Options {
			a.Flags = append(a.Flags, a.Items[i].Options[j].Flags...)
		}
	}
	a.Reliability = ComputeReliability(list, cands)
	return a
}

const sa = 4 // index of the shock absorber in scoring.Archetypes

// saShare is the shock absorber's share of w (its drift), 0 without
// weight.
func saShare(w scoring.Weights) float64 {
	if s := w.Sum(); s > 0 {
		return w[sa] / s
	}
	return 0
}
