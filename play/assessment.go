package play

import (
	"errors"
	"fmt"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// ErrAssessmentOver is returned when an assessment is asked for more after
// its last scenario.
var ErrAssessmentOver = errors.New("the assessment is over")

// Assessment takes a candidate through a fixed list of scenarios: choices
// shown in an order fixed by the seed, time limits enforced when enabled,
// and a transcript per scenario for the panel server to re-score. It holds
// no clock: front ends pass in how long each decision took.
type Assessment struct {
	seed       uint64
	timeLimits bool
	list       []*scenarios.Scenario
	cur        int
	run        *Run
	// order is the current node's display order: display position j shows
	// visible choice order[j]; displayed holds those options.
	order     []int
	displayed []Option
	current   Transcript
	done      []Transcript
	// away counts the times focus was lost during the current decision;
	// anyAway whether it was during any decision of the scenario.
	away    int
	anyAway bool
}

// NewAssessment starts an assessment on the first scenario of list.
func NewAssessment(list []*scenarios.Scenario, seed uint64, timeLimits bool) *Assessment {
	a := &Assessment{seed: seed, timeLimits: timeLimits, list: list}
	a.start()
	return a
}

func (a *Assessment) start() {
	if a.cur >= len(a.list) {
		a.run = nil
		return
	}
	sc := a.list[a.cur]
	a.run = New(sc)
	a.current = Transcript{Scenario: sc.ID, Seed: a.seed, Choices: []int{}, TimingsMS: []int64{}}
	a.away, a.anyAway = 0, false
	a.arrange()
}

// arrange puts the visible choices in the seeded display order.
func (a *Assessment) arrange() {
	vis := a.run.Visible()
	a.order = Order(a.seed, a.nodeID(), len(a.run.Steps()), len(vis))
	a.displayed = a.displayed[:0]
	for _, k := range a.order {
		a.displayed = append(a.displayed, vis[k])
	}
}

func (a *Assessment) nodeID() string {
	if n := a.run.Node(); n != nil {
		return n.ID
	}
	return ""
}

// Index returns the 0-based position of the current scenario and how many
// there are.
func (a *Assessment) Index() (int, int) { return a.cur, len(a.list) }

// Run returns the run of the current scenario (nil once all are done).
func (a *Assessment) Run() *Run { return a.run }

// Displayed returns the current node's visible choices in display order.
// The slice is owned by the assessment.
func (a *Assessment) Displayed() []Option {
	if a.run == nil || a.run.Done() {
		return nil
	}
	return a.displayed
}

// TimeLimit returns the current node's time limit in seconds, or 0 when it
// has none or time limits are off.
func (a *Assessment) TimeLimit() int {
	if !a.timeLimits || a.run == nil || a.run.Done() || a.run.Node() == nil {
		return 0
	}
	return a.run.Node().TimeLimit
}

// Three numberings name a choice of the current node: its display
// position (where the candidate sees it), its visible index (its place
// among the visible choices in file order: what a transcript records, plus
// one, and what Run.Choose takes) and its file index (Option.Index, its
// place among all the node's choices). All three are 0-based here.

// DisplayOrder returns the current node's display order: display position
// j shows the visible choice of visible index DisplayOrder()[j] (the
// permutation Order gives). It is nil once the scenario has ended.
func (a *Assessment) DisplayOrder() []int {
	if a.ScenarioDone() {
		return nil
	}
	return append([]int(nil), a.order...)
}

// VisibleIndex returns the visible index of the choice shown at display
// position pos. Its file index is Displayed()[pos].Index.
func (a *Assessment) VisibleIndex(pos int) (int, error) {
	if err := a.inRange(pos); err != nil {
		return 0, err
	}
	return a.order[pos], nil
}

// DisplayPosition returns where the choice of visible index vis is shown:
// the key a candidate presses for transcript entry vis+1.
func (a *Assessment) DisplayPosition(vis int) (int, error) {
	if err := a.inRange(vis); err != nil {
		return 0, err
	}
	for pos, k := range a.order {
		if k == vis {
			return pos, nil
		}
	}
	// Unreachable: order is a permutation of the visible indices.
	return 0, fmt.Errorf("node %q: visible choice %d is not shown", a.nodeID(), vis+1)
}

// inRange checks that i (a display position or a visible index: there are
// as many of each) names a choice of the current node.
func (a *Assessment) inRange(i int) error {
	if a.run == nil {
		return ErrAssessmentOver
	}
	if a.run.Done() {
		return ErrFinished
	}
	if i < 0 || i >= len(a.order) {
		return fmt.Errorf("%w: node %q shows %d choice(s), there is no choice %d", ErrChoiceOutOfRange, a.nodeID(), len(a.order), i+1)
	}
	return nil
}

// Choose takes the choice shown at display position i (0-based) after
// elapsedMS milliseconds of thought. The transcript records the choice by
// its visible index, whatever position it was shown at.
func (a *Assessment) Choose(i int, elapsedMS int64) (Step, error) {
	vis, err := a.VisibleIndex(i)
	if err != nil {
		return Step{}, err
	}
	st, err := a.run.Choose(vis)
	if err != nil {
		return st, err
	}
	a.record(vis+1, elapsedMS)
	return st, nil
}

// Timeout records that the current node's time limit ran out, which ends
// the scenario (see Run.Timeout).
func (a *Assessment) Timeout(elapsedMS int64) (Step, error) {
	if a.run == nil {
		return Step{}, ErrAssessmentOver
	}
	if a.TimeLimit() == 0 {
		return Step{}, fmt.Errorf("node %q: %w (or time limits are off)", a.nodeID(), ErrNoTimeLimit)
	}
	st, err := a.run.Timeout()
	if err != nil {
		return st, err
	}
	a.record(0, elapsedMS)
	return st, nil
}

func (a *Assessment) record(choice int, elapsedMS int64) {
	a.current.Choices = append(a.current.Choices, choice)
	a.current.TimingsMS = append(a.current.TimingsMS, max(0, elapsedMS))
	a.current.FocusLost = append(a.current.FocusLost, a.away)
	a.anyAway = a.anyAway || a.away > 0
	a.away = 0
	if a.run.Done() {
		if !a.anyAway {
			a.current.FocusLost = nil
		}
		a.anyAway = false
		a.done = append(a.done, a.current)
		return
	}
	a.arrange()
}

// FocusLost records that the candidate left the assessment (another tab,
// window or app) while the current decision was on screen. The transcript
// counts it for the step (Transcript.FocusLost), for reviewers to see; it
// changes no score. It does nothing once the scenario has ended.
func (a *Assessment) FocusLost() {
	if a.run != nil && !a.run.Done() {
		a.away++
	}
}

// ScenarioDone reports whether the current scenario has ended.
func (a *Assessment) ScenarioDone() bool { return a.run == nil || a.run.Done() }

// Next moves on to the next scenario once the current one has ended and
// reports whether there is one.
func (a *Assessment) Next() bool {
	if a.run != nil && !a.run.Done() {
		return true
	}
	if a.cur < len(a.list) {
		a.cur++
	}
	a.start()
	return a.run != nil
}

// Done reports whether every scenario has been played to its end.
func (a *Assessment) Done() bool {
	return len(a.done) == len(a.list) && (a.run == nil || a.run.Done())
}

// Transcripts returns the transcripts of the scenarios finished so far.
func (a *Assessment) Transcripts() []Transcript {
	return append([]Transcript{}, a.done...)
}
