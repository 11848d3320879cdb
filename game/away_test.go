package game

import (
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

func TestAssessmentCountsTimeAwayAsFocusLost(t *testing.T) {
	rg := newRestGame(t, 1280, 720)
	g := rg.g
	g.ctx.Mode = Assessment
	sc := mustTestScenario(t)
	g.ctx.Assess = &assessSession{cfg: &play.AssessmentConfig{Assessment: "t", TimeLimits: false},
		a: play.NewAssessment(singleScenario(sc), 1, false)}
	g.ctx.Run = g.ctx.Assess.a.Run()
	d := newAssessDialogue(&g.ctx, g.ctx.Run.Mood())
	g.scenes.GoTo(d)
	for range 30 {
		rg.clock = rg.clock.Add(time.Second / 60)
		rg.frame(Intents{})
	}
	// The tab was hidden for a minute (the game did not run), then twice
	// more for awayGap; a slow frame of a second is not leaving.
	for _, gap := range []time.Duration{time.Minute, time.Second, awayGap, awayGap} {
		rg.clock = rg.clock.Add(gap)
		rg.frame(Intents{})
	}
	if err := d.assessChoose(&g.ctx, 0); err != nil {
		t.Fatal(err)
	}
	a := g.ctx.Assess.a
	var tr play.Transcript
	if a.ScenarioDone() {
		tr = a.Transcripts()[0]
	} else {
		// Finish the scenario to read its transcript.
		for !a.ScenarioDone() {
			if _, err := a.Choose(0, 1000); err != nil {
				t.Fatal(err)
			}
		}
		tr = a.Transcripts()[0]
	}
	if len(tr.FocusLost) == 0 || tr.FocusLost[0] != 3 {
		t.Errorf("focus_lost %v, want 3 at the first step", tr.FocusLost)
	}
}
