package evidence

import (
	"fmt"
	"math"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// Reliability thresholds. An alpha of 0.7 is the usual floor for comparing
// groups; decisions about one person want 0.8 or more. Under
// MinReliabilityN candidates an alpha moves by a tenth or more from one
// sample to the next.
const (
	GoodAlpha       = 0.8
	AcceptableAlpha = 0.7
	MinReliabilityN = 30
)

// Reliability levels.
const (
	LevelNone       = "none" // not computable
	LevelLow        = "low"
	LevelAcceptable = "acceptable"
	LevelGood       = "good"
)

// Reliability is the internal consistency of the assessment's
// shock-absorber score: each scenario is an item, scored by the
// candidate's shock-absorber drift in it.
type Reliability struct {
	// N counts the candidates with a report for every scenario; K the
	// scenarios.
	N, K int
	// Alpha is Cronbach's alpha; SplitHalf the correlation between the
	// odd and even scenarios' mean scores stepped up with Spearman-Brown.
	// Both are NaN when they cannot be computed (Computable false).
	Alpha      float64
	SplitHalf  float64
	Computable bool
	Level      string
	// Caution says in plain words how far the figure can be trusted; ""
	// when it can.
	Caution string
}

// ComputeReliability estimates the internal consistency of the
// shock-absorber score across the scenarios of list.
func ComputeReliability(list []*scenarios.Scenario, cands []Candidate) Reliability {
	k := len(list)
	rel := Reliability{K: k, Alpha: math.NaN(), SplitHalf: math.NaN(), Level: LevelNone}
	pos := make(map[string]int, k)
	for i, sc := range list {
		pos[sc.ID] = i
	}
	var rows [][]float64
	for ci := range cands {
		row := make([]float64, k)
		have := 0
		for _, rep := range cands[ci].Reports {
			if j, ok := pos[rep.Scenario]; ok {
				row[j] = saShare(rep.Weights)
				have++
			}
		}
		if have == k {
			rows = append(rows, row)
		}
	}
	rel.N = len(rows)
	switch {
	case k < 2:
		rel.Caution = "The assessment has one scenario: internal consistency needs two or more."
		return rel
	case rel.N < 3:
		rel.Caution = fmt.Sprintf("Only %d candidate(s) finished every scenario: too few to estimate reliability.", rel.N)
		return rel
	}
	itemVar := 0.0
	totals := make([]float64, rel.N)
	odd, even := make([]float64, rel.N), make([]float64, rel.N)
	for j := range k {
		col := make([]float64, rel.N)
		for i, row := range rows {
			col[i] = row[j]
			totals[i] += row[j]
			if j%2 == 0 {
				odd[i] += row[j]
			} else {
				even[i] += row[j]
			}
		}
		itemVar += variance(col)
	}
	totalVar := variance(totals)
	if totalVar == 0 {
		rel.Caution = "Every candidate has the same total score: reliability cannot be estimated."
		return rel
	}
	rel.Computable = true
	rel.Alpha = float64(k) / float64(k-1) * (1 - itemVar/totalVar)
	if r := correlation(odd, even); !math.IsNaN(r) {
		rel.SplitHalf = 2 * r / (1 + r)
	}
	switch {
	case rel.Alpha >= GoodAlpha:
		rel.Level = LevelGood
	case rel.Alpha >= AcceptableAlpha:
		rel.Level = LevelAcceptable
	default:
		rel.Level = LevelLow
	}
	switch {
	case rel.Level == LevelLow && rel.N < MinReliabilityN:
		rel.Caution = fmt.Sprintf("Low (alpha %.2f) and measured on only %d candidates: treat each score as a rough indication, and compare candidates only when they differ widely.", rel.Alpha, rel.N)
	case rel.Level == LevelLow:
		rel.Caution = fmt.Sprintf("Low (alpha %.2f, under %.1f): the scenarios do not agree well about who is a shock absorber, so a single score can be off by a lot; do not rank close candidates by it.", rel.Alpha, AcceptableAlpha)
	case rel.N < MinReliabilityN:
		rel.Caution = fmt.Sprintf("Measured on only %d candidates (under %d): the figure may move a lot as more candidates take the assessment.", rel.N, MinReliabilityN)
	case rel.Level == LevelAcceptable:
		rel.Caution = fmt.Sprintf("Acceptable for comparing groups (alpha %.2f); for a decision about one person %.1f or more is better, so read a score together with the transcript.", rel.Alpha, GoodAlpha)
	}
	return rel
}

// variance is the sample variance (n-1).
func variance(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	mean := 0.0
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - mean) * (x - mean)
	}
	return s / float64(len(v)-1)
}

// correlation is Pearson's r, NaN when either side does not vary.
func correlation(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= n
	mb /= n
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	if saa == 0 || sbb == 0 {
		return math.NaN()
	}
	return sab / math.Sqrt(saa*sbb)
}
