package game

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/progress"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// seedHistory gives a player five runs, three of them leaning to Spring,
// and the best results they left.
func seedHistory(t testing.TB, d *SaveData) {
	t.Helper()
	runs := []struct {
		id string
		w  scoring.Weights
		e  string
	}{
		{"double-charge", scoring.Weights{0, 2, 0, 0, 1}, scoring.Unresolved},
		{"broken-promise-pt-br", scoring.Weights{2, 0, 0, 0, 1}, scoring.Lost},
		{"friday-outage", scoring.Weights{0, 3, 1, 0, 0}, scoring.Resolved},
		{"double-charge-es", scoring.Weights{0, 0, 0, 0, 4}, scoring.Resolved},
		{"it-doesnt-work", scoring.Weights{0, 2, 1, 0, 1}, scoring.Unresolved},
	}
	sit := func(id string) string {
		return strings.TrimSuffix(strings.TrimSuffix(id, "-es"), "-pt-br")
	}
	for _, r := range runs {
		rep := play.Report{Scenario: r.id, Ending: r.e, Weights: r.w, Drift: scoring.Drift(r.w), Archetype: scoring.Archetype(r.w)}
		d.Record(rep)
		d.History = progress.Append(d.History, progress.RunOf(rep, sit(r.id), time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))
	}
}

// TestRecommendationText: the title and the debrief say which shadow the
// last runs leaned to, how often, and which situation to try and why, in
// each language.
func TestRecommendationText(t *testing.T) {
	lib := LoadLibrary()
	var d SaveData
	seedHistory(t, &d)
	for _, c := range []struct{ lang, want, trap string }{
		{"en", "Your choices drifted toward Spring in 3 of your last 5 runs: try “", "where keeping the case to yourself is the trap."},
		{"pt-BR", "Suas escolhas tenderam para a Mola em 3 das suas últimas 5 partidas: experimente “", "em que a armadilha é ficar com o caso só para você."},
		{"es", "Sus decisiones tendieron hacia el Resorte en 3 de sus últimas 5 partidas: pruebe «", "donde la trampa es quedarse con el caso usted solo."},
	} {
		str := mustStrings(t, c.lang)
		got := recommendation(str, lib, d.History)
		if !strings.HasPrefix(got, c.want) || !strings.HasSuffix(got, c.trap) {
			t.Errorf("%s: %q\nwant %q … %q", c.lang, got, c.want, c.trap)
		}
		// The situation named is one in the player's language, never the
		// one just played.
		found := false
		for _, s := range lib.Situations() {
			if e, ok := s.in(c.lang); ok && strings.Contains(got, e.Title) {
				found = true
				if s.key == "it-doesnt-work" {
					t.Errorf("%s: recommends the situation just played: %q", c.lang, got)
				}
			}
		}
		if !found {
			t.Errorf("%s: %q names no situation of the library in that language", c.lang, got)
		}
	}
	one := []progress.Run{{Scenario: "double-charge", Situation: "double-charge", Ending: scoring.Resolved, Weights: scoring.Weights{3, 0, 0, 0, 1}}}
	if got := recommendation(mustStrings(t, "en"), lib, one); !strings.HasPrefix(got, "Your choices drifted toward Pivot in your last run: try “") {
		t.Errorf("one run: %q", got)
	}
	shock := []progress.Run{{Scenario: "double-charge", Situation: "double-charge", Ending: scoring.Resolved, Weights: scoring.Weights{0, 0, 0, 0, 1}}}
	if got := recommendation(mustStrings(t, "en"), lib, shock); !strings.Contains(got, "a situation you have not played yet") {
		t.Errorf("no shadow: %q", got)
	}
	if got := recommendation(mustStrings(t, "en"), lib, nil); got != "" {
		t.Errorf("no history recommends %q", got)
	}
}

