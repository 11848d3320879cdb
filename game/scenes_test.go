package game

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// testScenario has accents, a long word and a fit node, so one run covers
// the text paths the screens care about.
const testScenario = `
id = "test-accents"
title = "Ação: cobrança em dobro"
language = "pt-BR"
summary = "Uma cliente foi cobrada duas vezes; ñandú, façade, naïve."

[customer]
name = "Conceição Muñoz"
mood = 30

[[node]]
id = "opening"
text = "Olá! Fui cobrada duas vezes pela renovação anual — R$ 239,88 cada. Já liguei três vezes e ninguém resolve. Supercalifragilisticexpialidocious-antidisestablishmentarianism! Protocolo: BL77120XQ3ZK9PLM4NR8TVW2YD6HJ5CF0GSA7EU1OIBL77120XQ3ZK9PLM4NR8TVW2YD6HJ5CF0GSA7EU1OI."
fit = ["assume"]
time_limit = 30

  [[node.choice]]
  text = "Sinto muito, Conceição. Vou abrir seu histórico agora e resolvemos juntas."
  action = "assume"
  follow_up = "close"
  mood = 15
  feedback = "Assumir e fechar: é exatamente o que o caso pede."
  next = "end"

  [[node.choice]]
  text = "Vou encaminhar para o financeiro; eles entram em contato em até 7 dias úteis."
  action = "derive"
  follow_up = "none"
  mood = -30
  next = "end"

[[node]]
id = "end"
speaker = "Narrador"
text = "O estorno aparece no dia seguinte."
ending = "resolved"
`

func testContext(t testing.TB, w, h int) (*Context, *scenarios.Scenario) {
	t.Helper()
	sc, diags := scenarios.Parse("test.toml", []byte(testScenario))
	if diags.HasErrors() {
		t.Fatalf("test scenario: %v", diags)
	}
	str, err := LoadStrings("en")
	if err != nil {
		t.Fatal(err)
	}
	ui := NewUI(str)
	ui.Resize(w, h, 1)
	ctx := &Context{Scenes: &SceneManager{}, UI: ui, Saves: openSaves(&memStorage{}), Library: &Library{}, Mode: Practice}
	return ctx, sc
}

