package play

import "github.com/shockabsorber/shockabsorber/scenarios"

// Reset starts the run again on sc, as New(sc) would, but keeps the
// memory of its slices and flag set for the new run. Simulations that play
// many runs one after the other use it to play without allocating; the
// slices Steps, Path and Visible returned before are overwritten.
func (r *Run) Reset(sc *scenarios.Scenario) {
	clear(r.flags)
	*r = Run{sc: sc, mood: clampMood(sc.Customer.Mood), flags: r.flags, path: r.path[:0], steps: r.steps[:0], visible: r.visible[:0]}
	if r.flags == nil {
		r.flags = map[string]bool{}
	}
	r.enter(sc.Node(sc.Start))
}
