package trainer

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

const personaData = "testdata/personas"

func loadPersonaSet(t *testing.T, paths ...string) []*scenarios.Scenario {
	t.Helper()
	list, diags := LoadAssessmentSet(paths)
	if diags.HasErrors() || len(list) == 0 {
		t.Fatalf("%v: %v", paths, diags)
	}
	return list
}

func runPersonaGroups(t *testing.T, list []*scenarios.Scenario, opt PersonaOptions) *PersonaReport {
	t.Helper()
	rep, err := RunPersonas(list, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func strategy(t *testing.T, g *PersonaGroup, name string) StrategyResult {
	t.Helper()
	for _, s := range g.Strategies {
		if s.Strategy == name {
			return s
		}
	}
	t.Fatalf("no strategy %q in %+v", name, g.Strategies)
	return StrategyResult{}
}

func verdictIndex(v string) int {
	for i, x := range Verdicts {
		if x == v {
			return i
		}
	}
	return -1
}

// With one option per archetype at every decision and q = 1, every
// persona only ever feeds its own archetype: recall 100%, nothing off the
// diagonal.
func TestPersonasOneOptionPerArchetype(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/one-each.toml")
	rep := runPersonaGroups(t, list, PersonaOptions{Runs: 200, Q: 1, Seed: 3})
	if len(rep.Groups) != 1 {
		t.Fatalf("%d groups, want 1", len(rep.Groups))
	}
	g := rep.Groups[0]
	if g.Language != "en" || g.DecisionPoints != 3 || !reflect.DeepEqual(g.Scenarios, []string{"one-each"}) {
		t.Errorf("group: language %q, %d decision points, scenarios %v", g.Language, g.DecisionPoints, g.Scenarios)
	}
	for a, row := range g.Matrix {
		if row.Persona != scoring.Archetypes[a] || row.Runs != 200 {
			t.Errorf("row %d: %s, %d runs", a, row.Persona, row.Runs)
		}
		for v, c := range row.Counts {
			want := 0
			if v == a {
				want = 200
			}
			if c != want {
				t.Errorf("%s persona: %d runs classed %s, want %d", row.Persona, c, Verdicts[v], want)
			}
		}
		if row.Recall != 1 || g.Recall[a] != 1 || row.MeanSteps != 3 || row.MeanScored != 3 {
			t.Errorf("%s persona: recall %v (group %v), %v scored of %v steps", row.Persona, row.Recall, g.Recall[a], row.MeanScored, row.MeanSteps)
		}
	}
	// The disperser's option is the longest, and the pivot's the first.
	for name, want := range map[string]string{StrategyLongest: scoring.Disperser, StrategyFirst: scoring.Pivot} {
		s := strategy(t, g, name)
		if !s.Deterministic || s.Runs != 1 || s.Counts[verdictIndex(want)] != 1 || s.MeanMargin != 1 || s.Weights == nil || !reflect.DeepEqual(s.Tied, []string{want}) {
			t.Errorf("%s: %+v, want one clear %s run", name, s, want)
		}
	}
	if r := strategy(t, g, StrategyRandom); r.Deterministic || r.Runs != 200 || r.Weights != nil {
		t.Errorf("random: %+v", r)
	}
	if g.Unfinished != 0 {
		t.Errorf("%d unfinished plays", g.Unfinished)
	}
}

func TestPersonasLongestBestIsClearShockAbsorber(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/best-longest.toml")
	g := runPersonaGroups(t, list, PersonaOptions{Runs: 100, Q: DefaultPersonaQ, Seed: 1}).Groups[0]
	sa := verdictIndex(scoring.ShockAbsorber)
	if s := strategy(t, g, StrategyLongest); s.Counts[sa] != 1 || s.ClearShockAbsorber != 1 || s.MeanMargin != 1 {
		t.Errorf("longest: %+v, want a clear shock absorber", s)
	}
	if s := strategy(t, g, StrategyFirst); s.Counts[verdictIndex(scoring.Pivot)] != 1 || s.ClearShockAbsorber != 0 {
		t.Errorf("first: %+v, want a clear pivot", s)
	}
	// q = 0.8 and only two decisions: the shock absorber persona is still
	// recognised most of the time, never all of the time.
	if r := g.Recall[sa]; r < 0.5 || r >= 1 {
		t.Errorf("shock absorber recall %v", r)
	}
}

// A persona takes, among the visible choices, one with the largest weight
// for its archetype, uniformly among ties, and falls back to any choice
// when none feeds it.
func TestPersonasPickTheMostFeedingChoice(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/ties.toml")
	g := runPersonaGroups(t, list, PersonaOptions{Runs: 2000, Q: 1, Seed: 5}).Groups[0]
	row := func(a string) PersonaRow { return g.Matrix[scoring.Index(a)] }
	pivot := row(scoring.Pivot)
	// A (a clear pivot) or B (a tie with spring), never C (pivot 0.5).
	if pivot.Counts[verdictIndex(scoring.ShockAbsorber)] != 0 {
		t.Errorf("the pivot persona took C, whose pivot weight is not the largest: %v", pivot.Counts)
	}
	if s := pivot.Shares[verdictIndex(scoring.Pivot)]; s < 0.4 || s > 0.6 {
		t.Errorf("the pivot persona took A in %v of runs; A and B tie, so about half", s)
	}
	if s := row(scoring.Spring).Shares[verdictIndex(NoClearDrift)]; s != 1 {
		t.Errorf("the spring persona: %v, want every run on B (a tie: no clear drift)", row(scoring.Spring).Counts)
	}
	if s := row(scoring.ShockAbsorber).Recall; s != 1 {
		t.Errorf("the shock absorber persona: recall %v, want C every time", s)
	}
	// Nothing feeds the connector: it picks any of the four.
	conn := row(scoring.Connector)
	for _, v := range []string{scoring.Pivot, scoring.ShockAbsorber} {
		if s := conn.Shares[verdictIndex(v)]; s < 0.15 || s > 0.35 {
			t.Errorf("the connector persona, falling back to chance, classed %s in %v of runs; want about a quarter", v, s)
		}
	}
	if conn.MeanScored < 0.6 || conn.MeanScored > 0.9 {
		t.Errorf("connector: %v scored decisions per run; D carries no weight, so about 0.75", conn.MeanScored)
	}
}

// With q = 0 a persona is a random player: its archetype plays no part.
func TestPersonasQZeroIsChance(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/one-each.toml")
	g := runPersonaGroups(t, list, PersonaOptions{Runs: 3000, Q: 0, Seed: 11}).Groups[0]
	for _, row := range g.Matrix {
		// Three decisions among five options: a clear own archetype needs
		// at least two of the three, 13/125 of the runs.
		if math.Abs(row.Recall-13.0/125) > 0.03 {
			t.Errorf("%s persona at q 0: recall %v, want about %v", row.Persona, row.Recall, 13.0/125)
		}
	}
}

func TestPersonasDeterministicForASeed(t *testing.T) {
	list := loadPersonaSet(t, personaData)
	opt := PersonaOptions{Runs: 300, Q: 0.6, Seed: 42}
	a, _ := json.Marshal(runPersonaGroups(t, list, opt))
	b, _ := json.Marshal(runPersonaGroups(t, list, opt))
	if string(a) != string(b) {
		t.Fatal("the same seed gave two different reports")
	}
	opt.Seed = 43
	c, _ := json.Marshal(runPersonaGroups(t, list, opt))
	if string(a) == string(c) {
		t.Error("seeds 42 and 43 gave the same report")
	}
	// A group's numbers do not depend on the other groups played.
	mixed := loadPersonaSet(t, personaData+"/mixed")
	all := runPersonaGroups(t, mixed, opt)
	var es []*scenarios.Scenario
	for _, sc := range mixed {
		if sc.Language == "es" {
			es = append(es, sc)
		}
	}
	alone := runPersonaGroups(t, es, opt)
	x, _ := json.Marshal(all.Groups[1])
	y, _ := json.Marshal(alone.Groups[0])
	if string(x) != string(y) {
		t.Errorf("the es group played alone differs from the es group played with en:\n%s\n%s", y, x)
	}
}

func TestPersonasGroupByLanguage(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/mixed")
	rep := runPersonaGroups(t, list, PersonaOptions{Runs: 10, Q: 1, Seed: 1})
	if len(rep.Groups) != 2 {
		t.Fatalf("%d groups, want en and es", len(rep.Groups))
	}
	en, es := rep.Groups[0], rep.Groups[1]
	if en.Language != "en" || !reflect.DeepEqual(en.Scenarios, []string{"mixed-a", "mixed-c"}) || en.DecisionPoints != 6 {
		t.Errorf("en group: %s %v %d", en.Language, en.Scenarios, en.DecisionPoints)
	}
	if es.Language != "es" || !reflect.DeepEqual(es.Scenarios, []string{"mixed-b"}) || es.DecisionPoints != 2 {
		t.Errorf("es group: %s %v %d", es.Language, es.Scenarios, es.DecisionPoints)
	}
	// The en group plays both files in one run: 2 + 4 steps.
	if en.Matrix[0].MeanSteps != 6 || es.Matrix[0].MeanSteps != 2 {
		t.Errorf("steps per run: en %v, es %v", en.Matrix[0].MeanSteps, es.Matrix[0].MeanSteps)
	}
	// Tags differing in case are one language.
	a := &scenarios.Scenario{ID: "a", Language: "pt-BR"}
	b := &scenarios.Scenario{ID: "b", Language: "en"}
	c := &scenarios.Scenario{ID: "c", Language: "pt-br"}
	if got := GroupByLanguage([]*scenarios.Scenario{a, b, c}); len(got) != 2 || len(got[0]) != 2 || got[0][1] != c {
		t.Errorf("groups: %v", got)
	}
}

// A cycle is bounded by MaxSteps: the pivot persona promises for ever, and
// so does "first".
func TestPersonasCycleBounded(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/cycle.toml")
	g := runPersonaGroups(t, list, PersonaOptions{Runs: 3, Q: 1, Seed: 1}).Groups[0]
	if g.Unfinished != 4 {
		t.Errorf("%d unfinished plays, want 4 (3 pivot persona runs and first)", g.Unfinished)
	}
	if p := g.Matrix[scoring.Index(scoring.Pivot)]; p.MeanSteps != MaxSteps || p.Recall != 1 {
		t.Errorf("pivot persona: %v steps, recall %v", p.MeanSteps, p.Recall)
	}
	if s := strategy(t, g, StrategyLongest); s.MeanSteps != 1 || s.ClearShockAbsorber != 1 {
		t.Errorf("longest: %+v", s)
	}
}

func TestVerdict(t *testing.T) {
	noClear := NumVerdicts - 1
	for _, tc := range []struct {
		w    scoring.Weights
		want int
	}{
		{scoring.Weights{}, noClear},
		{scoring.Weights{1, 1, 0, 0, 0}, noClear},
		{scoring.Weights{0, 0, 0, 2, 3}, 4}, // margin exactly 0.2
		{scoring.Weights{0, 0, 4, 0, 5}, noClear},
		{scoring.Weights{0, 1, 0, 0, 0}, 1},
	} {
		if got := Verdict(tc.w); got != tc.want {
			t.Errorf("Verdict(%v) = %s, want %s", tc.w, Verdicts[got], Verdicts[tc.want])
		}
	}
}

func TestPersonaOptionsValidate(t *testing.T) {
	list := loadPersonaSet(t, personaData+"/one-each.toml")
	for _, opt := range []PersonaOptions{{Runs: 0, Q: 0.5}, {Runs: 1, Q: -0.1}, {Runs: 1, Q: 1.1}, {Runs: 1, Q: math.NaN()}} {
		if _, err := RunPersonas(list, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	if _, err := RunPersonas(nil, PersonaOptions{Runs: 1, Q: 1}); err == nil {
		t.Error("an empty set: no error")
	}
}

// writeConfig writes an assessment configuration holding the files, as
// the panel serves it.
func writeConfig(t *testing.T, files ...string) string {
	t.Helper()
	type entry struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Language string `json:"language"`
		TOML     string `json:"toml"`
	}
	cfg := struct {
		Assessment string  `json:"assessment"`
		Seed       uint64  `json:"seed"`
		TimeLimits bool    `json:"time_limits"`
		Scenarios  []entry `json:"scenarios"`
		SubmitURL  string  `json:"submit_url"`
	}{Assessment: "Test intake", Seed: 7, SubmitURL: "/api/a/x/submit"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := scenarios.Parse(f, data)
		cfg.Scenarios = append(cfg.Scenarios, entry{sc.ID, sc.Title, sc.Language, string(data)})
	}
	data, _ := json.MarshalIndent(cfg, "", "  ")
	name := filepath.Join(t.TempDir(), "assessment.json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestPersonasFromAssessmentConfig(t *testing.T) {
	files := []string{personaData + "/mixed/c-en.toml", personaData + "/mixed/b-es.toml", personaData + "/mixed/a-en.toml"}
	cfg := writeConfig(t, files...)
	fromJSON := loadPersonaSet(t, cfg)
	fromTOML := loadPersonaSet(t, files...)
	var ids []string
	for _, sc := range fromJSON {
		ids = append(ids, sc.ID)
	}
	if !reflect.DeepEqual(ids, []string{"mixed-c", "mixed-b", "mixed-a"}) {
		t.Errorf("the configuration's order is not kept: %v", ids)
	}
	opt := PersonaOptions{Runs: 100, Q: 0.7, Seed: 9}
	a, _ := json.Marshal(runPersonaGroups(t, fromJSON, opt))
	b, _ := json.Marshal(runPersonaGroups(t, fromTOML, opt))
	if string(a) != string(b) {
		t.Errorf("the configuration and its files give different reports:\n%s\n%s", a, b)
	}
}

func TestAssessmentConfigErrors(t *testing.T) {
	good, _ := os.ReadFile(personaData + "/one-each.toml")
	goodTOML, _ := json.Marshal(string(good))
	for _, tc := range []struct {
		name, body, want string
	}{
		{"syntax", "{\n  \"scenarios\": [\n    {\"id\": \"x\",}\n  ]\n}", "cfg.json:3:"},
		{"type", `{"scenarios": {"id": "x"}}`, `"scenarios" is an object, where it takes a list`},
		{"seed", `{"seed": -1, "scenarios": []}`, `"seed" is a number, where it takes a whole number`},
		{"array", `[]`, `the whole file is a list, where it takes an object`},
		{"empty", `{"assessment": "x", "scenarios": []}`, "lists no scenarios"},
		{"no toml", `{"scenarios": [{"id": "x"}]}`, `cfg.json[x]: the scenario has no "toml" text`},
		{"bad toml", `{"scenarios": [{"id": "bad", "toml": "id = \"bad\"\nlanguage = 3\n"}]}`, "cfg.json[bad]:2:"},
		{"duplicate", `{"scenarios": [{"id": "a", "toml": ` + string(goodTOML) + `}, {"id": "b", "toml": ` + string(goodTOML) + `}]}`, `duplicate scenario id "one-each"`},
	} {
		dir := t.TempDir()
		name := filepath.Join(dir, "cfg.json")
		os.WriteFile(name, []byte(tc.body), 0o644)
		list, diags := LoadAssessmentSet([]string{name})
		if !diags.HasErrors() {
			t.Errorf("%s: no error (%d scenarios)", tc.name, len(list))
			continue
		}
		msg := strings.ReplaceAll(diags.Error(), dir+string(filepath.Separator), "")
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %q does not contain %q", tc.name, msg, tc.want)
		}
	}
	_, diags := LoadAssessmentSet([]string{"no-such.json"})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "no-such.json: no such file") {
		t.Errorf("a missing configuration: %v", diags)
	}
	// The same file twice is the same scenario twice.
	_, diags = LoadAssessmentSet([]string{personaData + "/one-each.toml", personaData + "/one-each.toml"})
	if !strings.Contains(diags.Error(), "duplicate scenario id") {
		t.Errorf("the same file twice: %v", diags)
	}
}
