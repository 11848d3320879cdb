package progress

import (
	"bytes"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

var update = flag.Bool("update", false, "rewrite library_traps.json")

// TestLibraryTrapsUpToDate keeps library_traps.json in step with the
// bundled library: run `go test ./play/progress -run LibraryTraps -update`
// after changing a file's choices.
func TestLibraryTrapsUpToDate(t *testing.T) {
	if scenarios.RemoteLibrary {
		t.Skip("this build carries no library files")
	}
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want, err := play.MarshalJSON(TrapsTable(set.Scenarios))
	if err != nil {
		t.Fatal(err)
	}
	const file = "library_traps.json"
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./play/progress -run LibraryTraps -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the library: run go test ./play/progress -run LibraryTraps -update", file)
	}
	table := LibraryTraps()
	if len(table) != len(set.Scenarios) {
		t.Fatalf("LibraryTraps has %d scenarios, the library %d", len(table), len(set.Scenarios))
	}
	// Every shadow is some situation's trap, so every recommendation has
	// somewhere to send the player.
	for _, k := range Shadows {
		found := false
		for _, w := range table {
			found = found || w[k] > 0.15
		}
		if !found {
			t.Errorf("no bundled scenario tempts %s in more than 15%% of its options", scoring.Archetypes[k])
		}
	}
}

const trapsFile = `id = "t"
title = "T"
language = "en"

[customer]
name = "Ana"

[[node]]
id = "a"
text = "Hello"
fit = ["derive"]

[[node.choice]]
text = "Keep it"
action = "assume"
follow_up = "close"
next = "b"

[[node.choice]]
text = "Keep it too"
action = "assume"
follow_up = "monitor"
next = "b"

[[node.choice]]
text = "Right team, owned"
action = "derive"
follow_up = "close"
next = "b"

[[node.choice]]
text = "Everyone"
action = "connect"
follow_up = "none"
next = "b"

[[node]]
id = "b"
text = "Bye"
ending = "resolved"
`

// TestTraps: the share of options pulling to each archetype.
func TestTraps(t *testing.T) {
	sc, diags := scenarios.Parse("t.toml", []byte(trapsFile))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := Traps(sc)
	want := scoring.Weights{0, 0.5, 0.25, 0, 0.25}
	if got != want {
		t.Errorf("traps %v, want %v", got, want)
	}
}

func TestAppendKeepsTheLatest(t *testing.T) {
	var h []Run
	for i := range MaxRuns + 7 {
		h = Append(h, Run{Scenario: string(rune('a' + i%26)), Ending: scoring.Resolved})
	}
	if len(h) != MaxRuns {
		t.Fatalf("%d runs kept, want %d", len(h), MaxRuns)
	}
	if h[len(h)-1].Scenario != string(rune('a'+(MaxRuns+6)%26)) || h[0].Scenario != string(rune('a'+7%26)) {
		t.Errorf("kept %s..%s, want the latest", h[0].Scenario, h[len(h)-1].Scenario)
	}
}

func TestRunOf(t *testing.T) {
	rep := play.Report{Scenario: "double-charge-es", Language: "es", Ending: scoring.Lost, WalkedOut: true, Weights: scoring.Weights{1, 2}}
	r := RunOf(rep, "double-charge", time.Date(2026, 12, 6, 5, 0, 0, 0, time.FixedZone("x", 3600)))
	if r.At != "2026-12-06T04:00:00Z" || r.Key() != "double-charge" || r.Weights != rep.Weights || !r.WalkedOut {
		t.Errorf("RunOf gave %+v", r)
	}
	if k := (Run{Scenario: "mine"}).Key(); k != "mine" {
		t.Errorf("a file without situation is keyed %q, want its id", k)
	}
}

func run(sit string, w scoring.Weights) Run {
	return Run{Scenario: sit, Situation: sit, Ending: scoring.Resolved, Weights: w}
}

var (
	pivotRun  = scoring.Weights{3, 0, 0, 0, 1}
	springRun = scoring.Weights{0, 3, 0, 0, 1}
	shockRun  = scoring.Weights{0, 0, 0, 0, 4}
)

