package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/panel"
)

// webBuilder builds the browser game on a first start from a source
// checkout, so that `go run ./cmd/panel` alone serves a game a candidate
// can play. It runs the same script as a developer would
// (scripts/build-web.sh), in the background: the server answers at once,
// and the game's page waits while the files are missing (503).
type webBuilder struct {
	script string // the build script, relative to the working folder
	out    string // the folder the script writes
	srv    *panel.Server
	stdout io.Writer
	stderr io.Writer
	done   chan error // closed-over result, for tests; may be nil
}

// start begins the build when it can serve webDir: the script is here,
// it writes webDir, and bash and go are installed. It reports whether a
// build started.
func (b *webBuilder) start(ctx context.Context, webDir string) bool {
	if filepath.Clean(webDir) != filepath.Clean(b.out) {
		return false
	}
	if _, err := os.Stat(b.script); err != nil {
		return false
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		return false
	}
	if _, err := exec.LookPath("go"); err != nil {
		return false
	}
	b.srv.SetWebBuilding(true)
	fmt.Fprintf(b.stdout, "Building the browser game into %s/ (first start only, about a minute); candidates' pages wait for it.\n", b.out)
	go func() {
		began := time.Now()
		out, err := exec.CommandContext(ctx, bash, b.script).CombinedOutput()
		// Candidates' pages stop waiting before anyone hears the build is
		// over, so a test (or a log reader) never sees the two disagree.
		b.srv.SetWebBuilding(false)
		if err != nil {
			fmt.Fprintf(b.stderr, "panel: building the browser game failed: %v\n%s\nRun %s to see why.\n", err, lastLines(out, 15), b.script)
		} else {
			fmt.Fprintf(b.stdout, "The browser game is built (%s).\n", time.Since(began).Round(time.Second))
		}
		if b.done != nil {
			b.done <- err
		}
	}()
	return true
}

// lastLines returns the last n lines of out.
func lastLines(out []byte, n int) []byte {
	out = bytes.TrimRight(out, "\n")
	for i := len(out) - 1; i >= 0; i-- {
		if out[i] == '\n' {
			if n--; n == 0 {
				return out[i+1:]
			}
		}
	}
	return out
}
