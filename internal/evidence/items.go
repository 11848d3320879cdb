package evidence

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// Item analysis treats every decision node (a node offering two choices or
// more) as an item. A candidate's score on it is the shock-absorber weight
// of the choice taken there the first time the node was reached, as the
// current scenario keys it, divided by the most any choice there carries
// (0..1; a timeout scores 0). A candidate's total is the sum over the
// items reached; the rest score on an item is the total without that
// item, so that an item is not compared with itself.
//
// The candidates who reached a node are split into thirds by rest score:
// the discrimination index is the mean score of the strongest third minus
// that of the weakest (-1..1); for an option, the share of the strongest
// third who chose it minus that of the weakest. A good item has a
// positive index, a good wrong option a negative one.

// Flag kinds.
const (
	// FlagUnused: an option nobody chose, among at least MinReached
	// candidates who saw the node.
	FlagUnused = "unused_option"
	// FlagKeyProblem: an option scored as wrong that the strongest third
	// chooses clearly more often than the weakest (or the option keyed as
	// right that the weakest choose more often): the key may be wrong.
	FlagKeyProblem = "key_problem"
	// FlagNoDiscrimination: a node whose strongest and weakest thirds
	// score alike, or where every option scores the same.
	FlagNoDiscrimination = "no_discrimination"
)

// Thresholds of the flags.
const (
	// MinReached is how many candidates must have reached a node before
	// its options are judged.
	MinReached = 20
	// MinThird is the fewest candidates in each third for a
	// discrimination index to be computed.
	MinThird = 5
	// LowDiscrimination: below it, a node does not tell strong from weak
	// candidates (Ebel's guide calls items under 0.2 poor).
	LowDiscrimination = 0.2
	// KeyProblemIndex and KeyProblemShare: an option scored as wrong whose
	// discrimination index is at least KeyProblemIndex and which at least
	// KeyProblemShare of the strongest third chose.
	KeyProblemIndex = 0.2
	KeyProblemShare = 0.25
	// KeyProblemZ: and the difference between the thirds must be unlikely
	// by chance (a two-proportion z-test), so that a small group's noise
	// is not taken for a wrong key. An assessment tests a hundred options
	// or more at once, so the bar is z 2.5 (about 1 in 80 two-sided)
	// rather than 1.96. On the standard assessment with simulated groups
	// of 60, a right key is flagged in about 1 analysis in 20 and the
	// planted key problem of the tests found in 3 of 4; with 120
	// candidates it is found every time.
	KeyProblemZ = 2.5
)

// Flag is a finding about a node or an option, pointing at the scenario
// file and line to look at.
type Flag struct {
	Kind     string
	Scenario string
	File     string
	Line     int
	Node     string
	// Option is the choice's 1-based position in the node in the file; 0
	// for a flag about the node.
	Option  int
	Message string
}

// Where is the flag's file:line.
func (f *Flag) Where() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// Item is the analysis of one decision node.
type Item struct {
	Scenario string
	File     string
	Node     string
	// Label is the node's title, or its id.
	Label string
	Line  int
	// Reached counts the candidates who reached the node; Timeouts those
	// whose time ran out there.
	Reached  int
	Timeouts int
	// MedianMS is the median time taken to choose (timeouts left out), -1
	// when no time was recorded.
	MedianMS int64
	// Difficulty is the mean score (the share of the most a choice gives).
	Difficulty float64
	// Discrimination is the strongest third's mean score minus the
	// weakest's; Discriminates is false when the thirds were too small
	// (under MinThird) to compute it, or no option scores more than
	// another.
	Discrimination float64
	Discriminates  bool
	Third          int
	// Keyed is false when every option carries the same shock-absorber
	// weight: the node cannot tell anyone apart.
	Keyed   bool
	Options []Option
	Flags   []Flag
}

// Option is one choice of an item.
type Option struct {
	// N is its 1-based position in the node in the file.
	N        int
	Text     string
	Action   string
	FollowUp string
	Line     int
	// Score is what choosing it scores (0..1); Best marks the options
	// scoring the most.
	Score  float64
	Best   bool
	Chosen int
	Share  float64
	// UpperShare and LowerShare are the shares of the strongest and
	// weakest thirds that chose it; Discrimination their difference.
	UpperShare     float64
	LowerShare     float64
	Discrimination float64
	Flags          []Flag
}

