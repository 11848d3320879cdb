package cli_test

// Tests of the trainer's subcommands (schema, graph, new, test, playtest,
// report). They run the binary that TestMain in cli_test.go builds.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const trainerData = "testdata/trainer"

// trainerRun runs the built binary in dir ("" for the package folder) and
// fails on any sign of a crash.
func trainerRun(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runIn(t, dir, "", true, args...)
}

func wantCode(t *testing.T, r result, code int, args ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("scenario %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, code, r.stdout, r.stderr)
	}
}

func TestTrainerCommandsListed(t *testing.T) {
	r := trainerRun(t, "", "help")
	wantCode(t, r, 0)
	for _, c := range []string{"schema", "graph", "new", "test", "playtest", "report"} {
		if !regexp.MustCompile(`(?m)^  scenario ` + c + `\b`).MatchString(r.stdout) {
			t.Errorf("help does not list %q:\n%s", c, r.stdout)
		}
	}
}

// TestSchemaFileUpToDate compares docs/scenario.schema.json with what
// `scenario schema` prints; go test ./internal/cli -update rewrites it.
func TestSchemaFileUpToDate(t *testing.T) {
	r := trainerRun(t, "", "schema")
	wantCode(t, r, 0, "schema")
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if v["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", v["$schema"])
	}
	const file = "../../docs/scenario.schema.json"
	if *update {
		if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update)", err)
	}
	if string(want) != r.stdout {
		t.Errorf("%s is out of date: run go test ./internal/cli -run TestSchemaFileUpToDate -update", file)
	}
	r = trainerRun(t, "", "schema", "extra")
	wantCode(t, r, 2, "schema", "extra")
}

func TestGraphCommand(t *testing.T) {
	sc := trainerData + "/plans/double-charge.toml"
	r := trainerRun(t, "", "graph", sc)
	wantCode(t, r, 0, "graph", sc)
	if !strings.HasPrefix(r.stdout, `digraph "double-charge" {`) || !strings.Contains(r.stdout, "✓") {
		t.Errorf("not the DOT graph expected:\n%s", r.stdout)
	}
	r = trainerRun(t, "", "graph", "--format", "mermaid", sc, "--text", "--walkouts")
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "---\ntitle: ") || strings.Contains(r.stdout, "```") || !strings.Contains(r.stdout, "flowchart TD") || !strings.Contains(r.stdout, "walkout") {
		t.Errorf("not the bare Mermaid graph expected:\n%s", r.stdout)
	}
	fenced := trainerRun(t, "", "graph", "--format", "mermaid", sc, "--text", "--walkouts", "--fenced")
	wantCode(t, fenced, 0)
	if fenced.stdout != "```mermaid\n"+r.stdout+"```\n" {
		t.Errorf("--fenced is not the same graph in a ```mermaid fence:\n%s", fenced.stdout)
	}
	for _, bad := range [][]string{
		{"graph"},
		{"graph", sc, "--fenced"}, // DOT has no fence
		{"graph", sc, "--format", "png"},
		{"graph", sc, "--width", "x"},
		{"graph", sc, "--colour"},
	} {
		r := trainerRun(t, "", bad...)
		wantCode(t, r, 2, bad...)
		if r.stderr == "" {
			t.Errorf("scenario %v: no message", bad)
		}
	}
	r = trainerRun(t, "", "graph", trainerData+"/bad/bad-action.toml")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "bad-action.toml:10:12: unknown action") {
		t.Errorf("no diagnostic naming file and line:\n%s", r.stderr)
	}
	r = trainerRun(t, "", "graph", "no-such.toml")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "no-such.toml") {
		t.Errorf("message does not name the file: %s", r.stderr)
	}
}

// TestGraphRendersWithGraphviz renders every bundled scenario with dot,
// when Graphviz is installed.
func TestGraphRendersWithGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz (dot) is not installed")
	}
	files, _ := filepath.Glob("../../scenarios/library/*.toml")
	files = append(files, trainerData+"/plans/starter.toml")
	for _, f := range files {
		r := trainerRun(t, "", "graph", f, "--text", "--walkouts")
		if r.code != 0 {
			continue // an invalid library file is reported by check's tests
		}
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = strings.NewReader(r.stdout)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		out, err := cmd.Output()
		if err != nil || !bytes.Contains(out, []byte("<svg")) || errb.Len() > 0 {
			t.Errorf("%s: dot -Tsvg failed: %v\n%s", f, err, errb.String())
		}
	}
}

