package play

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Limits bound the work Paths does, so that a hostile or accidental file
// gets a clear error instead of eating the machine.
type Limits struct {
	// States bounds the distinct (node, flags, mood) states explored.
	States int
	// Entries bounds the (state, summed weights) pairs tracked; scenarios
	// whose choices carry many different drift tables over long paths can
	// have many of them.
	Entries int
}

// DefaultLimits are the limits Paths uses.
var DefaultLimits = Limits{States: 2_000_000, Entries: 5_000_000}

// ErrTooLarge is returned when a scenario exceeds the limits.
var ErrTooLarge = errors.New("the scenario is too large to count its paths")

// ErrCycle is returned by Paths when a run could go round forever.
var ErrCycle = errors.New("the scenario has a cycle")

// NoArchetype is the key paths with no weight at all are counted under.
const NoArchetype = "none"

// PathStats counts every complete path through a scenario: every way of
// choosing among the visible choices from the start until the run ends.
type PathStats struct {
	Total *big.Int `json:"total"`
	// Endings counts paths by ending; only endings some path reaches appear.
	Endings map[string]*big.Int `json:"endings"`
	// Archetypes counts paths by final archetype: all five keys and "none".
	Archetypes map[string]*big.Int `json:"archetypes"`
	// Stuck counts paths that reach a node whose flags hide every choice;
	// they are not complete and are not in Total.
	Stuck *big.Int `json:"stuck,omitempty"`
	// Nodes counts, for each node, the complete paths that enter it.
	Nodes map[string]*big.Int `json:"nodes"`
	// LostShockAbsorber counts the paths that end lost (the customer walked
	// out, or a lost ending) yet come out shock_absorber, and LostExample
	// is one of them: a verdict no debrief should show. Nil when none.
	LostShockAbsorber *big.Int     `json:"lost_shock_absorber,omitempty"`
	LostExample       *PathSummary `json:"lost_example,omitempty"`
	// Best and Worst are paths with the highest and lowest shock_absorber
	// drift (the first found on ties). Nil when there is no complete path.
	Best  *PathSummary `json:"best"`
	Worst *PathSummary `json:"worst"`
	// States is how many distinct (node, flags, mood) states were explored.
	States int `json:"states"`
}

// PathSummary describes one path: the choices to replay it and its outcome.
type PathSummary struct {
	Choices       []int           `json:"choices"`
	Path          []string        `json:"path"`
	Ending        string          `json:"ending"`
	Archetype     string          `json:"archetype"`
	Drift         scoring.Weights `json:"drift"`
	ShockAbsorber float64         `json:"shock_absorber"`
	Mood          int             `json:"mood"`
}

// CycleError names the nodes of a cycle found by Paths.
type CycleError struct{ Nodes []string }

func (e *CycleError) Error() string {
	return fmt.Sprintf("the scenario has a cycle: %s -> %s (paths can only be counted for acyclic scenarios)", strings.Join(e.Nodes, " -> "), e.Nodes[0])
}

func (e *CycleError) Unwrap() error { return ErrCycle }

type stateKey struct {
	node  int32
	mood  int16
	flags uint64
}

// edge is one visible choice out of a state.
type edge struct {
	choice int // 1-based among the visible choices
	w      scoring.Weights
	to     int // target state, or -1 when the customer walks out
	mood   int // mood after the step
}

type pstate struct {
	key   stateKey
	edges []edge
	// terminal: "" for a state with choices, the ending for an ending node,
	// "stuck" when flags hide every choice.
	terminal string
}

// entry is one weight vector reaching a state: how many prefixes reach it
// that way and one of them, by its last step.
type entry struct {
	count  *big.Int
	prev   *entry // nil at the start
	choice int    // the step from prev, 1-based among the visible choices
}

type pathCounter struct {
	lim      Limits
	sc       *scenarios.Scenario
	nodeIdx  map[string]int32
	flagBit  map[string]uint64
	states   []pstate
	index    map[stateKey]int
	requires [][]uint64 // per node, per choice
	unless   [][]uint64
	sets     [][]uint64
}

// Paths counts every complete path of an acyclic scenario exactly, by
// dynamic programming over (node, flags, mood) states: paths are never
// walked one by one, so 3^40 of them take milliseconds. A cycle is an error
// naming its nodes.
func Paths(sc *scenarios.Scenario) (*PathStats, error) {
	return PathsWithLimits(sc, DefaultLimits)
}

