package play

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

func TestAssessmentCountsFocusLostPerStep(t *testing.T) {
	list := []*scenarios.Scenario{load(t, "testdata/timed.toml"), load(t, "testdata/flags.toml")}
	a := NewAssessment(list, 3, true)
	var want [][]int
	cur := []int{}
	for step := 0; !a.Done(); step++ {
		if a.ScenarioDone() {
			a.Next()
			continue
		}
		// The first scenario: the candidate leaves twice at its second
		// step; the second scenario: never.
		away := 0
		if a.cur == 0 && len(cur) == 1 {
			away = 2
		}
		for range away {
			a.FocusLost()
		}
		cur = append(cur, away)
		if _, err := a.Choose(0, 1500); err != nil {
			t.Fatal(err)
		}
		if a.ScenarioDone() {
			want = append(want, cur)
			cur = []int{}
		}
	}
	trs := a.Transcripts()
	if len(want[0]) < 2 {
		t.Fatalf("the first scenario took %d steps; the test needs two", len(want[0]))
	}
	if !reflect.DeepEqual(trs[0].FocusLost, want[0]) {
		t.Errorf("first transcript: focus_lost %v, want %v", trs[0].FocusLost, want[0])
	}
	if trs[1].FocusLost != nil {
		t.Errorf("second transcript: focus_lost %v, want none", trs[1].FocusLost)
	}
	b, _ := json.Marshal(trs[1])
	if strings.Contains(string(b), "focus_lost") {
		t.Errorf("a transcript without focus loss encodes the field: %s", b)
	}
	// Focus lost after the assessment is over counts nowhere.
	a.FocusLost()
	if got := a.Transcripts(); !reflect.DeepEqual(got, trs) {
		t.Error("FocusLost after the end changed the transcripts")
	}
	// The counts change nothing the engine replays.
	if _, err := ReplayTranscript(list[0], trs[0]); err != nil {
		t.Errorf("replay with focus_lost: %v", err)
	}
}
