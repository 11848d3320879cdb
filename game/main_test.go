package game

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// Ebitengine panics when images are read or drawn before its loop runs, so
// the tests run inside a minimal game: its first Update starts m.Run in a
// goroutine and the loop ends when the tests do (see TOOLCHAIN.md). Run
// them under a display: xvfb-run -a go test ./game/...
func TestMain(m *testing.M) {
	r := &testLoop{m: m, done: make(chan int, 1)}
	loopJobs = make(chan func())
	ebiten.SetWindowSize(320, 240)
	ebiten.SetWindowTitle("shockabsorber tests")
	if err := ebiten.RunGame(r); err != nil && !errors.Is(err, ebiten.Termination) {
		fmt.Fprintln(os.Stderr, "test loop:", err)
		os.Exit(1)
	}
	os.Exit(r.code)
}

type testLoop struct {
	m       *testing.M
	started bool
	done    chan int
	code    int
}

func (t *testLoop) Update() error {
	if !t.started {
		t.started = true
		go func() { t.done <- t.m.Run() }()
	}
	for {
		select {
		case t.code = <-t.done:
			return ebiten.Termination
		case job := <-loopJobs:
			job()
		default:
			return nil
		}
	}
}

// loopJobs carries work to run inside the game loop's Update.
var loopJobs chan func()

// onLoop runs f inside a frame of the game loop and waits for it. Drawing
// from outside the loop is legal but deferred to the next frame (and
// allocates to do so), which would distort a benchmark of a real frame.
func onLoop(f func()) {
	done := make(chan struct{})
	loopJobs <- func() { f(); close(done) }
	<-done
}

func (t *testLoop) Draw(*ebiten.Image)         {}
func (t *testLoop) Layout(int, int) (int, int) { return 320, 240 }