// settle runs a scene until it is ready (typing completed by a Confirm,
// as a player's key would) and returns how many frames it took.
func settle(t testing.TB, ctx *Context, s Scene, dst *ebiten.Image) {
	t.Helper()
	for i := 0; i < 600; i++ {
		info := s.(describer).describe()
		ctx.Input = Intents{Confirm: info.typing}
		if info.ready && !info.typing {
			return
		}
		var err error
		onLoop(func() {
			if err = s.Update(ctx); err == nil {
				s.Draw(dst)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("scene never settled")
}

func TestDialogueChooseByKeyGoesToFeedback(t *testing.T) {
	ctx, sc := testContext(t, 1280, 720)
	run := play.New(sc)
	ctx.Run = run
	d := newDialogue(ctx, run, run.Mood())
	ctx.Scenes.GoTo(d)
	dst := ebiten.NewImage(1280, 720)
	settle(t, ctx, d, dst)
	ctx.Input = Intents{}
	ctx.Input.Pick(1)
	if err := d.Update(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(run.Steps()); got != 1 {
		t.Fatalf("steps after picking 1: got %d, want 1", got)
	}
	if _, ok := ctx.Scenes.next.(*feedback); !ok {
		t.Fatalf("next scene: got %T, want *feedback", ctx.Scenes.next)
	}
}

func TestDialogueArrowsAndEnter(t *testing.T) {
	ctx, sc := testContext(t, 800, 600)
	run := play.New(sc)
	d := newDialogue(ctx, run, run.Mood())
	ctx.Scenes.GoTo(d)
	dst := ebiten.NewImage(800, 600)
	settle(t, ctx, d, dst)
	for _, in := range []Intents{{Down: true}, {Down: true}, {Confirm: true}} {
		ctx.Input = in
		if err := d.Update(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := run.Steps(); len(got) != 1 || got[0].Choice != 2 {
		t.Fatalf("after Down, Down, Enter: got steps %+v, want choice 2", got)
	}
}

// TestEveryScreenRendersSomething draws every scene at two sizes and in
// every language. With SA_SHOTS=DIR it also writes them as PNGs, for
// looking at the screens that scripted play does not reach (settings, a
// file's problems).
func TestEveryScreenRendersSomething(t *testing.T) {
	shots := os.Getenv("SA_SHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		size image.Point
		lang string
	}{{image.Point{1280, 720}, "en"}, {image.Point{720, 1000}, "en"}, {image.Point{1280, 720}, "pt-BR"}, {image.Point{800, 600}, "es"}} {
		size := c.size
		ctx, sc := testContext(t, size.X, size.Y)
		str, _ := LoadStrings(c.lang)
		ctx.UI.SetStrings(str)
		run := play.New(sc)
		ctx.Run = run
		d := newDialogue(ctx, run, run.Mood())
		dst := ebiten.NewImage(size.X, size.Y)
		settle(t, ctx, d, dst)
		st, err := run.Choose(0)
		if err != nil {
			t.Fatal(err)
		}
		scenes := []Scene{newTitle(ctx, sc), d, newFeedback(ctx, run, st), newDebrief(ctx, run),
			newSettings(ctx, func() Scene { return nil }), newProblems(ctx, "bad.toml", scenarios.Diagnostics{{File: "bad.toml", Line: 3, Col: 1, Message: "unknown key \"titel\""}})}
		for _, s := range scenes {
			dst.Clear()
			settle(t, ctx, s, dst)
			s.Draw(dst)
			if n := distinctColors(dst); n < 50 {
				t.Errorf("%T at %v: %d distinct colours, want a real rendering", s, size, n)
			}
			if shots != "" {
				name := fmt.Sprintf("%s-%dx%d-%s.png", c.lang, size.X, size.Y, strings.TrimPrefix(fmt.Sprintf("%T", s), "*game."))
				savePNG(t, dst, filepath.Join(shots, name))
			}
		}
	}
}

// warmUp draws a scene for two seconds of frames, one per loop tick, so
// every cache is filled and Ebitengine has moved the images drawn once
// (disc textures, the portrait) onto its shared source atlas.
func warmUp(ctx *Context, s Scene, dst *ebiten.Image) {
	ctx.Input = Intents{}
	for i := 0; i < 120; i++ {
		onLoop(func() {
			s.Update(ctx)
			s.Draw(dst)
		})
	}
}

func savePNG(t *testing.T, img *ebiten.Image, path string) {
	b := img.Bounds()
	rgba := image.NewRGBA(b)
	img.ReadPixels(rgba.Pix)
	if err := writePNG(path, rgba); err != nil {
		t.Error(err)
	}
}

func distinctColors(img *ebiten.Image) int {
	b := img.Bounds()
	pix := make([]byte, 4*b.Dx()*b.Dy())
	img.ReadPixels(pix)
	seen := map[[3]byte]bool{}
	for i := 0; i < len(pix); i += 4 * 7 {
		seen[[3]byte{pix[i], pix[i+1], pix[i+2]}] = true
	}
	return len(seen)
}

// BenchmarkDialogueFrame measures one frame of a steady dialogue screen
// (text fully shown, choices visible): Update and Draw into an offscreen
// image. It must not allocate.
func BenchmarkDialogueFrame(b *testing.B) {
	ctx, sc := testContext(b, 1280, 720)
	run := play.New(sc)
	d := newDialogue(ctx, run, run.Mood())
	ctx.Scenes.GoTo(d)
	dst := ebiten.NewImage(1280, 720)
	settle(b, ctx, d, dst)
	warmUp(ctx, d, dst)
	ctx.Input = Intents{}
	frames := func(n int) {
		for i := 0; i < n; i++ {
			d.Update(ctx)
			d.Draw(dst)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	// Run in chunks of at most a second of frames per loop tick, timing
	// only our frames, so the GPU flush between ticks is not counted.
	for done := 0; done < b.N; {
		n := min(60, b.N-done)
		onLoop(func() {
			b.StartTimer()
			frames(n)
			b.StopTimer()
		})
		done += n
	}
}

func TestDialogueFrameAllocatesNothing(t *testing.T) {
	ctx, sc := testContext(t, 1280, 720)
	run := play.New(sc)
	d := newDialogue(ctx, run, run.Mood())
	ctx.Scenes.GoTo(d)
	dst := ebiten.NewImage(1280, 720)
	settle(t, ctx, d, dst)
	warmUp(ctx, d, dst)
	ctx.Input = Intents{}
	// Frames back to back in one loop tick, as the benchmark runs them;
	// the first tick grows Ebitengine's command-queue buffers, the second
	// is measured.
	//
	// The count is the process's, so an allocation by anything else running
	// (Ebitengine's own goroutines, which do more when the machine is busy
	// and frames run late) lands in it too: the fewest of five rounds is
	// kept. An allocation in the game's frame code shows in every round.
	const frames = 120
	onLoop(func() {
		for i := 0; i < frames; i++ {
			d.Update(ctx)
			d.Draw(dst)
		}
	})
	total := uint64(math.MaxUint64)
	for round := 0; round < 5; round++ {
		onLoop(func() {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for i := 0; i < frames; i++ {
				d.Update(ctx)
				d.Draw(dst)
			}
			runtime.ReadMemStats(&after)
			total = min(total, after.Mallocs-before.Mallocs)
		})
	}
	allocs := float64(total) / frames
	// What is left is Ebitengine's own bookkeeping (a new draw command when
	// its vertex buffer fills, sync.Pool refills), well under one per frame;
	// the game's code allocates nothing.
	if allocs >= 1 {
		t.Errorf("steady dialogue frame: %.2f allocations per frame, want 0", allocs)
	}
	t.Logf("%.3f allocations per frame (%d in %d frames)", allocs, total, frames)
}

// The mood meter's label follows a language changed in the middle of a
// run (Settings from the pause panel), not only a change of mood.
func TestMoodLabelFollowsTheLanguage(t *testing.T) {
	ctx, _ := testContext(t, 800, 600)
	dst := ebiten.NewImage(800, 600)
	var mm moodMeter
	r := rect{10, 10, 300, 40}
	onLoop(func() { mm.Draw(dst, ctx.UI, r, 25) })
	en := mm.label
	ctx.UI.SetStrings(mustStrings(t, "pt-BR"))
	onLoop(func() { mm.Draw(dst, ctx.UI, r, 25) })
	pt := ctx.UI.Str
	if want := pt.T(sDialogueMood) + " · " + pt.MoodWord(25); mm.label != want || mm.label == en {
		t.Errorf("after switching to pt-BR the mood says %q, want %q", mm.label, want)
	}
}
