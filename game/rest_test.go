package game

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

func mustTestScenario(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, diags := scenarios.Parse("test.toml", []byte(testScenario))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return sc
}

func singleScenario(sc *scenarios.Scenario) []*scenarios.Scenario { return []*scenarios.Scenario{sc} }

// restGame is a game around the test scenario, driven tick by tick with
// intents instead of devices, counting the frames it paints.
type restGame struct {
	t     testing.TB
	g     *Game
	dst   *ebiten.Image
	clock time.Time
}

func newRestGame(t testing.TB, w, h int) *restGame {
	t.Helper()
	ctx, _ := testContext(t, w, h)
	g := &Game{}
	g.rest.drawnGen = -1
	g.ctx = *ctx
	g.ctx.Scenes = &g.scenes
	rg := &restGame{t: t, g: g, dst: ebiten.NewImage(w, h), clock: time.Unix(1e9, 0)}
	g.ctx.Now = func() time.Time { return rg.clock }
	return rg
}

// frame runs one tick with in and draws; it reports whether the frame was
// painted.
func (rg *restGame) frame(in Intents) bool {
	rg.t.Helper()
	before := rg.g.rest.draws
	var err error
	onLoop(func() {
		if err = rg.g.tick(in); err == nil {
			rg.g.Draw(rg.dst)
		}
	})
	if err != nil {
		rg.t.Fatal(err)
	}
	return rg.g.rest.draws > before
}

// until runs quiet ticks while busy reports true (at most limit) and
// returns how many ran and how many of them were painted.
func (rg *restGame) until(busy func() bool, limit int) (ticks, painted int) {
	rg.t.Helper()
	before := rg.g.rest.draws
	var err error
	for err == nil && ticks < limit && busy() {
		onLoop(func() {
			for k := 0; k < 40 && err == nil && ticks < limit && busy(); k++ {
				ticks++
				if err = rg.g.tick(Intents{}); err == nil {
					rg.g.Draw(rg.dst)
				}
			}
		})
	}
	if err != nil {
		rg.t.Fatal(err)
	}
	if ticks == limit && busy() {
		rg.t.Fatalf("still moving after %d ticks", limit)
	}
	return ticks, rg.g.rest.draws - before
}

// painted runs n quiet ticks (the clock advancing a 60th of a second each)
// and returns how many frames were painted. The ticks run a few dozen to a
// tick of the test loop, as in TestEveryBundledScenarioPlaysToItsDebrief.
func (rg *restGame) painted(n int) int {
	rg.t.Helper()
	before := rg.g.rest.draws
	var err error
	for i := 0; i < n && err == nil; {
		onLoop(func() {
			for k := 0; k < 40 && i < n && err == nil; k++ {
				i++
				rg.clock = rg.clock.Add(time.Second / 60)
				if err = rg.g.tick(Intents{}); err == nil {
					rg.g.Draw(rg.dst)
				}
			}
		})
	}
	if err != nil {
		rg.t.Fatal(err)
	}
	return rg.g.rest.draws - before
}

// A resting screen paints nothing; input, a new size, a new language and
// a scene switch each paint.
func TestRestingTitlePaintsOnlyOnChange(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	g.scenes.GoTo(newTitle(&g.ctx, nil))
	if !rg.frame(Intents{}) {
		t.Fatal("the first frame was not painted")
	}
	if n := rg.painted(120); n != 0 {
		t.Fatalf("a resting title painted %d frames in 120, want 0", n)
	}
	if !rg.frame(Intents{Down: true}) {
		t.Error("a key did not repaint")
	}
	if !rg.frame(Intents{Moved: true, PointerX: 5, PointerY: 5}) {
		t.Error("a pointer move did not repaint")
	}
	if n := rg.painted(10); n != 0 {
		t.Errorf("after the input, %d frames painted, want 0", n)
	}
	g.ctx.UI.Resize(1000, 700, 1)
	if !rg.frame(Intents{}) {
		t.Error("a new window size did not repaint")
	}
	g.ctx.UI.SetStrings(mustStrings(t, "es"))
	if !rg.frame(Intents{}) {
		t.Error("a new language did not repaint")
	}
	if n := rg.painted(10); n != 0 {
		t.Errorf("after the changes, %d frames painted, want 0", n)
	}
}

