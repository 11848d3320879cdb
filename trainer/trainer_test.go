package trainer

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// tiny is a scenario with a flag-gated choice, a walk-out, an unreachable
// node and labels full of characters graph formats treat as syntax.
const tiny = `
id = "tiny"
title = "Tiny \"quoted\" [case]"
language = "en"
[customer]
mood = 10
[[node]]
id = "start"
text = "He said \"no\" <b>twice</b> | {really} #1 (a) [b]"
fit = ["derive"]
  [[node.choice]]
  text = "Hand it over \"properly\""
  action = "derive"
  follow_up = "monitor"
  next = "mid"
  [[node.choice]]
  text = "Do it myself"
  action = "assume"
  follow_up = "close"
  mood = -20
  next = "mid"
[[node]]
id = "mid"
text = "Then?"
  [[node.choice]]
  text = "Confirm"
  follow_up = "close"
  requires = ["never-set"]
  next = "ok"
  [[node.choice]]
  text = "Leave it"
  next = "meh"
[[node]]
id = "ok"
text = "Fine."
ending = "resolved"
[[node]]
id = "meh"
text = "Hm."
ending = "unresolved"
[[node]]
id = "orphan"
text = "Nobody comes here."
ending = "lost"
`

func mustParse(t *testing.T, src string) *scenarios.Scenario {
	t.Helper()
	sc, diags := scenarios.Parse("tiny.toml", []byte(src))
	if sc == nil {
		t.Fatalf("parse: %v", diags)
	}
	return sc
}

func TestExplore(t *testing.T) {
	r := Explore(mustParse(t, tiny))
	if !r.Complete {
		t.Fatal("exploration incomplete")
	}
	tests := []struct {
		what      string
		got, want bool
	}{
		{"orphan statically reachable", r.Static["orphan"], false},
		{"ok statically reachable", r.Static["ok"], true},
		{"ok entered", r.Entered["ok"], false},
		{"meh entered", r.Entered["meh"], true},
		{"mid choice 1 shown", r.Shown["mid"][0], false},
		{"mid choice 2 shown", r.Shown["mid"][1], true},
		{"start choice 2 walks out", r.WalkOut["start"][1], true},
		{"start choice 1 walks out", r.WalkOut["start"][0], false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.what, tt.got, tt.want)
		}
	}
}

func TestDOT(t *testing.T) {
	sc := mustParse(t, tiny)
	dot := DOT(sc, GraphOptions{Text: true, WalkOuts: true})
	for _, want := range []string{
		`digraph "tiny" {`,
		`label="1. derive + monitor ✓\nHand it over \"properly\""`, // fitting, escaped
		`style=bold`,
		`fillcolor="#b7e1a1"`, // resolved
		`fillcolor="#ffd966"`, // unresolved
		`fillcolor="#f4a3a3"`, // lost
		`(unreachable)`,
		`(never entered)`,
		`-> walkout`,
		`[if never-set]`,
		`start -> n0`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q:\n%s", want, dot)
		}
	}
	if strings.Count(dot, "{") != strings.Count(dot, "}") {
		t.Errorf("unbalanced braces:\n%s", dot)
	}
}

