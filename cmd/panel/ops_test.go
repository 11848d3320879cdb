package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/internal/panel"
)

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "panel.db")
	st, err := panel.OpenStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "copies", "monday.db")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"backup", "--db", db, "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Backed up "+db+" to "+out) || !strings.Contains(stdout.String(), "0 submissions") {
		t.Errorf("stdout %q", stdout.String())
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup: %v", err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"backup", "--db", db, "-o", out}, 1, "already exists"},
		{[]string{"backup", "--db", db}, 2, "-o OUT"},
		{[]string{"backup", "--db", filepath.Join(dir, "none.db"), "-o", filepath.Join(dir, "x.db")}, 1, "no such file"},
		{[]string{"backup", "--db", db, "-o", filepath.Join(dir, "y.db"), "extra"}, 2, "unexpected argument"},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run(c.args, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

func TestLogFormat(t *testing.T) {
	var buf bytes.Buffer
	lg, err := newLogger("json", &buf)
	if err != nil {
		t.Fatal(err)
	}
	lg.Info("request failed", "path", "/dashboard")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line["msg"] != "request failed" || line["path"] != "/dashboard" {
		t.Errorf("json log line %q: %v", buf.String(), err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--log-format", "xml", "--db", filepath.Join(t.TempDir(), "p.db")}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "text or json") {
		t.Errorf("--log-format xml: exit %d, %q", code, stderr.String())
	}
}

func TestMetricsTokenSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	os.WriteFile(file, []byte("tok-from-file\n"), 0o600)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		name, flag string
		env        map[string]string
		want, err  string
	}{
		{"none", "", nil, "", ""},
		{"flag file", file, map[string]string{"PANEL_METRICS_TOKEN": "x"}, "tok-from-file", ""},
		{"env file", "", map[string]string{"PANEL_METRICS_TOKEN_FILE": file}, "tok-from-file", ""},
		{"env", "", map[string]string{"PANEL_METRICS_TOKEN": "tok-env"}, "tok-env", ""},
		{"both variables", "", map[string]string{"PANEL_METRICS_TOKEN_FILE": file, "PANEL_METRICS_TOKEN": "x"}, "", "both set"},
		{"missing file", filepath.Join(dir, "nope"), nil, "", "no such file"},
	} {
		var stderr bytes.Buffer
		got, err := readSecret("metrics token", c.flag, env(c.env), "PANEL_METRICS_TOKEN_FILE", "PANEL_METRICS_TOKEN", &stderr)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}
