//go:build !js

package game

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func TestSavesRoundTripOnDisk(t *testing.T) {
	dir := t.TempDir()
	st, err := newStorage(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := openSaves(st)
	s.Data.Settings.Lang = "es"
	s.Data.Settings.TextSpeed = SpeedFast
	s.Data.Record(play.Report{Scenario: "x", Ending: scoring.Resolved, Archetype: scoring.ShockAbsorber, Drift: scoring.Weights{0, 0, 0, 0, 1}})
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != saveName {
		t.Errorf("folder after save: got %v, want only %s (no temp files left)", entries, saveName)
	}
	again := openSaves(st)
	if again.Corrupt != "" || again.Err != nil {
		t.Fatalf("reopen: corrupt %q, err %v", again.Corrupt, again.Err)
	}
	if got := again.Data.Settings; got.Lang != "es" || got.TextSpeed != SpeedFast {
		t.Errorf("settings: got %+v", got)
	}
	if r := again.Data.Progress["x"]; r == nil || r.BestArchetype != scoring.ShockAbsorber || r.Plays != 1 {
		t.Errorf("progress: got %+v", r)
	}
}

func TestCorruptSaveIsKeptAndGameStartsFresh(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, saveName)
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, _ := newStorage(dir)
	s := openSaves(st)
	if s.Corrupt != path+".corrupt" {
		t.Errorf("Corrupt: got %q, want %q", s.Corrupt, path+".corrupt")
	}
	if b, err := os.ReadFile(path + ".corrupt"); err != nil || string(b) != "{not json" {
		t.Errorf("the bad file was not kept: %q, %v", b, err)
	}
	if s.Data.Settings != DefaultSettings() {
		t.Errorf("settings after a corrupt save: got %+v, want defaults", s.Data.Settings)
	}
}

func TestRecordKeepsBest(t *testing.T) {
	var d SaveData
	d.Record(play.Report{Scenario: "x", Ending: scoring.Lost, Archetype: scoring.Pivot, Drift: scoring.Weights{1}})
	d.Record(play.Report{Scenario: "x", Ending: scoring.Resolved, Archetype: scoring.ShockAbsorber, Drift: scoring.Weights{0, 0, 0, 0.2, 0.8}})
	d.Record(play.Report{Scenario: "x", Ending: scoring.Unresolved, Archetype: scoring.Spring, Drift: scoring.Weights{0, 1}})
	r := d.Progress["x"]
	if r.Plays != 3 || r.BestArchetype != scoring.ShockAbsorber || r.BestEnding != scoring.Resolved {
		t.Errorf("got %+v, want 3 plays, best shock_absorber/resolved", r)
	}
}

func TestParseArgs(t *testing.T) {
	o, err := ParseArgs([]string{"--choose", "2,1", "double-charge", "--screenshot=out.png", "--lang", "pt-BR", "--width", "800"})
	if err != nil {
		t.Fatal(err)
	}
	if o.Scenario != "double-charge" || len(o.Choose) != 2 || o.Screenshot != "out.png" || o.Lang != "pt-BR" || o.Width != 800 || !o.Scripted() {
		t.Errorf("got %+v", o)
	}
	for _, bad := range [][]string{{"--bogus"}, {"--choose", "0", "x"}, {"--lang", "fr"}, {"--width", "10"}, {"--report", "r.json"}} {
		if _, err := ParseArgs(bad); err == nil {
			t.Errorf("ParseArgs(%q): no error", bad)
		}
	}
}

// Storage failures a player can fix are named in their language; others
// keep the system's words.
func TestStorageProblemsInThePlayersLanguage(t *testing.T) {
	es, err := LoadStrings("es")
	if err != nil {
		t.Fatal(err)
	}
	if got := storageProblem(es, fmt.Errorf("write: %w", errStorageFull)); got != es.T(sSaveStorageFull) || !strings.Contains(got, "lleno") {
		t.Errorf("full: %q", got)
	}
	if got := storageProblem(es, errStorageBlocked); got != es.T(sSaveStorageBlocked) {
		t.Errorf("blocked: %q", got)
	}
	if got := storageProblem(es, errors.New("disk on fire")); got != "disk on fire" {
		t.Errorf("other: %q", got)
	}
}
