package evidence

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func TestNormsHiddenUntilEnoughCandidates(t *testing.T) {
	sims, _ := fixture60(t)
	all := plain(sims)
	if n := ComputeNorms(all[:MinNormGroup-1]); n.Enough {
		t.Errorf("%d candidates: Enough = true, want false", n.N)
	}
	n := ComputeNorms(all[:MinNormGroup])
	if !n.Enough {
		t.Errorf("%d candidates: Enough = false, want true", n.N)
	}
	n = ComputeNorms(all)
	total := 0
	for _, d := range n.Distribution {
		total += d.Count
	}
	if total != 60 || len(n.Distribution) != 6 {
		t.Errorf("distribution %+v counts %d candidates in %d groups, want 60 in 6", n.Distribution, total, len(n.Distribution))
	}
	// The candidates who lean toward the shock absorber stand higher than
	// the others.
	var saMean, otherMean float64
	var saN, otherN int
	for i, st := range n.Standings {
		if st.SAPercentile < 0 || st.SAPercentile > 100 || st.FitRatePercentile < 0 || st.FitRatePercentile > 100 {
			t.Fatalf("candidate %d: percentiles %v, %v outside 0..100", i+1, st.SAPercentile, st.FitRatePercentile)
		}
		if sims[i].persona == scoring.ShockAbsorber {
			saMean, saN = saMean+st.SAPercentile, saN+1
		} else {
			otherMean, otherN = otherMean+st.SAPercentile, otherN+1
		}
	}
	saMean, otherMean = saMean/float64(saN), otherMean/float64(otherN)
	if saMean < otherMean+30 {
		t.Errorf("shock-absorber personas stand at %.0f on average, the others at %.0f: want the first well above", saMean, otherMean)
	}
}

func TestNormsPercentilesGiveEqualScoresEqualRanks(t *testing.T) {
	got := percentiles([]float64{0.5, 0.1, 0.5, 0.9})
	want := []float64{50, 12.5, 50, 87.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("percentiles = %v, want %v", got, want)
		}
	}
}

// report makes a report of one scenario with the given weights.
func report(id string, w scoring.Weights, fitting, decisions int) play.Report {
	return play.Report{Scenario: id, Weights: w, Fitting: fitting, Decisions: decisions, Scoring: scoring.Version}
}

func TestNormsFlagTiesAndNoClearDrift(t *testing.T) {
	cands := []Candidate{
		{ID: 1, Reports: []play.Report{report("a", scoring.Weights{1, 0, 0, 0, 1}, 1, 2)}}, // tie pivot/shock absorber
		{ID: 2, Reports: []play.Report{report("a", scoring.Weights{0, 0, 0, 0, 3}, 2, 2)}}, // clear
		{ID: 3, Reports: []play.Report{report("a", scoring.Weights{0, 3, 0, 0, 2}, 0, 2)}}, // margin 0.2: clear spring
		{ID: 4, Reports: []play.Report{report("a", scoring.Weights{0, 4, 0, 0, 3}, 0, 2)}}, // margin 1/7: unclear
		{ID: 5, Reports: []play.Report{report("a", scoring.Weights{}, 0, 0)}},              // no weight at all
	}
	n := ComputeNorms(cands)
	if n.Ties != 1 || n.NoClear != 3 {
		t.Errorf("Ties, NoClear = %d, %d, want 1, 3", n.Ties, n.NoClear)
	}
	want := []string{NoClearDrift, scoring.ShockAbsorber, scoring.Spring, NoClearDrift, NoClearDrift}
	for i, st := range n.Standings {
		if st.Verdict() != want[i] {
			t.Errorf("candidate %d: verdict %q, want %q", i+1, st.Verdict(), want[i])
		}
	}
	if got := n.Standings[0].Tied; len(got) != 2 {
		t.Errorf("candidate 1: tied %v, want pivot and shock_absorber", got)
	}
	if n.Enough {
		t.Error("5 candidates: norms shown")
	}
	if n.Standings[4].FitRate != 0 || n.Standings[1].FitRate != 1 {
		t.Errorf("fit rates %v and %v, want 0 (no decision) and 1", n.Standings[4].FitRate, n.Standings[1].FitRate)
	}
}