// PathsWithLimits is Paths with explicit limits.
func PathsWithLimits(sc *scenarios.Scenario, lim Limits) (*PathStats, error) {
	pc := &pathCounter{lim: lim, sc: sc, nodeIdx: map[string]int32{}, flagBit: map[string]uint64{}, index: map[stateKey]int{}}
	if err := pc.prepare(); err != nil {
		return nil, err
	}
	start, ok := pc.nodeIdx[sc.Start]
	if !ok {
		return nil, fmt.Errorf("start node %q does not exist", sc.Start)
	}
	order, err := pc.explore(stateKey{node: start, mood: int16(clampMood(sc.Customer.Mood))})
	if err != nil {
		return nil, err
	}
	return pc.count(order)
}

func (pc *pathCounter) prepare() error {
	for i, n := range pc.sc.Nodes {
		if _, dup := pc.nodeIdx[n.ID]; !dup {
			pc.nodeIdx[n.ID] = int32(i)
		}
	}
	mask := func(flags []string) (uint64, error) {
		var m uint64
		for _, f := range flags {
			bit, ok := pc.flagBit[f]
			if !ok {
				if len(pc.flagBit) == 64 {
					return 0, errors.New("paths can count scenarios with at most 64 distinct flags")
				}
				bit = 1 << len(pc.flagBit)
				pc.flagBit[f] = bit
			}
			m |= bit
		}
		return m, nil
	}
	pc.requires = make([][]uint64, len(pc.sc.Nodes))
	pc.unless = make([][]uint64, len(pc.sc.Nodes))
	pc.sets = make([][]uint64, len(pc.sc.Nodes))
	for i, n := range pc.sc.Nodes {
		for _, c := range n.Choices {
			r, err := mask(c.Requires)
			if err != nil {
				return err
			}
			u, err := mask(c.Unless)
			if err != nil {
				return err
			}
			s, err := mask(c.Sets)
			if err != nil {
				return err
			}
			pc.requires[i] = append(pc.requires[i], r)
			pc.unless[i] = append(pc.unless[i], u)
			pc.sets[i] = append(pc.sets[i], s)
		}
	}
	return nil
}

func (pc *pathCounter) state(k stateKey) (int, bool) {
	if i, ok := pc.index[k]; ok {
		return i, false
	}
	i := len(pc.states)
	pc.index[k] = i
	pc.states = append(pc.states, pstate{key: k})
	return i, true
}

// expand fills in a state's edges, creating the states they lead to.
func (pc *pathCounter) expand(i int) {
	k := pc.states[i].key
	n := pc.sc.Nodes[k.node]
	if n.Ending != "" {
		pc.states[i].terminal = n.Ending
		return
	}
	var edges []edge
	for ci, c := range n.Choices {
		if pc.requires[k.node][ci]&^k.flags != 0 || pc.unless[k.node][ci]&k.flags != 0 {
			continue
		}
		e := edge{choice: len(edges) + 1, w: ChoiceWeights(n, c), to: -1}
		e.mood = NextMood(int(k.mood), c.Mood)
		if !WalksOut(e.mood) {
			to, ok := pc.nodeIdx[c.Next]
			if !ok {
				continue // invalid scenario; check reports it
			}
			e.to, _ = pc.state(stateKey{node: to, mood: int16(e.mood), flags: k.flags | pc.sets[k.node][ci]})
		}
		edges = append(edges, e)
	}
	if len(edges) == 0 {
		pc.states[i].terminal = "stuck"
	}
	pc.states[i].edges = edges
}

// explore discovers every state reachable from start by an iterative
// depth-first search and returns them in topological order, or the cycle it
// found.
func (pc *pathCounter) explore(start stateKey) ([]int, error) {
	root, _ := pc.state(start)
	const (
		unseen = iota
		open
		closed
	)
	color := []uint8{}
	type frame struct{ s, next int }
	stack := []frame{{root, 0}}
	var post []int
	grow := func(i int) {
		for len(color) <= i {
			color = append(color, unseen)
		}
	}
	grow(root)
	color[root] = open
	pc.expand(root)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		edges := pc.states[top.s].edges
		if top.next >= len(edges) {
			color[top.s] = closed
			post = append(post, top.s)
			stack = stack[:len(stack)-1]
			continue
		}
		to := edges[top.next].to
		top.next++
		if to < 0 {
			continue
		}
		grow(to)
		switch color[to] {
		case open:
			var ids []string
			for j := len(stack) - 1; j >= 0; j-- {
				ids = append([]string{pc.sc.Nodes[pc.states[stack[j].s].key.node].ID}, ids...)
				if stack[j].s == to {
					break
				}
			}
			return nil, &CycleError{Nodes: dedupeCycle(ids)}
		case unseen:
			if len(pc.states) > pc.lim.States {
				return nil, fmt.Errorf("%w: more than %d distinct (node, flags, mood) states", ErrTooLarge, pc.lim.States)
			}
			color[to] = open
			pc.expand(to)
			grow(len(pc.states) - 1)
			stack = append(stack, frame{to, 0})
		}
	}
	for l, r := 0, len(post)-1; l < r; l, r = l+1, r-1 {
		post[l], post[r] = post[r], post[l]
	}
	return post, nil
}

