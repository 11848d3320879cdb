package game

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

// startRun shows the test scenario's first node in a restGame, settled:
// the line typed out and the choices shown.
func startRun(t *testing.T, w, h int) (*restGame, *dialogue) {
	t.Helper()
	rg := newRestGame(t, w, h)
	sc := mustTestScenario(t)
	run := play.New(sc)
	rg.g.ctx.Run = run
	d := newDialogue(&rg.g.ctx, run, run.Mood())
	rg.g.scenes.GoTo(d)
	rg.frame(Intents{Confirm: true})
	for i := 0; d.appear < 1 && i < 60; i++ {
		rg.frame(Intents{})
	}
	return rg, d
}

// settleFade runs quiet frames until the scene switch is over.
func (rg *restGame) settleFade() {
	for i := 0; rg.g.scenes.Busy() && i < 60; i++ {
		rg.frame(Intents{})
	}
}

func TestEscPausesTheRunInsteadOfLeavingIt(t *testing.T) {
	rg, d := startRun(t, 1280, 720)
	rg.frame(Intents{Back: true})
	if !d.pause.open || rg.g.scenes.Current() != d || rg.g.scenes.Busy() {
		t.Fatalf("Esc: pause open %v, scene %T (busy %v); want the pause panel over the same dialogue", d.pause.open, rg.g.scenes.Current(), rg.g.scenes.Busy())
	}
	// Keys go to the panel, not to the choices underneath.
	in := Intents{}
	in.Pick(1)
	rg.frame(in)
	rg.frame(Intents{Down: true})
	if n := len(d.run.Steps()); n != 0 {
		t.Fatalf("keys with the panel open took %d choices", n)
	}
	// Esc again resumes; so does Enter on Resume.
	rg.frame(Intents{Back: true})
	if d.pause.open {
		t.Fatal("a second Esc did not resume")
	}
	rg.frame(Intents{Back: true})
	rg.frame(Intents{Confirm: true})
	if d.pause.open || rg.g.scenes.Busy() {
		t.Fatal("Enter on Resume did not close the panel")
	}
	// The Pause button opens it with the mouse; a click on Resume closes it.
	b := d.pauseB.r
	rg.frame(Intents{Click: true, X: b.X + b.W/2, Y: b.Y + b.H/2})
	if !d.pause.open {
		t.Fatal("a click on the Pause button did not open the panel")
	}
	r := d.pause.main.btns[0].r
	rg.frame(Intents{Click: true, X: r.X + 2, Y: r.Y + 2})
	if d.pause.open {
		t.Fatal("a click on Resume did not close the panel")
	}
	// While the panel rests, nothing is painted (the typing waits).
	rg.frame(Intents{Back: true})
	if n := rg.painted(30); n != 0 {
		t.Errorf("the open pause panel painted %d frames in 30 at rest", n)
	}
}

func TestLeaveAsksFirstAndKeepsTheRunOnNo(t *testing.T) {
	rg, d := startRun(t, 800, 600)
	rg.frame(Intents{Back: true})
	for i := 0; i < 3; i++ {
		rg.frame(Intents{Down: true})
	}
	if got := d.pause.acts[d.pause.main.focus]; got != pauseLeave {
		t.Fatalf("three Downs: focus on %v, want Leave", got)
	}
	rg.frame(Intents{Confirm: true})
	if d.pause.asking != pauseLeave {
		t.Fatal("Leave did not ask first")
	}
	// Enter pressed again in a hurry keeps the run: the safe answer has
	// the focus.
	rg.frame(Intents{Confirm: true})
	if d.pause.asking != pauseResume || !d.pause.open || rg.g.scenes.Busy() {
		t.Fatal("Enter on the question did not keep the run")
	}
	rg.frame(Intents{Confirm: true}) // Leave again (the focus stayed on it)
	rg.frame(Intents{Down: true})
	rg.frame(Intents{Confirm: true})
	rg.settleFade()
	if _, ok := rg.g.scenes.Current().(*title); !ok {
		t.Fatalf("after confirming Leave: %T, want the title", rg.g.scenes.Current())
	}
}

func TestRestartStartsTheScenarioAgain(t *testing.T) {
	rg, d := startRun(t, 1280, 720)
	old := d.run
	in := Intents{}
	in.Pick(1)
	rg.frame(in) // to the feedback
	rg.settleFade()
	f, ok := rg.g.scenes.Current().(*feedback)
	if !ok {
		t.Fatalf("after a choice: %T, want the feedback", rg.g.scenes.Current())
	}
	rg.frame(Intents{Back: true})
	if !f.pause.open {
		t.Fatal("Esc on the feedback did not pause")
	}
	rg.frame(Intents{Down: true})
	rg.frame(Intents{Confirm: true}) // Restart: asks
	rg.frame(Intents{Down: true})
	rg.frame(Intents{Confirm: true})
	rg.settleFade()
	nd, ok := rg.g.scenes.Current().(*dialogue)
	if !ok || nd.run == old || len(nd.run.Steps()) != 0 || rg.g.ctx.Run != nd.run {
		t.Fatalf("after Restart: %T, want a dialogue with a new run at its first node", rg.g.scenes.Current())
	}
}