func TestItemAnalysisFlagsPlantedKeyProblem(t *testing.T) {
	sims, fs := fixture60(t)
	a := Analyze(fs.planted, plain(sims))
	var found bool
	for _, f := range a.Flags {
		if f.Kind != FlagKeyProblem {
			continue
		}
		if f.File != plantedFile || f.Node != plantedNode {
			t.Errorf("key problem flagged where none was planted: %s %s", f.Where(), f.Message)
			continue
		}
		if f.Option == plantedRight {
			found = true
			if f.Line != fs.plantedLine || f.Line == 0 {
				t.Errorf("the planted key problem is flagged at line %d, want %d (its [[node.choice]])", f.Line, fs.plantedLine)
			}
		}
	}
	if !found {
		t.Fatalf("the planted key problem (%s, node %q, option %d) is not flagged; flags: %+v", plantedFile, plantedNode, plantedRight, a.Flags)
	}
	// With the right key, the same candidates raise no key problem.
	b := Analyze(fs.original, plain(simulate(t, fs.original, 60, fixtureSeed)))
	for _, f := range b.Flags {
		if f.Kind == FlagKeyProblem {
			t.Errorf("right key: key problem flagged at %s: %s", f.Where(), f.Message)
		}
	}
}

func TestItemAnalysisCountsChoicesTimesAndTimeouts(t *testing.T) {
	sims, fs := fixture60(t)
	items := AnalyzeItems(fs.planted, plain(sims))
	var it *Item
	for i := range items {
		if items[i].Scenario == "v02-dizzy-spells" && items[i].Node == "opening" {
			it = &items[i]
		}
	}
	if it == nil {
		t.Fatal("no item for v02-dizzy-spells opening")
	}
	chosen, timeouts := 0, 0
	var times []int64
	for _, s := range sims {
		for k, tr := range s.Transcripts {
			if tr.Scenario != it.Scenario || len(tr.Choices) == 0 {
				continue
			}
			_ = k
			if tr.Choices[0] == 0 {
				timeouts++
			} else {
				chosen++
				times = append(times, tr.TimingsMS[0])
			}
		}
	}
	sum := 0
	for _, o := range it.Options {
		sum += o.Chosen
	}
	if it.Reached != 60 || sum != chosen || it.Timeouts != timeouts {
		t.Errorf("reached %d, chosen %d, timeouts %d; want 60, %d, %d", it.Reached, sum, it.Timeouts, chosen, timeouts)
	}
	below := 0
	for _, ms := range times {
		if ms < it.MedianMS {
			below++
		}
	}
	if it.MedianMS <= 0 || below > len(times)/2 {
		t.Errorf("median %d ms has %d of %d times below it", it.MedianMS, below, len(times))
	}
	if !it.Discriminates || it.Discrimination < LowDiscrimination {
		t.Errorf("v02 opening: discrimination %.2f (computed %v), want a working item", it.Discrimination, it.Discriminates)
	}
}

const unusedTOML = `id = "three-ways"
title = "Three ways"
language = "en"

[[node]]
id = "opening"
text = "The parcel is lost."
fit = ["assume"]

  [[node.choice]]
  text = "I'll trace it and call you back."
  action = "assume"
  follow_up = "close"
  next = "end"

  [[node.choice]]
  text = "Shipping will look into it."
  action = "derive"
  next = "end"

  [[node.choice]]
  text = "Let's open a ticket with everyone."
  action = "escalate"
  next = "end"

[[node]]
id = "end"
text = "Done."
ending = "resolved"
`