// dedupeCycle shortens a cycle of states to its nodes: states of one node
// that differ only in mood or flags repeat the node id.
func dedupeCycle(ids []string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if len(out) == 0 || out[len(out)-1] != id {
			out = append(out, id)
		}
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// outcome is one way a path ends: its ending and weight vector.
type outcome struct {
	ending string
	w      scoring.Weights
}

func (pc *pathCounter) count(order []int) (*PathStats, error) {
	entries := 0
	dist := make([]map[scoring.Weights]*entry, len(pc.states))
	root := order[0]
	dist[root] = map[scoring.Weights]*entry{{}: {count: big.NewInt(1)}}
	// Complete paths end in outcomes; each keeps one representative.
	outcomes := map[outcome]*entry{}
	var outcomeOrder []outcome
	addOutcome := func(o outcome, e *entry) {
		if have, ok := outcomes[o]; ok {
			have.count.Add(have.count, e.count)
			return
		}
		outcomes[o] = e
		outcomeOrder = append(outcomeOrder, o)
	}
	fwd := make([]*big.Int, len(pc.states))
	for _, s := range order {
		st := &pc.states[s]
		total := new(big.Int)
		for _, e := range dist[s] {
			total.Add(total, e.count)
		}
		fwd[s] = total
		pairs := sortedPairs(dist[s])
		dist[s] = nil // kept only through the back pointers below
		if st.terminal != "" {
			for _, pair := range pairs {
				addOutcome(outcome{st.terminal, pair.w}, pair.e)
			}
			continue
		}
		for _, ed := range st.edges {
			for _, pair := range pairs {
				w2 := pair.w.Add(ed.w)
				if ed.to < 0 {
					addOutcome(outcome{scoring.Lost, w2}, &entry{count: new(big.Int).Set(pair.e.count), prev: pair.e, choice: ed.choice})
					continue
				}
				if dist[ed.to] == nil {
					dist[ed.to] = map[scoring.Weights]*entry{}
				}
				if have, ok := dist[ed.to][w2]; ok {
					have.count.Add(have.count, pair.e.count)
				} else {
					if entries++; entries > pc.lim.Entries {
						return nil, fmt.Errorf("%w: more than %d distinct combinations of state and score", ErrTooLarge, pc.lim.Entries)
					}
					dist[ed.to][w2] = &entry{count: new(big.Int).Set(pair.e.count), prev: pair.e, choice: ed.choice}
				}
			}
		}
	}

	stats := &PathStats{
		Total:      new(big.Int),
		Endings:    map[string]*big.Int{},
		Archetypes: map[string]*big.Int{NoArchetype: new(big.Int)},
		Nodes:      map[string]*big.Int{},
		States:     len(pc.states),
	}
	for _, a := range scoring.Archetypes {
		stats.Archetypes[a] = new(big.Int)
	}
	var best, worst *outcome
	var bestSA, worstSA float64
	for i := range outcomeOrder {
		o := outcomeOrder[i]
		e := outcomes[o]
		if o.ending == "stuck" {
			if stats.Stuck == nil {
				stats.Stuck = new(big.Int)
			}
			stats.Stuck.Add(stats.Stuck, e.count)
			continue
		}
		stats.Total.Add(stats.Total, e.count)
		if stats.Endings[o.ending] == nil {
			stats.Endings[o.ending] = new(big.Int)
		}
		stats.Endings[o.ending].Add(stats.Endings[o.ending], e.count)
		a := scoring.Archetype(o.w)
		if a == "" {
			a = NoArchetype
		}
		stats.Archetypes[a].Add(stats.Archetypes[a], e.count)
		if o.ending == scoring.Lost && a == scoring.ShockAbsorber {
			if stats.LostShockAbsorber == nil {
				stats.LostShockAbsorber = new(big.Int)
				stats.LostExample = pc.summary(o, e)
			}
			stats.LostShockAbsorber.Add(stats.LostShockAbsorber, e.count)
		}
		// Best: highest shock-absorber drift, then the better ending; worst
		// the other way round. The first found wins remaining ties.
		sa := scoring.Drift(o.w)[scoring.Index(scoring.ShockAbsorber)]
		rank := EndingRank(o.ending)
		if best == nil || sa > bestSA || sa == bestSA && rank < EndingRank(best.ending) {
			bestSA, best = sa, &outcomeOrder[i]
		}
		if worst == nil || sa < worstSA || sa == worstSA && rank > EndingRank(worst.ending) {
			worstSA, worst = sa, &outcomeOrder[i]
		}
	}
	if best != nil {
		stats.Best = pc.summary(*best, outcomes[*best])
		stats.Worst = pc.summary(*worst, outcomes[*worst])
	}
	pc.nodeCounts(order, fwd, stats)
	return stats, nil
}

type weightedEntry struct {
	w scoring.Weights
	e *entry
}

// sortedPairs returns a state's entries in a fixed order so that the
// representative paths do not depend on map iteration.
func sortedPairs(m map[scoring.Weights]*entry) []weightedEntry {
	out := make([]weightedEntry, 0, len(m))
	for w, e := range m {
		out = append(out, weightedEntry{w, e})
	}
	sortWeighted(out)
	return out
}

func sortWeighted(list []weightedEntry) {
	slices.SortFunc(list, func(a, b weightedEntry) int {
		for i := range a.w {
			if c := cmp.Compare(a.w[i], b.w[i]); c != 0 {
				return c
			}
		}
		return 0
	})
}

// summary rebuilds an outcome's representative path from the back
// pointers and replays it through the engine for its details.
func (pc *pathCounter) summary(o outcome, e *entry) *PathSummary {
	var rev []int
	for cur := e; cur != nil && cur.prev != nil; cur = cur.prev {
		rev = append(rev, cur.choice)
	}
	choices := make([]int, len(rev))
	for i := range rev {
		choices[i] = rev[len(rev)-1-i]
	}
	r, _, _ := Replay(pc.sc, choices)
	rep := r.Report()
	return &PathSummary{
		Choices:       choices,
		Path:          rep.Path,
		Ending:        o.ending,
		Archetype:     rep.Archetype,
		Drift:         rep.Drift,
		ShockAbsorber: rep.Drift[scoring.Index(scoring.ShockAbsorber)],
		Mood:          rep.Mood,
	}
}

// nodeCounts fills in, for each node, how many complete paths enter it:
// the prefixes reaching each of its states times the completions from there.
func (pc *pathCounter) nodeCounts(order []int, fwd []*big.Int, stats *PathStats) {
	bwd := make([]*big.Int, len(pc.states))
	for k := len(order) - 1; k >= 0; k-- {
		s := order[k]
		st := &pc.states[s]
		if st.terminal == "stuck" {
			bwd[s] = new(big.Int) // not a complete path
			continue
		}
		if st.terminal != "" {
			bwd[s] = big.NewInt(1)
			continue
		}
		n := new(big.Int)
		for _, ed := range st.edges {
			if ed.to < 0 {
				n.Add(n, big.NewInt(1))
			} else {
				n.Add(n, bwd[ed.to])
			}
		}
		bwd[s] = n
	}
	for _, n := range pc.sc.Nodes {
		if _, ok := stats.Nodes[n.ID]; !ok {
			stats.Nodes[n.ID] = new(big.Int)
		}
	}
	walkout, hasWalkout := stats.Nodes[pc.sc.Walkout]
	for _, s := range order {
		id := pc.sc.Nodes[pc.states[s].key.node].ID
		stats.Nodes[id].Add(stats.Nodes[id], new(big.Int).Mul(fwd[s], bwd[s]))
		if !hasWalkout {
			continue
		}
		// Every prefix that walks out here enters the walkout scene.
		for _, ed := range pc.states[s].edges {
			if ed.to < 0 {
				walkout.Add(walkout, fwd[s])
			}
		}
	}
}

// EndingRank orders endings from best to worst: resolved, unresolved, lost.
func EndingRank(e string) int {
	for i, k := range scoring.Endings {
		if k == e {
			return i
		}
	}
	return len(scoring.Endings)
}