func TestNewCommand(t *testing.T) {
	dir := t.TempDir()
	r := trainerRun(t, dir, "new", "late-delivery", "--title", `The "late" parcel`, "--lang", "es")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "wrote late-delivery.toml") {
		t.Errorf("stdout: %s", r.stdout)
	}
	r = trainerRun(t, dir, "check", "late-delivery.toml")
	wantCode(t, r, 0, "check")
	r = trainerRun(t, dir, "paths", "late-delivery.toml", "--json")
	wantCode(t, r, 0)
	var stats struct {
		Best struct{ Archetype, Ending string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil {
		t.Fatal(err)
	}
	if stats.Best.Archetype != "shock_absorber" || stats.Best.Ending != "resolved" {
		t.Errorf("best path: %+v", stats.Best)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "late-delivery.toml"))
	r = trainerRun(t, dir, "new", "late-delivery")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "already exists") {
		t.Errorf("stderr: %s", r.stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "late-delivery.toml"))
	if !bytes.Equal(before, after) {
		t.Error("the existing file was changed")
	}
	r = trainerRun(t, dir, "new", "other", "-o", "-")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, `id = "other"`) {
		t.Errorf("-o - did not print the file")
	}
	for _, bad := range [][]string{
		{"new"},
		{"new", "Late Delivery"},
		{"new", "a", "b"},
		{"new", "ok", "--lang", "english"},
		{"new", "ok", "-o", "no/such/folder/x.toml"},
	} {
		r := trainerRun(t, dir, bad...)
		wantCode(t, r, 2, bad...)
		if r.stderr == "" {
			t.Errorf("scenario %v: no message", bad)
		}
	}
}

