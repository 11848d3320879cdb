package play

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func load(t testing.TB, name string) *scenarios.Scenario {
	t.Helper()
	sc, diags := scenarios.LoadFile(name)
	if sc == nil {
		t.Fatalf("%s: %v", name, diags)
	}
	return sc
}

func TestReplayRules(t *testing.T) {
	sc := load(t, "testdata/flags.toml")
	for _, tc := range []struct {
		choices   []int
		ending    string
		walkedOut bool
		mood      int
		archetype string
		path      string
	}{
		// promise sets the flag that shows the angry follow-up: mood 20-5-30 walks out.
		{[]int{1, 1}, "lost", true, 0, "pivot", "opening second"},
		// the flag hides the monitoring choice, so the 2nd visible one is the team lead.
		{[]int{1, 2}, "resolved", false, 15, "pivot", "opening second end-good"},
		// mood is clamped at 100.
		{[]int{2, 1}, "resolved", false, 100, "shock_absorber", "opening second end-good"},
		// explicit drift table: connector 1 + shock absorber 0.5 on top of 1.
		{[]int{2, 2}, "resolved", false, 50, "shock_absorber", "opening second end-good"},
		// walking out ends the run at once: next is not entered.
		{[]int{3}, "lost", true, 0, "disperser", "opening"},
	} {
		r, extra, err := Replay(sc, tc.choices)
		if err != nil || extra != 0 {
			t.Fatalf("%v: err %v, extra %d", tc.choices, err, extra)
		}
		rep := r.Report()
		if rep.Ending != tc.ending || rep.WalkedOut != tc.walkedOut || rep.Mood != tc.mood || rep.Archetype != tc.archetype || strings.Join(rep.Path, " ") != tc.path {
			t.Errorf("%v: got ending %q walked %v mood %d archetype %q path %v; want %q %v %d %q %q",
				tc.choices, rep.Ending, rep.WalkedOut, rep.Mood, rep.Archetype, rep.Path, tc.ending, tc.walkedOut, tc.mood, tc.archetype, tc.path)
		}
	}
}

func TestReplayErrors(t *testing.T) {
	sc := load(t, "testdata/flags.toml")
	_, _, err := Replay(sc, []int{1, 3})
	if !errors.Is(err, ErrChoiceOutOfRange) || !strings.Contains(err.Error(), `node "second" shows 2 choice(s)`) {
		t.Errorf("out of range: got %v", err)
	}
	_, _, err = Replay(sc, []int{2})
	if !errors.Is(err, ErrChoicesRanOut) || !strings.Contains(err.Error(), `"second"`) {
		t.Errorf("ran out: got %v", err)
	}
	_, extra, err := Replay(sc, []int{3, 1, 1})
	if err != nil || extra != 2 {
		t.Errorf("extra: got %d, %v", extra, err)
	}
	r := New(sc)
	if _, err := r.Choose(-1); !errors.Is(err, ErrChoiceOutOfRange) {
		t.Errorf("negative index: %v", err)
	}
	r.Choose(2)
	if _, err := r.Choose(0); !errors.Is(err, ErrFinished) {
		t.Errorf("after the end: %v", err)
	}
}

func TestStepRecord(t *testing.T) {
	sc := load(t, "testdata/flags.toml")
	r, _, _ := Replay(sc, []int{1, 2})
	steps := r.Steps()
	if len(steps) != 2 {
		t.Fatalf("got %d steps", len(steps))
	}
	s := steps[1]
	if s.Choice != 2 || s.Option != 3 || s.Fits || len(s.Fit) != 0 || s.MoodFrom != 15 || s.MoodTo != 15 || s.Next != "end-good" {
		t.Errorf("step 2 = %+v", s)
	}
	want := scoring.Drift(scoring.Weights{1, 0, 1, 0, 0.5})
	if s.Drift != want {
		t.Errorf("running drift = %v, want %v", s.Drift, want)
	}
	if got := r.Report().Flags; len(got) != 1 || got[0] != "promised" {
		t.Errorf("flags = %v", got)
	}
}

