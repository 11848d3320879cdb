// Package play is the session engine every front end drives: the desktop
// game, the browser assessment, the scenario CLI and the panel server. It
// holds the rules of a run (visible choices, mood, flags, walk-outs and
// scoring) and nothing else: no I/O, no clocks, no goroutines. A run is
// fully determined by its scenario and the list of choices taken, so any
// transcript can be replayed and re-scored anywhere.
package play

import (
	"errors"
	"fmt"
	"sort"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Errors a run reports, wrapped with the node they happened at.
var (
	ErrChoiceOutOfRange = errors.New("choice out of range")
	ErrFinished         = errors.New("the run has already ended")
	ErrStuck            = errors.New("no choice is visible")
	ErrChoicesRanOut    = errors.New("the choices ran out before an ending")
)

// Run is one playthrough of a scenario.
type Run struct {
	sc      *scenarios.Scenario
	node    *scenarios.Node
	mood    int
	flags   map[string]bool
	path    []string
	steps   []Step
	weights scoring.Weights
	ending  string
	walked  bool
	edited  bool
	visible []Option
}

// Option is a choice as the player sees it at the current node.
type Option struct {
	// Index is the choice's 0-based position among the node's choices in
	// the file, whatever is hidden.
	Index  int
	Choice *scenarios.Choice
}

// Step records one choice taken.
type Step struct {
	Node string `json:"node"`
	// Title is the node's title, when the file gives one (v2).
	Title string `json:"title,omitempty"`
	// Choice is the 1-based index among the choices visible at the time,
	// as the contract's --choose takes it.
	Choice int `json:"choice"`
	// Option is the 1-based position of the choice in the node in the file.
	Option   int    `json:"option"`
	Text     string `json:"text"`
	Action   string `json:"action"`
	FollowUp string `json:"follow_up"`
	Fits     bool   `json:"fits"`
	// Fit is the node's list of fitting actions (empty when it has none).
	Fit      []string        `json:"fit"`
	Weights  scoring.Weights `json:"weights"`
	MoodFrom int             `json:"mood_before"`
	MoodTo   int             `json:"mood_after"`
	// Drift is the running drift after this step; the trail on the drift
	// map is the list of these.
	Drift    scoring.Weights `json:"drift"`
	Feedback string          `json:"feedback,omitempty"`
	// Next is the node entered after the step: the scenario's walkout scene
	// when the customer walked out, "" when it names none.
	Next      string `json:"next"`
	WalkedOut bool   `json:"walked_out,omitempty"`
	// TimedOut marks an assessment step whose time limit ran out (Choice 0).
	TimedOut bool `json:"timed_out,omitempty"`
}

// New starts a run at the scenario's start node.
func New(sc *scenarios.Scenario) *Run {
	r := &Run{sc: sc, mood: clampMood(sc.Customer.Mood), flags: map[string]bool{}}
	r.enter(sc.Node(sc.Start))
	return r
}

func (r *Run) enter(n *scenarios.Node) {
	r.node = n
	if n == nil {
		r.visible = r.visible[:0]
		return
	}
	r.path = append(r.path, n.ID)
	if n.Ending != "" {
		r.ending = n.Ending
	}
	r.visible = VisibleOptions(n, r.HasFlag, r.visible[:0])
}

// VisibleOptions appends to dst the choices of n that show when has reports
// the flags set: those whose requires are all set and none of whose unless
// is, in file order.
func VisibleOptions(n *scenarios.Node, has func(string) bool, dst []Option) []Option {
	for i, c := range n.Choices {
		if c.VisibleWith(has) {
			dst = append(dst, Option{Index: i, Choice: c})
		}
	}
	return dst
}

// Scenario returns the scenario being played.
func (r *Run) Scenario() *scenarios.Scenario { return r.sc }

// Node returns the current node: the ending node once the run is over; when
// the customer walked out, the walkout scene, or the node where they left
// when the scenario names no scene.
func (r *Run) Node() *scenarios.Node { return r.node }

// Visible returns the choices shown at the current node. The slice is owned
// by the run and changes on the next Choose.
func (r *Run) Visible() []Option {
	if r.Done() {
		return nil
	}
	return r.visible
}

// Mood returns the customer's current mood, 0..100.
func (r *Run) Mood() int { return r.mood }

// HasFlag reports whether a flag has been set by a choice taken.
func (r *Run) HasFlag(f string) bool { return r.flags[f] }

// Flags returns the flags set so far, sorted.
func (r *Run) Flags() []string {
	out := make([]string, 0, len(r.flags))
	for f := range r.flags {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Done reports whether the run has reached an ending.
func (r *Run) Done() bool { return r.ending != "" }

// Ending returns the ending reached, or "" while the run goes on.
func (r *Run) Ending() string { return r.ending }

// WalkedOut reports whether the run ended because the mood reached 0.
func (r *Run) WalkedOut() bool { return r.walked }

// Steps returns the steps taken so far. The slice is owned by the run.
func (r *Run) Steps() []Step { return r.steps }

// Path returns the ids of the nodes entered so far, start first.
func (r *Run) Path() []string { return r.path }

// Weights returns the summed archetype weights so far.
func (r *Run) Weights() scoring.Weights { return r.weights }

// Drift returns the current drift.
func (r *Run) Drift() scoring.Weights { return scoring.Drift(r.weights) }

// Archetype returns the archetype the run drifts toward so far ("" when no
// step carried weight).
func (r *Run) Archetype() string { return scoring.Archetype(r.weights) }

// Choose takes the i-th visible choice (0-based) and returns the step it
// made. The run moves on to the choice's next node, or ends: at an ending
// node, or at once when the mood falls to 0.
func (r *Run) Choose(i int) (Step, error) {
	if r.Done() {
		return Step{}, ErrFinished
	}
	if r.node == nil {
		return Step{}, fmt.Errorf("start node %q: %w", r.sc.Start, ErrStuck)
	}
	if len(r.visible) == 0 {
		return Step{}, fmt.Errorf("node %q: %w", r.node.ID, ErrStuck)
	}
	if i < 0 || i >= len(r.visible) {
		return Step{}, fmt.Errorf("%w: node %q shows %d choice(s), there is no choice %d", ErrChoiceOutOfRange, r.node.ID, len(r.visible), i+1)
	}
	opt := r.visible[i]
	c := opt.Choice
	w := ChoiceWeights(r.node, c)
	r.weights = r.weights.Add(w)
	st := Step{
		Node:     r.node.ID,
		Title:    r.node.Title,
		Choice:   i + 1,
		Option:   opt.Index + 1,
		Text:     c.Text,
		Action:   c.Action,
		FollowUp: c.FollowUp,
		Fits:     Fits(r.node, c),
		Fit:      r.node.Fit,
		Weights:  w,
		MoodFrom: r.mood,
		Feedback: c.Feedback,
	}
	if st.Fit == nil {
		st.Fit = []string{}
	}
	r.mood = NextMood(r.mood, c.Mood)
	st.MoodTo = r.mood
	st.Drift = scoring.Drift(r.weights)
	for _, f := range c.Sets {
		r.flags[f] = true
	}
	if WalksOut(r.mood) {
		st.WalkedOut = true
		st.Next = r.walkOut()
		r.steps = append(r.steps, st)
		return st, nil
	}
	st.Next = c.Next
	r.steps = append(r.steps, st)
	r.enter(r.sc.Node(c.Next))
	return st, nil
}

// walkOut ends the run because the mood reached 0: ending lost, and the
// scenario's walkout scene entered when it names one. It returns the id of
// the node entered, or "".
func (r *Run) walkOut() string {
	r.walked = true
	r.ending = scoring.Lost
	w := r.sc.Node(r.sc.Walkout)
	if w == nil {
		return ""
	}
	r.enter(w)
	r.ending = scoring.Lost // a walk-out ends lost whatever the scene says
	return w.ID
}

// ChoiceWeights returns the archetype weights taking c at n adds.
func ChoiceWeights(n *scenarios.Node, c *scenarios.Choice) scoring.Weights {
	return scoring.StepWeights(scoring.Step{Fit: n.Fit, Action: c.Action, FollowUp: c.FollowUp, Drift: c.Drift})
}

// Fits reports whether taking c at n fits the case.
func Fits(n *scenarios.Node, c *scenarios.Choice) bool {
	return scoring.Step{Fit: n.Fit, Action: c.Action}.Fits()
}

// NextMood applies a choice's mood change and clamps the result to 0..100.
func NextMood(mood, delta int) int { return clampMood(mood + delta) }

// WalksOut reports whether a mood ends the run with the customer leaving.
func WalksOut(mood int) bool { return mood <= 0 }

func clampMood(m int) int { return max(0, min(100, m)) }

// Replay plays a scenario with the given 1-based choice indices, as
// `scenario play --choose` does. It stops at the ending; indices left over
// after it are reported in extra. The run is returned even on error, as far
// as it got.
func Replay(sc *scenarios.Scenario, choices []int) (r *Run, extra int, err error) {
	r = New(sc)
	for k, c := range choices {
		if r.Done() {
			return r, len(choices) - k, nil
		}
		if _, err := r.Choose(c - 1); err != nil {
			return r, 0, fmt.Errorf("step %d of %d: %w", k+1, len(choices), err)
		}
	}
	if !r.Done() {
		if r.node != nil && len(r.visible) == 0 {
			return r, 0, fmt.Errorf("node %q: %w", r.node.ID, ErrStuck)
		}
		id := sc.Start
		if r.node != nil {
			id = r.node.ID
		}
		return r, 0, fmt.Errorf("%w: after %d choice(s) the run is at node %q, which shows %d choice(s)", ErrChoicesRanOut, len(choices), id, len(r.visible))
	}
	return r, 0, nil
}