func TestMermaid(t *testing.T) {
	sc := mustParse(t, tiny)
	m := Mermaid(sc, GraphOptions{Text: true, WalkOuts: true})
	// Bare by default: mmdc refuses a Markdown fence.
	if !strings.HasPrefix(m, "---\ntitle: ") || strings.Contains(m, "```") {
		t.Errorf("not a bare Mermaid flowchart:\n%s", m)
	}
	fenced := Mermaid(sc, GraphOptions{Text: true, WalkOuts: true, Fenced: true})
	if fenced != "```mermaid\n"+m+"```\n" {
		t.Errorf("Fenced is not the same flowchart in a ```mermaid fence:\n%s", fenced)
	}
	if !strings.Contains(m, "\nflowchart TD\n") {
		t.Errorf("no flowchart TD:\n%s", m)
	}
	// Every label is one double-quoted string with no raw quote, bracket,
	// angle bracket or pipe inside.
	label := regexp.MustCompile(`"([^"]*)"`)
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, "title:") || !strings.Contains(line, `"`) {
			continue
		}
		if strings.Count(line, `"`)%2 != 0 {
			t.Errorf("odd quotes in %q", line)
		}
		for _, l := range label.FindAllStringSubmatch(line, -1) {
			inner := strings.ReplaceAll(l[1], "<br/>", "")
			if strings.ContainsAny(inner, "[](){}<>|`") {
				t.Errorf("unescaped syntax in label %q", l[1])
			}
		}
	}
	for _, want := range []string{"==>|", "#quot;properly#quot;", "#lt;b#gt;", "class n", "linkStyle", "walkout{{"} {
		if !strings.Contains(m, want) {
			t.Errorf("Mermaid lacks %q:\n%s", want, m)
		}
	}
}

// TestGraphLanguage: the words around the file's ids follow the
// scenario's language; the ids, actions, follow-ups and endings do not.
func TestGraphLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"green resolved", `label="start"`, "(unreachable)", "(never entered)", "customer walks out", "walks out (mood -20)", "[if never-set]"}},
		{"pt-BR", []string{"verde resolvido", `label="início"`, "(inalcançável)", "(nunca alcançado)", "o cliente vai embora", "vai embora (humor -20)", "[se never-set]"}},
		{"es", []string{"verde resuelto", `label="inicio"`, "(inalcanzable)", "(nunca se alcanza)", "el cliente se va", "se va (ánimo -20)", "[si never-set]"}},
		{"es-MX", []string{"verde resuelto"}},
		{"de", []string{"green resolved", "customer walks out"}},
	} {
		sc := mustParse(t, strings.Replace(tiny, `language = "en"`, `language = "`+tt.lang+`"`, 1))
		dot := DOT(sc, GraphOptions{WalkOuts: true})
		for _, want := range append(tt.want, "ending: lost", "fit: derive", "1. derive + monitor ✓") {
			if !strings.Contains(dot, want) {
				t.Errorf("%s: DOT lacks %q:\n%s", tt.lang, want, dot)
			}
		}
		m := Mermaid(sc, GraphOptions{WalkOuts: true})
		if w := wordsFor(tt.lang); !strings.Contains(m, "%% "+w.legend+"\n") || !strings.Contains(m, `start(("`+mermaidText(w.start)+`"))`) || !strings.Contains(m, mermaidText(w.walkOutNode)) {
			t.Errorf("%s: Mermaid lacks the legend, start or walk-out words:\n%s", tt.lang, m)
		}
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"short", 10, "short"},
		{"  many   spaces\nhere ", 40, "many spaces here"},
		{"The quick brown fox jumps over the lazy dog", 20, "The quick brown fox…"},
		{"ááááááááááááá", 5, "áááá…"},
	}
	for _, tt := range tests {
		if got := Shorten(tt.in, tt.w); got != tt.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

func TestStarter(t *testing.T) {
	tests := []struct {
		opt     StarterOptions
		wantErr string
	}{
		{StarterOptions{ID: "my-case"}, ""},
		{StarterOptions{ID: "caso-2", Title: `Cobrança "dupla" \ teste`, Language: "pt-BR", Schema: "../docs/scenario.schema.json"}, ""},
		{StarterOptions{ID: "My Case"}, `(try "my-case")`},
		{StarterOptions{ID: "-x"}, "must use only lowercase"},
		{StarterOptions{ID: ""}, "empty"},
		{StarterOptions{ID: "ok", Language: "english"}, "BCP 47"},
	}
	for _, tt := range tests {
		src, err := Starter(tt.opt)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Starter(%+v): got error %v, want one containing %q", tt.opt, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Starter(%+v): %v", tt.opt, err)
		}
		sc, diags := scenarios.Parse("new.toml", []byte(src))
		if sc == nil || len(diags) > 0 {
			t.Fatalf("the starter does not pass check cleanly: %v", diags)
		}
		if sc.ID != tt.opt.ID || (tt.opt.Title != "" && sc.Title != tt.opt.Title) {
			t.Errorf("got id %q title %q", sc.ID, sc.Title)
		}
		stats, err := play.Paths(sc)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Best == nil || stats.Best.Archetype != scoring.ShockAbsorber || stats.Best.Ending != scoring.Resolved {
			t.Errorf("the starter has no resolved shock-absorber path: %+v", stats.Best)
		}
		if tt.opt.Schema != "" && !strings.HasPrefix(src, "#:schema "+tt.opt.Schema+"\n") {
			t.Errorf("no #:schema line at the top")
		}
	}
	if got := TitleFromID("double-charge"); got != "Double charge" {
		t.Errorf("TitleFromID = %q", got)
	}
}