func TestTimeoutAndTranscript(t *testing.T) {
	sc := load(t, "testdata/timed.toml")
	r := New(sc)
	st, err := r.Timeout()
	if err != nil || !st.TimedOut || r.Ending() != "unresolved" || r.Mood() != 50+TimeoutMood {
		t.Fatalf("timeout: %+v %v ending %q mood %d", st, err, r.Ending(), r.Mood())
	}
	ok := Transcript{Scenario: "timed", Choices: []int{1, 2}, TimingsMS: []int64{3000, 500}}
	if _, err := ReplayTranscript(sc, ok); err != nil {
		t.Errorf("valid transcript: %v", err)
	}
	for name, tr := range map[string]Transcript{
		"wrong scenario":        {Scenario: "other", Choices: []int{1, 2}},
		"out of range":          {Scenario: "timed", Choices: []int{4}},
		"too late":              {Scenario: "timed", Choices: []int{1, 2}, TimingsMS: []int64{30000, 1}},
		"negative time":         {Scenario: "timed", Choices: []int{1, 2}, TimingsMS: []int64{-1, 1}},
		"timeout without limit": {Scenario: "timed", Choices: []int{1, 0}},
		"stops early":           {Scenario: "timed", Choices: []int{1}},
		"goes on after the end": {Scenario: "timed", Choices: []int{1, 2, 1}},
		"timings mismatch":      {Scenario: "timed", Choices: []int{1, 2}, TimingsMS: []int64{1}},
	} {
		if _, err := ReplayTranscript(sc, tr); !errors.Is(err, ErrImpossible) {
			t.Errorf("%s: got %v, want ErrImpossible", name, err)
		}
	}
	if _, err := ReplayTranscript(sc, Transcript{Scenario: "timed", Choices: []int{0}, TimingsMS: []int64{20000}}); err != nil {
		t.Errorf("timeout at a timed node: %v", err)
	}
}

func TestOrderIsAStablePermutation(t *testing.T) {
	a := Order(42, "opening", 0, 4)
	b := Order(42, "opening", 0, 4)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("not deterministic: %v %v", a, b)
	}
	seen := map[string]bool{}
	for seed := uint64(0); seed < 200; seed++ {
		p := Order(seed, "opening", 0, 4)
		sum := 0
		for _, v := range p {
			sum += v
		}
		if sum != 6 || len(p) != 4 {
			t.Fatalf("not a permutation: %v", p)
		}
		seen[fmt.Sprint(p)] = true
	}
	if len(seen) < 20 {
		t.Errorf("only %d distinct orders of 4 over 200 seeds", len(seen))
	}
}

// bruteForce walks every path one by one with the engine itself, to check
// the dynamic programming of Paths on small scenarios.
func bruteForce(sc *scenarios.Scenario) (total, stuck int64, endings, archetypes map[string]int64, nodes map[string]int64) {
	endings, archetypes, nodes = map[string]int64{}, map[string]int64{}, map[string]int64{}
	var walk func(choices []int)
	walk = func(choices []int) {
		r, _, _ := Replay(sc, choices)
		if r.Done() {
			total++
			rep := r.Report()
			endings[rep.Ending]++
			a := rep.Archetype
			if a == "" {
				a = NoArchetype
			}
			archetypes[a]++
			seen := map[string]bool{}
			for _, id := range rep.Path {
				if !seen[id] {
					seen[id] = true
					nodes[id]++
				}
			}
			return
		}
		if len(r.Visible()) == 0 {
			stuck++
		}
		for i := range r.Visible() {
			walk(append(append([]int{}, choices...), i+1))
		}
	}
	walk(nil)
	return
}

