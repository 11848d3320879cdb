package evidence

import (
	"sort"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// MinNormGroup is how many candidates an assessment needs before their
// standings are shown. With fewer, one candidate moves every percentile by
// five points or more and a rank says more about who happened to apply
// than about the candidate; 20 keeps one candidate's weight in a
// percentile at 5 points.
const MinNormGroup = 20

// NoClearDrift names the group of candidates whose drift is not clear
// (scoring.Clear is false) in a Distribution.
const NoClearDrift = "no_clear_drift"

// Norms are the candidates' standings among everyone who took the
// assessment.
type Norms struct {
	N int
	// Enough reports that N is at least MinNormGroup: before that the
	// percentiles are computed but must not be shown.
	Enough bool
	// Standings holds one line per candidate, in the order given.
	Standings []Standing
	// Distribution counts the candidates per verdict: the five archetypes
	// in the contract's order (a clear drift), then NoClearDrift.
	Distribution []Share
	// Ties counts the candidates whose largest drift is shared by several
	// archetypes; NoClear those whose drift is not clear (ties included);
	// Lost those who lost the customer in at least one scenario.
	Ties, NoClear, Lost int
}

// Share is one verdict's count in a group.
type Share struct {
	Verdict string
	Count   int
	Share   float64
}

// Standing is one candidate's place in the group.
type Standing struct {
	ID   int64
	Name string
	// ShockAbsorber is the candidate's shock-absorber drift over the whole
	// assessment; FitRate the share of its decisions whose action fit
	// (Fitting of Decisions), 0 when it took no decision with fit.
	ShockAbsorber     float64
	Fitting           int
	Decisions         int
	FitRate           float64
	Archetype         string
	Clear             bool
	Tied              []string
	Margin            float64
	SAPercentile      float64
	FitRatePercentile float64
	// Lost of Scenarios ended with the customer walking out: the drift
	// counts those choices too, but the game calls a lost customer's
	// drift no result, so a reviewer should see it beside the verdict.
	Lost, Scenarios int
}

// Verdict is the candidate's archetype when the drift is clear, otherwise
// NoClearDrift.
func (s *Standing) Verdict() string {
	if s.Clear && s.Archetype != "" {
		return s.Archetype
	}
	return NoClearDrift
}

// ComputeNorms places every candidate in the group: percentiles of the
// shock-absorber drift and the fit rate, the distribution of verdicts,
// ties and unclear drifts.
func ComputeNorms(cands []Candidate) Norms {
	n := Norms{N: len(cands), Enough: len(cands) >= MinNormGroup, Standings: make([]Standing, len(cands))}
	sas := make([]float64, len(cands))
	fits := make([]float64, len(cands))
	counts := map[string]int{}
	for i := range cands {
		c := &cands[i]
		w := c.Weights()
		st := Standing{ID: c.ID, Name: c.Name, ShockAbsorber: saShare(w), Archetype: scoring.Archetype(w),
			Clear: scoring.Clear(w), Tied: scoring.Tied(w), Margin: scoring.Margin(w)}
		for _, r := range c.Reports {
			st.Fitting += r.Fitting
			st.Decisions += r.Decisions
		}
		if st.Decisions > 0 {
			st.FitRate = float64(st.Fitting) / float64(st.Decisions)
		}
		st.Lost, st.Scenarios = c.lostOf()
		if st.Lost > 0 {
			n.Lost++
		}
		if len(st.Tied) > 1 {
			n.Ties++
		}
		if !st.Clear {
			n.NoClear++
		}
		counts[st.Verdict()]++
		sas[i], fits[i] = st.ShockAbsorber, st.FitRate
		n.Standings[i] = st
	}
	saRank, fitRank := percentiles(sas), percentiles(fits)
	for i := range n.Standings {
		n.Standings[i].SAPercentile, n.Standings[i].FitRatePercentile = saRank[i], fitRank[i]
	}
	for _, v := range append(scoring.Archetypes[:], NoClearDrift) {
		sh := Share{Verdict: v, Count: counts[v]}
		if n.N > 0 {
			sh.Share = float64(sh.Count) / float64(n.N)
		}
		n.Distribution = append(n.Distribution, sh)
	}
	return n
}

// percentiles returns each value's percentile rank in vals, 0..100: the
// share of the group below it plus half the share equal to it (the
// mid-rank, so equal scores get equal ranks and a group of one stands at
// 50).
func percentiles(vals []float64) []float64 {
	out := make([]float64, len(vals))
	if len(vals) == 0 {
		return out
	}
	sorted := append([]float64(nil), vals...)
	sort.Float64s(sorted)
	for i, v := range vals {
		below := sort.SearchFloat64s(sorted, v)
		upto := sort.Search(len(sorted), func(k int) bool { return sorted[k] > v })
		out[i] = 100 * (float64(below) + 0.5*float64(upto-below)) / float64(len(vals))
	}
	return out
}
