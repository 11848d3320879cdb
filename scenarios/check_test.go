package scenarios

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCheckGolden runs the checker over every bad file (and folder) in
// testdata/bad and testdata/warn and compares its diagnostics with the
// golden file beside it: one case per file, so a new case is a new file.
func TestCheckGolden(t *testing.T) {
	var cases []string
	for _, dir := range []string{"testdata/bad", "testdata/warn"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), ".toml") {
				cases = append(cases, filepath.Join(dir, e.Name()))
			}
		}
	}
	if len(cases) < 15 {
		t.Fatalf("found %d cases, want at least 15", len(cases))
	}
	for _, path := range cases {
		t.Run(path, func(t *testing.T) {
			_, diags := LoadPaths([]string{path})
			var b strings.Builder
			for _, d := range diags {
				b.WriteString(d.String())
				b.WriteByte('\n')
			}
			got := b.String()
			golden := strings.TrimSuffix(path, ".toml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scenarios -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ (-want +got):\n-%s\n+%s", strings.ReplaceAll(string(want), "\n", "\n-"), strings.ReplaceAll(got, "\n", "\n+"))
			}
			isBad := strings.Contains(path, "/bad/")
			if diags.HasErrors() != isBad {
				t.Errorf("HasErrors() = %v, want %v", diags.HasErrors(), isBad)
			}
		})
	}
}

// TestEveryErrorKind makes sure each error kind the contract lists has a
// bad file that produces it.
func TestEveryErrorKind(t *testing.T) {
	kinds := map[string]string{
		"TOML syntax":                             "syntax.golden",
		"unknown key":                             "unknown-key.golden",
		"must be a string, not":                   "wrong-type.golden",
		"unknown action":                          "unknown-values.golden",
		"unknown follow_up":                       "unknown-values.golden",
		"unknown ending":                          "unknown-values.golden",
		"missing required key":                    "missing-keys.golden",
		"duplicate node id":                       "duplicate-node.golden",
		"duplicate scenario id":                   "duplicate-id.golden",
		"did you mean \"handoff\"":                "bad-next.golden",
		"start names node":                        "bad-next.golden",
		"has no action, but its node":             "fit-without-action.golden",
		"has neither choices nor":                 "node-shape.golden",
		"an ending node has no choices":           "node-shape.golden",
		"outside 0..100":                          "mood-range.golden",
		"no ending can be reached":                "no-ending.golden",
		"warning: node \"orphan\" is unreachable": "../warn/unreachable.golden",
	}
	for want, file := range kinds {
		data, err := os.ReadFile(filepath.Join("testdata/bad", file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if !strings.Contains(string(data), want) {
			t.Errorf("%s does not contain %q", file, want)
		}
	}
}

func TestPositionsPointAtTheKey(t *testing.T) {
	src := "id = \"x\"\ntitle = \"T\"\nlanguage = \"en\"\n\n[[node]]\nid = \"a\"\ntext = \"\"\"\nmulti\n[[node]]\nline\"\"\"\n  [[node.choice]]\n  text = 'hi'\n  folow_up = \"close\"\n  next = \"b\"\n[[node]]\nid = \"b\"\ntext = \"ç é\"   # comment\nending = \"resolved\"\ndrift = { pivot = 1, \"spring\" = 2 }\n"
	p := ScanPositions(src)
	for path, want := range map[string]Pos{
		"node[0].choice[0].folow_up": {13, 3},
		"node[0].choice[0].next":     {14, 3},
		"node[1].id":                 {16, 1},
		"node[1].ending":             {18, 1},
		"node[1].drift.spring":       {19, 22},
		"node[1]":                    {15, 1},
	} {
		if got := p.Key(path); got != want {
			t.Errorf("lookup(%q) = %v, want %v", path, got, want)
		}
	}
	if got, want := p.Value("node[1].ending"), (Pos{18, 10}); got != want {
		t.Errorf("value(ending) = %v, want %v", got, want)
	}
}

func TestClosest(t *testing.T) {
	ids := []string{"opening", "handoff", "end-ok", "end-lost"}
	for _, tc := range []struct{ in, want string }{
		{"handof", "handoff"},
		{"openign", "opening"},
		{"end-lsot", "end-lost"},
		{"Opening", "opening"},
		{"completely-different", ""},
	} {
		if got := closest(tc.in, ids); got != tc.want {
			t.Errorf("closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLargeAndOddInputs(t *testing.T) {
	big := []byte("id = \"" + strings.Repeat("x", 10<<20) + "\"\n")
	_, diags := Parse("big.toml", big)
	if !diags.HasErrors() || !strings.Contains(diags[0].Message, "at most") {
		t.Errorf("10 MB file: got %v, want a size error", diags)
	}
	dir := t.TempDir()
	for i := 0; i < 2000; i++ {
		name := filepath.Join(dir, "s"+strings.Repeat("0", 4-len(itoa(i)))+itoa(i)+".toml")
		data := "id = \"s" + itoa(i) + "\"\ntitle = \"T\"\nlanguage = \"en\"\n[[node]]\nid = \"e\"\ntext = \"t\"\nending = \"resolved\"\n"
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, diags := LoadPaths([]string{dir})
	if diags.HasErrors() || len(set.Scenarios) != 2000 {
		t.Errorf("2000 files: %d scenarios, diagnostics %v", len(set.Scenarios), diags)
	}
	_, diags = LoadPaths([]string{filepath.Join(dir, "missing.toml"), t.TempDir()})
	if len(diags) != 2 {
		t.Errorf("missing file and empty folder: got %v", diags)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

func TestFolderSearchSkipsTestPlans(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.toml"), []byte("id = \"a\"\ntitle = \"A\"\nlanguage = \"en\"\n[[node]]\nid = \"e\"\ntext = \"t\"\nending = \"resolved\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.test.toml"), []byte("scenario = \"a.toml\"\n"), 0o644)
	set, diags := LoadPaths([]string{dir})
	if len(diags) != 0 || len(set.Files) != 1 {
		t.Errorf("files %v, diagnostics %v", set.Files, diags)
	}
}
