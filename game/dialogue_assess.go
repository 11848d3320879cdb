package game

import (
	"fmt"
	"math"
	"time"
)

// assessTimer is what a dialogue needs in assessment mode. The clock of a
// decision starts when the node appears, not when its text is fully
// typed: the time limit is about the customer waiting. So the typewriter
// runs fast in assessment mode (assessRunesPerFrame) and any key shows the
// whole line at once.
type assessTimer struct {
	as *assessSession
	// limit is the node's time limit in seconds, 0 when it has none or
	// time limits are off (play.Assessment.TimeLimit decides).
	limit   int
	shownAt time.Time
	now     time.Time
	// shownFile is the file-order index of each choice in display order,
	// fixed when the node appears (the assessment moves on when one is
	// taken, while this scene still fades out).
	shownFile []int
}

// assessRunesPerFrame is the slowest typewriter of assessment mode: 240
// characters a second, so a long line is out in about a second.
const assessRunesPerFrame = 4

// newAssessDialogue shows the current node of the assessment's current
// scenario, with its choices in the seeded display order.
func newAssessDialogue(ctx *Context, fromMood int) *dialogue {
	a := ctx.Assess.a
	d := newDialogue(ctx, a.Run(), fromMood)
	d.opts = append(d.opts[:0], a.Displayed()...)
	d.as, d.limit = ctx.Assess, a.TimeLimit()
	d.shownFile = ctx.Assess.shownOrder()
	return d
}

func (d *dialogue) typeSpeed(setting float64) float64 {
	if d.as != nil {
		return math.Max(setting, assessRunesPerFrame)
	}
	return setting
}

func (d *dialogue) assessBarLabel(str *Strings, right string) string {
	if d.as == nil {
		return right
	}
	i, n := d.as.a.Index()
	return str.F(sAssessScenarioOf, i+1, n) + " · " + right
}

// elapsedMS is how long the node has been on screen.
func (d *dialogue) elapsedMS() int64 {
	if d.shownAt.IsZero() {
		return 0
	}
	return d.now.Sub(d.shownAt).Milliseconds()
}

// secondsLeft is what the countdown shows.
func (d *dialogue) secondsLeft() float64 {
	return math.Max(0, float64(d.limit)-float64(d.elapsedMS())/1000)
}

// awayGap is how long the clock may jump between two updates before the
// candidate counts as having left the assessment. The game stops running
// while its tab is hidden or its window is not in front (Ebitengine's
// default), so the decision's clock jumps by the time away; a frame is a
// 60th of a second, and even a browser drawing with software WebGL on a
// busy machine updates several times a second.
const awayGap = 3 * time.Second

// assessTick reads the clock, counts a jump of awayGap or more as the
// candidate leaving (play.Assessment.FocusLost, for reviewers) and, when
// the node's time limit has run out, records the timeout and moves on. It
// reports whether it did.
func (d *dialogue) assessTick(ctx *Context) bool {
	now := ctx.Now()
	if !d.now.IsZero() && now.Sub(d.now) >= awayGap {
		d.as.a.FocusLost()
	}
	d.now = now
	if d.shownAt.IsZero() {
		d.shownAt = d.now
	}
	if d.limit <= 0 || d.elapsedMS() < int64(d.limit)*1000 {
		return false
	}
	if _, err := d.as.a.Timeout(d.elapsedMS()); err != nil {
		// The engine refused (it cannot for a node with a limit): stop
		// the countdown rather than loop.
		d.limit = 0
		return false
	}
	assessNext(ctx)
	return true
}

// assessChoose takes the choice shown at display position i.
func (d *dialogue) assessChoose(ctx *Context, i int) error {
	if i < 0 || i >= len(d.opts) {
		return nil
	}
	st, err := d.as.a.Choose(i, d.elapsedMS())
	if err != nil {
		return fmt.Errorf("assessment: %w", err)
	}
	if d.as.a.ScenarioDone() {
		assessNext(ctx)
		return nil
	}
	ctx.Scenes.GoTo(newAssessDialogue(ctx, st.MoodFrom))
	return nil
}

// assessNext follows a finished scenario: the next one's transition, or
// sending the answers after the last. Ending nodes are not shown in an
// assessment: how a case ended is feedback, and the candidate gets none.
func assessNext(ctx *Context) {
	if ctx.Assess.a.Next() {
		ctx.Scenes.GoTo(newAssessTransition(ctx))
		return
	}
	ctx.Scenes.GoTo(newAssessSubmit(ctx))
}

// displayPosition returns where the choice with 1-based file-order index
// n among the visible ones is shown (1-based), as a player would press it.
func (s *assessSession) displayPosition(n int) (int, error) {
	pos, err := s.a.DisplayPosition(n - 1)
	return pos + 1, err
}

// shownOrder lists, in display order, the 1-based file-order index of
// each choice on screen (what the transcript will record for it).
func (s *assessSession) shownOrder() []int {
	out := s.a.DisplayOrder()
	for j := range out {
		out[j]++
	}
	return out
}
