package game

import "testing"

// TestPluralFormsFollowCLDR: the one/other choice of every UI language is
// CLDR's, as golang.org/x/text reads it.
func TestPluralFormsFollowCLDR(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		one  bool
	}{
		{"en", 0, false}, {"en", 1, true}, {"en", 2, false}, {"en", 21, false},
		{"es", 0, false}, {"es", 1, true}, {"es", 2, false}, {"es", 1_000_000, false},
		{"pt-BR", 0, true}, {"pt-BR", 1, true}, {"pt-BR", 2, false}, {"pt-BR", 100, false},
		{"en", -1, true}, {"not a language", 1, true}, {"not a language", 3, false},
	} {
		if got := pluralOne(c.lang, c.n); got != c.one {
			t.Errorf("pluralOne(%q, %d) = %v, want %v", c.lang, c.n, got, c.one)
		}
	}
}
