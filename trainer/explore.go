package trainer

import (
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// maxExploreStates bounds Explore; past it the answer is marked incomplete
// rather than slow.
const maxExploreStates = 200_000

// maxExploreBytes bounds the bytes of flag sets Explore keeps, and
// maxExploreWork the bytes of flag sets it reads or copies, past which the
// answer is marked incomplete too. A scenario of the library keeps a few
// kilobytes and does a few hundred kilobytes of work.
const (
	maxExploreBytes = 16 << 20
	maxExploreWork  = 256 << 20
)

// Reach is what can happen in a scenario, found by exploring every state
// (node, mood, flags) a run can be in. Unlike play.Paths it also works on
// scenarios with cycles.
type Reach struct {
	// Static holds the nodes reachable from start following every choice,
	// whatever flags and mood say: the nodes `check` does not warn about.
	Static map[string]bool
	// Entered holds the nodes some run enters.
	Entered map[string]bool
	// Shown[node][i] reports whether the node's i-th choice (0-based, in
	// file order) is visible in some run.
	Shown map[string][]bool
	// WalkOut[node][i] reports whether taking that choice can bring the
	// mood to 0, so that the customer walks out.
	WalkOut map[string][]bool
	// Complete is false when the exploration stopped at its bound; Entered,
	// Shown and WalkOut then hold only what was found.
	Complete bool
	// States is how many states were explored.
	States int
}

// Explore explores the scenario's states with the engine's own rules:
// visible choices from package play's VisibleOptions, moods from
// play.NextMood and play.WalksOut.
func Explore(sc *scenarios.Scenario) *Reach {
	r := &Reach{
		Static:   staticReach(sc),
		Entered:  map[string]bool{},
		Shown:    map[string][]bool{},
		WalkOut:  map[string][]bool{},
		Complete: true,
	}
	for _, n := range sc.Nodes {
		if _, ok := r.Shown[n.ID]; !ok {
			r.Shown[n.ID] = make([]bool, len(n.Choices))
			r.WalkOut[n.ID] = make([]bool, len(n.Choices))
		}
	}
	type state struct {
		node  string
		mood  int
		flags scenarios.FlagSet
	}
	start := state{sc.Start, play.NextMood(sc.Customer.Mood, 0), ""}
	seen := map[state]bool{start: true}
	stack := []state{start}
	var opts []play.Option
	// size is the bytes of flag sets kept; work the bytes of flag sets
	// read or copied. Both are bounded so that a file of many long flags
	// (a hostile one, or a mistake) costs megabytes and milliseconds.
	size, work := 0, 0
	for len(stack) > 0 && work <= maxExploreWork {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := sc.Node(st.node)
		if n == nil {
			continue
		}
		r.Entered[n.ID] = true
		if n.IsEnding() {
			continue
		}
		opts = play.VisibleOptions(n, st.flags.Has, opts[:0])
		for _, o := range opts {
			r.Shown[n.ID][o.Index] = true
			mood := play.NextMood(st.mood, o.Choice.Mood)
			if play.WalksOut(mood) {
				r.WalkOut[n.ID][o.Index] = true
				continue
			}
			if work += len(st.flags) + 1; work > maxExploreWork {
				r.Complete = false
				break
			}
			next := state{o.Choice.Next, mood, st.flags.With(o.Choice.Sets)}
			if seen[next] {
				continue
			}
			if len(seen) >= maxExploreStates || size+len(next.flags) > maxExploreBytes {
				r.Complete = false
				continue
			}
			size += len(next.flags)
			seen[next] = true
			stack = append(stack, next)
		}
	}
	r.States = len(seen)
	return r
}

func staticReach(sc *scenarios.Scenario) map[string]bool {
	seen := map[string]bool{}
	if sc.Node(sc.Start) == nil {
		return seen
	}
	seen[sc.Start] = true
	queue := []string{sc.Start}
	for len(queue) > 0 {
		n := sc.Node(queue[0])
		queue = queue[1:]
		if n == nil {
			continue
		}
		for _, c := range n.Choices {
			if !seen[c.Next] && sc.Node(c.Next) != nil {
				seen[c.Next] = true
				queue = append(queue, c.Next)
			}
		}
	}
	return seen
}
