package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/panel"
	"github.com/shockabsorber/shockabsorber/web"
)

// On a first start from a source checkout the panel builds the game
// itself: pages ask again (503) while the script runs, then get the game.
// A stand-in script plays scripts/build-web.sh, slowly.
func TestFirstStartBuildsTheBrowserGame(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go on PATH")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.MkdirAll("scripts", 0o755)
	os.MkdirAll("web", 0o755)
	gate := filepath.Join(dir, "go-ahead")
	script := "while [ ! -e " + gate + " ]; do sleep 0.02; done\n" +
		"printf '\\0asm-half' > web/game.wasm; printf '\\0asm-whole-game' > web/game.wasm; echo 'js' > web/wasm_exec.js\n"
	os.WriteFile("scripts/build-web.sh", []byte(script), 0o755)

	ctx := context.Background()
	srv, err := panel.New(ctx, panel.Options{DBPath: filepath.Join(dir, "p.db"), Password: "build-test-password", OwnerEmail: "owner@example.org", WebDir: "web", Fallback: web.Files})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	var stdout, stderr bytes.Buffer
	b := webBuilder{script: "scripts/build-web.sh", out: "web", srv: srv, stdout: &stdout, stderr: &stderr, done: make(chan error, 1)}
	if b.start(ctx, "elsewhere") {
		t.Fatal("a build started for a web folder the script does not write")
	}
	if !b.start(ctx, "web") {
		t.Fatal("no build started")
	}
	get := func() (int, string) {
		resp, err := http.Get(ts.URL + "/play/game.wasm")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body bytes.Buffer
		body.ReadFrom(resp.Body)
		return resp.StatusCode, body.String()
	}
	if code, _ := get(); code != http.StatusServiceUnavailable {
		t.Fatalf("while building: %d, want 503", code)
	}
	os.WriteFile(gate, nil, 0o644)
	select {
	case err := <-b.done:
		if err != nil {
			t.Fatalf("build: %v (%s)", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the build never finished")
	}
	if code, body := get(); code != 200 || body != "\x00asm-whole-game" {
		t.Fatalf("after the build: %d %q", code, body)
	}
	if !strings.Contains(stdout.String(), "The browser game is built") {
		t.Errorf("stdout: %q", stdout.String())
	}

	// A failing build says so, and the server stops waiting for it.
	os.WriteFile("scripts/build-web.sh", []byte("echo 'compile error: x.go:1:1' >&2; exit 3\n"), 0o755)
	stderr.Reset()
	if !b.start(ctx, "web") {
		t.Fatal("no second build")
	}
	if err := <-b.done; err == nil {
		t.Fatal("a failing script reported success")
	}
	if !strings.Contains(stderr.String(), "compile error: x.go:1:1") || !strings.Contains(stderr.String(), "building the browser game failed") {
		t.Errorf("stderr: %q", stderr.String())
	}
	if code, _ := get(); code != 200 {
		t.Errorf("after a failed build the server still waits: %d", code)
	}
}