var cands = []Candidate{
	{ID: "silent", Situation: "silent", Title: "Silent reminders", Traps: scoring.Weights{0.1, 0.5, 0, 0, 0.3}},
	{ID: "outage", Situation: "outage", Title: "Friday outage", Traps: scoring.Weights{0.4, 0.1, 0.1, 0.1, 0.3}},
	{ID: "freeze", Situation: "freeze", Title: "Freeze", Traps: scoring.Weights{0.1, 0.49, 0.1, 0, 0.3}},
	{ID: "noisy", Situation: "noisy", Title: "Noisy", Traps: scoring.Weights{0, 0, 0.2, 0.5, 0.3}},
}

func TestRecommend(t *testing.T) {
	cases := []struct {
		name      string
		h         []Run
		ok        bool
		shadow    int
		count, of int
		pick      string
		fresh     bool
	}{
		{"no history", nil, false, -1, 0, 0, "", false},
		{"spring in 3 of the last 5", []Run{run("x", pivotRun), run("a", springRun), run("b", pivotRun), run("c", springRun), run("d", shockRun), run("e", springRun)},
			true, 1, 3, 5, "silent", false},
		{"not the situation just played", []Run{run("a", springRun), run("silent", springRun)},
			true, 1, 2, 2, "freeze", false},
		{"a tie between shadows goes to the latest", []Run{run("a", springRun), run("b", pivotRun)},
			true, 0, 1, 2, "outage", false},
		{"a tied run counts for both", []Run{run("a", scoring.Weights{0, 0, 0, 2, 2})},
			true, 3, 1, 1, "noisy", false},
		{"no shadow: an unplayed situation", []Run{run("silent", shockRun), run("noisy", shockRun)},
			true, -1, 0, 2, "outage", true},
		{"no shadow, everything played", []Run{run("silent", shockRun), run("noisy", shockRun), run("outage", shockRun), run("freeze", shockRun)},
			false, -1, 0, 4, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, ok := Recommend(c.h, cands)
			if ok != c.ok {
				t.Fatalf("ok %v, want %v (%+v)", ok, c.ok, rec)
			}
			if !ok {
				return
			}
			if rec.Shadow != c.shadow || rec.Count != c.count || rec.Of != c.of || rec.Pick.ID != c.pick || rec.Fresh != c.fresh {
				t.Errorf("got shadow %d, %d of %d, %q, fresh %v; want %d, %d of %d, %q, fresh %v",
					rec.Shadow, rec.Count, rec.Of, rec.Pick.ID, rec.Fresh, c.shadow, c.count, c.of, c.pick, c.fresh)
			}
		})
	}
	// Fewer plays win when the traps are about the same.
	h := []Run{run("silent", springRun), run("silent", springRun), run("x", springRun)}
	if rec, _ := Recommend(h, cands); rec.Pick.ID != "freeze" {
		t.Errorf("picked %q, want freeze (as tempting as silent, played less)", rec.Pick.ID)
	}
}

func TestSeries(t *testing.T) {
	h := []Run{run("a", pivotRun), run("b", springRun), run("c", shockRun)}
	s := Series(h, 2)
	if len(s[0]) != 2 || s[1][0] != 0.75 || s[4][1] != 1 || s[0][0] != 0 {
		t.Errorf("series %v", s)
	}
	if n := Situations(append(h, run("a", shockRun))); n != 3 {
		t.Errorf("%d situations, want 3", n)
	}
}

func BenchmarkRecommend(b *testing.B) {
	var h []Run
	for i := range MaxRuns {
		h = Append(h, run(string(rune('a'+i%20)), scoring.Weights{float64(i % 3), float64(i % 5), 1, 0, 1}))
	}
	table := LibraryTraps()
	var cs []Candidate
	for id, w := range table {
		cs = append(cs, Candidate{ID: id, Situation: id, Traps: w})
	}
	b.ReportAllocs()
	for b.Loop() {
		Recommend(h, cs)
	}
}
