//go:build linux && cgo

package main

import (
	"bytes"
	"debug/buildinfo"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/game"
	"github.com/shockabsorber/shockabsorber/internal/version"
)

// The help early_linux.c prints without a display is game.Usage's, as
// generated into early_help.h: after a change to Usage, run go generate
// ./cmd/shockabsorber.
func TestEarlyHelpIsTheGameUsage(t *testing.T) {
	var want bytes.Buffer
	game.Usage(&want)
	if got := earlyHelp(); got != want.String() {
		t.Errorf("early_help.h is stale: run go generate ./cmd/shockabsorber\n got: %q\nwant: %q", got, want.String())
	}
}

// The C side formats the version as version.Info.Text does, for every
// kind of build.
func TestEarlyVersionIsTheGoVersion(t *testing.T) {
	set := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const mod = "github.com/shockabsorber/shockabsorber"
	for _, bi := range []debug.BuildInfo{
		{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "v1.2.0", Sum: "h1:abc="}, Settings: set("GOOS", "linux", "GOARCH", "amd64")},
		{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "v0.0.0-20261206042830-b9a9711c0ffe+dirty"},
			Settings: set("-trimpath", "true", "GOOS", "windows", "GOARCH", "arm64", "vcs", "git", "vcs.revision", "b9a9711c0ffee0ddf00d", "vcs.time", "2026-12-06T04:28:30Z", "vcs.modified", "true")},
		{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "v1.2.1-0.20261206042830-b9a9711c0ffe"},
			Settings: set("vcs.revision", "b9a9711c0ffe", "vcs.modified", "false")},
		{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "(devel)"}, Settings: set("GOOS", "linux", "GOARCH", "amd64")},
		{Main: debug.Module{Path: mod}},
	} {
		want := version.FromBuildInfo(&bi).Text("shockabsorber")
		if got := earlyVersion(bi.String(), bi.GoVersion); got != want {
			t.Errorf("%s %s:\n C: %q\nGo: %q", bi.Main.Version, bi.Settings, got, want)
		}
	}
}

// Without a display the real binary answers --help and --version and
// says what to do otherwise, instead of panicking in Ebitengine's init.
func TestWithoutADisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the game")
	}
	bin := filepath.Join(t.TempDir(), "shockabsorber")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DISPLAY=") {
			env = append(env, e)
		}
	}
	run := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
	}
	var usage bytes.Buffer
	game.Usage(&usage)
	for _, a := range []string{"--help", "-h", "-help", "--help=true"} {
		if out, errs, code := run("--lang", "es", a); out != usage.String() || errs != "" || code != 0 {
			t.Errorf("%s: exit %d, stderr %q, stdout %.60q; want the usage and 0", a, code, errs, out)
		}
	}
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	want := version.FromBuildInfo(bi).Text("shockabsorber")
	if out, _, code := run("--version"); out != want || code != 0 {
		t.Errorf("--version: exit %d, %q; want 0, %q", code, out, want)
	}
	out, errs, code := run("--scenario", "double-charge")
	if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "xvfb-run -a shockabsorber") ||
		!strings.Contains(errs, "DISPLAY is not set") || strings.Contains(errs, "panic") {
		t.Errorf("no display: exit %d, stderr %q; want 1 and one line naming DISPLAY and xvfb-run", code, errs)
	}
	// "--" ends the flags: a file called --help is not a request for help;
	// nor is --help=false.
	for _, args := range [][]string{{"--", "--help"}, {"--help=false"}} {
		if _, _, code := run(args...); code != 1 {
			t.Errorf("%q: exit %d, want 1 (no display)", args, code)
		}
	}
}
