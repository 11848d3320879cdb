// Package progress is a player's practice history and what it suggests
// next: the runs the game keeps, which shadow archetypes each bundled
// scenario tempts (its traps), and the situation that trains the shadow
// the player drifts to most. It is pure Go: the game calls it, and its
// rules are tested here.
package progress

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Run is one finished practice run as the history keeps it.
type Run struct {
	// At is when the run finished, RFC 3339 UTC ("" when unknown).
	At        string          `json:"at,omitempty"`
	Scenario  string          `json:"scenario"`
	Situation string          `json:"situation,omitempty"`
	Language  string          `json:"language,omitempty"`
	Ending    string          `json:"ending"`
	Weights   scoring.Weights `json:"weights"`
	WalkedOut bool            `json:"walked_out,omitempty"`
}

// MaxRuns bounds the history: the oldest runs go first. A few hundred runs
// are months of daily practice and a few tens of kilobytes of save.
const MaxRuns = 300

// RunOf is the history's record of a finished run.
func RunOf(rep play.Report, situation string, at time.Time) Run {
	r := Run{Scenario: rep.Scenario, Situation: situation, Language: rep.Language, Ending: rep.Ending, Weights: rep.Weights, WalkedOut: rep.WalkedOut}
	if !at.IsZero() {
		r.At = at.UTC().Format(time.RFC3339)
	}
	return r
}

// Append adds r to the history, dropping the oldest runs beyond MaxRuns.
func Append(h []Run, r Run) []Run {
	h = append(h, r)
	if n := len(h) - MaxRuns; n > 0 {
		h = append(h[:0], h[n:]...)
	}
	return h
}

// Key is the situation a run belongs to: its situation key, or its
// scenario id for a file that has none.
func (r Run) Key() string {
	if r.Situation != "" {
		return r.Situation
	}
	return r.Scenario
}

// Shadows are the four archetypes that are not the shock absorber: the
// ways a case goes wrong, in the contract's order.
var Shadows = [...]int{0, 1, 2, 3}

const shock = scoring.NumArchetypes - 1

// Traps measures which shadows a scenario tempts: for each archetype, the
// share of all the options at its decisions (nodes with two or more
// choices) whose weight pulls toward it, by the scoring rules (v2). A
// scenario where many options keep the case without fitting has a large
// spring share: keeping the case is its trap.
func Traps(sc *scenarios.Scenario) scoring.Weights {
	var t scoring.Weights
	options := 0
	for _, n := range sc.Nodes {
		if len(n.Choices) < 2 {
			continue
		}
		for _, c := range n.Choices {
			w := scoring.StepWeights(scoring.Step{Fit: n.Fit, Action: c.Action, FollowUp: c.FollowUp, Drift: c.Drift})
			options++
			if sum := w.Sum(); sum > 0 {
				for k := range w {
					t[k] += w[k] / sum
				}
			}
		}
	}
	if options > 0 {
		for k := range t {
			t[k] /= float64(options)
		}
	}
	return t
}

// TrapsTable is Traps for every scenario of a set, by id, rounded to three
// decimals as library_traps.json stores it.
func TrapsTable(set []*scenarios.Scenario) map[string]scoring.Weights {
	out := make(map[string]scoring.Weights, len(set))
	for _, sc := range set {
		t := Traps(sc)
		for k := range t {
			t[k] = float64(int(t[k]*1000+0.5)) / 1000
		}
		out[sc.ID] = t
	}
	return out
}

// library_traps.json is TrapsTable of the bundled library, so the browser
// game, which carries only the library's catalog, knows every scenario's
// traps without its file. TestLibraryTrapsUpToDate keeps it in step.
//
//go:embed library_traps.json
var libraryTraps []byte

// LibraryTraps returns the bundled scenarios' traps by id. The table is
// decoded once (about 2 ms) and shared: callers must not change it.
var LibraryTraps = sync.OnceValue(func() map[string]scoring.Weights {
	var m map[string]scoring.Weights
	if err := json.Unmarshal(libraryTraps, &m); err != nil {
		return nil // the test reads the same bytes: a broken file fails it
	}
	return m
})

// Candidate is a situation the player could be sent to: one file of it,
// in the language the player reads, with its traps.
type Candidate struct {
	ID        string
	Situation string
	Title     string
	Traps     scoring.Weights
}

func (c Candidate) key() string {
	if c.Situation != "" {
		return c.Situation
	}
	return c.ID
}

