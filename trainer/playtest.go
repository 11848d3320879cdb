package trainer

import (
	"math/rand/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// MaxSteps bounds one random run, so that a scenario with a cycle cannot
// keep a playtest going forever.
const MaxSteps = 10_000

// Outcomes that are not endings.
const (
	OutcomeStuck      = "stuck"      // flags hid every choice of a node
	OutcomeUnfinished = "unfinished" // MaxSteps choices without an ending
)

// Playtest is the result of many random playthroughs.
type Playtest struct {
	Scenario string `json:"scenario"`
	Runs     int    `json:"runs"`
	Seed     uint64 `json:"seed"`
	// Endings counts runs by ending; "stuck" and "unfinished" count runs
	// that did not reach one.
	Endings map[string]int `json:"endings"`
	// Archetypes counts runs by final archetype, all five keys and "none".
	Archetypes map[string]int `json:"archetypes"`
	WalkedOut  int            `json:"walked_out"`
	// Nodes counts the runs that entered each node.
	Nodes map[string]int `json:"nodes"`
	// NodesNeverReached lists, in file order, the nodes no run entered.
	NodesNeverReached []string `json:"nodes_never_reached"`
	// ChoicesNeverTaken lists the choices no run took, in file order.
	ChoicesNeverTaken []ChoiceRef `json:"choices_never_taken"`
	// AverageSteps is the mean number of choices per run.
	AverageSteps float64 `json:"average_steps"`
}

// ChoiceRef names a choice by its node and its 1-based position in the
// node in the file.
type ChoiceRef struct {
	Node   string `json:"node"`
	Choice int    `json:"choice"`
	Text   string `json:"text"`
}

// RunPlaytest plays the scenario runs times, picking uniformly among the
// visible choices at each node. The same seed gives the same result.
func RunPlaytest(sc *scenarios.Scenario, runs int, seed uint64) *Playtest {
	pt := &Playtest{
		Scenario:          sc.ID,
		Runs:              runs,
		Seed:              seed,
		Endings:           map[string]int{},
		Archetypes:        map[string]int{play.NoArchetype: 0},
		Nodes:             map[string]int{},
		NodesNeverReached: []string{},
		ChoicesNeverTaken: []ChoiceRef{},
	}
	for _, a := range scoring.Archetypes {
		pt.Archetypes[a] = 0
	}
	taken := map[string][]bool{}
	for _, n := range sc.Nodes {
		if _, ok := taken[n.ID]; !ok {
			taken[n.ID] = make([]bool, len(n.Choices))
			pt.Nodes[n.ID] = 0
		}
	}
	// PCG seeded from the one number given; the second word is a fixed
	// odd constant so that seeds 0 and 1 differ in every bit.
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	totalSteps := 0
	entered := map[string]bool{}
	for range runs {
		r := play.New(sc)
		clear(entered)
		mark := func() {
			if n := r.Node(); n != nil && !entered[n.ID] {
				entered[n.ID] = true
				pt.Nodes[n.ID]++
			}
		}
		mark()
		outcome := ""
		for steps := 0; !r.Done(); steps++ {
			vis := r.Visible()
			if len(vis) == 0 {
				outcome = OutcomeStuck
				break
			}
			if steps >= MaxSteps {
				outcome = OutcomeUnfinished
				break
			}
			k := rng.IntN(len(vis))
			taken[r.Node().ID][vis[k].Index] = true
			if _, err := r.Choose(k); err != nil {
				outcome = OutcomeStuck
				break
			}
			totalSteps++
			if !r.WalkedOut() {
				mark()
			}
		}
		if outcome == "" {
			outcome = r.Ending()
		}
		pt.Endings[outcome]++
		if r.WalkedOut() {
			pt.WalkedOut++
		}
		a := r.Archetype()
		if a == "" {
			a = play.NoArchetype
		}
		pt.Archetypes[a]++
	}
	if runs > 0 {
		pt.AverageSteps = float64(totalSteps) / float64(runs)
	}
	seenNode := map[string]bool{}
	for _, n := range sc.Nodes {
		if seenNode[n.ID] {
			continue
		}
		seenNode[n.ID] = true
		if pt.Nodes[n.ID] == 0 {
			pt.NodesNeverReached = append(pt.NodesNeverReached, n.ID)
		}
		for i, c := range n.Choices {
			if !taken[n.ID][i] {
				pt.ChoicesNeverTaken = append(pt.ChoicesNeverTaken, ChoiceRef{Node: n.ID, Choice: i + 1, Text: Shorten(c.Text, 60)})
			}
		}
	}
	return pt
}