func TestPauseSettingsComeBackToThePanel(t *testing.T) {
	rg, d := startRun(t, 1280, 720)
	rg.frame(Intents{Back: true})
	rg.frame(Intents{Settings: true}) // F2, shown on the Settings button
	rg.settleFade()
	s, ok := rg.g.scenes.Current().(*settingsScene)
	if !ok {
		t.Fatalf("F2 in the pause panel: %T, want the settings", rg.g.scenes.Current())
	}
	if s.back() != d {
		t.Fatal("the settings do not go back to the same dialogue")
	}
	rg.frame(Intents{Back: true})
	rg.settleFade()
	if rg.g.scenes.Current() != d || !d.pause.open || d.pause.acts[d.pause.main.focus] != pauseSettings {
		t.Fatal("back from the settings: want the dialogue, paused, on Settings")
	}
}

// In an assessment the pause panel neither stops nor hides the clock: the
// node times out on schedule with the panel open, and the panel shows the
// countdown while it is.
func TestAssessmentPauseKeepsTheClockRunning(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	g.ctx.Mode = Assessment
	sc := mustTestScenario(t)
	g.ctx.Assess = &assessSession{cfg: &play.AssessmentConfig{Assessment: "t", TimeLimits: true},
		a: play.NewAssessment(singleScenario(sc), 1, true)}
	g.ctx.Run = g.ctx.Assess.a.Run()
	d := newAssessDialogue(&g.ctx, g.ctx.Run.Mood())
	g.scenes.GoTo(d)
	rg.frame(Intents{Confirm: true})
	rg.frame(Intents{Back: true})
	if !d.pause.open {
		t.Fatal("Esc in an assessment did not open the panel")
	}
	if got := len(d.pause.acts); got != 1 || d.pause.acts[0] != pauseResume {
		t.Fatalf("assessment pause offers %v, want Resume only", d.pause.acts)
	}
	if str := g.ctx.UI.Str; d.pause.main.heading != str.T(sDialogueMenu) || d.pauseB.label != str.T(sDialogueMenu) {
		t.Errorf("the assessment's panel and button say %q and %q, want Menu: nothing pauses", d.pause.main.heading, d.pauseB.label)
	}
	if d.pause.main.keysHint() != sPauseKeysHintOne {
		t.Error("the assessment's one-button panel offers ↑↓ to choose")
	}
	if d.pause.main.note == "" || d.pause.main.extraH == 0 {
		t.Fatal("the assessment pause neither says the clock runs nor keeps room for it")
	}
	rg.frame(Intents{Settings: true})
	if _, ok := g.scenes.next.(*settingsScene); ok {
		t.Fatal("F2 in an assessment opened the settings, which hide the countdown")
	}
	// Half the limit passes with the panel open: the countdown moved and
	// is repainted.
	rg.clock = rg.clock.Add(time.Duration(d.limit) * time.Second / 2)
	if !rg.frame(Intents{}) {
		t.Error("the countdown was not repainted under the open panel")
	}
	if got := d.countdown().secs; got != d.limit-d.limit/2 {
		t.Errorf("countdown with the panel open: %d s, want %d", got, d.limit-d.limit/2)
	}
	rg.clock = rg.clock.Add(time.Duration(d.limit) * time.Second)
	rg.frame(Intents{})
	if g.scenes.Current() == d && !g.scenes.Busy() {
		t.Fatal("the time limit ran out with the panel open and the assessment did not move on")
	}
}

func TestKeysPressedDuringAFadeAreKept(t *testing.T) {
	rg, d := startRun(t, 1280, 720)
	in := Intents{}
	in.Pick(1)
	rg.frame(in) // to the feedback: a fade starts
	if !rg.g.scenes.Busy() {
		t.Fatal("no fade after a choice")
	}
	// Enter during the fade: continue from the feedback when it shows.
	rg.frame(Intents{Confirm: true})
	rg.settleFade()
	rg.frame(Intents{})
	rg.settleFade()
	if nd, ok := rg.g.scenes.Current().(*dialogue); !ok || nd == d {
		t.Fatalf("Enter pressed during the fade was lost: on %T, want the next dialogue", rg.g.scenes.Current())
	}
	// Pointer input is not kept: a click meant the old screen.
	var m SceneManager
	m.queueKeys(&Intents{Click: true, X: 5, Y: 5})
	if len(m.queued) != 0 {
		t.Error("a click during a fade was queued")
	}
	for i := 0; i < 20; i++ {
		m.queueKeys(&Intents{Down: true})
	}
	if len(m.queued) != maxQueued {
		t.Errorf("%d keys kept, want at most %d", len(m.queued), maxQueued)
	}
	// Order holds: the queued key first, this frame's after it.
	m.queued = []Intents{{Up: true}}
	cur := Intents{Down: true}
	m.takeQueued(&cur)
	if !cur.Up || cur.Down || len(m.queued) != 1 || !m.queued[0].Down {
		t.Errorf("takeQueued: got %+v and %d queued, want Up now and Down next", cur, len(m.queued))
	}
}

