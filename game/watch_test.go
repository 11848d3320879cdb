//go:build !js

package game

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// newWatchedGame builds a game on a trainer's file with --watch, as the
// command line would.
func newWatchedGame(t *testing.T, src string) (*Game, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "watched.toml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{Scenario: file, Watch: true, ConfigDir: t.TempDir(), Width: 800, Height: 600})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	g.ctx.UI.Resize(800, 600, 1)
	return g, file
}

func TestReloadKeepsThePlayersPlace(t *testing.T) {
	g, file := newWatchedGame(t, testScenario)
	sc := g.ctx.Library.Trainer
	if sc == nil {
		t.Fatal("the trainer's file is not loaded")
	}
	// Play one choice, then edit the text of the node the player is at.
	var tl *title
	var ok bool
	if tl, ok = g.scenes.Current().(*title); !ok {
		t.Fatalf("first scene %T, want the title", g.scenes.Current())
	}
	tl.start(&g.ctx, &titleItem{entry: scenarios.EntryOf(sc), sc: sc})
	run := g.ctx.Run
	if _, err := run.Choose(0); err != nil {
		t.Fatal(err)
	}
	at := run.Node().ID
	edited := strings.Replace(testScenario, run.Node().Text, "Edited words, same node.", 1)
	if edited == testScenario {
		t.Fatal("could not edit the node's text")
	}
	os.WriteFile(file, []byte(edited), 0o644)
	g.reload()
	if g.ctx.Run == run || g.ctx.Run.Node().ID != at || g.ctx.Run.Node().Text != "Edited words, same node." {
		t.Fatalf("after reload: node %q text %q, want %q with the new text", g.ctx.Run.Node().ID, g.ctx.Run.Node().Text, at)
	}
	if len(g.ctx.Run.Steps()) != 1 || g.ctx.Run.Report().Edited {
		t.Errorf("the choice taken should be replayed exactly: %d steps", len(g.ctx.Run.Steps()))
	}
	_, isDialogue := g.scenes.next.(*dialogue)
	_, isDebrief := g.scenes.next.(*debrief)
	if g.ctx.Run.Done() && !isDebrief || !g.ctx.Run.Done() && !isDialogue {
		t.Errorf("next scene %T for a run that is done: %v", g.scenes.next, g.ctx.Run.Done())
	}
	if !strings.Contains(g.toast, "Reloaded watched.toml") {
		t.Errorf("toast %q", g.toast)
	}

	// A broken save shows the problems, and the next good save resumes.
	os.WriteFile(file, []byte(strings.Replace(edited, "next =", "nxt =", 1)), 0o644)
	g.reload()
	if p, ok := g.scenes.next.(*problems); !ok || !strings.Contains(g.toast, "has errors") {
		t.Fatalf("broken file: next scene %T (%v), toast %q", g.scenes.next, p, g.toast)
	}
	os.WriteFile(file, []byte(edited), 0o644)
	g.reload()
	if g.ctx.Run.Node().ID != at {
		t.Errorf("after fixing the file: node %q, want %q", g.ctx.Run.Node().ID, at)
	}
}

func TestWatcherSeesAtomicSaves(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.toml")
	os.WriteFile(file, []byte("a"), 0o644)
	w, err := newWatcher(file)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Changed() {
		t.Fatal("changed before any save")
	}
	// Save the way many editors do: write a temporary file, rename it over.
	tmp := filepath.Join(dir, ".s.toml.swp")
	os.WriteFile(tmp, []byte("b"), 0o644)
	os.Rename(tmp, file)
	// Events arrive asynchronously; allow a generous while for them.
	deadline := time.Now().Add(10 * time.Second)
	for !w.Changed() {
		if time.Now().After(deadline) {
			t.Fatal("the save was never reported")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if w.Changed() {
		t.Error("one save reported twice")
	}
	// Other files in the folder do not count.
	os.WriteFile(filepath.Join(dir, "other.toml"), []byte("c"), 0o644)
	time.Sleep(2 * reloadSettle)
	if w.Changed() {
		t.Error("a change to another file was reported")
	}
}
