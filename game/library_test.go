package game

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// The browser's picker starts from the catalog alone: every situation in
// the UI language has a card on the first frame, and picking one parses
// that file then, and only it.
func TestTitleFromTheCatalogLoadsWhatIsPicked(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	entries, diags := scenarios.Catalog()
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	ctx.Library = &Library{Entries: entries}
	tl := newTitle(ctx, nil)
	ctx.Scenes.GoTo(tl)
	dst := ebiten.NewImage(1280, 720)
	onLoop(func() {
		if err := tl.Update(ctx); err != nil {
			t.Fatal(err)
		}
		tl.Draw(dst)
	})
	if !tl.describe().ready {
		t.Fatal("the title is not ready on its first frame")
	}
	want := 0
	for _, s := range ctx.Library.Situations() {
		if _, ok := s.in("en"); ok {
			want++
		}
	}
	if len(tl.cards) != want || want < 2 {
		t.Fatalf("%d cards, want one for each of the %d situations in English", len(tl.cards), want)
	}
	ctx.Input = Intents{Down: true}
	onLoop(func() { tl.Update(ctx) })
	ctx.Input = Intents{Confirm: true}
	onLoop(func() { tl.Update(ctx) })
	picked := tl.card(1).entry
	if ctx.Run == nil {
		t.Fatal("Enter on the second card started nothing")
	}
	if got := ctx.Run.Scenario(); got.ID != picked.ID || got.File != picked.File || got.Language != "en" {
		t.Fatalf("started %s (%s, %s), want %s (%s) in English", got.ID, got.File, got.Language, picked.ID, picked.File)
	}
	if len(ctx.Library.Bundled) != 1 {
		t.Fatalf("%d scenarios parsed, want only the one picked", len(ctx.Library.Bundled))
	}
	// Picking it again reuses the parsed scenario.
	if sc, _ := ctx.Library.Load(picked); sc != ctx.Run.Scenario() {
		t.Fatal("a second Load parsed the file again")
	}
}

// A bundled file that cannot be parsed shows its problems, not a crash.
func TestPickingABrokenEntryShowsItsProblems(t *testing.T) {
	ctx, _ := testContext(t, 800, 600)
	ctx.Library = &Library{Entries: []scenarios.Entry{{File: "library/missing.toml", ID: "missing", Title: "Missing", Language: "en"}}}
	tl := newTitle(ctx, nil)
	ctx.Scenes.GoTo(tl)
	ctx.Input = Intents{Confirm: true}
	onLoop(func() { tl.Update(ctx) })
	if ctx.Run != nil {
		t.Fatal("a missing file started a run")
	}
	if _, ok := ctx.Scenes.next.(*problems); !ok {
		t.Fatalf("next scene %T, want *problems", ctx.Scenes.next)
	}
}

// An assessment whose configuration is at hand (the browser's page
// fetched it; here a bundled scenario played as one) opens on the
// candidate's screen, ready for a name on the first frame; a broken one
// opens on the message saying why.
func TestAssessmentAtHandOpensOnTheCandidateScreen(t *testing.T) {
	g, err := New(Options{Mode: Assessment, Scenario: "double-charge", ConfigDir: t.TempDir(), Width: 800, Height: 600})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, ok := g.scenes.Current().(*candidateEntry); !ok {
		t.Fatalf("first scene %T, want the candidate's screen", g.scenes.Current())
	}
	if g.scenes.Busy() {
		t.Fatal("the first scene is fading in")
	}

	bad := filepath.Join(t.TempDir(), "a.json")
	if err := os.WriteFile(bad, []byte(`{"seed": "nope"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err = New(Options{Mode: Assessment, AssessOptions: AssessOptions{AssessmentFile: bad}, ConfigDir: t.TempDir(), Width: 800, Height: 600})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	l, ok := g.scenes.Current().(*assessLoad)
	if !ok || !l.failed {
		t.Fatalf("first scene %T (failed=%v), want the failed loading screen", g.scenes.Current(), ok && l.failed)
	}
	if d := l.errorDetail(); d == "" {
		t.Fatal("no message for a broken configuration")
	}
}

// BenchmarkTitleFirstFrame is the browser's start-up work for the picker,
// measured on the desktop: the catalog, then the title's first layout and
// draw with empty text caches (a new UI each time), as on a page load.
func BenchmarkTitleFirstFrame(b *testing.B) {
	str, err := LoadStrings("en")
	if err != nil {
		b.Fatal(err)
	}
	dst := ebiten.NewImage(1280, 720)
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	for range b.N {
		onLoop(func() {
			b.StartTimer()
			entries, diags := scenarios.Catalog()
			if len(diags) > 0 {
				b.Fatal(diags.Error())
			}
			ui := NewUI(str)
			ui.Resize(1280, 720, 1)
			ctx := &Context{Scenes: &SceneManager{}, UI: ui, Saves: openSaves(&memStorage{}), Library: &Library{Entries: entries}, Mode: Practice}
			tl := newTitle(ctx, nil)
			ctx.Scenes.GoTo(tl)
			if err := tl.Update(ctx); err != nil {
				b.Fatal(err)
			}
			tl.Draw(dst)
			b.StopTimer()
		})
	}
}
