package assets

import "testing"

func TestEveryLanguageHasANameAndStrings(t *testing.T) {
	for _, l := range Languages {
		if LanguageName(l) == "" {
			t.Errorf("%s has no name", l)
		}
		if _, err := UIStrings(l); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
	if LanguageName("fr") != "" {
		t.Error("a language without strings has a name")
	}
}