// Nothing that moves freezes: the typewriter, the choices fading in, the
// fade between scenes and the mood meter easing each paint every frame
// until they are done, and then the screen rests.
func TestAnimationsPaintUntilDoneThenRest(t *testing.T) {
	// Small and fast, as every frame of the typewriter is painted.
	rg := newRestGame(t, 640, 480)
	g := rg.g
	g.ctx.Saves.Data.Settings.TextSpeed = SpeedFast
	run := play.New(mustTestScenario(t))
	g.ctx.Run = run
	d := newDialogue(&g.ctx, run, run.Mood())
	g.scenes.GoTo(d)
	typing, painted := rg.until(func() bool { return !d.revealed() }, 2000)
	if typing < 40 {
		t.Fatalf("the line typed out in %d frames: the test needs a typewriter to watch", typing)
	}
	if painted != typing {
		t.Fatalf("%d of the typewriter's %d frames painted, want all", painted, typing)
	}
	if n, painted := rg.until(func() bool { return d.appear < 1 }, 100); painted != n || n == 0 {
		t.Fatalf("%d of the %d frames of the choices fading in painted, want all", painted, n)
	}
	// One more frame shows the choices at full strength; then rest.
	rg.frame(Intents{})
	if n := rg.painted(60); n != 0 {
		t.Fatalf("the resting dialogue painted %d frames in 60, want 0", n)
	}

	// Pick the first choice (mood +15): the fade to the feedback paints
	// every frame, then the meter eases to the new mood, then rest.
	in := Intents{}
	in.Pick(1)
	if !rg.frame(in) {
		t.Fatal("the pick did not repaint")
	}
	if n, painted := rg.until(g.scenes.Busy, 100); painted != n || n == 0 {
		t.Fatalf("%d of the fade's %d frames painted, want all", painted, n)
	}
	f, ok := g.scenes.Current().(*feedback)
	if !ok {
		t.Fatalf("scene %T after the pick, want *feedback", g.scenes.Current())
	}
	if n, painted := rg.until(func() bool { return f.mood != float64(f.step.MoodTo) }, 600); painted != n || n == 0 {
		t.Fatalf("%d of the %d frames of the mood easing painted, want all", painted, n)
	}
	rg.frame(Intents{})
	if n := rg.painted(60); n != 0 {
		t.Fatalf("the resting feedback painted %d frames in 60, want 0", n)
	}
}

// An assessment's countdown repaints when it shows another second or
// another pixel of its bar, not every frame, and never freezes.
func TestCountdownPaintsAsItMoves(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	g.ctx.Mode = Assessment
	sc := mustTestScenario(t)
	g.ctx.Assess = &assessSession{cfg: &play.AssessmentConfig{Assessment: "t", TimeLimits: true}, list: nil,
		a: play.NewAssessment(singleScenario(sc), 1, true)}
	g.ctx.Run = g.ctx.Assess.a.Run()
	d := newAssessDialogue(&g.ctx, g.ctx.Run.Mood())
	if d.limit <= 0 {
		t.Fatal("the test scenario's first node has no time limit")
	}
	g.scenes.GoTo(d)
	// Show the whole line at once, as a candidate's key does.
	rg.frame(Intents{Confirm: true})
	for i := 0; d.appear < 1; i++ {
		rg.frame(Intents{})
	}
	// A clock that stands still: nothing moves, nothing is painted.
	for i := 0; i < 30; i++ {
		if rg.frame(Intents{}) && i > 0 {
			t.Fatalf("frame %d painted with the clock standing still", i)
		}
	}
	// A second and a bit of frames: the label changes once and the bar
	// moves a few pixels (its width over the limit, per second).
	n := rg.painted(66)
	px := 1.1 * d.cust.extraR.W / float64(d.limit)
	if n < 1 || float64(n) > px+3 {
		t.Errorf("1.1 s of countdown painted %d frames; want at least 1 and about %.0f (the bar's pixels in that time)", n, px)
	}
	if got := d.countdown().secs; got != d.limit-1 {
		t.Errorf("the countdown shows %d s after 1.1 s of a %d s limit", got, d.limit)
	}
}

// A reload notice paints when it appears, rests while it stays, and paints
// each frame of its fading out.
func TestToastPaintsWhenItShowsAndFades(t *testing.T) {
	rg := newRestGame(t, 800, 600)
	g := rg.g
	g.scenes.GoTo(newTitle(&g.ctx, nil))
	rg.frame(Intents{})
	g.showToast("Reloaded test.toml", colGood)
	if !rg.frame(Intents{}) {
		t.Fatal("the notice did not paint when it appeared")
	}
	if n, want := rg.painted(toastFrames), toastFadeFrames; n != want {
		t.Errorf("the notice painted %d frames while it stayed and faded, want %d", n, want)
	}
	if n := rg.painted(30); n != 0 {
		t.Errorf("%d frames painted after the notice was gone, want 0", n)
	}
}

