package play

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TestAssessmentTranscriptsReplay plays an assessment through its display
// order and checks that each transcript re-scores to the very report the
// run produced, as the panel server will compute it.
func TestAssessmentTranscriptsReplay(t *testing.T) {
	list := []*scenarios.Scenario{load(t, "testdata/timed.toml"), load(t, "testdata/flags.toml")}
	for seed := uint64(0); seed < 20; seed++ {
		a := NewAssessment(list, seed, true)
		var reports []Report
		for step := 0; !a.Done(); step++ {
			if a.ScenarioDone() {
				a.Next()
				continue
			}
			if a.TimeLimit() > 0 && seed%5 == 0 {
				if _, err := a.Timeout(int64(a.TimeLimit()) * 1000); err != nil {
					t.Fatal(err)
				}
			} else if _, err := a.Choose(step%len(a.Displayed()), 1500); err != nil {
				t.Fatal(err)
			}
			if a.ScenarioDone() {
				reports = append(reports, a.Run().Report())
			}
		}
		trs := a.Transcripts()
		if len(trs) != 2 || len(reports) != 2 {
			t.Fatalf("seed %d: %d transcripts, %d reports", seed, len(trs), len(reports))
		}
		for i, tr := range trs {
			r, err := ReplayTranscript(list[i], tr)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			got, _ := json.Marshal(r.Report())
			want, _ := json.Marshal(reports[i])
			if string(got) != string(want) {
				t.Errorf("seed %d scenario %s: replay differs\n got %s\nwant %s", seed, tr.Scenario, got, want)
			}
		}
	}
}

func TestAssessmentDisplayOrder(t *testing.T) {
	sc := load(t, "testdata/timed.toml")
	orders := map[string]bool{}
	for seed := uint64(0); seed < 30; seed++ {
		a := NewAssessment([]*scenarios.Scenario{sc}, seed, false)
		key := ""
		for _, o := range a.Displayed() {
			key += string(rune('1' + o.Index))
		}
		orders[key] = true
		if a.TimeLimit() != 0 {
			t.Fatal("time limits are off, yet a limit shows")
		}
		if _, err := a.Timeout(1); !errors.Is(err, ErrNoTimeLimit) {
			t.Fatalf("timeout with limits off: %v", err)
		}
	}
	if len(orders) < 4 {
		t.Errorf("only %d display orders of 3 choices over 30 seeds", len(orders))
	}
}

// TestAssessmentNumberings checks the three numberings of a choice against
// each other at every node of many seeded runs, on a scenario whose hidden
// choices make the visible index differ from the file index.
func TestAssessmentNumberings(t *testing.T) {
	sc := load(t, "testdata/flags.toml")
	for seed := uint64(0); seed < 40; seed++ {
		a := NewAssessment([]*scenarios.Scenario{sc}, seed, false)
		var want []int // the transcript entries the picks should give
		for step := 0; !a.ScenarioDone(); step++ {
			vis := a.Run().Visible()
			node := a.Run().Node().ID
			order := a.DisplayOrder()
			if perm := Order(seed, node, step, len(vis)); !reflect.DeepEqual(order, perm) {
				t.Fatalf("seed %d node %s: DisplayOrder %v, want Order's %v", seed, node, order, perm)
			}
			if len(a.Displayed()) != len(vis) {
				t.Fatalf("seed %d node %s: %d displayed, %d visible", seed, node, len(a.Displayed()), len(vis))
			}
			for pos, o := range a.Displayed() {
				k, err := a.VisibleIndex(pos)
				if err != nil {
					t.Fatalf("seed %d node %s: VisibleIndex(%d): %v", seed, node, pos, err)
				}
				if k != order[pos] || vis[k].Index != o.Index {
					t.Errorf("seed %d node %s: position %d shows file index %d, but VisibleIndex gives %d (file index %d)", seed, node, pos, o.Index, k, vis[k].Index)
				}
				back, err := a.DisplayPosition(k)
				if err != nil || back != pos {
					t.Errorf("seed %d node %s: DisplayPosition(%d) = %d, %v; want %d", seed, node, k, back, err, pos)
				}
			}
			for _, bad := range []int{-1, len(vis)} {
				if _, err := a.VisibleIndex(bad); !errors.Is(err, ErrChoiceOutOfRange) {
					t.Errorf("VisibleIndex(%d) of %d: got %v, want ErrChoiceOutOfRange", bad, len(vis), err)
				}
				if _, err := a.DisplayPosition(bad); !errors.Is(err, ErrChoiceOutOfRange) {
					t.Errorf("DisplayPosition(%d) of %d: got %v, want ErrChoiceOutOfRange", bad, len(vis), err)
				}
			}
			pos := int(seed+uint64(step)) % len(vis)
			file := a.Displayed()[pos].Index
			st, err := a.Choose(pos, 100)
			if err != nil {
				t.Fatal(err)
			}
			if st.Choice != order[pos]+1 || st.Option != file+1 {
				t.Errorf("seed %d node %s: position %d took choice %d (option %d), want choice %d (option %d)", seed, node, pos, st.Choice, st.Option, order[pos]+1, file+1)
			}
			want = append(want, order[pos]+1)
		}
		if a.DisplayOrder() != nil {
			t.Errorf("seed %d: a display order after the scenario ended", seed)
		}
		if _, err := a.VisibleIndex(0); !errors.Is(err, ErrFinished) {
			t.Errorf("seed %d: VisibleIndex after the end: got %v, want ErrFinished", seed, err)
		}
		if got := a.Transcripts()[0].Choices; !reflect.DeepEqual(got, want) {
			t.Errorf("seed %d: transcript %v, want %v", seed, got, want)
		}
		if a.Next() {
			t.Fatalf("seed %d: a second scenario", seed)
		}
		if _, err := a.DisplayPosition(0); !errors.Is(err, ErrAssessmentOver) {
			t.Errorf("seed %d: DisplayPosition after the assessment: got %v, want ErrAssessmentOver", seed, err)
		}
	}
}
