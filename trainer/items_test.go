package trainer

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// itemCases says, for every file of testdata/items, which check it was
// written to trip: every item warning it gets must contain this text ("" for
// the files that must get none).
var itemCases = map[string]string{
	"clean.toml":                 "",
	"vignette.toml":              "",
	"unreachable-node.toml":      "",
	"best-longest.toml":          "is also the longest at",
	"only-owner.toml":            "is the only one with an owning follow-up",
	"reading-time.toml":          "to decide, but reading its text",
	"reading-time-zh.toml":       "to decide, but reading its text",
	"spoiler.toml":               "names what fits",
	"lost-shock-absorber.toml":   "lost yet comes out shock_absorber",
	"weightless-walkout.toml":    "carries no weight yet can bring the mood to 0",
	"ending-never-entered.toml":  "is never entered by a complete run",
	"cyclic.toml":                "is never entered by a complete run",
	"walkout-never-entered.toml": "the walkout scene \"end-walkout\" is never entered: no path takes the mood to 0",
	"unreachable-archetype.toml": "no path comes out connector",
}

// checkFile returns what `scenario check` reports for one file: check's own
// diagnostics and the item-writing warnings, in line order.
func checkFile(t *testing.T, path string) (all, items scenarios.Diagnostics) {
	t.Helper()
	set, diags := scenarios.LoadPaths([]string{path})
	if diags.HasErrors() || len(set.Scenarios) != 1 {
		t.Fatalf("%s does not load: %v", path, diags)
	}
	items = ItemChecks(set.Scenarios[0])
	all = append(slices.Clone(diags), items...)
	slices.SortStableFunc(all, func(a, b scenarios.Diagnostic) int { return a.Line - b.Line })
	return all, items
}

// TestItemChecksGolden compares what check reports for each file of
// testdata/items with the golden file beside it (go test ./trainer -update
// rewrites them), and makes sure each file trips the one check it was
// written for.
func TestItemChecksGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/items/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			kind, known := itemCases[filepath.Base(path)]
			if !known {
				t.Fatalf("add %s to itemCases with the check it is written to trip", filepath.Base(path))
			}
			all, items := checkFile(t, path)
			var b strings.Builder
			for _, d := range all {
				if !d.Warning || d.File != path || d.Line <= 0 {
					t.Errorf("not a warning with file and line: %#v", d)
				}
				b.WriteString(d.String())
				b.WriteByte('\n')
			}
			for _, d := range items {
				if kind == "" || !strings.Contains(d.Message, kind) {
					t.Errorf("unexpected warning for this file (written to trip %q): %s", kind, d)
				}
			}
			if kind != "" && len(items) == 0 {
				t.Errorf("no item warning; want one containing %q", kind)
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
				t.Fatalf("%v (run go test ./trainer -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ (-want +got):\n-%s\n+%s", strings.ReplaceAll(string(want), "\n", "\n-"), strings.ReplaceAll(got, "\n", "\n+"))
			}
		})
	}
	for name := range itemCases {
		if !slices.Contains(files, filepath.Join("testdata/items", name)) {
			t.Errorf("itemCases names %s, which is not in testdata/items", name)
		}
	}
}

func TestReadingSpeeds(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		speed float64
		chars bool
	}{
		{"en", 200, false}, {"en-GB", 200, false}, {"EN", 200, false},
		{"es", 191, false}, {"es-419", 191, false}, {"pt-BR", 159, false}, {"pt", 159, false},
		{"fr", 171, false}, {"de", 157, false}, {"it", 165, false}, {"nl", 177, false},
		{"sv", 191, false}, {"fi", 141, false}, {"pl", 146, false}, {"ru", 161, false},
		{"tr", 146, false}, {"ko", 200, false}, {"xx", 200, false}, {"", 200, false},
		{"zh", 224, true}, {"zh-Hant-TW", 224, true}, {"ja", 313, true}, {"ja-JP", 313, true},
	} {
		speed, chars := ReadingSpeed(tc.lang)
		if speed != tc.speed || chars != tc.chars {
			t.Errorf("ReadingSpeed(%q) = %v, %v; want %v, %v", tc.lang, speed, chars, tc.speed, tc.chars)
		}
	}
	for _, tc := range []struct {
		lang  string
		texts []string
		units int
	}{
		{"en", []string{"Hello there,  world!", "\tyes\n"}, 4},
		{"pt-BR", []string{"Olá, você está aí?"}, 4},
		{"en", nil, 0},
		{"zh", []string{"我收到了 A1234 包裹。"}, 7},       // 4 + the order number + 2
		{"ja", []string{"こんにちは、カタカナー漢字 Tokyo"}, 13}, // 5 kana + 5 katakana (ー included) + 2 kanji + 1 word
		{"zh", []string{"你好", "谢谢你"}, 5},
	} {
		if got := ReadingUnits(tc.lang, tc.texts...); got != tc.units {
			t.Errorf("ReadingUnits(%q, %q) = %d, want %d", tc.lang, tc.texts, got, tc.units)
		}
	}
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	for _, tc := range []struct {
		lang string
		text string
		secs float64
	}{
		{"en", words(200), 60},
		{"en", words(100), 30},
		{"pt-BR", words(159), 60},
		{"es", words(191), 60},
		{"fi", words(47), 20},
		{"zh", strings.Repeat("字", 224), 60},
		{"ja", strings.Repeat("か", 313), 60},
		{"tlh", words(50), 15},
	} {
		if got := ReadingSeconds(tc.lang, tc.text); math.Abs(got-tc.secs) > 1e-9 {
			t.Errorf("ReadingSeconds(%q, ...) = %v, want %v", tc.lang, got, tc.secs)
		}
	}
	for _, tc := range []struct {
		secs float64
		want int
	}{{0, 10}, {20.4, 35}, {25, 35}, {25.01, 40}, {4.9, 15}, {60, 70}} {
		if got := SuggestedTimeLimit(tc.secs); got != tc.want {
			t.Errorf("SuggestedTimeLimit(%v) = %d, want %d", tc.secs, got, tc.want)
		}
	}
}

