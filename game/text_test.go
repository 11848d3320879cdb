package game

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// monospace measures every grapheme as one unit, so wrapping results are
// exact and readable in the tests.
func monospace(c string) float64 { return 1 }

func wrapLines(s string, w float64) []string {
	var out []string
	for _, sp := range wrapSpans(s, w, monospace, nil) {
		out = append(out, s[sp.start:sp.end])
	}
	return out
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    float64
		want []string
	}{
		{"fits", "Olá, tudo bem?", 20, []string{"Olá, tudo bem?"}},
		{"accents count once", "ação ação ação", 9, []string{"ação ação", "ação"}},
		{"ç and ñ", "façade niño señor", 6, []string{"façade", "niño", "señor"}},
		// "e" + combining acute accent is one grapheme, one column.
		{"combining accent", "cafe\u0301 cafe\u0301", 4, []string{"cafe\u0301", "cafe\u0301"}},
		{"long word is broken", "Supercalifragilistic ok", 8, []string{"Supercal", "ifragili", "stic ok"}},
		{"long word after text", "a Supercalifragilistic", 8, []string{"a", "Supercal", "ifragili", "stic"}},
		{"newline breaks", "one\ntwo three", 20, []string{"one", "two three"}},
		{"hyphen is a break", "well-known thing", 6, []string{"well-", "known", "thing"}},
		{"trailing spaces dropped", "hello    world", 7, []string{"hello", "world"}},
		{"empty", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapLines(tt.in, tt.w)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %v): got %q, want %q", tt.in, tt.w, got, tt.want)
			}
		})
	}
}

func TestWrapNeverExceedsWidth(t *testing.T) {
	s := "Não consigo acessar minha conta desde a atualização — já tentei redefinir a senha três vezes. Pneumoultramicroscopicossilicovulcanoconiótico!"
	for w := 3.0; w < 40; w++ {
		for _, line := range wrapLines(s, w) {
			if n := utf8.RuneCountInString(line); float64(n) > w {
				t.Errorf("width %v: line %q has %d graphemes", w, line, n)
			}
		}
	}
}

func TestAdvanceRunesKeepsUTF8Whole(t *testing.T) {
	s := "ñandú ç"
	for n := 0; n <= 8; n++ {
		off := advanceRunes(s, 0, n)
		if !utf8.ValidString(s[:off]) {
			t.Errorf("advanceRunes(%d) = %d splits a character", n, off)
		}
	}
}

func TestCovered(t *testing.T) {
	for s, want := range map[string]bool{
		"":                true,
		"Ada Lovelace":    true,
		"Zoë Núñez-Ågren": true,
		"Ελένη Παπαδάκη":  true,
		"Юлия":            true,
		"王芳":              false,
		"Zoë 王芳":          false,
		"김민준":             false,
	} {
		if got := covered(s); got != want {
			t.Errorf("covered(%q) = %v, want %v", s, got, want)
		}
	}
}