type response struct {
	cand   int32
	option int32 // 1-based file position; 0 for a timeout
	score  float64
	rest   float64 // the candidate's total without this item
	ms     int64   // -1 without a time
}

type itemKey struct{ scenario, node string }

// AnalyzeItems analyses every decision node of list over the candidates.
func AnalyzeItems(list []*scenarios.Scenario, cands []Candidate) []Item {
	var items []Item
	var keys [][]float64 // per item, the score of each option
	index := map[itemKey]int{}
	scIndex := map[string]*scenarios.Scenario{}
	for _, sc := range list {
		scIndex[sc.ID] = sc
		for _, n := range sc.Nodes {
			if len(n.Choices) < 2 {
				continue
			}
			if _, dup := index[itemKey{sc.ID, n.ID}]; dup {
				continue
			}
			it := Item{Scenario: sc.ID, File: sc.File, Node: n.ID, Label: n.Label(), Line: n.Line, MedianMS: -1}
			raw := make([]float64, len(n.Choices))
			most := 0.0
			for j, c := range n.Choices {
				raw[j] = play.ChoiceWeights(n, c)[sa]
				most = max(most, raw[j])
			}
			for j, c := range n.Choices {
				o := Option{N: j + 1, Text: c.Text, Action: c.Action, FollowUp: c.FollowUp, Line: c.Line}
				if most > 0 {
					raw[j] /= most
					o.Score = raw[j]
					o.Best = raw[j] == 1
				}
				if raw[j] != raw[0] {
					it.Keyed = true
				}
				it.Options = append(it.Options, o)
			}
			index[itemKey{sc.ID, n.ID}] = len(items)
			items = append(items, it)
			keys = append(keys, raw)
		}
	}
	resp := make([][]response, len(items))
	totals := make([]float64, len(cands))
	seen := make([]int32, len(items)) // the candidate+1 who last reached each item
	for ci := range cands {
		c := &cands[ci]
		for ri := range c.Reports {
			rep := &c.Reports[ri]
			sc := scIndex[rep.Scenario]
			if sc == nil {
				continue
			}
			var times []int64
			if ri < len(c.Transcripts) && c.Transcripts[ri].Scenario == rep.Scenario {
				times = c.Transcripts[ri].TimingsMS
			}
			for k := range rep.Steps {
				st := &rep.Steps[k]
				ii, ok := index[itemKey{rep.Scenario, st.Node}]
				if !ok || seen[ii] == int32(ci+1) {
					continue
				}
				seen[ii] = int32(ci + 1)
				r := response{cand: int32(ci), ms: -1}
				if k < len(times) {
					r.ms = times[k]
				}
				if !st.TimedOut {
					opt := st.Option
					if opt < 1 || opt > len(keys[ii]) {
						// A report older than the option field: find the
						// choice by its text.
						opt = optionByText(sc.Node(st.Node), st.Text)
					}
					if opt < 1 {
						continue
					}
					r.option = int32(opt)
					r.score = keys[ii][opt-1]
				}
				totals[ci] += r.score
				resp[ii] = append(resp[ii], r)
			}
		}
	}
	for i := range items {
		items[i].summarize(resp[i], totals)
	}
	return items
}

func optionByText(n *scenarios.Node, text string) int {
	if n == nil {
		return 0
	}
	for j, c := range n.Choices {
		if c.Text == text {
			return j + 1
		}
	}
	return 0
}

