package args

import (
	"strings"
	"testing"
)

func TestParseFlagsAnywhere(t *testing.T) {
	s := New("play")
	js := s.Bool("json")
	choose := s.String("choose", "")
	lang := s.String("lang", "en")
	var help bool
	s.BoolVar(&help, "h", "help")
	if err := s.Parse([]string{"file.toml", "--choose", "2,1", "-json", "--lang=es", "-h", "--", "--not-a-flag"}); err != nil {
		t.Fatal(err)
	}
	if !*js || *choose != "2,1" || *lang != "es" || !help || !s.IsSet("choose") || s.IsSet("missing") {
		t.Errorf("got json %v choose %q lang %q help %v", *js, *choose, *lang, help)
	}
	if got := strings.Join(s.Args(), " "); got != "file.toml --not-a-flag" {
		t.Errorf("args %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--chose", "1"}, "unknown flag --chose (play takes --choose, --json)"},
		{[]string{"--choose"}, "--choose needs a value"},
		{[]string{"--json=maybe"}, `--json takes no value (or true/false), got "maybe"`},
	} {
		s := New("play")
		s.Bool("json")
		s.String("choose", "")
		if err := s.Parse(tc.args); err == nil || err.Error() != tc.want {
			t.Errorf("%q: got %v, want %q", tc.args, err, tc.want)
		}
	}
	s := New("game")
	s.Hint = "(try --help)"
	if err := s.Parse([]string{"--nope"}); err == nil || err.Error() != "unknown flag --nope (try --help)" {
		t.Errorf("hint: %v", err)
	}
}
