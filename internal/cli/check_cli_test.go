package cli_test

// Tests of check's item-writing warnings and --strict. They run the binary
// that TestMain in cli_test.go builds, on the files of trainer's tests.

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

const items = "../../trainer/testdata/items"

func TestCheckHelpListsStrict(t *testing.T) {
	for _, args := range [][]string{{"check", "--help"}, {"check", "-h"}} {
		r := trainerRun(t, "", args...)
		wantCode(t, r, 0, args...)
		if !strings.Contains(r.stdout, "--strict") || !strings.Contains(r.stdout, "Usage: scenario check") {
			t.Errorf("scenario %v does not describe --strict:\n%s", args, r.stdout)
		}
	}
	r := trainerRun(t, "", "help")
	if !regexp.MustCompile(`(?m)^  scenario check PATH\.\.\. \[--strict\]`).MatchString(r.stdout) {
		t.Errorf("help does not list check --strict:\n%s", r.stdout)
	}
}

// TestCheckLibraryStrict holds the bundled library to --strict: no error
// and no warning, the item-writing checks' included.
func TestCheckLibraryStrict(t *testing.T) {
	r := run(t, "", "check", "--strict", "../../scenarios/library")
	if r.code != 0 || !strings.Contains(r.stdout, "0 errors, 0 warnings") {
		t.Errorf("library: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestCheckItemWarningsAndStrict(t *testing.T) {
	clean := items + "/clean.toml"
	owner := items + "/only-owner.toml"
	for _, args := range [][]string{{"check", clean}, {"check", "--strict", clean}} {
		r := trainerRun(t, "", args...)
		wantCode(t, r, 0, args...)
		if r.stdout != "1 file checked: 0 errors, 0 warnings\n" || r.stderr != "" {
			t.Errorf("scenario %v:\nstdout %q\nstderr %q", args, r.stdout, r.stderr)
		}
	}

	want := owner + `:45: warning: at node "second" the best option (choice 1) is the only one with an owning follow-up`
	r := trainerRun(t, "", "check", owner)
	wantCode(t, r, 0, "check", owner)
	if !strings.HasPrefix(r.stderr, want) || r.stdout != "1 file checked: 0 errors, 1 warning\n" {
		t.Errorf("without --strict a warning does not fail:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
	r = trainerRun(t, "", "check", owner, "--strict")
	wantCode(t, r, 1, "check", owner, "--strict")
	if !strings.HasPrefix(r.stderr, want) || !strings.HasSuffix(r.stderr, "1 file checked: 0 errors, 1 warning (--strict: 1 warning fails the check)\n") || r.stdout != "" {
		t.Errorf("--strict:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}

	// check's own warnings fail --strict too.
	unreachable := "../../scenarios/testdata/warn/unreachable.toml"
	r = trainerRun(t, "", "check", "--strict", unreachable)
	wantCode(t, r, 1, "check", "--strict", unreachable)
	if !strings.Contains(r.stderr, `unreachable.toml:18: warning: node "orphan" is unreachable`) || !strings.Contains(r.stderr, "(--strict: ") {
		t.Errorf("--strict on check's own warning:\n%s", r.stderr)
	}

	// Errors fail with or without --strict, and the count says so.
	bad := "../../scenarios/testdata/bad/mood-range.toml"
	r = trainerRun(t, "", "check", "--strict", bad, clean)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "2 files checked: 1 error, 0 warnings\n") {
		t.Errorf("error with --strict:\n%s", r.stderr)
	}

	// Each file's warnings stay together, files in the order named.
	longest := items + "/best-longest.toml"
	r = trainerRun(t, "", "check", owner, longest, "--strict")
	wantCode(t, r, 1)
	if i, j := strings.Index(r.stderr, owner+":"), strings.Index(r.stderr, longest+":"); i < 0 || j < i {
		t.Errorf("files out of order:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "(--strict: 2 warnings fail the check)") {
		t.Errorf("summary:\n%s", r.stderr)
	}
}

func TestCheckJSONWithItemWarnings(t *testing.T) {
	type out struct {
		Files, Scenarios, Errors, Warnings int
		Strict, OK                         bool
		Diagnostics                        []struct {
			File, Severity, Message string
			Line                    int
		}
	}
	decode := func(r result) out {
		t.Helper()
		var o out
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, r.stdout)
		}
		return o
	}
	r := trainerRun(t, "", "check", "--json", items)
	wantCode(t, r, 0, "check", "--json", items)
	o := decode(r)
	if o.Files < 10 || o.Files != o.Scenarios || o.Errors != 0 || o.Warnings != len(o.Diagnostics) || o.Strict || !o.OK {
		t.Errorf("counts: %+v", o)
	}
	found := map[string]bool{}
	for _, d := range o.Diagnostics {
		if d.Severity != "warning" || d.Line <= 0 || !strings.HasPrefix(d.File, items+"/") {
			t.Errorf("diagnostic %+v: want a warning with file and line", d)
		}
		found[d.File[len(items)+1:]+":"+strings.SplitN(d.Message, " ", 2)[0]] = true
	}
	for _, want := range []string{"reading-time.toml:node", "spoiler.toml:tag", "lost-shock-absorber.toml:1", "unreachable-archetype.toml:no"} {
		if !found[want] {
			t.Errorf("the JSON lacks the warning %q; has %v", want, found)
		}
	}

	r = trainerRun(t, "", "check", "--json", "--strict", items)
	wantCode(t, r, 1, "check", "--json", "--strict", items)
	if s := decode(r); !s.Strict || s.OK || s.Warnings != o.Warnings || r.stderr != "" {
		t.Errorf("--json --strict: %+v, stderr %q", s, r.stderr)
	}
	r = trainerRun(t, "", "check", "--json", "--strict", items+"/clean.toml")
	wantCode(t, r, 0)
	if s := decode(r); !s.OK || s.Warnings != 0 || len(s.Diagnostics) != 0 {
		t.Errorf("clean file: %+v", s)
	}
}
