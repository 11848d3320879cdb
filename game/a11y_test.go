package game

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
)

// fakeA11yPort is the page's mirror as the tests see it: the views
// rendered, the countdown's ticks and announcements, and the actions the
// reader makes.
type fakeA11yPort struct {
	t       testing.TB
	views   []a11yView
	renders int
	secs    []int
	said    []string
	queue   []a11yAction
}

func (p *fakeA11yPort) render(data []byte) {
	var v a11yView
	if err := json.Unmarshal(data, &v); err != nil {
		p.t.Fatalf("the mirror got a view that is not JSON: %v", err)
	}
	p.views = append(p.views, v)
	p.renders++
}

func (p *fakeA11yPort) tick(secs int, say string) {
	p.secs = append(p.secs, secs)
	if say != "" {
		p.said = append(p.said, say)
	}
}

func (p *fakeA11yPort) take(dst []a11yAction) []a11yAction {
	dst = append(dst, p.queue...)
	p.queue = p.queue[:0]
	return dst
}

func (p *fakeA11yPort) view() a11yView {
	p.t.Helper()
	if len(p.views) == 0 {
		p.t.Fatal("the mirror has no view")
	}
	return p.views[len(p.views)-1]
}

// press makes the reader press the mirror's button act (with index) on
// the view shown, and runs ticks until the game shows another screen
// (at most limit ticks).
func (p *fakeA11yPort) press(rg *restGame, act string, index int, text string) {
	p.t.Helper()
	v := p.view()
	p.queue = append(p.queue, a11yAction{Serial: v.Serial, Act: act, Index: index, Text: text})
	rg.until(func() bool { return p.view().Serial == v.Serial }, 600)
	rg.until(func() bool { return rg.g.scenes.Busy() }, 600)
}

func newA11yGame(t *testing.T) (*restGame, *fakeA11yPort) {
	rg := newRestGame(t, 1280, 720)
	port := &fakeA11yPort{t: t}
	rg.g.a11y.port = port
	return rg, port
}

// A practice run played only through the mirror's buttons takes the same
// steps, through the same engine, as the same choices given to
// play.Replay: the mirror names a choice by its place on screen and the
// game takes it as that number key.
func TestA11yMirrorPlaysPracticeRun(t *testing.T) {
	rg, port := newA11yGame(t)
	g := rg.g
	sc := libraryScenario(t, "double-charge")
	run := play.New(sc)
	g.ctx.Run = run
	g.scenes.GoTo(newDialogue(&g.ctx, run, run.Mood()))
	rg.frame(Intents{})

	v := port.view()
	if v.Scene != "dialogue" || v.Line != sc.Nodes[0].Text || v.Speaker != sc.Customer.Name {
		t.Fatalf("the mirror's first view is %q %q: %q, want the opening line of %s", v.Scene, v.Speaker, v.Line, sc.Customer.Name)
	}
	if !strings.HasPrefix(v.Mood, "Mood: ") || v.Heading != sc.Title {
		t.Errorf("mood %q, heading %q", v.Mood, v.Heading)
	}
	var choices []int
	for step := 0; ; step++ {
		v = port.view()
		if v.Scene == "debrief" {
			break
		}
		switch {
		case v.Scene == "dialogue" && len(v.Choices) > 0:
			vis := run.Visible()
			if len(v.Choices) != len(vis) {
				t.Fatalf("step %d: the mirror shows %d choices, the run %d", step, len(v.Choices), len(vis))
			}
			for i, o := range vis {
				if v.Choices[i] != o.Choice.Text {
					t.Fatalf("step %d: choice %d is %q in the mirror, %q in the run", step, i+1, v.Choices[i], o.Choice.Text)
				}
			}
			i := (step + 1) % len(vis)
			choices = append(choices, i+1)
			port.press(rg, "choose", i, "")
		case v.Scene == "feedback" || (v.Scene == "dialogue" && len(v.Buttons) == 1):
			if v.Scene == "feedback" && (len(v.Texts) < 3 || v.Texts[0].Text != "“"+run.Steps()[len(run.Steps())-1].Text+"”") {
				t.Errorf("the feedback's texts %+v do not start with the answer", v.Texts)
			}
			port.press(rg, v.Buttons[0].Act, -1, "")
		default:
			t.Fatalf("step %d: the mirror shows %+v", step, v)
		}
		if step > 40 {
			t.Fatal("the run never ended")
		}
	}
	want, _, err := play.Replay(sc, choices)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := play.MarshalJSON(run.Report())
	wantJSON, _ := play.MarshalJSON(want.Report())
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("the mirror's run differs from play.Replay(%v):\n%s\nwant\n%s", choices, got, wantJSON)
	}
	v = port.view()
	ending := g.ctx.UI.Str.Ending(want.Report().Ending)
	if len(v.Texts) == 0 || !strings.HasPrefix(v.Texts[0].Text, ending) || len(v.Buttons) != 2 {
		t.Errorf("the debrief's mirror %+v does not start with the ending %q or lacks its two buttons", v, ending)
	}
	drift := false
	for _, tx := range v.Texts {
		drift = drift || (tx.Label == "Drift map" && strings.Count(tx.Text, "%") == 5)
	}
	if !drift {
		t.Errorf("the debrief's mirror has no drift map in words: %+v", v.Texts)
	}
	// An action made on a screen that is gone is dropped.
	port.queue = append(port.queue, a11yAction{Serial: v.Serial - 1, Act: "replay"})
	rg.painted(30)
	if port.view().Scene != "debrief" {
		t.Error("a stale action moved the game on")
	}
	port.press(rg, "another", -1, "")
	if port.view().Scene != "title" {
		t.Errorf("Another scenario in the mirror went to %q", port.view().Scene)
	}
}