func TestTitleEscAsksBeforeQuitting(t *testing.T) {
	if !canQuit {
		t.Skip("the browser game has no Quit")
	}
	rg := newRestGame(t, 1280, 720)
	ti := newTitle(&rg.g.ctx, nil)
	rg.g.scenes.GoTo(ti)
	rg.frame(Intents{})
	rg.frame(Intents{Back: true})
	if !ti.quitOpen {
		t.Fatal("Esc on the title did not ask")
	}
	rg.frame(Intents{Confirm: true}) // Stay has the focus
	if ti.quitOpen || rg.g.ctx.Quit {
		t.Fatal("Enter on Stay did not keep the game")
	}
	rg.frame(Intents{Back: true})
	rg.frame(Intents{Down: true})
	if err := rg.g.tick(Intents{Confirm: true}); !IsExit(err) || err == nil {
		t.Fatalf("confirming Quit: got %v, want the game to end", err)
	}
}

// TestPauseScreens draws the pause panels, the title's quit question and
// the settings at 800x600 and 1280x720 in every language; with
// SA_SHOTS=DIR it writes them as PNGs to look at.
func TestPauseScreens(t *testing.T) {
	shots := os.Getenv("SA_SHOTS")
	if shots != "" {
		os.MkdirAll(shots, 0o755)
	}
	sizes := [][2]int{{800, 600}, {1280, 720}}
	if shots != "" {
		sizes = append(sizes, [2]int{1920, 1080}) // for looking at, not for every run
	}
	for _, lang := range []string{"en", "pt-BR", "es"} {
		for _, size := range sizes {
			rg, d := startRun(t, size[0], size[1])
			str, err := LoadStrings(lang)
			if err != nil {
				t.Fatal(err)
			}
			rg.g.ctx.UI.SetStrings(str)
			rg.g.ctx.Saves.Data.Settings.Lang = lang
			shot := func(name string) {
				rg.g.rest.dirty = true
				rg.frame(Intents{})
				if n := distinctColors(rg.dst); n < 50 {
					t.Errorf("%s %s: %d colours, want a real rendering", lang, name, n)
				}
				if shots != "" {
					savePNG(t, rg.dst, filepath.Join(shots, fmt.Sprintf("pause-%s-%dx%d-%s.png", lang, size[0], size[1], name)))
				}
			}
			shot("dialogue")
			rg.frame(Intents{Back: true})
			rg.frame(Intents{Down: true})
			shot("paused")
			rg.frame(Intents{Down: true})
			rg.frame(Intents{Down: true})
			rg.frame(Intents{Confirm: true})
			shot("leave-ask")
			rg.frame(Intents{Back: true})
			rg.frame(Intents{Back: true})

			// The assessment's pause with its live countdown.
			g := rg.g
			g.ctx.Mode = Assessment
			g.ctx.Assess = &assessSession{cfg: &play.AssessmentConfig{Assessment: "t", TimeLimits: true},
				a: play.NewAssessment(singleScenario(mustTestScenario(t)), 1, true)}
			g.ctx.Run = g.ctx.Assess.a.Run()
			ad := newAssessDialogue(&g.ctx, g.ctx.Run.Mood())
			g.scenes.GoTo(ad)
			rg.settleFade()
			rg.frame(Intents{Confirm: true})
			rg.clock = rg.clock.Add(9 * time.Second)
			rg.frame(Intents{Back: true})
			shot("assessment-paused")
			g.ctx.Mode, g.ctx.Assess = Practice, nil

			ti := newTitle(&g.ctx, nil)
			g.scenes.GoTo(ti)
			rg.settleFade()
			shot("title")
			rg.frame(Intents{Back: true})
			shot("title-quit")
			g.scenes.GoTo(newSettings(&g.ctx, func() Scene { return d }))
			rg.settleFade()
			rg.frame(Intents{Down: true})
			shot("settings")
		}
	}
}

// The focused choice's ring shows whole even where the list is clipped to
// scroll: its light outer edge is there left of the choice.
func TestFocusRingIsNotClipped(t *testing.T) {
	rg, d := startRun(t, 480, 400)
	if d.scroll.max <= 0 {
		t.Fatal("at 480x400 the test node's list should scroll (the case this checks)")
	}
	rg.frame(Intents{Down: true})
	rg.frame(Intents{Down: true})
	if d.focus != 1 {
		t.Fatalf("focus %d after two Downs, want 1", d.focus)
	}
	rg.g.rest.dirty = true
	rg.frame(Intents{})
	r := d.contentRect(d.choice[1])
	u := d.ui
	x, y := int(r.X-u.focusRingW()+1), int(r.Y+r.H/2)
	got := rg.dst.At(x, y)
	cr, cg, cb, _ := got.RGBA()
	if cr>>8 < 0xd0 || cg>>8 < 0xd0 || cb>>8 < 0xc0 {
		t.Errorf("pixel left of the focused choice at (%d,%d) is %v, want the ring's light colour", x, y, got)
	}
}