// TestNewTranslation: new --from writes a translation starter beside its
// original that passes check --strict with it; check then holds the two to
// parity.
func TestNewTranslation(t *testing.T) {
	dir := t.TempDir()
	orig, err := os.ReadFile("../../trainer/testdata/parity/clean/case.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "case.toml")
	os.WriteFile(src, orig, 0o644)
	r := trainerRun(t, "", "new", "--from", src, "--lang", "pt-BR")
	wantCode(t, r, 0, "new", "--from")
	tr := filepath.Join(dir, "case-pt-br.toml")
	if !strings.HasPrefix(r.stdout, "wrote "+tr+", a translation of "+src+" (en) into pt-BR\n") {
		t.Errorf("stdout: %s", r.stdout)
	}
	data, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Tradução de " + src, "id = \"case-pt-br\"", "language = \"pt-BR\"", "situation = \"case\"",
		"# translate (en): The missing refund\ntitle = \"The missing refund\""} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the starter lacks %q:\n%s", want, data)
		}
	}
	r = trainerRun(t, "", "check", "--strict", dir)
	wantCode(t, r, 0, "check", "--strict", dir)

	// A translator's slip: the follow-up of a choice changed.
	slip := strings.Replace(string(data), "follow_up = \"promise\"\n  mood = -20", "follow_up = \"monitor\"\n  mood = -20", 1)
	os.WriteFile(tr, []byte(slip), 0o644)
	r = trainerRun(t, "", "check", dir)
	wantCode(t, r, 1, "check", dir)
	line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tr) + `:(\d+):3: choice 2 of node "opening" has follow_up "monitor", but ` + regexp.QuoteMeta(src) + `:30 \(en, the same situation\) has "promise": translations must score the same$`).FindStringSubmatch(r.stderr)
	if line == nil {
		t.Fatalf("no parity error:\n%s", r.stderr)
	}
	if got := strings.Split(slip, "\n")[atoi(t, line[1])-1]; strings.TrimSpace(got) != `follow_up = "monitor"` {
		t.Errorf("the error is at line %s, %q", line[1], got)
	}
	// Checked alone, a translation has nothing to be compared with.
	r = trainerRun(t, "", "check", tr)
	wantCode(t, r, 0, "check", tr)

	r = trainerRun(t, "", "new", "--from", src, "--lang", "pt-BR")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "already exists") {
		t.Errorf("stderr: %s", r.stderr)
	}
	r = trainerRun(t, "", "new", "--from", src, "--lang", "es", "-o", "-")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "id = \"case-es\"") {
		t.Errorf("-o - did not print the starter:\n%s", r.stdout)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("id = \"bad\"\n"), 0o644)
	r = trainerRun(t, "", "new", "--from", bad, "--lang", "es")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, bad+":1:") || !strings.Contains(r.stderr, "fix them before translating it") {
		t.Errorf("stderr: %s", r.stderr)
	}
	for _, args := range [][]string{
		{"new", "--from", src},                      // no language
		{"new", "--from", src, "--lang", "en"},      // its own language
		{"new", "--from", src, "--lang", "spanish"}, // not a tag
		{"new", "x", "--from", src, "--lang", "es"}, // an id besides
		{"new", "--from", src, "--lang", "es", "--title", "T"},
	} {
		r := trainerRun(t, dir, args...)
		wantCode(t, r, 2, args...)
		if r.stderr == "" {
			t.Errorf("scenario %v: no message", args)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTestCommand(t *testing.T) {
	r := trainerRun(t, "", "test", trainerData+"/plans")
	wantCode(t, r, 0)
	if !strings.HasSuffix(r.stdout, "\n5 passed, 0 failed\n") || strings.Count(r.stdout, "\nok ")+strings.Count(r.stdout[:3], "ok ") != 5 {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	// A scenario with a plan beside it.
	r = trainerRun(t, "", "test", trainerData+"/plans/starter.toml", "--run", "loses")
	wantCode(t, r, 0)
	if !strings.HasSuffix(r.stdout, "1 passed, 0 failed\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}

	r = trainerRun(t, "", "test", trainerData+"/failing")
	wantCode(t, r, 1)
	for _, want := range []string{
		"ok    testdata/trainer/failing/starter.test.toml:4  passes",
		"FAIL  testdata/trainer/failing/starter.test.toml:9  wrong expectations",
		`      ending: got "lost", want "resolved"`,
		`      archetype: got "pivot", want "shock_absorber"`,
		"      mood: got 20, want 60",
		"      drift.shock_absorber: got 0, want 0.75",
		`      path: got ["opening", "second-try", "end-lost"], want ["opening", "confirm"]`,
		"FAIL  testdata/trainer/failing/starter.test.toml:18  index out of range",
		"FAIL  testdata/trainer/failing/starter.test.toml:26  choices left over",
		"\n1 passed, 4 failed\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}

	r = trainerRun(t, "", "test", trainerData+"/badplan")
	wantCode(t, r, 1)
	for _, want := range []string{
		`testdata/trainer/badplan/broken.test.toml:6:1: unknown key "endign"`,
		`testdata/trainer/badplan/broken.test.toml:10:10: choose of case "bad values": item 2`,
		`testdata/trainer/badplan/broken.test.toml:13:8: mood`,
		"testdata/trainer/badplan/syntax.test.toml:4:17: TOML syntax",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}

	// A plan whose scenario is invalid or missing.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.test.toml"), []byte("scenario = \"missing.toml\"\n[[case]]\nname = \"a\"\nchoose = [1]\n"), 0o644)
	r = trainerRun(t, "", "test", dir)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "x.test.toml:1:12: scenario \"missing.toml\" cannot be played") || !strings.Contains(r.stderr, "missing.toml: no such file") {
		t.Errorf("stderr:\n%s", r.stderr)
	}

	for _, bad := range [][]string{
		{"test"},
		{"test", "nope"},
		{"test", trainerData + "/bad/bad-action.toml"}, // a scenario with no plan beside it
		{"test", trainerData + "/bad"},                 // a folder with no plans
		{"test", trainerData + "/plans", "--run", "no such case"},
		{"test", trainerData + "/plans", "--json"},
	} {
		r := trainerRun(t, "", bad...)
		wantCode(t, r, 2, bad...)
		if r.stderr == "" {
			t.Errorf("scenario %v: no message", bad)
		}
	}
}

func TestPlaytestCommand(t *testing.T) {
	sc := trainerData + "/plans/double-charge.toml"
	a := trainerRun(t, "", "playtest", sc, "--runs", "300", "--seed", "9")
	wantCode(t, a, 0)
	b := trainerRun(t, "", "playtest", "--seed", "9", sc, "--runs", "300")
	if a.stdout != b.stdout {
		t.Errorf("the same seed gave different output:\n%s\n%s", a.stdout, b.stdout)
	}
	for _, want := range []string{"300 random runs with seed 9", "By ending:", "By archetype:", "shock_absorber"} {
		if !strings.Contains(a.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, a.stdout)
		}
	}
	// Walk-outs are a part of the lost runs: their share is of all runs,
	// and the line gives their share of the lost ones too.
	lost := regexp.MustCompile(`\n  lost +(\d+) +[\d.]+%\n    walked out +(\d+) +([\d.]+)%  of all runs; ([\d.]+)% of the lost runs`).FindStringSubmatch(a.stdout)
	if lost == nil {
		t.Fatalf("no walked-out line under lost:\n%s", a.stdout)
	}
	nLost, _ := strconv.Atoi(lost[1])
	nOut, _ := strconv.Atoi(lost[2])
	if nOut == 0 || nOut > nLost || lost[3] != strconv.FormatFloat(float64(nOut)/300*100, 'f', 1, 64) || lost[4] != strconv.FormatFloat(float64(nOut)/float64(nLost)*100, 'f', 1, 64) {
		t.Errorf("walked-out shares do not add up (lost %d, walked out %d):\n%s", nLost, nOut, a.stdout)
	}
	r := trainerRun(t, "", "playtest", sc, "--runs", "50", "--json")
	wantCode(t, r, 0)
	var pt struct {
		Runs              int
		Endings           map[string]int
		Archetypes        map[string]int
		NodesNeverReached []string `json:"nodes_never_reached"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &pt); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range pt.Endings {
		total += n
	}
	if pt.Runs != 50 || total != 50 || len(pt.Archetypes) != 6 || pt.NodesNeverReached == nil {
		t.Errorf("json: %+v", pt)
	}
	// Unreached nodes and choices are reported.
	r = trainerRun(t, "", "playtest", trainerData+"/plans/starter.toml", "--runs", "1")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "Nodes no run reached") || !strings.Contains(r.stdout, "Choices no run took") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	for _, bad := range [][]string{
		{"playtest", sc, "--runs", "0"},
		{"playtest", sc, "--runs", "many"},
		{"playtest", sc, "--seed", "-1"},
		{"playtest"},
	} {
		r := trainerRun(t, "", bad...)
		wantCode(t, r, 2, bad...)
	}
	r = trainerRun(t, "", "playtest", trainerData+"/bad/mood-over-100.toml")
	wantCode(t, r, 1)
}

func TestReportCommand(t *testing.T) {
	dir := trainerData + "/reports"
	args := []string{"report", dir, "--actor", "mailto:ana@example.com", "--timestamp", "2026-11-23T10:00:00Z"}
	a := trainerRun(t, "", args...)
	wantCode(t, a, 0, args...)
	b := trainerRun(t, "", args...)
	if a.stdout != b.stdout {
		t.Error("two runs gave different statements")
	}
	var st []struct {
		ID    string
		Actor struct{ Mbox string }
		Verb  struct {
			ID      string
			Display map[string]string
		}
		Object struct{ ID string }
		Result struct {
			Success  *bool
			Response string
			Score    *struct{ Scaled float64 }
		}
		Timestamp string
	}
	if err := json.Unmarshal([]byte(a.stdout), &st); err != nil {
		t.Fatal(err)
	}
	// starter-recovery: 3 steps + completed; starter-lost: 2 steps + completed.
	if len(st) != 7 {
		t.Fatalf("got %d statements, want 7", len(st))
	}
	completed := 0
	for _, s := range st {
		if s.Actor.Mbox != "mailto:ana@example.com" || s.ID == "" || s.Timestamp == "" {
			t.Errorf("statement %+v", s)
		}
		if strings.HasSuffix(s.Verb.ID, "/completed") {
			completed++
			if s.Result.Score == nil || s.Result.Success == nil {
				t.Errorf("completed statement without score or success: %+v", s)
			}
		}
	}
	if completed != 2 {
		t.Errorf("%d completed statements, want 2", completed)
	}
	// Files are read in name order: starter-lost.json, then starter-recovery.json.
	lost, recovery := st[2].Result, st[6].Result
	if lost.Score == nil || recovery.Score == nil || recovery.Score.Scaled < 0.66 || !*recovery.Success || *lost.Success {
		t.Errorf("scores: %+v %+v", lost, recovery)
	}

	out := filepath.Join(t.TempDir(), "out.json")
	r := trainerRun(t, "", append(args, "-o", out)...)
	wantCode(t, r, 0)
	data, _ := os.ReadFile(out)
	if string(data) != a.stdout {
		t.Error("-o wrote something else than stdout shows")
	}

	bad := filepath.Join(t.TempDir(), "paths.json")
	os.WriteFile(bad, []byte(`{"total": 3}`), 0o644)
	r = trainerRun(t, "", "report", dir, bad)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, bad+`: not a play report: no "scenario" key`) || r.stdout != "" {
		t.Errorf("stderr:\n%s\nstdout:\n%s", r.stderr, r.stdout)
	}
	for _, bad := range [][]string{
		{"report"},
		{"report", dir, "--actor", "ana"},
		{"report", dir, "--timestamp", "yesterday"},
		{"report", dir, "--base", "not an iri"},
		{"report", "nope.json"},
	} {
		r := trainerRun(t, "", bad...)
		wantCode(t, r, 2, bad...)
		if r.stderr == "" {
			t.Errorf("scenario %v: no message", bad)
		}
	}
}

// TestWritingScenariosGuide checks that the trainers' guide covers every
// trainer command and the editor setup.
func TestWritingScenariosGuide(t *testing.T) {
	data, err := os.ReadFile("../../docs/writing-scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, want := range []string{
		"scenario check", "scenario new", "scenario schema", "scenario play", "scenario graph",
		"scenario paths", "scenario test", "scenario playtest", "scenario report",
		"#:schema ", "evenBetterToml.schema.associations", "`nodes`",
		"pivot", "spring", "connector", "disperser", "shock absorber",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/writing-scenarios.md does not mention %q", want)
		}
	}
}
