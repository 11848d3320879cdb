package cli_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageCommand writes a course package from a prebuilt game, as a
// trainer does after scripts/build-web.sh. e2e/lms plays real packages.
func TestPackageCommand(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "game.wasm")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	os.WriteFile(filepath.Join(dir, "wasm_exec.js"), []byte("globalThis.Go = class {};"), 0o644)
	lib, _ := filepath.Abs("../../scenarios/library")
	out := filepath.Join(dir, "course.zip")
	args := []string{"package", "--format", "cmi5", "-o", out, "--wasm", wasm, "--mastery", "0.8", "--title", "Billing basics",
		filepath.Join(lib, "double-charge.toml"), filepath.Join(lib, "double-charge-pt-br.toml")}
	r := trainerRun(t, "", args...)
	wantCode(t, r, 0, args...)
	if !strings.Contains(r.stderr, `cmi5 package "Billing basics", 2 scenario(s) in 1 situation(s)`) {
		t.Errorf("stderr = %q", r.stderr)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "cmi5.xml index.html bridge.js wasm_exec.js game.wasm scenarios/double-charge.toml scenarios/double-charge-pt-br.toml" {
		t.Errorf("files: %s", got)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"package", "-o", out, "x.toml"}, 2, "--format is required"},
		{[]string{"package", "--format", "scorm3", "-o", out, "x.toml"}, 2, `--format "scorm3": use scorm12, scorm2004, cmi5`},
		{[]string{"package", "--format", "cmi5", "x.toml"}, 2, "-o is required"},
		{[]string{"package", "--format", "cmi5", "-o", out}, 2, "name the scenario files"},
		{[]string{"package", "--format", "cmi5", "-o", out, "--mastery", "80", "--wasm", wasm, filepath.Join(lib, "double-charge.toml")}, 2, "--mastery must be a score between 0 and 1"},
		{[]string{"package", "--format", "cmi5", "-o", out, "--wasm", filepath.Join(dir, "none.wasm"), filepath.Join(lib, "double-charge.toml")}, 2, "none.wasm: no such file"},
		{[]string{"package", "--format", "cmi5", "-o", out, "--wasm", wasm, filepath.Join(dir, "missing.toml")}, 1, "missing.toml: no such file or folder"},
	} {
		r := trainerRun(t, "", c.args...)
		wantCode(t, r, c.code, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("scenario %v: stderr %q, want it to contain %q", c.args, r.stderr, c.want)
		}
	}
}