func checkAgainstBruteForce(t *testing.T, sc *scenarios.Scenario) {
	t.Helper()
	stats, err := Paths(sc)
	if err != nil {
		t.Fatal(err)
	}
	total, stuck, endings, archetypes, nodes := bruteForce(sc)
	if got := stats.Stuck; (got == nil && stuck != 0) || (got != nil && got.Int64() != stuck) {
		t.Errorf("%s: stuck = %v, want %d", sc.ID, got, stuck)
	}
	if stats.Total.Int64() != total {
		t.Errorf("%s: total = %s, want %d", sc.ID, stats.Total, total)
	}
	for k, v := range endings {
		if stats.Endings[k] == nil || stats.Endings[k].Int64() != v {
			t.Errorf("%s: endings[%s] = %v, want %d", sc.ID, k, stats.Endings[k], v)
		}
	}
	if len(stats.Endings) != len(endings) {
		t.Errorf("%s: endings = %v, want %v", sc.ID, stats.Endings, endings)
	}
	for _, a := range append(scoring.Archetypes[:], NoArchetype) {
		if stats.Archetypes[a].Int64() != archetypes[a] {
			t.Errorf("%s: archetypes[%s] = %s, want %d", sc.ID, a, stats.Archetypes[a], archetypes[a])
		}
	}
	for id, v := range nodes {
		if stats.Nodes[id].Int64() != v {
			t.Errorf("%s: nodes[%s] = %s, want %d", sc.ID, id, stats.Nodes[id], v)
		}
	}
	// Best and worst must be real paths whose replay gives what they claim.
	if (stats.Best == nil) != (total == 0) {
		t.Errorf("%s: best = %v with %d complete paths", sc.ID, stats.Best, total)
	}
	for _, s := range []*PathSummary{stats.Best, stats.Worst} {
		if s == nil {
			continue
		}
		r, _, err := Replay(sc, s.Choices)
		if err != nil || r.Ending() != s.Ending || r.Archetype() != s.Archetype {
			t.Errorf("%s: summary %+v does not replay: %v", sc.ID, s, err)
		}
	}
}

func TestPathsMatchesBruteForce(t *testing.T) {
	checkAgainstBruteForce(t, load(t, "testdata/flags.toml"))
	checkAgainstBruteForce(t, load(t, "testdata/timed.toml"))
	rng := rand.New(rand.NewPCG(1, 2))
	withStuck := 0
	for i := 0; i < 200; i++ {
		sc := randomScenario(rng, fmt.Sprintf("random-%d", i))
		checkAgainstBruteForce(t, sc)
		if _, stuck, _, _, _ := bruteForce(sc); stuck > 0 {
			withStuck++
		}
	}
	if withStuck == 0 {
		t.Error("no random scenario had stuck runs; the generator no longer covers them")
	}
}

func TestPathsBestAndWorst(t *testing.T) {
	stats, err := Paths(load(t, "testdata/flags.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Best.ShockAbsorber != 1 || stats.Best.Archetype != "shock_absorber" {
		t.Errorf("best = %+v", stats.Best)
	}
	if stats.Worst.ShockAbsorber != 0 {
		t.Errorf("worst = %+v", stats.Worst)
	}
}

func TestPathsCycle(t *testing.T) {
	src := `id = "cyc"
title = "Cycle"
language = "en"
[[node]]
id = "a"
text = "a"
  [[node.choice]]
  text = "to b"
  next = "b"
  [[node.choice]]
  text = "end"
  next = "end"
[[node]]
id = "b"
text = "b"
  [[node.choice]]
  text = "to c"
  next = "c"
[[node]]
id = "c"
text = "c"
  [[node.choice]]
  text = "back to a"
  next = "a"
[[node]]
id = "end"
text = "end"
ending = "resolved"
`
	sc, diags := scenarios.Parse("cyc.toml", []byte(src))
	if sc == nil {
		t.Fatal(diags)
	}
	_, err := Paths(sc)
	var cyc *CycleError
	if !errors.As(err, &cyc) || strings.Join(cyc.Nodes, ",") != "a,b,c" {
		t.Fatalf("got %v, want a cycle a -> b -> c", err)
	}
	// A loop that costs mood each time ends in a walk-out: no cycle.
	sc, _ = scenarios.Parse("loop.toml", []byte(strings.Replace(src, `text = "back to a"`, "text = \"back to a\"\n  mood = -10", 1)))
	stats, err := Paths(sc)
	if err != nil {
		t.Fatalf("mood-bounded loop: %v", err)
	}
	// 50 mood, -10 per loop: five loops at most, then the walk-out.
	if stats.Total.Int64() != 6 || stats.Endings["lost"].Int64() != 1 {
		t.Errorf("mood-bounded loop: total %s endings %v", stats.Total, stats.Endings)
	}
}

// chain builds n consecutive three-way decisions.
func chain(n int) *scenarios.Scenario {
	var b strings.Builder
	b.WriteString("id = \"chain\"\ntitle = \"Chain\"\nlanguage = \"en\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[node]]\nid = \"n%d\"\ntext = \"Decision %d\"\nfit = [\"derive\"]\n", i, i)
		for k, c := range []struct {
			action, follow string
			mood           int
		}{{"derive", "monitor", 1}, {"derive", "promise", 0}, {"assume", "none", -1}} {
			fmt.Fprintf(&b, "  [[node.choice]]\n  text = \"option %d\"\n  action = %q\n  follow_up = %q\n  mood = %d\n  next = \"n%d\"\n", k, c.action, c.follow, c.mood, i+1)
		}
	}
	fmt.Fprintf(&b, "[[node]]\nid = \"n%d\"\ntext = \"Done\"\nending = \"resolved\"\n", n)
	sc, diags := scenarios.Parse("chain.toml", []byte(b.String()))
	if sc == nil {
		panic(diags.Error())
	}
	return sc
}