// TestStarterLanguages: the starter passes check --strict in every
// language (its time limits follow the language's reading speed), speaks
// English, Brazilian Portuguese and Spanish (others get English and a
// note), and scores the same in all of them.
func TestStarterLanguages(t *testing.T) {
	var list []*scenarios.Scenario
	for _, tt := range []struct {
		lang string
		want []string // in its texts or comments
	}{
		{"en", []string{"# A Shock Absorber scenario.", `title = "The waived fee"`, "is the pivot"}},
		{"pt-BR", []string{"# Um cenário do Shock Absorber.", `title = "A taxa dispensada"`, "é o Pivô", "Mola", "Conector", "Dispersor", "Amortecedor", "# opcional"}},
		{"es", []string{"# Un escenario de Shock Absorber.", `title = "El cargo anulado"`, "es el Pivote", "Resorte", "Conector", "Dispersor", "Amortiguador", "# opcional"}},
		{"es-419", []string{"# Un escenario de Shock Absorber."}},
		{"pt", []string{"# Um cenário do Shock Absorber."}},
		{"pt-PT", []string{"# No starter is written in pt-PT yet", "# A Shock Absorber scenario."}},
		{"de", []string{"# No starter is written in de yet", "# A Shock Absorber scenario."}},
		{"fi", nil}, // the slowest reading speed of the table
		{"ja", nil}, // read in characters
		{"zh-Hant", nil},
	} {
		src, err := Starter(StarterOptions{ID: "starter-case", Language: tt.lang})
		if err != nil {
			t.Fatalf("%s: %v", tt.lang, err)
		}
		for _, want := range tt.want {
			if !strings.Contains(src, want) {
				t.Errorf("%s: the starter lacks %q", tt.lang, want)
			}
		}
		if tt.lang != "en" && !strings.Contains(tt.lang, "-") && strings.Contains(src, "No starter is written") != (starterLanguageOf(tt.lang) == "") {
			t.Errorf("%s: the note on English texts is wrong", tt.lang)
		}
		sc, diags := scenarios.Parse(tt.lang+".toml", []byte(src))
		if sc == nil || len(diags) > 0 {
			t.Fatalf("%s: the starter does not pass check: %v", tt.lang, diags)
		}
		if items := ItemChecks(sc); len(items) > 0 {
			t.Errorf("%s: the starter does not pass check --strict:\n%v", tt.lang, items)
		}
		for _, n := range sc.Nodes {
			if n.TimeLimit > 0 && n.TimeLimit < 45 {
				t.Errorf("%s: node %q gives only %d s", tt.lang, n.ID, n.TimeLimit)
			}
		}
		list = append(list, sc)
	}
	if diags := Parity(list, func(string) ([]byte, error) { return nil, fmt.Errorf("no file") }); len(diags) > 0 {
		t.Errorf("the starters do not score the same in every language:\n%v", diags)
	}
}

func TestParsePlanErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "file is empty"},
		{"syntax", "scenario = \"a.toml\"\n[[case]]\nname = \"x\nchoose=[1]\n", "p.test.toml:3:"},
		{"no scenario", "[[case]]\nname = \"x\"\nchoose = [1]\n", `missing key "scenario"`},
		{"no case", "scenario = \"a.toml\"\n", "no [[case]]"},
		{"unknown key", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\nendign = \"lost\"\n", `p.test.toml:5:1: unknown key "endign"`},
		{"bad choose", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1, 0]\n", "p.test.toml:4:10: choose"},
		{"bad ending", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\nending = \"won\"\n", `ending of case "x" must be one of resolved, unresolved, lost`},
		{"bad archetype", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\narchetype = \"hero\"\n", "archetype of case"},
		{"bad mood", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\nmood = 101\n", "integer 0..100"},
		{"bad drift", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\ndrift = { hero = 1 }\n", `unknown archetype "hero"`},
		{"drift share", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\ndrift = { pivot = 2 }\n", "0..1"},
		{"no name", "scenario = \"a.toml\"\n[[case]]\nchoose = [1]\n", "has no name"},
		{"duplicate name", "scenario = \"a.toml\"\n[[case]]\nname = \"x\"\nchoose = [1]\n[[case]]\nname = \"x\"\nchoose = [2]\n", "duplicate case name"},
		{"case not tables", "scenario = \"a.toml\"\ncase = 3\n", "array of tables"},
		{"binary", "scenario = \"a\x00\"", "not UTF-8 text"},
		{"nested too deep", "scenario = \"a.toml\"\nx = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", "p.test.toml:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, errs := ParsePlan("dir/p.test.toml", []byte(tt.src))
			if plan != nil || len(errs) == 0 {
				t.Fatalf("no error, want %q", tt.want)
			}
			var all []string
			for _, e := range errs {
				all = append(all, e.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("got %q, want one containing %q", all, tt.want)
			}
		})
	}
}

func TestParsePlanOK(t *testing.T) {
	src := `scenario = "tiny.toml"
[[case]]
name = "a"
choose = [1, 2]
ending = "unresolved"
archetype = "none"
mood = 10
walked_out = false
drift = { shock_absorber = 1, pivot = 0.0 }
path = ["start", "mid", "meh"]
`
	plan, errs := ParsePlan("plans/x.test.toml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if plan.ScenarioPath != "plans/tiny.toml" {
		t.Errorf("ScenarioPath = %q", plan.ScenarioPath)
	}
	c := plan.Cases[0]
	if c.Pos.Line != 2 || *c.Archetype != "" || *c.Mood != 10 || c.Drift["shock_absorber"] != 1 || len(c.Path) != 3 {
		t.Errorf("case parsed as %+v", c)
	}
}

func TestRunCase(t *testing.T) {
	sc := mustParse(t, tiny)
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	tests := []struct {
		name  string
		c     Case
		diffs []string
	}{
		{"pass", Case{Choose: []int{1, 1}, Ending: str("unresolved"), Archetype: str("shock_absorber"), Mood: num(10),
			Drift: map[string]float64{"shock_absorber": 1}, Path: []string{"start", "mid", "meh"}}, nil},
		{"walk out", Case{Choose: []int{2}, Ending: str("resolved"), Archetype: str(""), Drift: map[string]float64{"spring": 0.5}},
			[]string{`ending: got "lost", want "resolved"`, `archetype: got "spring", want "none" (no weight)`, "drift.spring: got 1, want 0.5"}},
		{"path", Case{Choose: []int{1, 1}, Path: []string{"start", "ok"}},
			[]string{`path: got ["start", "mid", "meh"], want ["start", "ok"] (node 2: got "mid", want "ok")`}},
		{"out of range", Case{Choose: []int{3}}, []string{"choose: "}},
		{"ran out", Case{Choose: []int{1}}, []string{"choose: "}},
		{"left over", Case{Choose: []int{1, 1, 1}}, []string{"choose: the run ended after 2 choice(s); the last 1 of 3 are not used"}},
		{"drift within tolerance", Case{Choose: []int{1, 1}, Drift: map[string]float64{"shock_absorber": 1 - 1e-12}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := RunCase(sc, tt.c)
			if len(res.Diffs) != len(tt.diffs) {
				t.Fatalf("got diffs %q, want %q", res.Diffs, tt.diffs)
			}
			for i := range tt.diffs {
				if !strings.HasPrefix(res.Diffs[i], tt.diffs[i]) {
					t.Errorf("diff %d: got %q, want %q", i, res.Diffs[i], tt.diffs[i])
				}
			}
		})
	}
}

func TestKeyPositions(t *testing.T) {
	src := "a = 1\n[[case]]\n  name = \"x\"\n  text = \"\"\"\n  fake = 2\n  \"\"\"\n  list = [\n    1,\n  ]\n  after = 3\n[[case]]\nname = 'y'\n"
	kp := scenarios.ScanPositions(src)
	tests := []struct {
		path string
		want Pos
	}{
		{"a", Pos{Line: 1, Col: 1}},
		{"case[0]", Pos{Line: 2, Col: 1}},
		{"case[0].name", Pos{Line: 3, Col: 3}},
		{"case[0].after", Pos{Line: 10, Col: 3}},
		{"case[0].fake", Pos{Line: 2, Col: 1}}, // inside a string: falls back to the table
		{"case[1].name", Pos{Line: 12, Col: 1}},
		{"case[1].missing", Pos{Line: 11, Col: 1}},
		{"nothing", Pos{Line: 1, Col: 0}},
	}
	for _, tt := range tests {
		if got := kp.Key(tt.path); got != tt.want {
			t.Errorf("key(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if got := kp.Value("case[0].name"); got != (Pos{Line: 3, Col: 10}) {
		t.Errorf("value(case[0].name) = %v", got)
	}
}

func TestPlaytestDeterministic(t *testing.T) {
	sc := mustParse(t, tiny)
	a := RunPlaytest(sc, 500, 42)
	b := RunPlaytest(sc, 500, 42)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("same seed, different results:\n%s\n%s", ja, jb)
	}
	if a.Endings["lost"]+a.Endings["unresolved"] != 500 || a.Endings["lost"] == 0 || a.WalkedOut != a.Endings["lost"] {
		t.Errorf("endings %v, walked out %d", a.Endings, a.WalkedOut)
	}
	if strings.Join(a.NodesNeverReached, ",") != "ok,orphan" {
		t.Errorf("never reached: %v", a.NodesNeverReached)
	}
	if len(a.ChoicesNeverTaken) != 1 || a.ChoicesNeverTaken[0].Node != "mid" || a.ChoicesNeverTaken[0].Choice != 1 {
		t.Errorf("never taken: %+v", a.ChoicesNeverTaken)
	}
	c := RunPlaytest(sc, 500, 43)
	if c.Endings["lost"] == a.Endings["lost"] && c.Endings["lost"] == b.Endings["lost"] {
		t.Logf("seeds 42 and 43 gave the same split (possible, unlikely)")
	}
	sum := 0
	for _, n := range a.Archetypes {
		sum += n
	}
	if sum != 500 || len(a.Archetypes) != 6 {
		t.Errorf("archetypes %v", a.Archetypes)
	}
}

func TestPlaytestCycleStops(t *testing.T) {
	sc := mustParse(t, `id = "loop"
title = "Loop"
language = "en"
[[node]]
id = "a"
text = "again"
  [[node.choice]]
  text = "round"
  next = "a"
  [[node.choice]]
  text = "out"
  next = "end"
[[node]]
id = "end"
text = "x"
ending = "resolved"
`)
	pt := RunPlaytest(sc, 50, 1)
	if pt.Endings["resolved"]+pt.Endings[OutcomeUnfinished] != 50 {
		t.Errorf("endings %v", pt.Endings)
	}
}

func TestUUIDv5(t *testing.T) {
	// RFC 4122 / Python uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com")
	if got := uuidV5(nsURL, "https://example.com"); got != "4fd35a71-71ef-5a55-a9d9-aa75c889a6d0" {
		t.Errorf("uuidV5 = %s", got)
	}
}

func TestStatements(t *testing.T) {
	sc := mustParse(t, tiny)
	run, _, err := play.Replay(sc, []int{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	rep := run.Report()
	actor, err := ParseActor("mailto:ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	opt := XAPIOptions{Actor: actor, Base: DefaultXAPIBase, Time: when}
	st, err := Statements(rep, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 3 {
		t.Fatalf("got %d statements, want 2 steps + completed", len(st))
	}
	again, _ := Statements(rep, opt)
	j1, _ := json.Marshal(st)
	j2, _ := json.Marshal(again)
	if string(j1) != string(j2) {
		t.Error("the same report gave different statements")
	}
	other, _ := Statements(rep, XAPIOptions{Actor: actor, Base: DefaultXAPIBase, Time: when.Add(time.Hour)})
	if other[0].ID == st[0].ID {
		t.Error("a different time gave the same statement id")
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for _, s := range st {
		if !uuid.MatchString(s.ID) || seen[s.ID] {
			t.Errorf("bad or repeated id %q", s.ID)
		}
		seen[s.ID] = true
	}
	step := st[0]
	if step.Verb.ID != VerbAnswered.ID || step.Object.ID != DefaultXAPIBase+"/scenarios/tiny/nodes/start" ||
		step.Result.Response != `Hand it over "properly"` || step.Result.Success == nil || !*step.Result.Success ||
		step.Result.Extensions[DefaultXAPIBase+"/extensions/action"] != "derive" {
		t.Errorf("step statement: %+v %+v", step, step.Result)
	}
	if st[1].Result.Success != nil {
		t.Error("a step on a node without fit has a success")
	}
	done := st[2]
	if done.Verb.ID != VerbCompleted.ID || done.Result.Success == nil || *done.Result.Success ||
		done.Result.Score.Scaled != 1 || done.Result.Extensions[DefaultXAPIBase+"/extensions/archetype"] != "shock_absorber" {
		t.Errorf("completed statement: %+v %+v", done, done.Result)
	}
	if done.Timestamp != "2026-11-23T10:00:00.000Z" || step.Timestamp != "2026-11-23T09:59:59.998Z" {
		t.Errorf("timestamps %s, %s", step.Timestamp, done.Timestamp)
	}
}

func TestParseActor(t *testing.T) {
	tests := []struct {
		in, mbox, account string
		ok                bool
	}{
		{"mailto:ana@example.com", "mailto:ana@example.com", "", true},
		{"ana@example.com", "mailto:ana@example.com", "", true},
		{"account:https://lms.example.com#u-17", "", "u-17", true},
		{"ana", "", "", false},
		{"mailto:Ana <ana@example.com>", "", "", false},
		{"account:lms#x", "", "", false},
	}
	for _, tt := range tests {
		a, err := ParseActor(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseActor(%q) error %v", tt.in, err)
			continue
		}
		if tt.ok && (a.Mbox != tt.mbox || (tt.account != "" && a.Account.Name != tt.account)) {
			t.Errorf("ParseActor(%q) = %+v", tt.in, a)
		}
	}
}

func TestReadReports(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{``, "empty"},
		{`{`, "not a play report"},
		{`{"total": 3}`, `no "scenario" key`},
		{`[{"scenario":"x","ending":"won","drift":{},"path":[],"steps":[]}]`, "report 1: unknown ending"},
		{`{"scenario":"x","ending":"lost","drift":{"hero":1},"path":[],"steps":[]}`, "unknown archetype"},
		{`{"scenario":"","ending":"lost","drift":{},"path":[],"steps":[]}`, "names no scenario"},
	}
	for _, tt := range tests {
		_, err := ReadReports([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadReports(%q): got %v, want %q", tt.in, err, tt.want)
		}
	}
}