func TestSpoilerTokens(t *testing.T) {
	for text, want := range map[string]string{
		"fit-derive":                           "fit-derive",
		"The case (fit: connect) is hard":      "fit: connect",
		"FIT_ESCALATE":                         "FIT_ESCALATE",
		"fitassume":                            "fitassume",
		`fit = ["assume"]`:                     `fit = ["assume`,
		"fit-shock-absorber":                   "fit-shock-absorber",
		"I will do it [escalate]":              "[escalate]",
		"Take it on ( assume ) now":            "( assume )",
		"Eu resolvo (assumir)":                 "(assumir)",
		"[derivar] al equipo":                  "[derivar]",
		"It doesn't fit, derive nothing":       "",
		"fit derive":                           "",
		"a new outfit-connect cable":           "",
		"I assume you called about the bill":   "",
		"the spring sale (pivot table export)": "",
		"[escalated] earlier":                  "",
	} {
		if got := spoilerText(text); got != want {
			t.Errorf("spoilerText(%q) = %q, want %q", text, got, want)
		}
	}
	for tag, want := range map[string]bool{
		"fit-assume": true, "fit_derive": true, "fitassume": true, "FIT-Connect": true,
		"escalate": true, "derive": true, "shock_absorber": true, "shock-absorber": true,
		"Shock Absorber": true, "pivot": true, "spring": true, "connector": true, "disperser": true,
		"fit-derivar": true,
		"fitness":     false, "billing": false, "fit": false, "channel-phone": false, "escalation": false,
	} {
		if got := spoilerTag(tag); got != want {
			t.Errorf("spoilerTag(%q) = %v, want %v", tag, got, want)
		}
	}
}

// TestItemChecksSkipWhatCannotBeCounted: past the path-count limits the
// checks that need the count stay silent rather than guess or fail.
func TestItemChecksSkipWhatCannotBeCounted(t *testing.T) {
	_, items := checkFile(t, "testdata/items/lost-shock-absorber.toml")
	if len(items) != 1 {
		t.Fatalf("with the usual limits: %v, want the lost-shock-absorber warning", items)
	}
	saved := itemPathLimits
	defer func() { itemPathLimits = saved }()
	itemPathLimits = play.Limits{States: 2, Entries: 2}
	for _, name := range []string{"lost-shock-absorber.toml", "unreachable-archetype.toml", "walkout-never-entered.toml"} {
		_, items := checkFile(t, filepath.Join("testdata/items", name))
		for _, d := range items {
			if !strings.Contains(d.Message, "the walkout scene") {
				t.Errorf("%s past the limits: %s", name, d)
			}
		}
		// The walkout scene is still found never entered: the exploration
		// finishes where the count cannot.
		if name == "walkout-never-entered.toml" && len(items) != 1 {
			t.Errorf("%s past the limits: %v, want the walkout warning from the exploration", name, items)
		}
	}
}

func TestItemChecksFromMemory(t *testing.T) {
	if got := ItemChecks(nil); got != nil {
		t.Errorf("ItemChecks(nil) = %v", got)
	}
	data, err := os.ReadFile("testdata/items/spoiler.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, diags := scenarios.Parse("mem.toml", data)
	if sc == nil {
		t.Fatal(diags)
	}
	items := ItemChecks(sc)
	if len(items) == 0 || items[0].File != "mem.toml" || items[0].Line != 4 {
		t.Errorf("got %v, want warnings on mem.toml starting at line 4", items)
	}
	// A scenario built in Go has no lines; its warnings still come, at 0.
	built := &scenarios.Scenario{ID: "built", Title: "[assume]", Language: "en", Start: "end",
		Nodes: []*scenarios.Node{{ID: "end", Text: "Done.", Ending: "resolved"}}}
	items = ItemChecks(built)
	if len(items) != 1 || items[0].Line != 0 || !strings.Contains(items[0].Message, "title") {
		t.Errorf("built scenario: %v", items)
	}
}

func BenchmarkItemChecksLibrary(b *testing.B) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, sc := range set.Scenarios {
			ItemChecks(sc)
		}
	}
	b.ReportMetric(float64(len(set.Scenarios)), "files")
}
