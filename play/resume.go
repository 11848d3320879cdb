package play

import "github.com/shockabsorber/shockabsorber/scenarios"

// Resume rebuilds a run on a scenario that may have been edited, from the
// choices an earlier run took and the node it stood at, so a trainer who
// saves a file while playing it keeps their place. It replays the choices
// while they remain possible; exact reports whether that led back to
// nodeID. When it did not but nodeID still exists, the run moves on to it
// and its report says so (Edited): it is then no faithful replay. When
// nodeID is gone, the run stays where the replay got to.
func Resume(sc *scenarios.Scenario, choices []int, nodeID string) (r *Run, exact bool) {
	r = New(sc)
	for _, c := range choices {
		if r.Done() {
			break
		}
		if _, err := r.Choose(c - 1); err != nil {
			break
		}
	}
	if r.node != nil && r.node.ID == nodeID {
		return r, true
	}
	if n := sc.Node(nodeID); n != nil && !r.Done() {
		r.edited = true
		r.enter(n)
	}
	return r, false
}
