package cli_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestEverySubcommandHelp: `scenario NAME --help` and `-h` print NAME's
// usage on stdout and exit 0, before reading any file or stdin, and the
// usage names every flag the command takes.
func TestEverySubcommandHelp(t *testing.T) {
	r := trainerRun(t, "", "help")
	names := regexp.MustCompile(`(?m)^  scenario (\S+)`).FindAllStringSubmatch(r.stdout, -1)
	if len(names) < 9 {
		t.Fatalf("help lists %d commands:\n%s", len(names), r.stdout)
	}
	hint := regexp.MustCompile(`\(\S+ takes ([^)]*)\)`)
	for _, m := range names {
		name := m[1]
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {name, "no-such-file.toml", "--help"}} {
			r := runIn(t, "", "an answer on stdin that nobody should read\n", true, args...)
			if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "Usage: scenario "+name) {
				t.Errorf("scenario %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
			}
		}
		help := trainerRun(t, "", name, "--help").stdout
		// The flags the command takes, as its "unknown flag" message lists them.
		r := trainerRun(t, "", name, "--no-such-flag")
		h := hint.FindStringSubmatch(r.stderr)
		if r.code != 2 || h == nil {
			t.Errorf("scenario %s --no-such-flag: exit %d, stderr %q", name, r.code, r.stderr)
			continue
		}
		for _, flag := range strings.Split(h[1], ", ") {
			short := strings.TrimPrefix(flag, "-") // -o, -v are written with one dash
			if !strings.Contains(help, flag) && !strings.Contains(help, short+" ") {
				t.Errorf("scenario %s --help does not describe %s:\n%s", name, flag, help)
			}
		}
	}
	// "--" ends the flags: a file named --help is a file.
	r = trainerRun(t, "", "check", "--", "--help")
	if r.code != 1 || !strings.Contains(r.stderr, "--help: no such file") {
		t.Errorf("check -- --help: exit %d, stderr %q", r.code, r.stderr)
	}
}