// TestDriftNote: the chart's note in each language, for one run and for
// several, with its percentages and count written out.
func TestDriftNote(t *testing.T) {
	for _, lang := range []string{"en", "pt-BR", "es"} {
		str := mustStrings(t, lang)
		one, five := driftNote(str, 1), driftNote(str, 5)
		for _, s := range []string{one, five} {
			if strings.Contains(s, "%!") || strings.Contains(s, "%%") || !strings.Contains(s, "100%") {
				t.Errorf("%s: %q", lang, s)
			}
		}
		if !strings.Contains(five, " 5 ") || strings.Contains(one, " 1 ") {
			t.Errorf("%s: %q / %q", lang, one, five)
		}
	}
}

// TestBestBySituation: the languages of a situation count as one, its
// plays added up and its best run kept, titled in the UI language.
func TestBestBySituation(t *testing.T) {
	lib := LoadLibrary()
	var d SaveData
	seedHistory(t, &d)
	best := bestBySituation(mustStrings(t, "pt-BR"), lib, d.Progress)
	if len(best) != 4 {
		t.Fatalf("%d situations, want 4: %+v", len(best), best)
	}
	dc := lib.ByID("double-charge-pt-br")
	for _, b := range best {
		if b.title == dc.Title {
			if b.res.Plays != 2 || b.res.BestEnding != scoring.Resolved || b.res.BestShock != 1 {
				t.Errorf("double-charge folded as %+v", b.res)
			}
			return
		}
	}
	t.Errorf("no line titled %q", dc.Title)
}

// TestDebriefRecordsHistory: a finished practice run joins the history.
func TestDebriefRecordsHistory(t *testing.T) {
	ctx, sc := testContext(t, 1280, 720)
	r := runTo(t, sc, 0)
	d := newDebrief(ctx, r)
	onLoop(func() { d.Update(ctx) })
	h := ctx.Saves.Data.History
	if len(h) != 1 || h[0].Scenario != sc.ID || h[0].Weights != r.Report().Weights {
		t.Fatalf("history %+v", h)
	}
	// And it survives a save and a load.
	var back SaveData
	data, _ := ctx.Saves.st.read()
	if err := decodeSave(data, &back); err != nil || len(back.History) != 1 {
		t.Fatalf("reloaded history %+v, %v", back.History, err)
	}
}

// TestTitleOpensProgress: F3 on the title opens the progress screen, and
// Escape there goes back.
func TestTitleOpensProgress(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	ctx.Library = LoadLibrary()
	seedHistory(t, &ctx.Saves.Data)
	ti := newTitle(ctx, nil)
	ctx.Scenes.GoTo(ti)
	ctx.Input = Intents{Progress: true}
	onLoop(func() { ti.Update(ctx) })
	p, ok := ctx.Scenes.next.(*progressScene)
	if !ok {
		t.Fatalf("F3 on the title went to %T", ctx.Scenes.next)
	}
	ctx.Input = Intents{Back: true}
	onLoop(func() { p.Update(ctx) })
	if _, ok := ctx.Scenes.next.(*title); !ok {
		t.Fatalf("Escape on the progress screen went to %T", ctx.Scenes.next)
	}
}

// TestTitleRecommendationClick: a click on the recommendation brings the
// situation's card into view, focused, in the language recommended.
func TestTitleRecommendationClick(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	ctx.Library = LoadLibrary()
	ctx.UI.SetStrings(mustStrings(t, "es"))
	seedHistory(t, &ctx.Saves.Data)
	ti := newTitle(ctx, nil)
	ctx.Scenes.GoTo(ti)
	ti.layout()
	pick := ti.prog.pick
	if pick.ID == "" || pick.Language != "es" {
		t.Fatalf("recommended %+v", pick)
	}
	r := ti.prog.r
	ctx.Input = Intents{Click: true, X: r.X + 20, Y: r.Y + r.H/2}
	onLoop(func() { ti.Update(ctx) })
	next, ok := ctx.Scenes.next.(*title)
	if !ok {
		t.Fatalf("the click went to %T", ctx.Scenes.next)
	}
	next.layout()
	if next.focus < 0 || next.card(next.focus).entry.ID != pick.ID {
		t.Errorf("focused card %d, want %s", next.focus, pick.ID)
	}
}

