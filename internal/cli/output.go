package cli

import (
	"fmt"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
)

// irregular holds the plurals that adding "s" or "es" gets wrong.
var irregular = map[string]string{
	"index": "indices",
}

// plural counts n of a noun, "1 file", "2 files", "3 indices"; of a
// phrase, the last word takes the plural: "2 decision points".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	head, word := "", noun
	if i := strings.LastIndexByte(noun, ' '); i >= 0 {
		head, word = noun[:i+1], noun[i+1:]
	}
	return fmt.Sprintf("%d %s%s", n, head, pluralWord(word))
}

func pluralWord(w string) string {
	if p, ok := irregular[w]; ok {
		return p
	}
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case len(w) > 1 && strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// writeJSON prints v as every front end writes JSON (play.WriteJSON):
// `scenario play --json` is byte for byte the game's --report and the
// panel's stored report.
func writeJSON(env *Env, v any) {
	if err := play.WriteJSON(env.Stdout, v); err != nil {
		fmt.Fprintf(env.Stderr, "scenario: cannot write JSON: %v\n", err)
	}
}
