package trainer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

const parityData = "testdata/parity"

// loadValid loads files as check does and fails on any error.
func loadValid(t *testing.T, files ...string) []*scenarios.Scenario {
	t.Helper()
	set, diags := scenarios.LoadPaths(files)
	if diags.HasErrors() {
		t.Fatalf("%v", diags.Errors())
	}
	return set.Scenarios
}

func TestParityClean(t *testing.T) {
	list := loadValid(t, parityData+"/clean")
	reads := 0
	read := func(name string) ([]byte, error) { reads++; return os.ReadFile(name) }
	if diags := Parity(list, read); len(diags) > 0 {
		t.Errorf("a parity-clean pair (only texts and time limits differ) gives:\n%v", diags)
	}
	if reads != 0 {
		t.Errorf("a clean pair read %d files; positions are needed only for divergences", reads)
	}
}

// TestParityDivergences pairs each file of testdata/parity/diverging, a
// translation of clean/case.toml with one kind of divergence, with the
// English file, and expects exactly the errors its "# want: LINE:COL:
// message" comments list, in order.
func TestParityDivergences(t *testing.T) {
	files, _ := filepath.Glob(parityData + "/diverging/*.toml")
	if len(files) < 20 {
		t.Fatalf("only %d files in %s/diverging", len(files), parityData)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".toml"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, line := range strings.Split(string(data), "\n") {
				if w, ok := strings.CutPrefix(line, "# want: "); ok {
					want = append(want, f+":"+w)
				}
			}
			if len(want) == 0 {
				t.Fatal("no # want: lines")
			}
			list := loadValid(t, parityData+"/clean/case.toml", f)
			var got []string
			for _, d := range Parity(list, nil) {
				if d.Warning || d.File != f {
					t.Errorf("not an error of the translation: %s", d)
				}
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestParityReference: the English file is the reference wherever it
// stands; without one, the first by path. A file without situation is the
// situation named by its id.
func TestParityReference(t *testing.T) {
	en, err := os.ReadFile(parityData + "/clean/case.toml")
	if err != nil {
		t.Fatal(err)
	}
	es, err := os.ReadFile(parityData + "/clean/case-es.toml")
	if err != nil {
		t.Fatal(err)
	}
	parse := func(name, src string) *scenarios.Scenario {
		sc, diags := scenarios.Parse(name, []byte(src))
		if sc == nil {
			t.Fatalf("%s: %v", name, diags)
		}
		return sc
	}
	noSituation := strings.Replace(string(en), "situation = \"case\"\n", "", 1)
	pt := strings.NewReplacer(`id = "case-es"`, `id = "case-pt-br"`, `language = "es"`, `language = "pt-BR"`).Replace(string(es))
	divergent := strings.Replace(string(es), "mood = 15", "mood = 5", 1)
	files := map[string]string{}
	read := func(name string) ([]byte, error) { return []byte(files[name]), nil }
	for _, tt := range []struct {
		name    string
		files   [][2]string // name, source
		wantRef string      // the file and line the divergent one is compared with
	}{
		{"english last by path", [][2]string{{"a/case-es.toml", divergent}, {"b/case-pt-br.toml", pt}, {"z/case.toml", noSituation}}, "z/case.toml:22 (en,"},
		{"no english: first by path", [][2]string{{"b/case-es.toml", divergent}, {"a/case-pt-br.toml", pt}}, "a/case-pt-br.toml:23 (pt-BR,"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var list []*scenarios.Scenario
			clear(files)
			for _, f := range tt.files {
				files[f[0]] = f[1]
				list = append(list, parse(f[0], f[1]))
			}
			diags := Parity(list, read)
			if len(diags) != 1 || !strings.Contains(diags[0].Message, "has mood 5, but "+tt.wantRef) {
				t.Errorf("want one divergence against %s, got:\n%v", tt.wantRef, diags)
			}
		})
	}
	// Values and lists from the file are quoted cut short.
	long := strings.Repeat("flag-", 30)
	many := strings.Replace(string(es), `sets = ["released"]`, `sets = ["released", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "`+long+`"]`, 1)
	files["en.toml"], files["es.toml"] = string(en), many
	diags := Parity([]*scenarios.Scenario{parse("en.toml", string(en)), parse("es.toml", many)}, read)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, `has sets ["released", "a", "b", "c", "d", "e", "f", "g", "h", "i", and 2 more], but en.toml:24`) {
		t.Errorf("a long list: %v", diags)
	}
	if got := quote(long); got != `"`+long[:60]+`…"` {
		t.Errorf("quote = %s", got)
	}
	if ref := ParityReference([]*scenarios.Scenario{parse("b.toml", pt), parse("a.toml", noSituation)}); ref.File != "a.toml" {
		t.Errorf("reference %s, want the English a.toml", ref.File)
	}
}