// TestTitleArrowsReachTheProgressStrip: ↑ from the first card goes
// through the language filter to the progress button and then the
// recommendation; Enter on each does what a click does.
func TestTitleArrowsReachTheProgressStrip(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	ctx.Library = LoadLibrary()
	seedHistory(t, &ctx.Saves.Data)
	ti := newTitle(ctx, nil)
	ctx.Scenes.GoTo(ti)
	ti.layout()
	if ti.prog.pick.ID == "" || len(ti.filterR) == 0 {
		t.Fatalf("the test wants a recommendation and a language filter: %+v, %d chips", ti.prog.pick, len(ti.filterR))
	}
	ti.focus = 0
	var stops []int
	for range 5 {
		ctx.Input = Intents{Up: true}
		onLoop(func() { ti.Update(ctx) })
		stops = append(stops, ti.focus)
	}
	if want := []int{focusFilter, focusProgress, focusPick, focusPick, focusPick}; !slices.Equal(stops, want) {
		t.Fatalf("↑ from the first card stops at %v, want %v", stops, want)
	}
	ctx.Input = Intents{Confirm: true}
	onLoop(func() { ti.Update(ctx) })
	if next, ok := ctx.Scenes.next.(*title); !ok || next.sel == nil || next.sel.ID != ti.prog.pick.ID {
		t.Fatalf("Enter on the recommendation went to %T", ctx.Scenes.next)
	}
	ti2 := newTitle(ctx, nil)
	ti2.layout()
	ti2.focus = focusPick
	ctx.Input = Intents{Down: true}
	onLoop(func() { ti2.Update(ctx) })
	ctx.Input = Intents{Confirm: true}
	onLoop(func() { ti2.Update(ctx) })
	if _, ok := ctx.Scenes.next.(*progressScene); !ok || ti2.focus != focusProgress {
		t.Fatalf("Enter on the progress button (focus %d) went to %T", ti2.focus, ctx.Scenes.next)
	}
}

// TestProgressScreens draws the progress screen, the title and a debrief
// with a history, in every language at three sizes. With SA_SHOTS=DIR it
// writes them as PNGs.
func TestProgressScreens(t *testing.T) {
	shots := os.Getenv("SA_SHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lib := LoadLibrary()
	sizes := []image.Point{{800, 600}, {1280, 720}, {1920, 1080}}
	if shots == "" {
		sizes = sizes[:1]
	}
	for _, lang := range []string{"en", "pt-BR", "es"} {
		for _, size := range sizes {
			ctx, _ := testContext(t, size.X, size.Y)
			ctx.Library = lib
			ctx.UI.SetStrings(mustStrings(t, lang))
			seedHistory(t, &ctx.Saves.Data)
			id := map[string]string{"en": "double-charge", "pt-BR": "double-charge-pt-br", "es": "double-charge-es"}[lang]
			sc := lib.ByID(id)
			run := runTo(t, sc, 0)
			empty, _ := testContext(t, size.X, size.Y)
			empty.UI = ctx.UI
			pickFocused := newTitle(ctx, nil) // the recommendation, reached with ↑
			pickFocused.layout()
			pickFocused.focus = focusPick
			for _, s := range []struct {
				name  string
				scene Scene
			}{{"progress", newProgress(ctx, func() Scene { return nil })}, {"title", newTitle(ctx, nil)},
				{"debrief", newDebrief(ctx, run)}, {"progress-empty", newProgress(empty, func() Scene { return nil })},
				{"title-pick-focused", pickFocused}} {
				dst := ebiten.NewImage(size.X, size.Y)
				onLoop(func() { s.scene.Draw(dst) })
				if n := distinctColors(dst); n < 50 {
					t.Errorf("%s %s at %v: %d distinct colours, want a real rendering", lang, s.name, size, n)
				}
				if shots != "" {
					savePNG(t, dst, filepath.Join(shots, fmt.Sprintf("%s-%dx%d-%s.png", lang, size.X, size.Y, s.name)))
				}
			}
		}
	}
}

// runTo plays sc taking choice i at every node until the run ends.
func runTo(t testing.TB, sc *scenarios.Scenario, i int) *play.Run {
	t.Helper()
	r := play.New(sc)
	for !r.Done() {
		if _, err := r.Choose(i); err != nil {
			t.Fatal(err)
		}
	}
	return r
}