func TestPathsChain40(t *testing.T) {
	stats, err := Paths(chain(40))
	if err != nil {
		t.Fatal(err)
	}
	want := new(big.Int).Exp(big.NewInt(3), big.NewInt(40), nil)
	if stats.Total.Cmp(want) != 0 {
		t.Errorf("total = %s, want 3^40 = %s", stats.Total, want)
	}
	sum := new(big.Int)
	for _, v := range stats.Archetypes {
		sum.Add(sum, v)
	}
	if sum.Cmp(want) != 0 {
		t.Errorf("archetype counts sum to %s", sum)
	}
	if stats.Best.Archetype != "shock_absorber" || len(stats.Best.Choices) != 40 {
		t.Errorf("best = %+v", stats.Best)
	}
}

func BenchmarkPaths40(b *testing.B) {
	sc := chain(40)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Paths(sc); err != nil {
			b.Fatal(err)
		}
	}
}

// randomScenario builds a random acyclic scenario with fit nodes, flags,
// mood changes that can walk out, and drift tables.
func randomScenario(rng *rand.Rand, id string) *scenarios.Scenario {
	n := 3 + rng.IntN(5)
	var b strings.Builder
	fmt.Fprintf(&b, "id = %q\ntitle = \"R\"\nlanguage = \"en\"\n", id)
	if rng.IntN(2) == 0 {
		b.WriteString("walkout = \"end-l\"\n")
	}
	fmt.Fprintf(&b, "[customer]\nmood = %d\n", 10+rng.IntN(60))
	actions := scoring.Actions
	follows := scoring.FollowUps
	flags := []string{"a", "b"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[node]]\nid = \"n%d\"\ntext = \"t\"\n", i)
		if rng.IntN(3) > 0 {
			fmt.Fprintf(&b, "fit = [%q]\n", actions[rng.IntN(4)])
		}
		k := 1 + rng.IntN(3)
		for c := 0; c < k; c++ {
			var next string
			if i+1 < n {
				next = fmt.Sprintf("n%d", i+1+rng.IntN(n-i-1))
			}
			if i+1 == n || rng.IntN(4) == 0 {
				next = []string{"end-r", "end-u", "end-l"}[rng.IntN(3)]
			}
			fmt.Fprintf(&b, "  [[node.choice]]\n  text = \"c\"\n  action = %q\n  follow_up = %q\n  mood = %d\n  next = %q\n",
				actions[rng.IntN(4)], follows[rng.IntN(4)], rng.IntN(41)-25, next)
			switch rng.IntN(6) {
			case 0:
				fmt.Fprintf(&b, "  sets = [%q]\n", flags[rng.IntN(2)])
			case 1:
				// Even on the first choice, so that some runs get stuck.
				fmt.Fprintf(&b, "  requires = [%q]\n", flags[rng.IntN(2)])
			case 2:
				if c > 0 {
					fmt.Fprintf(&b, "  unless = [%q]\n", flags[rng.IntN(2)])
				}
			case 3:
				fmt.Fprintf(&b, "  drift = { connector = %d, pivot = 0.5 }\n", rng.IntN(3))
			}
		}
	}
	b.WriteString("[[node]]\nid = \"end-r\"\ntext = \"e\"\nending = \"resolved\"\n[[node]]\nid = \"end-u\"\ntext = \"e\"\nending = \"unresolved\"\n[[node]]\nid = \"end-l\"\ntext = \"e\"\nending = \"lost\"\n")
	sc, diags := scenarios.Parse(id+".toml", []byte(b.String()))
	if sc == nil {
		panic(diags.Error() + "\n" + b.String())
	}
	return sc
}

