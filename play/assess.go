package play

import (
	"errors"
	"fmt"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Assessment rules. In assessment mode a node's time_limit is enforced: when
// it runs out the candidate has left the customer waiting. The rule is
// deliberately simple so any transcript re-scores the same everywhere:
//
//   - the step is recorded with Choice 0 and TimedOut set, no action, follow-up
//     "none" and no archetype weight;
//   - the customer's mood changes by TimeoutMood (clamped as usual);
//   - the run ends at once with ending "unresolved" (or "lost", as a walk-out,
//     when that mood change reaches 0). No further node is entered.
const (
	// TimeoutMood is the mood change of a timed-out decision.
	TimeoutMood = -15
	// TimingGraceMS is how much later than time_limit an answer may arrive
	// and still count, to absorb frame and network jitter.
	TimingGraceMS = 2000
)

// ErrNoTimeLimit is returned when a timeout is recorded at a node that has
// no time_limit.
var ErrNoTimeLimit = errors.New("the node has no time_limit")

// ErrImpossible marks a transcript that no real run could have produced.
var ErrImpossible = errors.New("impossible transcript")

// Timeout records that the current node's time limit ran out and ends the
// run, as described above.
func (r *Run) Timeout() (Step, error) {
	if r.Done() {
		return Step{}, ErrFinished
	}
	if r.node == nil || r.node.TimeLimit <= 0 {
		id := r.sc.Start
		if r.node != nil {
			id = r.node.ID
		}
		return Step{}, fmt.Errorf("node %q: %w", id, ErrNoTimeLimit)
	}
	st := Step{
		Node:     r.node.ID,
		Title:    r.node.Title,
		FollowUp: scoring.None,
		Fit:      r.node.Fit,
		MoodFrom: r.mood,
		TimedOut: true,
	}
	if st.Fit == nil {
		st.Fit = []string{}
	}
	r.mood = NextMood(r.mood, TimeoutMood)
	st.MoodTo = r.mood
	st.Drift = scoring.Drift(r.weights)
	r.ending = scoring.Unresolved
	if WalksOut(r.mood) {
		st.WalkedOut = true
		st.Next = r.walkOut()
	}
	r.steps = append(r.steps, st)
	return st, nil
}

// Transcript is what a front end records of an assessment run and what the
// panel server re-scores: never a score, only what the candidate did.
type Transcript struct {
	Scenario string `json:"scenario"`
	// Seed fixed the order the choices were shown in (see Order).
	Seed uint64 `json:"seed"`
	// Choices are 1-based indices among the visible choices in file order
	// (not the shuffled display order); 0 records a timeout.
	Choices []int `json:"choices"`
	// TimingsMS is the time spent deciding at each step, in milliseconds.
	// It may be empty; when given it has one entry per choice.
	TimingsMS []int64 `json:"timings_ms,omitempty"`
	// FocusLost counts, per step, how many times the candidate left the
	// assessment (another tab, window or app) while the decision was on
	// screen; absent when they never did. A signal for reviewers, never
	// part of a score.
	FocusLost []int `json:"focus_lost,omitempty"`
}

// ReplayTranscript re-plays a transcript of an assessment with time limits
// on; see ReplayAssessment.
func ReplayTranscript(s *scenarios.Scenario, t Transcript) (*Run, error) {
	return ReplayAssessment(s, t, true)
}

// ReplayAssessment re-plays a transcript strictly: every choice must be
// possible where it was taken and the run must end exactly at the last
// entry. With timeLimits on, timeouts may be recorded only where a node has
// a time_limit, and answers must come within it (plus TimingGraceMS); with
// them off, no timeout may be recorded and timings are kept for information
// only. Errors wrap ErrImpossible and name the step and node.
func ReplayAssessment(s *scenarios.Scenario, t Transcript, timeLimits bool) (*Run, error) {
	if t.Scenario != s.ID {
		return nil, fmt.Errorf("%w: transcript is for scenario %q, not %q", ErrImpossible, t.Scenario, s.ID)
	}
	if len(t.TimingsMS) != 0 && len(t.TimingsMS) != len(t.Choices) {
		return nil, fmt.Errorf("%w: %d timings for %d choices", ErrImpossible, len(t.TimingsMS), len(t.Choices))
	}
	r := New(s)
	for k, c := range t.Choices {
		if r.Done() {
			return nil, fmt.Errorf("%w: the run ended after step %d, but the transcript has %d", ErrImpossible, k, len(t.Choices))
		}
		node := r.node
		if len(t.TimingsMS) > 0 {
			ms := t.TimingsMS[k]
			if ms < 0 {
				return nil, fmt.Errorf("%w: step %d at node %q has a negative time (%d ms)", ErrImpossible, k+1, node.ID, ms)
			}
			if timeLimits && c != 0 && node.TimeLimit > 0 && ms > int64(node.TimeLimit)*1000+TimingGraceMS {
				return nil, fmt.Errorf("%w: step %d at node %q was answered after %d ms, past its %d s time limit", ErrImpossible, k+1, node.ID, ms, node.TimeLimit)
			}
		}
		var err error
		if c == 0 && !timeLimits {
			return nil, fmt.Errorf("%w: step %d at node %q records a timeout, but time limits are off", ErrImpossible, k+1, node.ID)
		}
		if c == 0 {
			_, err = r.Timeout()
		} else {
			_, err = r.Choose(c - 1)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: step %d: %v", ErrImpossible, k+1, err)
		}
	}
	if !r.Done() {
		id := ""
		if r.node != nil {
			id = r.node.ID
		}
		return nil, fmt.Errorf("%w: the transcript stops at node %q before an ending", ErrImpossible, id)
	}
	return r, nil
}

// Order returns the order in which to show n visible choices at a step of an
// assessment: a permutation of 0..n-1 fixed by the seed, the node and the
// step number, so the same transcript shows the same order everywhere.
func Order(seed uint64, node string, step, n int) []int {
	h := seed ^ 0x9e3779b97f4a7c15
	for i := 0; i < len(node); i++ {
		h = (h ^ uint64(node[i])) * 0x100000001b3
	}
	h ^= uint64(step) * 0xbf58476d1ce4e5b9
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for i := n - 1; i > 0; i-- {
		h = splitmix64(h)
		j := int(h % uint64(i+1))
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	z := x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
