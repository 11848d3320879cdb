package scenarios

import (
	"strings"
	"testing"
)

func TestPresetsResolveInEveryLibraryLanguage(t *testing.T) {
	set, diags := Library()
	if diags.HasErrors() {
		t.Fatal(diags.Errors().Error())
	}
	for _, p := range Presets {
		for _, lang := range []string{"en", "pt-BR", "es"} {
			list, err := p.Scenarios(set.Scenarios, lang)
			if err != nil {
				t.Errorf("%s in %s: %v", p.ID, lang, err)
				continue
			}
			full := 0
			for i, sc := range list {
				if sc.Language != lang {
					t.Errorf("%s in %s: %s is in %s", p.ID, lang, sc.ID, sc.Language)
				}
				if IsVignette(sc.File) {
					if full > 0 {
						t.Errorf("%s in %s: vignette %s comes after a full situation", p.ID, lang, sc.ID)
					}
				} else {
					full++
					if want := p.Situations[full-1]; sc.Situation != want {
						t.Errorf("%s in %s: item %d is situation %q, want %q", p.ID, lang, i+1, sc.Situation, want)
					}
				}
			}
			if full != len(p.Situations) || len(list) <= full {
				t.Errorf("%s in %s: %d scenarios, %d full: want the vignettes then %v", p.ID, lang, len(list), full, p.Situations)
			}
		}
	}
	if _, err := PresetByID("standard").Scenarios(set.Scenarios, "fr"); err == nil || !strings.Contains(err.Error(), "no vignettes in fr") {
		t.Errorf("a language the library lacks: err = %v", err)
	}
	if PresetByID("nope") != nil {
		t.Error("PresetByID found an unknown preset")
	}
}
