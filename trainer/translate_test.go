package trainer

import (
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

func TestTranslationID(t *testing.T) {
	for _, tt := range []struct{ id, from, to, want string }{
		{"x", "en", "es", "x-es"},
		{"x", "en", "pt-BR", "x-pt-br"},
		{"x-pt-br", "pt-BR", "es", "x-es"},
		{"x-es", "es", "en", "x"},         // the library names English files without a suffix
		{"x", "pt-BR", "en", "x-en"},      // x itself is taken
		{"es", "es", "pt-BR", "es-pt-br"}, // an id that is only the suffix keeps it
		{"caso-es", "pt-BR", "es", "caso-es-es"},
	} {
		sc := &scenarios.Scenario{ID: tt.id, Language: tt.from}
		if got := TranslationID(sc, tt.to); got != tt.want {
			t.Errorf("TranslationID(%q in %s, %s) = %q, want %q", tt.id, tt.from, tt.to, got, tt.want)
		}
	}
}

// tricky has what the rewriting must get right: a #:schema first line, no
// situation, a comment after the id, a literal string, a multi-line text,
// an inline customer table, escapes, a default speaker and another one,
// feedback, tabs.
const tricky = `#:schema ../docs/scenario.schema.json
id = 'tricky'   # the id
title = "A \"quoted\" title"
language = "en"
summary = """
Two lines
of summary."""

customer = { name = "Dana", mood = 40 }

[[node]]
id = "opening"
speaker = "Priya, team lead"
text = '''He said: "no".
Then he left.'''
fit = ["assume"]
time_limit = 60
	[[node.choice]]
	text = "Take it\tmyself"
	action = "assume"
	follow_up = "close"
	feedback = "Right."
	next = "end"
	[[node.choice]]
	text = "Pass it on"
	action = "derive"
	follow_up = "promise"
	mood = -20
	next = "end"

[[node]]
id = "end"
text = "Done."
ending = "resolved"
`

func TestTranslationStarter(t *testing.T) {
	src, diags := scenarios.Parse("lib/tricky.toml", []byte(tricky))
	if src == nil {
		t.Fatal(diags)
	}
	out, err := TranslationStarter(src, []byte(tricky), TranslationOptions{Language: "es", Source: "lib/tricky.toml", Output: "lib/tricky-es.toml"})
	if err != nil {
		t.Fatal(err)
	}
	tr, diags := scenarios.Parse("lib/tricky-es.toml", []byte(out))
	if tr == nil || len(diags) > 0 {
		t.Fatalf("the starter does not pass check: %v\n%s", diags, out)
	}
	if tr.ID != "tricky-es" || tr.Language != "es" || tr.Situation != "tricky" {
		t.Errorf("id %q language %q situation %q", tr.ID, tr.Language, tr.Situation)
	}
	files := map[string][]byte{"lib/tricky.toml": []byte(tricky), "lib/tricky-es.toml": []byte(out)}
	if d := Parity([]*scenarios.Scenario{src, tr}, func(f string) ([]byte, error) { return files[f], nil }); len(d) > 0 {
		t.Errorf("the starter does not score as its original: %v", d)
	}
	// Every text stays as it was, so the file plays at once.
	if tr.Title != src.Title || tr.Summary != src.Summary || tr.Nodes[0].Text != src.Nodes[0].Text || tr.Nodes[0].Choices[0].Text != src.Nodes[0].Choices[0].Text {
		t.Errorf("texts changed:\n%s", out)
	}
	if !strings.HasPrefix(out, "#:schema ../docs/scenario.schema.json\n# Traducción a es de lib/tricky.toml (en)") {
		t.Errorf("the schema line must stay first, then the header in Spanish:\n%s", out)
	}
	for _, want := range []string{
		"# translate (en): A \"quoted\" title\ntitle = ",
		"# translate (en): Two lines\n#   of summary.\nsummary = \"\"\"",
		"# translate (en): Dana\ncustomer = {",
		"# translate (en): Priya, team lead\nspeaker = ",
		"# translate (en): He said: \"no\".\n#   Then he left.\ntext = '''",
		"\t# translate (en): Take it\tmyself\n\ttext = ",
		"\t# translate (en): Right.\n\tfeedback = ",
		"\t# translate (en): Pass it on\n\ttext = ",
		"# translate (en): Done.\ntext = ",
		"id = \"tricky-es\"   # the id\nsituation = \"tricky\"",
		"grep -n \"# translate (en):\" lib/tricky-es.toml",
		"scenario check --strict lib/tricky.toml lib/tricky-es.toml",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the starter lacks %q:\n%s", want, out)
		}
	}
	// Nine texts, nine marks; the default speaker is not a text.
	if n := strings.Count(out, "\n# translate (en): ") + strings.Count(out, "\t# translate (en): "); n != 9 {
		t.Errorf("%d marked texts, want 9:\n%s", n, out)
	}

	for _, tt := range []struct {
		opt  TranslationOptions
		want string
	}{
		{TranslationOptions{Language: "en", Source: "x"}, "already in en"},
		{TranslationOptions{Language: "EN", Source: "x"}, "already in en"},
		{TranslationOptions{Language: "spanish"}, "BCP 47"},
		{TranslationOptions{Language: "es", Schema: "a\nb"}, "one line"},
	} {
		if _, err := TranslationStarter(src, []byte(tricky), tt.opt); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want one containing %q", tt.opt, err, tt.want)
		}
	}
	// --schema replaces the file's line.
	out, err = TranslationStarter(src, []byte(tricky), TranslationOptions{Language: "pt-BR", Source: "tricky.toml", Schema: "s.json"})
	if err != nil || !strings.HasPrefix(out, "#:schema s.json\n# Tradução de tricky.toml (en) para pt-BR") || strings.Count(out, "#:schema") != 1 {
		t.Errorf("with Schema: %v\n%s", err, out)
	}
}

// TestTranslationStarterLibrary translates every bundled file into a
// language it is not in: each starter passes check and scores exactly as
// its original.
func TestTranslationStarterLibrary(t *testing.T) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Skip("the library has errors; its own tests report them")
	}
	for _, sc := range set.Scenarios {
		data, err := scenarios.LibraryFile(sc.File)
		if err != nil {
			t.Fatal(err)
		}
		lang := "de"
		out, err := TranslationStarter(sc, data, TranslationOptions{Language: lang, Source: sc.File})
		if err != nil {
			t.Errorf("%s: %v", sc.File, err)
			continue
		}
		tr, d := scenarios.Parse("tr.toml", []byte(out))
		if tr == nil {
			t.Errorf("%s: the starter does not pass check: %v", sc.File, d)
			continue
		}
		files := map[string][]byte{sc.File: data, "tr.toml": []byte(out)}
		if d := Parity([]*scenarios.Scenario{sc, tr}, func(f string) ([]byte, error) { return files[f], nil }); len(d) > 0 {
			t.Errorf("%s: the starter does not score as its original: %v", sc.File, d)
		}
		if items := ItemChecks(tr); len(items) > 0 {
			for _, it := range items {
				if !strings.Contains(it.Message, "to decide, but reading") {
					t.Errorf("%s: the starter has an item-writing warning its original does not: %s", sc.File, it)
				}
			}
		}
	}
}
