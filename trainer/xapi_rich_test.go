package trainer

import (
	"slices"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

// With its scenario and the run's own timings, each decision is a choice
// interaction with the node's text and the options shown, stamped when it
// was answered.
func TestStatementsRich(t *testing.T) {
	sc := mustParse(t, tiny)
	run, _, err := play.Replay(sc, []int{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	rep := run.Report()
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st, err := Statements(rep, XAPIOptions{Actor: AnonymousActor(DefaultXAPIBase), Base: DefaultXAPIBase, Time: start.Add(time.Hour),
		Scenario: sc, TimingsMS: []int64{4250, 1999}, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	first, second, done := st[0], st[1], st[2]
	d := first.Object.Definition
	if d.InteractionType != "choice" || d.Description["en"] != sc.Nodes[0].Text || d.Name["en"] != `Tiny "quoted" [case]: start` {
		t.Errorf("first definition: %+v", d)
	}
	var ids []string
	for _, c := range d.Choices {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{"o1-derive-monitor", "o2-assume-close"}) || d.Choices[0].Description["en"] != `Hand it over "properly"` {
		t.Errorf("choices: %+v", d.Choices)
	}
	if !slices.Equal(d.CorrectResponsesPattern, []string{"o1-derive-monitor"}) {
		t.Errorf("correct responses %v: only the fitting action that owns the case", d.CorrectResponsesPattern)
	}
	if first.Result.Response != "o1-derive-monitor" || first.Result.Success == nil || !*first.Result.Success || first.Result.Duration != "PT4.25S" {
		t.Errorf("first result: %+v", first.Result)
	}
	if first.Timestamp != "2026-11-23T10:00:04.250Z" || second.Timestamp != "2026-11-23T10:00:06.249Z" || done.Timestamp != "2026-11-23T10:00:06.249Z" {
		t.Errorf("timestamps %s %s %s: when each step was answered", first.Timestamp, second.Timestamp, done.Timestamp)
	}
	// "Confirm" is hidden (it requires a flag never set): one option shown.
	if len(second.Object.Definition.Choices) != 1 || second.Result.Success == nil || *second.Result.Success {
		t.Errorf("second: %+v %+v", second.Object.Definition, second.Result)
	}
	if done.Result.Duration != "PT6.24S" {
		t.Errorf("completed duration %q, want the run's whole time", done.Result.Duration)
	}
	for _, k := range []string{"action", "follow_up", "fit", "mood", "mood_before", "mood_after"} {
		if _, ok := first.Result.Extensions[DefaultXAPIBase+"/extensions/"+k]; !ok {
			t.Errorf("no %s extension", k)
		}
	}

	// A report that does not replay on the file (another version) keeps
	// the plain statements.
	rep.Steps[0].Node = "elsewhere"
	plain, _ := Statements(rep, XAPIOptions{Actor: AnonymousActor(DefaultXAPIBase), Base: DefaultXAPIBase, Time: start, Scenario: sc})
	if plain[0].Object.Definition.InteractionType != "other" || plain[0].Result.Duration != "" {
		t.Errorf("a report that does not replay: %+v", plain[0].Object.Definition)
	}
}

func TestISODuration(t *testing.T) {
	for ms, want := range map[int64]string{0: "PT0S", 999: "PT0.99S", 1000: "PT1S", 61500: "PT61.5S", -5: "PT0S"} {
		if got := isoDuration(ms); got != want {
			t.Errorf("isoDuration(%d) = %s, want %s", ms, got, want)
		}
	}
}
