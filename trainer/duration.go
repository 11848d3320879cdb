package trainer

import (
	"errors"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// ThinkingSeconds is the time Duration allows for deciding at each node
// with choices, on top of reading it.
const ThinkingSeconds float64 = thinkingSeconds

// ErrDurationCycle is returned by Duration for a scenario whose runs can go
// round forever: its length has no bound.
var ErrDurationCycle = errors.New("the scenario has a cycle: its length has no bound")

// Duration estimates how long a run of the scenario takes, in seconds: the
// shortest and the longest way from the start to an ending, each node
// costing the time to read its text and choices at the language's reading
// speed (ReadingSeconds), plus ThinkingSeconds at every node with choices.
// Flags and walk-outs are ignored (a run may be shorter than shortest when
// the customer walks out). The panel shows it when an assessment is put
// together, so a hiring panel knows how long a sitting takes in each
// language.
func Duration(sc *scenarios.Scenario) (shortest, longest float64, err error) {
	type span struct{ lo, hi float64 }
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	memo := map[string]span{}
	var visit func(id string) (span, error)
	visit = func(id string) (span, error) {
		switch state[id] {
		case open:
			return span{}, ErrDurationCycle
		case done:
			return memo[id], nil
		}
		n := sc.Node(id)
		if n == nil {
			return span{}, nil
		}
		state[id] = open
		texts := []string{n.Text}
		for _, c := range n.Choices {
			texts = append(texts, c.Text)
		}
		own := ReadingSeconds(sc.Language, texts...)
		sp := span{own, own}
		for i, c := range n.Choices {
			next, err := visit(c.Next)
			if err != nil {
				return span{}, err
			}
			if i == 0 || next.lo < sp.lo {
				sp.lo = next.lo
			}
			if i == 0 || next.hi > sp.hi {
				sp.hi = next.hi
			}
		}
		if len(n.Choices) > 0 {
			sp.lo += own + ThinkingSeconds
			sp.hi += own + ThinkingSeconds
		}
		state[id] = done
		memo[id] = sp
		return sp, nil
	}
	sp, err := visit(sc.Start)
	return sp.lo, sp.hi, err
}