// An assessment through the mirror: the name typed in the labelled field
// (an empty one refused with the game's own message), the countdown
// announced when the decision appears and at the marks, and a choice
// recorded in the transcript as its file-order index, as a key would.
func TestA11yMirrorTakesAnAssessment(t *testing.T) {
	rg, port := newA11yGame(t)
	g := rg.g
	g.ctx.Mode = Assessment
	sc := mustTestScenario(t)
	g.ctx.Assess = newAssessSession(&play.AssessmentConfig{Assessment: "Support desk", Seed: 7, TimeLimits: true}, singleScenario(sc), AssessOptions{})
	g.scenes.GoTo(newCandidateEntry(&g.ctx))
	rg.frame(Intents{})
	v := port.view()
	if v.Field == nil || v.Field.Label != "Your name or candidate code" || v.Field.Value != "" {
		t.Fatalf("the candidate's mirror has field %+v", v.Field)
	}
	port.queue = append(port.queue, a11yAction{Serial: v.Serial, Act: "begin"})
	rg.painted(3)
	if v = port.view(); v.Field == nil || v.Field.Error != "Please type your name or code first." {
		t.Fatalf("an empty name: field %+v", v.Field)
	}
	port.queue = append(port.queue, a11yAction{Serial: v.Serial, Act: "name", Text: "  Zoë  Núñez"})
	rg.painted(3)
	if v = port.view(); v.Field.Value != "Zoë Núñez" || v.Field.Error != "" {
		t.Errorf("after typing, the field is %+v (the scene's own typing keeps one space, none leading)", v.Field)
	}
	port.press(rg, "begin", -1, "")
	if v = port.view(); v.Scene != "transition" || v.Context != "Scenario 1 of 1" {
		t.Fatalf("after Begin the mirror shows %q %q", v.Scene, v.Context)
	}
	port.press(rg, "continue", -1, "")
	v = port.view()
	d, ok := g.scenes.Current().(*dialogue)
	if !ok || v.Scene != "dialogue" || v.Timer != d.limit || d.limit != 30 {
		t.Fatalf("after Start now the mirror shows %q with timer %d", v.Scene, v.Timer)
	}
	if len(port.said) != 1 || port.said[0] != "You have 30 seconds for this decision." {
		t.Errorf("announced %q when the decision appeared", port.said)
	}
	rg.painted(60*21 + 30) // 21.5 s: 8.5 s left
	if len(port.said) != 2 || port.said[1] != "10 seconds left." {
		t.Errorf("after 21.5 s of 30 the announcements are %q", port.said)
	}
	if n := len(port.secs); n < 20 || n > 24 {
		t.Errorf("the mirror's countdown ticked %d times in 21.5 s (once a second)", n)
	}
	shown := append([]int(nil), d.shownFile...)
	port.press(rg, "choose", 1, "")
	tr := g.ctx.Assess.a.Transcripts()
	if len(tr) != 1 || len(tr[0].Choices) != 1 || tr[0].Choices[0] != shown[1] {
		t.Errorf("the transcript after choosing the second shown option is %+v, want file-order choice %d", tr, shown[1])
	}
}

func TestA11yAnnounceMarks(t *testing.T) {
	for _, c := range []struct{ limit, secs, mark, wantMark int }{
		{35, 35, 0, -1}, {35, 31, 0, -1}, {35, 30, 0, 0}, {35, 12, 1, -1}, {35, 10, 1, 1},
		{35, 4, 2, 2}, {35, 0, 2, -1}, {20, 20, 0, -1}, {20, 10, 0, 1}, {10, 9, 0, -1},
		{10, 5, 0, 2}, {5, 4, 0, -1}, {60, 3, 3, -1},
	} {
		m, ok := a11yAnnounceAt(c.limit, c.secs, c.mark)
		got := -1
		if ok {
			got = m
		}
		if got != c.wantMark {
			t.Errorf("limit %d, %d s left, from mark %d: announces mark %d, want %d", c.limit, c.secs, c.mark, got, c.wantMark)
		}
	}
}

// With reduced motion the line shows whole, the choices and the mood at
// once, and screens switch without a fade.
func TestReducedMotionShowsAtOnce(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	sc := mustTestScenario(t)
	run := play.New(sc)
	g.ctx.Run = run
	g.ctx.ReduceMotion = true
	g.scenes.instant = true
	d := newDialogue(&g.ctx, run, 0)
	g.scenes.GoTo(d)
	g.ctx.Input = Intents{}
	onLoop(func() { g.scenes.Update(&g.ctx) })
	if info := d.describe(); !info.ready || info.typing {
		t.Fatalf("after one frame with reduced motion the dialogue is not settled: %+v (mood %.0f)", info, d.mood)
	}
	g.ctx.Input = Intents{}
	g.ctx.Input.Pick(1)
	onLoop(func() { g.scenes.Update(&g.ctx) })
	if g.scenes.Busy() {
		t.Error("the switch to the feedback fades with reduced motion")
	}
	f, ok := g.scenes.Current().(*feedback)
	if !ok {
		t.Fatalf("after a pick the screen is %T", g.scenes.Current())
	}
	g.ctx.Input = Intents{}
	onLoop(func() { g.scenes.Update(&g.ctx) })
	if !f.describe().ready {
		t.Error("the feedback's mood meter still eases with reduced motion")
	}
}