func TestReplayWithTimeLimitsOff(t *testing.T) {
	sc := load(t, "testdata/timed.toml")
	slow := Transcript{Scenario: "timed", Choices: []int{1, 2}, TimingsMS: []int64{90000, 1}}
	if _, err := ReplayAssessment(sc, slow, false); err != nil {
		t.Errorf("slow answer with limits off: %v", err)
	}
	if _, err := ReplayAssessment(sc, slow, true); !errors.Is(err, ErrImpossible) {
		t.Errorf("slow answer with limits on: %v", err)
	}
	timeout := Transcript{Scenario: "timed", Choices: []int{0}}
	if _, err := ReplayAssessment(sc, timeout, false); !errors.Is(err, ErrImpossible) {
		t.Errorf("timeout with limits off: %v", err)
	}
	neg := Transcript{Scenario: "timed", Choices: []int{1, 2}, TimingsMS: []int64{-1, 1}}
	if _, err := ReplayAssessment(sc, neg, false); !errors.Is(err, ErrImpossible) {
		t.Errorf("negative time with limits off: %v", err)
	}
}

func TestResume(t *testing.T) {
	sc := load(t, "testdata/flags.toml")
	// Same scenario: the replay lands where the run was.
	r, exact := Resume(sc, []int{2}, "second")
	if !exact || r.Node().ID != "second" || r.Mood() != 50 || r.Report().Edited {
		t.Errorf("same file: exact %v node %s mood %d", exact, r.Node().ID, r.Mood())
	}
	// An edit removed the choice taken: the run still reaches the node.
	edited, _ := scenarios.Parse("flags.toml", []byte(strings.Replace(mustRead(t, "testdata/flags.toml"), `  [[node.choice]]
  text = "Open tickets with network, hardware and billing."`, `  [[node.choice]]
  text = "Open tickets with network, hardware and billing."
  requires = ["never"]`, 1)))
	if edited == nil {
		t.Fatal("edited file does not parse")
	}
	r, exact = Resume(edited, []int{3}, "second")
	if exact || r.Node().ID != "second" || !r.Report().Edited {
		t.Errorf("edited file: exact %v node %s edited %v", exact, r.Node().ID, r.Report().Edited)
	}
	// The node is gone: the run stays where the replay got.
	r, exact = Resume(sc, []int{2}, "removed")
	if exact || r.Node().ID != "second" {
		t.Errorf("node gone: exact %v node %s", exact, r.Node().ID)
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWalkoutScene(t *testing.T) {
	sc := load(t, "testdata/walkout.toml")
	r, _, err := Replay(sc, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	rep := r.Report()
	if rep.Ending != scoring.Lost || !rep.WalkedOut || strings.Join(rep.Path, " ") != "opening end-walkout" {
		t.Errorf("walk-out: ending %q walked %v path %v; want lost, true, opening end-walkout", rep.Ending, rep.WalkedOut, rep.Path)
	}
	if st := rep.Steps[0]; st.Next != "end-walkout" || !st.WalkedOut || st.Title != "The third call" {
		t.Errorf("walk-out step = %+v; want next end-walkout, walked out, title", st)
	}
	if r.Node().ID != "end-walkout" {
		t.Errorf("current node %q, want the walkout scene", r.Node().ID)
	}
	// The choice's next is not entered.
	if _, err := r.Choose(0); !errors.Is(err, ErrFinished) {
		t.Errorf("choose after a walk-out: %v", err)
	}
	// A timeout that brings the mood to 0 walks out too, into the scene.
	sc.Customer.Mood = 10
	run, err := ReplayTranscript(sc, Transcript{Scenario: sc.ID, Choices: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	if rep := run.Report(); rep.Ending != scoring.Lost || strings.Join(rep.Path, " ") != "opening end-walkout" {
		t.Errorf("timeout walk-out: ending %q path %v", rep.Ending, rep.Path)
	}
	// Paths counts the scene as entered by the walk-out paths, and flags
	// the one that comes out shock absorber though the customer left.
	sc.Customer.Mood = 20
	stats, err := Paths(sc)
	if err != nil {
		t.Fatal(err)
	}
	if got := stats.Nodes["end-walkout"]; got.Int64() != 1 {
		t.Errorf("paths entering end-walkout = %v, want 1", got)
	}
	if stats.LostShockAbsorber == nil || stats.LostShockAbsorber.Int64() != 1 || fmt.Sprint(stats.LostExample.Choices) != "[1]" {
		t.Errorf("lost shock absorber = %v, example %+v; want 1, [1]", stats.LostShockAbsorber, stats.LostExample)
	}
}