func TestItemAnalysisFlagsUnusedOptionAndNonDiscriminatingNode(t *testing.T) {
	sc, diags := scenarios.Parse("uploads/three-ways.toml", []byte(unusedTOML))
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	// 30 candidates who chose options 1 and 2 alternately: option 3 is
	// never chosen, and with a single item nobody's rest score differs.
	var cands []Candidate
	for i := range 30 {
		run, _, err := play.Replay(sc, []int{1 + i%2})
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, Candidate{ID: int64(i + 1), Reports: []play.Report{run.Report()}})
	}
	a := Analyze([]*scenarios.Scenario{sc}, cands)
	kinds := map[string]Flag{}
	for _, f := range a.Flags {
		kinds[f.Kind] = f
	}
	if f, ok := kinds[FlagUnused]; !ok || f.Option != 3 || f.Line != sc.Nodes[0].Choices[2].Line || f.Where() != "uploads/three-ways.toml:21" {
		t.Errorf("unused option flag = %+v, want option 3 at uploads/three-ways.toml:21", f)
	}
	if f, ok := kinds[FlagNoDiscrimination]; !ok || f.Line != 5 {
		t.Errorf("no-discrimination flag = %+v, want the node at line 5", f)
	}
	if _, ok := kinds[FlagKeyProblem]; ok {
		t.Errorf("key problem flagged: %+v", kinds[FlagKeyProblem])
	}
}

func TestReliabilityAlphaOfSimulatedGroup(t *testing.T) {
	sims, fs := fixture60(t)
	r := ComputeReliability(fs.planted, plain(sims))
	if !r.Computable || r.N != 60 || r.K != len(fs.planted) {
		t.Fatalf("reliability %+v: want computable over 60 candidates and %d scenarios", r, len(fs.planted))
	}
	// Simulated players lean the same way in every scenario: the
	// scenarios agree.
	if r.Alpha < GoodAlpha || r.Level != LevelGood || r.Caution != "" {
		t.Errorf("alpha %.3f, level %q, caution %q: want good and no caution", r.Alpha, r.Level, r.Caution)
	}
	if math.Abs(r.SplitHalf-r.Alpha) > 0.1 {
		t.Errorf("split-half %.3f far from alpha %.3f", r.SplitHalf, r.Alpha)
	}
}

func TestReliabilityAlphaMatchesHandComputation(t *testing.T) {
	// Three scenarios, four candidates, shock-absorber shares:
	//   1 1 1 / 1 0 1 / 0 1 0 / 0 0 0
	// item variances 1/3 each (sum 1), totals 3 2 1 0 (variance 5/3):
	// alpha = 3/2 * (1 - 1/(5/3)) = 0.6.
	list := []*scenarios.Scenario{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	rows := [][3]float64{{1, 1, 1}, {1, 0, 1}, {0, 1, 0}, {0, 0, 0}}
	var cands []Candidate
	for i, row := range rows {
		c := Candidate{ID: int64(i + 1)}
		for j, v := range row {
			c.Reports = append(c.Reports, report(list[j].ID, scoring.Weights{1 - v, 0, 0, 0, v}, 0, 1))
		}
		cands = append(cands, c)
	}
	r := ComputeReliability(list, cands)
	if math.Abs(r.Alpha-0.6) > 1e-12 {
		t.Errorf("alpha = %v, want 0.6", r.Alpha)
	}
	if r.Level != LevelLow || !strings.Contains(r.Caution, "only 4 candidates") {
		t.Errorf("level %q, caution %q: want low, naming the 4 candidates", r.Level, r.Caution)
	}
}

func TestReliabilityNeedsTwoScenariosAndVariance(t *testing.T) {
	one := ComputeReliability([]*scenarios.Scenario{{ID: "a"}}, []Candidate{{Reports: []play.Report{report("a", scoring.Weights{0, 0, 0, 0, 1}, 1, 1)}}})
	if one.Computable || !math.IsNaN(one.Alpha) || one.Caution == "" {
		t.Errorf("one scenario: %+v, want not computable with a caution", one)
	}
	list := []*scenarios.Scenario{{ID: "a"}, {ID: "b"}}
	same := make([]Candidate, 5)
	for i := range same {
		same[i].Reports = []play.Report{report("a", scoring.Weights{0, 0, 0, 0, 1}, 1, 1), report("b", scoring.Weights{0, 0, 0, 0, 1}, 1, 1)}
	}
	if r := ComputeReliability(list, same); r.Computable || r.Caution == "" {
		t.Errorf("no variance: %+v, want not computable with a caution", r)
	}
}

// v1Report turns a v2 report into what the panel stored before scoring
// v2: a fitting action nobody owns gave the shock absorber and the
// shadow half a point each, and the report had no scoring, tied, margin
// or clear fields.
func v1Report(t testing.TB, rep play.Report) play.Report {
	t.Helper()
	var total scoring.Weights
	for k, st := range rep.Steps {
		if st.Fits && !scoring.Owns(st.FollowUp) && len(st.Fit) > 0 {
			var w scoring.Weights
			w[scoring.Shadow(st.Action)], w[4] = 0.5, 0.5
			rep.Steps[k].Weights = w
		}
		total = total.Add(rep.Steps[k].Weights)
	}
	rep.Weights, rep.Drift, rep.Archetype = total, scoring.Drift(total), scoring.Archetype(total)
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scoring", "tied", "margin", "clear"} {
		delete(m, k)
	}
	data, _ = json.Marshal(m)
	var old play.Report
	if err := json.Unmarshal(data, &old); err != nil {
		t.Fatal(err)
	}
	return old
}

