package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/internal/panel"
)

func TestPasswordSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	private := write("pw", "correct horse battery\n", 0o600)
	crlf := write("pw-crlf", "with spaces inside \r\nsecond line\n", 0o600)
	shared := write("pw-shared", "correct horse battery", 0o644)
	empty := write("pw-empty", "\n", 0o600)
	huge := write("pw-huge", strings.Repeat("x", maxPasswordFile+1), 0o600)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	none := env(nil)
	cases := []struct {
		name            string
		flag, file      string
		getenv          func(string) string
		want, warn, err string
	}{
		{"nothing: generated at first start", "", "", none, "", "", ""},
		{"file", "", private, none, "correct horse battery", "", ""},
		{"first line, CRLF, spaces kept", "", crlf, none, "with spaces inside ", "", ""},
		{"file others can read", "", shared, none, "correct horse battery", "can be read by other users (mode 0644)", ""},
		{"flag warns about ps", "from the flag", "", none, "from the flag", "can be read by every user of this machine (ps", ""},
		{"flag and file", "x", private, none, "", "", "not both"},
		{"empty file", "", empty, none, "", "", "is empty"},
		{"huge file", "", huge, none, "", "", "longer than 4096 bytes"},
		{"missing file", "", filepath.Join(dir, "nope"), none, "", "", "no such file"},
		{"environment", "", "", env(map[string]string{"PANEL_PASSWORD": "from the env"}), "from the env", "", ""},
		{"environment file", "", "", env(map[string]string{"PANEL_PASSWORD_FILE": private}), "correct horse battery", "", ""},
		{"both variables", "", "", env(map[string]string{"PANEL_PASSWORD_FILE": private, "PANEL_PASSWORD": "x"}), "", "", "both set"},
		{"a flag wins over the environment", "", private, env(map[string]string{"PANEL_PASSWORD": "x"}), "correct horse battery", "", ""},
	}
	for _, c := range cases {
		var stderr bytes.Buffer
		got, err := readPassword(c.flag, c.file, c.getenv, &stderr)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
		if c.warn == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), c.warn) {
			t.Errorf("%s: stderr %q, want %q", c.name, stderr.String(), c.warn)
		}
	}
}

func TestBadTrustedProxy(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--trusted-proxy", "10.0.0.0/99", "--db", filepath.Join(t.TempDir(), "p.db")}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "not a CIDR prefix") {
		t.Errorf("exit %d, %q", code, stderr.String())
	}
}

// TestPasswordNeedsOwnerEmail: a shared password alone is refused, with
// what to do instead (members sign in with their own e-mail).
func TestPasswordNeedsOwnerEmail(t *testing.T) {
	t.Setenv("PANEL_PASSWORD", "correct horse battery")
	t.Setenv("PANEL_OWNER_EMAIL", "")
	var stdout, stderr bytes.Buffer
	code := run([]string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "p.db"), "--build-web=false"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "--owner-email") {
		t.Errorf("exit %d, %q", code, stderr.String())
	}
}

// TestDBFileRefusals: --db-file reads the database from a file, so a
// PostgreSQL password stays out of ps; its mistakes are named.
func TestDBFileRefusals(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--db-file", filepath.Join(dir, "none")}, 1, "database URL file: open"},
		{[]string{"--db-file", empty}, 1, "is empty (its first line is the database URL)"},
		{[]string{"--db", filepath.Join(dir, "p.db"), "--db-file", empty}, 2, "give --db or --db-file, not both"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

// TestRedactedDatabaseURL: the panel never prints a PostgreSQL password.
func TestRedactedDatabaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://panel:s3cret@db.example:5432/panel?sslmode=verify-full": "postgres://panel:xxxxx@db.example:5432/panel?sslmode=verify-full",
		"postgresql://panel@db/panel?password=s3cret":                       "postgresql://panel@db/panel?password=xxxxx",
		"/var/lib/panel/panel.db":                                           "/var/lib/panel/panel.db",
	} {
		if got := panel.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTuneGC: the panel collects at GOGC=400 with a 1 GiB soft limit,
// unless GOGC or GOMEMLIMIT say otherwise.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("GOGC %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != 1<<30 {
		t.Errorf("memory limit %d, want 1 GiB", got)
	}
	tuneGC(func(k string) string { return map[string]string{"GOGC": "150", "GOMEMLIMIT": "2GiB"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC changed to %d although GOGC was set", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit changed to %d although GOMEMLIMIT was set", got)
	}
}