// A screenshot that is due paints its frame even on a resting screen, so
// scripted runs and --screenshot-each still work.
func TestScreenshotPaintsARestingScreen(t *testing.T) {
	rg := newRestGame(t, 800, 600)
	g := rg.g
	g.scenes.GoTo(newTitle(&g.ctx, nil))
	rg.frame(Intents{})
	rg.painted(5)
	g.script = newScript(Options{}, nil)
	path := filepath.Join(t.TempDir(), "shot.png")
	g.script.pending = []string{path}
	onLoop(func() { g.Draw(rg.dst) })
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no screenshot from a resting screen: %v", err)
	}
	if n := distinctColors(rg.dst); n < 50 {
		t.Errorf("the screenshot frame has %d colours: not a real picture", n)
	}
}

// Every field of Intents is input: a new field that active does not know
// would leave the screen unpainted when the player uses it.
func TestEveryIntentIsActive(t *testing.T) {
	typ := reflect.TypeFor[Intents]()
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		switch f.Name {
		case "X", "Y", "PointerX", "PointerY":
			continue // where, not what: they come with Click or Moved
		}
		var in Intents
		v := reflect.ValueOf(&in).Elem().Field(i)
		v = reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem()
		switch v.Kind() {
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int:
			v.SetInt(1)
		case reflect.Float64:
			v.SetFloat(1)
		case reflect.Slice:
			v.Set(reflect.ValueOf([]rune("a")))
		default:
			t.Fatalf("field %s of kind %s: teach this test and active about it", f.Name, v.Kind())
		}
		if !in.active() {
			t.Errorf("Intents.%s set, but active() is false", f.Name)
		}
	}
	if (&Intents{}).active() {
		t.Error("empty intents are active")
	}
}

// A resting tick (input read, scenes updated, the frame skipped) allocates
// nothing on any screen, so a game left open makes no garbage.
func TestRestingTickAllocatesNothing(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	sc := mustTestScenario(t)
	run := play.New(sc)
	g.ctx.Run = run
	d := newDialogue(&g.ctx, run, run.Mood())
	st, _ := play.New(sc).Choose(0)
	for _, s := range []Scene{newTitle(&g.ctx, sc), d, newFeedback(&g.ctx, run, st), newSettings(&g.ctx, nil)} {
		g.scenes = SceneManager{}
		g.scenes.GoTo(s)
		for i := 0; i < 400 && (isAnimating(s) || i < 3); i++ {
			rg.frame(Intents{Confirm: s.(describer).describe().typing})
		}
		rg.painted(3)
		var before, after runtime.MemStats
		const ticks = 200
		var draws int
		onLoop(func() {
			draws = g.rest.draws
			runtime.ReadMemStats(&before)
			for i := 0; i < ticks; i++ {
				g.Update()
				g.Draw(rg.dst)
			}
			runtime.ReadMemStats(&after)
			draws = g.rest.draws - draws
		})
		if draws != 0 {
			t.Errorf("%T: %d frames painted at rest", s, draws)
		}
		// The game's code allocates nothing at rest; the bound leaves room
		// for what other goroutines (Ebitengine's, the test loop's) may
		// allocate meanwhile. One allocation a tick would be 200.
		if n := after.Mallocs - before.Mallocs; n >= ticks/20 {
			t.Errorf("%T: %d allocations in %d resting ticks, want none", s, n, ticks)
		}
	}
}

// The candidate's name field rests too: its caret blinks (a frame on and
// a frame off each second) for ten seconds after the last key, then stays
// on, and nothing else paints.
func TestCandidateFieldPaintsOnlyItsCaret(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	g.ctx.Mode = Assessment
	sc := mustTestScenario(t)
	g.ctx.Assess = newAssessSession(&play.AssessmentConfig{Assessment: "Support desk", Seed: 1, TimeLimits: true}, singleScenario(sc), AssessOptions{Candidate: "Ana"})
	g.scenes.GoTo(newCandidateEntry(&g.ctx))
	rg.frame(Intents{})
	if n := rg.painted(120); n < 3 || n > 5 {
		t.Errorf("two seconds of the resting name field painted %d frames, want 4 (the caret blinking)", n)
	}
	rg.painted(caretBlinkFrames)
	if n := rg.painted(120); n != 0 {
		t.Errorf("after ten seconds without a key, two seconds painted %d frames, want 0 (the caret steady)", n)
	}
	if !rg.frame(Intents{Chars: []rune("x")}) {
		t.Error("typing did not repaint")
	}
	if n := rg.painted(120); n < 3 || n > 5 {
		t.Errorf("after a key, two seconds painted %d frames, want 4 (the caret blinking again)", n)
	}
}