func TestRescoreV1ReportsBecomeV2(t *testing.T) {
	sims, fs := fixture60(t)
	changedVerdicts, changed := 0, 0
	for i, s := range sims {
		old := reportsOf(s.Candidate)
		for k := range old {
			old[k].Steps = append([]play.Step(nil), old[k].Steps...)
			old[k] = v1Report(t, old[k])
		}
		now, err := Rescore(fs.planted, true, s.Transcripts)
		if err != nil {
			t.Fatalf("candidate %d: %v", i+1, err)
		}
		c := Compare(old, now)
		if c.Before.Scoring != 1 || c.After.Scoring != scoring.Version {
			t.Fatalf("candidate %d: scoring %d -> %d, want 1 -> %d", i+1, c.Before.Scoring, c.After.Scoring, scoring.Version)
		}
		for _, r := range now {
			if r.Scoring != scoring.Version || r.Tied == nil {
				t.Fatalf("candidate %d: re-scored report has scoring %d, tied %v", i+1, r.Scoring, r.Tied)
			}
		}
		if c.After.Weights != s.Weights() {
			t.Errorf("candidate %d: re-scored weights %v, want the v2 weights %v", i+1, c.After.Weights, s.Weights())
		}
		if !c.Changed {
			t.Errorf("candidate %d: no change reported from v1 to v2", i+1)
		}
		if c.Before.Weights != c.After.Weights {
			changed++
			if len(c.Scenarios) == 0 {
				t.Errorf("candidate %d: weights changed but no scenario listed", i+1)
			}
		}
		if c.Verdict {
			changedVerdicts++
		}
	}
	// Pivots and springs took fitting actions with promises, which v1
	// half-credited to the shock absorber.
	if changed == 0 || changedVerdicts == 0 {
		t.Errorf("%d candidates' weights and %d verdicts changed from v1 to v2; want some of each", changed, changedVerdicts)
	}
}

func TestRescoreUnderRevisedKeyClearsPlantedProblem(t *testing.T) {
	sims, fs := fixture60(t)
	var cands []Candidate
	gained := 0
	for i, s := range sims {
		now, err := Rescore(fs.original, true, s.Transcripts)
		if err != nil {
			t.Fatalf("candidate %d: %v", i+1, err)
		}
		c := Compare(s.Reports, now)
		if c.After.ShockAbsorber > c.Before.ShockAbsorber {
			gained++
			if len(c.Scenarios) != 1 || c.Scenarios[0].Scenario != "v01-minibar-charge" || len(c.Scenarios[0].Steps) != 1 || c.Scenarios[0].Steps[0] != 1 {
				t.Errorf("candidate %d: changes %+v, want step 1 of v01-minibar-charge only", i+1, c.Scenarios)
			}
		}
		cands = append(cands, Candidate{ID: s.ID, Reports: now, Transcripts: s.Transcripts})
	}
	if gained == 0 {
		t.Error("no candidate gained shock-absorber drift under the corrected key")
	}
	for _, f := range Analyze(fs.original, cands).Flags {
		if f.Kind == FlagKeyProblem {
			t.Errorf("after re-scoring: key problem at %s: %s", f.Where(), f.Message)
		}
	}
}

