package cli_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "scenario-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "scenario")
	build := exec.Command("go", "build", "-o", binary, "github.com/shockabsorber/shockabsorber/cmd/scenario")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building cmd/scenario:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the built binary in the package folder and fails the test on
// any sign of a Go panic on stderr.
func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runIn(t, "", stdin, false, args...)
}

// runIn runs the built binary in dir ("" for the package folder) with stdin,
// and fails the test on any sign of a crash on stderr (and on stdout too
// when alsoStdout is set).
func runIn(t *testing.T, dir, stdin string, alsoStdout bool, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	r := result{code, out.String(), errb.String()}
	for _, bad := range []string{"goroutine ", "panic:", "internal error"} {
		if strings.Contains(r.stderr, bad) || alsoStdout && strings.Contains(r.stdout, bad) {
			t.Fatalf("scenario %v: output shows a crash:\n%s", args, r.stderr)
		}
	}
	return r
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (-want +got):\n-%s\n+%s", path, strings.ReplaceAll(string(want), "\n", "\n-"), strings.ReplaceAll(got, "\n", "\n+"))
	}
}

// TestPlayGolden plays each testdata/play/NAME.choose against the scenario
// named by its prefix and compares --json and the readable transcript with
// NAME.json and NAME.txt.
func TestPlayGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/play/*.choose")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		name := strings.TrimSuffix(c, ".choose")
		t.Run(filepath.Base(name), func(t *testing.T) {
			choose, _ := os.ReadFile(c)
			file := strings.SplitN(filepath.Base(name), "-", 2)[0] + ".toml"
			scenario := filepath.Join("testdata/play", file)
			r := run(t, "", "play", scenario, "--choose", strings.TrimSpace(string(choose)), "--json")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var report map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			for _, key := range []string{"scenario", "ending", "mood", "archetype", "drift", "path", "steps"} {
				if _, ok := report[key]; !ok {
					t.Errorf("report lacks the contract's key %q", key)
				}
			}
			golden(t, name+".json", r.stdout)
			r = run(t, "", "play", "--choose="+strings.TrimSpace(string(choose)), scenario)
			golden(t, name+".txt", r.stdout)
		})
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flags := "testdata/play/flags.toml"
	cycle := write("cycle.toml", "id = \"cycle\"\ntitle = \"C\"\nlanguage = \"en\"\n[[node]]\nid = \"ask\"\ntext = \"?\"\n[[node.choice]]\ntext = \"again\"\nnext = \"again\"\n[[node.choice]]\ntext = \"stop\"\nnext = \"end\"\n[[node]]\nid = \"again\"\ntext = \"!\"\n[[node.choice]]\ntext = \"back\"\nnext = \"ask\"\n[[node]]\nid = \"end\"\ntext = \".\"\nending = \"resolved\"\n")
	junk := write("junk.toml", "\x00\x01\x02\xff garbage")
	empty := write("empty.toml", "")
	huge := write("huge.toml", "id = \""+strings.Repeat("x", 10<<20)+"\"\n")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string // a part the message must contain
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"check without paths", []string{"check"}, 2, "name at least one"},
		{"check a bad file", []string{"check", "../../scenarios/testdata/bad/unknown-key.toml"}, 1, `unknown-key.toml:13:3: unknown key "folow_up" in [[node.choice]] (did you mean "follow_up"?)`},
		{"check a missing file", []string{"check", filepath.Join(dir, "nope.toml")}, 1, "nope.toml: no such file or folder"},
		{"check junk", []string{"check", junk}, 1, "binary file"},
		{"check empty", []string{"check", empty}, 1, "file is empty"},
		{"check 10 MB", []string{"check", huge}, 1, "may be at most 1.0 MB"},
		{"play out of range", []string{"play", flags, "--choose", "1,3"}, 2, `node "second" shows 2 choice(s), there is no choice 3`},
		{"play runs out", []string{"play", flags, "--choose", "2"}, 2, "ran out before an ending"},
		{"play bad list", []string{"play", flags, "--choose", "1,x"}, 2, `item 2 is "x"`},
		{"play zero", []string{"play", flags, "--choose", "0"}, 2, "1-based"},
		{"play unknown flag", []string{"play", flags, "--chose", "1"}, 2, "unknown flag --chose"},
		{"play an invalid file", []string{"play", "../../scenarios/testdata/bad/bad-next.toml", "--choose", "1"}, 1, `did you mean "handoff"?`},
		{"play junk", []string{"play", junk, "--choose", "1"}, 1, "binary file"},
		{"paths an invalid file", []string{"paths", empty}, 1, "file is empty"},
		{"paths a cycle", []string{"paths", cycle}, 1, "cycle: ask -> again -> ask"},
		{"paths two files", []string{"paths", flags, flags}, 2, "exactly one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "", tc.args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
			}
		})
	}
}

func TestCheckManyJunkFiles(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 3000; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.toml", i)), []byte{0xff, 0xfe, byte(i)}, 0o644)
	}
	r := run(t, "", "check", dir)
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	if n := strings.Count(r.stderr, filepath.Join(dir, "f")); n != 3000 {
		t.Errorf("%d messages, want one per file (3000)", n)
	}
	if !strings.Contains(r.stderr, "3000 files checked: 3000 errors") {
		t.Errorf("summary missing: %s", r.stderr[len(r.stderr)-200:])
	}
}

func TestCheckLibraryAndWarnings(t *testing.T) {
	// The library itself: TestCheckLibraryStrict.
	r := run(t, "", "check", "../../scenarios/testdata/warn/unreachable.toml")
	if r.code != 0 || !strings.Contains(r.stderr, `unreachable.toml:18: warning: node "orphan" is unreachable`) {
		t.Errorf("warnings: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, "", "check", "--json", "../../scenarios/testdata/bad/mood-range.toml")
	var out struct {
		Diagnostics []struct {
			Line     int
			Col      int
			Severity string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 1 || len(out.Diagnostics) != 1 || out.Diagnostics[0].Line != 7 {
		t.Errorf("check --json: exit %d, %v, %s", r.code, err, r.stdout)
	}
}

func TestPathsJSONChain40(t *testing.T) {
	var b strings.Builder
	b.WriteString("id = \"chain\"\ntitle = \"Chain\"\nlanguage = \"en\"\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "[[node]]\nid = \"n%d\"\ntext = \"Decision\"\nfit = [\"connect\"]\n", i)
		for _, a := range []string{"connect", "derive", "escalate"} {
			fmt.Fprintf(&b, "[[node.choice]]\ntext = \"x\"\naction = %q\nfollow_up = \"monitor\"\nnext = \"n%d\"\n", a, i+1)
		}
	}
	b.WriteString("[[node]]\nid = \"n40\"\ntext = \"Done\"\nending = \"resolved\"\n")
	p := filepath.Join(t.TempDir(), "chain.toml")
	os.WriteFile(p, []byte(b.String()), 0o644)
	r := run(t, "", "paths", p, "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Total      json.Number
		Endings    map[string]json.Number
		Archetypes map[string]json.Number
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out.Total != "12157665459056928801" || out.Endings["resolved"] != "12157665459056928801" {
		t.Errorf("total %s endings %v, want 3^40 = 12157665459056928801", out.Total, out.Endings)
	}
	for _, a := range []string{"pivot", "spring", "connector", "disperser", "shock_absorber", "none"} {
		if _, ok := out.Archetypes[a]; !ok {
			t.Errorf("archetypes lacks %q", a)
		}
	}
	human := run(t, "", "paths", p)
	if !strings.Contains(human.stdout, "12,157,665,459,056,928,801 complete paths") {
		t.Errorf("readable output:\n%s", human.stdout)
	}
}

func TestPlayInteractive(t *testing.T) {
	r := run(t, "nonsense\n2\n1\n", "play", "testdata/play/flags.toml")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Choose 1-3:", "Type a number from 1 to 3.", "Ending:    resolved", "Archetype: shock_absorber"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, "2\n", "play", "testdata/play/flags.toml")
	if r.code != 2 || !strings.Contains(r.stderr, "input ended") {
		t.Errorf("input ending early: exit %d, %s", r.code, r.stderr)
	}
}

// TestREADMEExample keeps the README's example scenario and the messages it
// shows for two typos true.
func TestREADMEExample(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "```toml\n")
	end := strings.Index(text[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("README has no toml example")
	}
	example := text[start+8 : start+8+end]
	dir := t.TempDir()
	good := filepath.Join(dir, "lost-parcel.toml")
	os.WriteFile(good, []byte(example), 0o644)
	if r := run(t, "", "check", good); r.code != 0 {
		t.Errorf("README example fails check:\n%s", r.stderr)
	}
	bad := strings.Replace(strings.Replace(example, `follow_up = "monitor"`, `folow_up = "monitor"`, 1), `next = "end-ok"`, `next = "end-k"`, 1)
	badDir := filepath.Join(dir, "bad")
	os.Mkdir(badDir, 0o755)
	os.WriteFile(filepath.Join(badDir, "lost-parcel.toml"), []byte(bad), 0o644)
	cmd := exec.Command(binary, "check", "lost-parcel.toml")
	cmd.Dir = badDir
	out, _ := cmd.CombinedOutput()
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "lost-parcel.toml:") && !strings.Contains(string(out), line) {
			t.Errorf("README shows %q, check prints:\n%s", line, out)
		}
	}
}
