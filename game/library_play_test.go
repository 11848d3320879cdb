package game

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TestEveryBundledScenarioPlaysToItsDebrief drives the real game, scenes
// and script included, through the best path of every bundled scenario in
// the scenario's own language, and checks that it reaches the debrief and
// writes the same report the engine gives for those choices.
func TestEveryBundledScenarioPlaysToItsDebrief(t *testing.T) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, sc := range set.Scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			stats, err := play.Paths(sc)
			if err != nil {
				t.Fatal(err)
			}
			choices := stats.Best.Choices
			dir := t.TempDir()
			report := filepath.Join(dir, "report.json")
			g, err := New(Options{
				Scenario: sc.ID, Choose: choices, HasChoose: true, Report: report,
				Lang: assets.MatchLanguage(sc.Language), Width: 1024, Height: 700, ConfigDir: dir,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			screen := ebiten.NewImage(1024, 700)
			var runErr error
			frames := 0
			// Many frames run inside each tick of the test loop: waiting a
			// tick per frame would make this test take minutes. Ticks still
			// pass now and then so that Ebitengine flushes its draw queue.
			for frames < 20000 && runErr == nil {
				onLoop(func() {
					for k := 0; k < 40 && frames < 20000 && runErr == nil; k++ {
						frames++
						g.Layout(1024, 700)
						// Drawing is most of the cost under a software
						// renderer; every fourth frame still draws each
						// screen several times.
						if runErr = g.Update(); runErr == nil && frames%4 == 0 {
							g.Draw(screen)
						}
					}
				})
			}
			if !errors.Is(runErr, ebiten.Termination) {
				t.Fatalf("after %d frames: %v", frames, runErr)
			}
			got, err := os.ReadFile(report)
			if err != nil {
				t.Fatalf("no report: %v", err)
			}
			r, _, err := play.Replay(sc, choices)
			if err != nil {
				t.Fatal(err)
			}
			want, err := play.MarshalJSON(r.Report())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the game's report differs from the engine's for --choose %v", choices)
			}
		})
	}
}