func TestRescoreRefusesTranscriptTheRevisionCannotReplay(t *testing.T) {
	sc, diags := scenarios.Parse("uploads/three-ways.toml", []byte(unusedTOML))
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	_, err := Rescore([]*scenarios.Scenario{sc}, false, []play.Transcript{{Scenario: "three-ways", Choices: []int{4}}})
	if err == nil || !strings.Contains(err.Error(), `"three-ways"`) || !strings.Contains(err.Error(), "transcript 1") {
		t.Errorf("err = %v, want one naming transcript 1 and its scenario", err)
	}
	_, err = Rescore([]*scenarios.Scenario{sc}, false, []play.Transcript{{Scenario: "gone", Choices: []int{1}}})
	if err == nil || !strings.Contains(err.Error(), "no longer has") {
		t.Errorf("err = %v, want the scenario named as gone", err)
	}
}

func TestItemAnalysisKeepsSmallGroupNoiseFromKeyProblems(t *testing.T) {
	// 4 of 8 against 0 of 8 is a difference of 0.5, but among a hundred
	// options chance makes a few such differences in thirds of eight.
	if z := zScore(4.0/8, 0, 8); z >= KeyProblemZ {
		t.Errorf("z = %.2f for 4/8 against 0/8, want under %.2f", z, KeyProblemZ)
	}
	if z := zScore(11.0/20, 0, 20); z < KeyProblemZ {
		t.Errorf("z = %.2f for 11/20 against 0/20, want at least %.2f", z, KeyProblemZ)
	}
	// Over 20 seeded groups of 60: a right key is rarely flagged, the
	// planted problem mostly found.
	fs := fixtureScenarios(t)
	falseGroups, found := 0, 0
	for seed := uint64(1); seed <= 20; seed++ {
		for _, f := range Analyze(fs.original, plain(simulate(t, fs.original, 60, seed))).Flags {
			if f.Kind == FlagKeyProblem {
				falseGroups++
				t.Logf("right key, seed %d: key problem at %s: %s", seed, f.Where(), f.Message)
				break
			}
		}
		for _, f := range Analyze(fs.planted, plain(simulate(t, fs.planted, 60, seed))).Flags {
			if f.Kind == FlagKeyProblem && f.Node == plantedNode && f.File == plantedFile {
				found++
				break
			}
		}
	}
	if falseGroups > 2 || found < 14 {
		t.Errorf("right key flagged in %d of 20 groups (want at most 2), planted key found in %d of 20 (want at least 14)", falseGroups, found)
	}
}

// TestNormsCountLostCustomers: a candidate's lost customers are counted
// from their reports, or taken as given when the reports were merged.
func TestNormsCountLostCustomers(t *testing.T) {
	lost := report("b", scoring.Weights{2, 0, 0, 0, 0}, 0, 2)
	lost.Ending = scoring.Lost
	kept := report("a", scoring.Weights{0, 0, 0, 0, 3}, 2, 2)
	kept.Ending = scoring.Resolved
	cands := []Candidate{
		{ID: 1, Reports: []play.Report{kept, lost}},
		{ID: 2, Reports: []play.Report{kept, kept}},
		{ID: 3, Reports: []play.Report{kept}, Scenarios: 4, Lost: 3}, // merged, as the panel's cache does
	}
	n := ComputeNorms(cands)
	got := [][2]int{}
	for _, st := range n.Standings {
		got = append(got, [2]int{st.Lost, st.Scenarios})
	}
	if want := [][2]int{{1, 2}, {0, 2}, {3, 4}}; !reflect.DeepEqual(got, want) {
		t.Errorf("lost of scenarios %v, want %v", got, want)
	}
	if n.Lost != 2 {
		t.Errorf("Lost = %d candidates, want 2", n.Lost)
	}
}