func (it *Item) summarize(rs []response, totals []float64) {
	it.Reached = len(rs)
	var times []int64
	sum := 0.0
	for _, r := range rs {
		sum += r.score
		if r.option == 0 {
			it.Timeouts++
		} else {
			it.Options[r.option-1].Chosen++
			if r.ms >= 0 {
				times = append(times, r.ms)
			}
		}
	}
	if len(times) > 0 {
		slices.Sort(times)
		m := len(times) / 2
		if len(times)%2 == 1 {
			it.MedianMS = times[m]
		} else {
			it.MedianMS = (times[m-1] + times[m]) / 2
		}
	}
	if it.Reached > 0 {
		it.Difficulty = sum / float64(it.Reached)
		for j := range it.Options {
			it.Options[j].Share = float64(it.Options[j].Chosen) / float64(it.Reached)
		}
	}
	// Thirds by rest score, strongest first; equal rest scores keep the
	// order of the candidates, so the split is the same on every run.
	for k := range rs {
		rs[k].rest = totals[rs[k].cand] - rs[k].score
	}
	slices.SortFunc(rs, func(a, b response) int {
		if c := cmp.Compare(b.rest, a.rest); c != 0 {
			return c
		}
		return cmp.Compare(a.cand, b.cand)
	})
	it.Third = len(rs) / 3
	if it.Third >= MinThird {
		g := it.Third
		upper, lower := rs[:g], rs[len(rs)-g:]
		var us, ls float64
		uc := make([]int, len(it.Options)+1)
		lc := make([]int, len(it.Options)+1)
		for k := range g {
			us += upper[k].score
			ls += lower[k].score
			uc[upper[k].option]++
			lc[lower[k].option]++
		}
		it.Discrimination = (us - ls) / float64(g)
		it.Discriminates = it.Keyed
		for j := range it.Options {
			o := &it.Options[j]
			o.UpperShare = float64(uc[j+1]) / float64(g)
			o.LowerShare = float64(lc[j+1]) / float64(g)
			o.Discrimination = o.UpperShare - o.LowerShare
		}
	}
	it.flag()
}

func (it *Item) flag() {
	at := func(kind string, opt, line int, msg string, a ...any) Flag {
		return Flag{Kind: kind, Scenario: it.Scenario, File: it.File, Line: line, Node: it.Node, Option: opt, Message: fmt.Sprintf(msg, a...)}
	}
	switch {
	case !it.Keyed:
		it.Flags = append(it.Flags, at(FlagNoDiscrimination, 0, it.Line,
			"node %q: every option carries the same shock-absorber weight, so the node cannot tell candidates apart", it.Node))
	case it.Third >= MinThird && it.Discrimination < LowDiscrimination:
		it.Flags = append(it.Flags, at(FlagNoDiscrimination, 0, it.Line,
			"node %q: discrimination index %.2f (under %.1f): the strongest and weakest thirds (%d each) score much alike here",
			it.Node, it.Discrimination, LowDiscrimination, it.Third))
	}
	for j := range it.Options {
		o := &it.Options[j]
		if o.Chosen == 0 && it.Reached >= MinReached {
			o.Flags = append(o.Flags, at(FlagUnused, o.N, o.Line,
				"node %q, option %d: none of the %d candidates who reached the node chose it", it.Node, o.N, it.Reached))
		}
		if !it.Keyed || it.Third < MinThird {
			continue
		}
		switch {
		case !o.Best && o.Discrimination >= KeyProblemIndex && o.UpperShare >= KeyProblemShare && zScore(o.UpperShare, o.LowerShare, it.Third) >= KeyProblemZ:
			o.Flags = append(o.Flags, at(FlagKeyProblem, o.N, o.Line,
				"node %q, option %d (%s/%s) scores %.0f%% of the best, yet %.0f%% of the strongest third chose it against %.0f%% of the weakest: check its key",
				it.Node, o.N, orNone(o.Action), o.FollowUp, o.Score*100, o.UpperShare*100, o.LowerShare*100))
		case o.Best && o.Discrimination <= -KeyProblemIndex && zScore(o.LowerShare, o.UpperShare, it.Third) >= KeyProblemZ:
			o.Flags = append(o.Flags, at(FlagKeyProblem, o.N, o.Line,
				"node %q, option %d (%s/%s) is keyed as the best, yet %.0f%% of the weakest third chose it against %.0f%% of the strongest: check its key",
				it.Node, o.N, orNone(o.Action), o.FollowUp, o.LowerShare*100, o.UpperShare*100))
		}
	}
}

// zScore is the two-proportion z statistic of p1 against p2, each the
// share of a group of n.
func zScore(p1, p2 float64, n int) float64 {
	p := (p1 + p2) / 2
	se := math.Sqrt(p * (1 - p) * 2 / float64(n))
	if se == 0 {
		return 0
	}
	return (p1 - p2) / se
}

func orNone(s string) string {
	if s == "" {
		return "no action"
	}
	return s
}

// Median returns the median of the item's times as a duration in seconds,
// NaN without times.
func (it *Item) MedianSeconds() float64 {
	if it.MedianMS < 0 {
		return math.NaN()
	}
	return float64(it.MedianMS) / 1000
}