// Recommendation is the next situation to practise and why.
type Recommendation struct {
	// Shadow is the archetype the player drifted to most often in the last
	// runs (an index in scoring.Archetypes), -1 when no shadow stood out;
	// Count of the last Of runs leaned to it.
	Shadow    int
	Count, Of int
	Pick      Candidate
	// Fresh says the pick is a situation not played yet, chosen because no
	// shadow stood out.
	Fresh bool
}

// Recent is how many of the latest runs a recommendation looks at.
const Recent = 5

// Recommend picks the next situation for a player with history h among
// cands: the one whose traps pull hardest toward the shadow archetype the
// player's last Recent runs leaned to most often (a run leans to the
// archetypes sharing its largest weight), preferring situations played
// less and not the one just played. With no shadow in those runs, it picks
// a situation not played yet, the one with the most traps. It reports
// false when it has nothing to say: no history, no candidates, or
// everything played and no shadow to train.
func Recommend(h []Run, cands []Candidate) (Recommendation, bool) {
	rec := Recommendation{Shadow: -1}
	if len(h) == 0 || len(cands) == 0 {
		return rec, false
	}
	last := h[max(0, len(h)-Recent):]
	rec.Of = len(last)
	var counts [scoring.NumArchetypes]int
	for _, r := range last {
		for _, a := range scoring.Tied(r.Weights) {
			counts[scoring.Index(a)]++
		}
	}
	for _, k := range Shadows {
		if counts[k] == 0 {
			continue
		}
		if rec.Shadow < 0 || counts[k] > counts[rec.Shadow] ||
			counts[k] == counts[rec.Shadow] && leansLater(last, k, rec.Shadow) {
			rec.Shadow = k
		}
	}
	plays := map[string]int{}
	for _, r := range h {
		plays[r.Key()]++
	}
	justPlayed := h[len(h)-1].Key()
	if rec.Shadow >= 0 {
		rec.Count = counts[rec.Shadow]
		k := rec.Shadow
		best := -1
		for i, c := range cands {
			if c.Traps[k] <= 0 {
				continue
			}
			if best < 0 || better(c, cands[best], k, plays, justPlayed) {
				best = i
			}
		}
		if best >= 0 {
			rec.Pick = cands[best]
			return rec, true
		}
	}
	// Nothing to train: a situation not played yet, the richest in traps.
	sorted := slices.Clone(cands)
	slices.SortStableFunc(sorted, func(a, b Candidate) int {
		return cmp.Compare(b.Traps.Sum()-b.Traps[shock], a.Traps.Sum()-a.Traps[shock])
	})
	for _, c := range sorted {
		if plays[c.key()] == 0 {
			return Recommendation{Shadow: -1, Of: rec.Of, Pick: c, Fresh: true}, true
		}
	}
	return rec, false
}

// better reports whether a trains shadow k better than b: not the
// situation just played, then larger traps (by more than a hair), then
// played fewer times, then the first in the list.
func better(a, b Candidate, k int, plays map[string]int, justPlayed string) bool {
	if ja, jb := a.key() == justPlayed, b.key() == justPlayed; ja != jb {
		return jb
	}
	if d := a.Traps[k] - b.Traps[k]; d > 0.02 || d < -0.02 {
		return d > 0
	}
	return plays[a.key()] < plays[b.key()]
}

// leansLater reports whether the latest run leaning to a or b leans to a.
func leansLater(runs []Run, a, b int) bool {
	for i := len(runs) - 1; i >= 0; i-- {
		la, lb := false, false
		for _, id := range scoring.Tied(runs[i].Weights) {
			la = la || scoring.Index(id) == a
			lb = lb || scoring.Index(id) == b
		}
		if la != lb {
			return la
		}
	}
	return false
}

// Series is each archetype's share of the drift in each of the last n
// runs, oldest first: the "drift over time" chart.
func Series(h []Run, n int) [scoring.NumArchetypes][]float64 {
	var s [scoring.NumArchetypes][]float64
	last := h[max(0, len(h)-n):]
	for k := range s {
		s[k] = make([]float64, len(last))
	}
	for i, r := range last {
		d := scoring.Drift(r.Weights)
		for k := range s {
			s[k][i] = d[k]
		}
	}
	return s
}

// Situations counts the distinct situations in the history.
func Situations(h []Run) int {
	seen := map[string]bool{}
	for _, r := range h {
		seen[r.Key()] = true
	}
	return len(seen)
}
