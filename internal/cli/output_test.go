package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n          int
		noun, want string
	}{
		{0, "file", "0 files"},
		{1, "file", "1 file"},
		{2, "error", "2 errors"},
		{1, "index", "1 index"},
		{2, "index", "2 indices"},
		{3, "match", "3 matches"},
		{2, "box", "2 boxes"},
		{2, "entry", "2 entries"},
		{2, "day", "2 days"},
		{4, "decision point", "4 decision points"},
		{2, "scenario play", "2 scenario plays"},
	} {
		if got := plural(tc.n, tc.noun); got != tc.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

// TestPlayNamesUnusedIndices checks the note `scenario play` prints when
// the run ends before the --choose list does.
func TestPlayNamesUnusedIndices(t *testing.T) {
	for choose, want := range map[string]string{
		"1,1,1":   "the run ended after 2 choice(s); the last index given was not used",
		"1,1,1,2": "the run ended after 2 choice(s); the last 2 indices given were not used",
	} {
		var stdout, stderr bytes.Buffer
		code := Main(&Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr}, []string{"play", "testdata/play/flags.toml", "--choose", choose})
		if code != ExitOK || !strings.Contains(stderr.String(), want) {
			t.Errorf("--choose %s: exit %d, stderr %q; want exit 0 and %q", choose, code, stderr.String(), want)
		}
	}
}
