package panel

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// verdictTOML has one decision whose choices give, alone, a lead too small
// to call (pivot 40% against spring and connector 30%), a tie (pivot and
// connector), a clear shock absorber, and a walk-out into a titled scene.
const verdictTOML = `id = "verdict-desk"
title = "Verdict desk"
language = "en"
walkout = "end-walkout"

[customer]
name = "Ana"
mood = 30

[[node]]
id = "opening"
title = "The complaint"
text = "My invoice is wrong again."

  [[node.choice]]
  text = "Unclear."
  drift = { pivot = 4, spring = 3, connector = 3 }
  next = "end-ok"

  [[node.choice]]
  text = "Tie."
  drift = { pivot = 1, connector = 1 }
  next = "end-ok"

  [[node.choice]]
  text = "Clear."
  follow_up = "close"
  next = "end-ok"

  [[node.choice]]
  text = "Walk-out."
  follow_up = "close"
  mood = -40
  next = "end-ok"

[[node]]
id = "end-ok"
title = "Invoice corrected"
text = "Thanks."
ending = "resolved"

[[node]]
id = "end-walkout"
title = "Ana hangs up"
text = "I'm done."
ending = "lost"
`

// verdictAssessment stores an assessment of verdictTOML and one submission
// per choice (1 unclear, 2 tie, 3 clear, 4 walk-out), named after it.
func verdictAssessment(t *testing.T, h *harness) int64 {
	t.Helper()
	srcs := []Source{{Origin: "upload:verdict.toml", File: "verdict.toml", Data: []byte(verdictTOML)}}
	if p := ParseSources(srcs); len(p) > 0 {
		t.Fatal(p)
	}
	id, err := h.srv.store.CreateAssessment(context.Background(), "Verdicts", 5, false, srcs, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.srv.assessment(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Una Unclear", "Tia Tie", "Cleo Clear", "Walt Walkout"} {
		req := &play.Submission{
			Candidate: name, StartedAt: "2026-11-23T09:00:00Z", FinishedAt: "2026-11-23T09:05:00Z",
			Client:      play.ClientInfo{UserAgent: "test", Version: "dev", Language: "en", Timezone: "UTC", Screen: "1280x720"},
			Transcripts: []play.Transcript{{Scenario: "verdict-desk", Seed: a.Seed, Choices: []int{i + 1}, TimingsMS: []int64{1200}}},
		}
		if status, out := h.submit(h.invite(a, time.Hour), mustJSON(t, req)); status != 201 {
			t.Fatalf("%s: submit %d %v", name, status, out)
		}
	}
	return id
}

func TestVerdictLabels(t *testing.T) {
	cases := []struct {
		w             scoring.Weights
		kind, label   string
		class, detail string
	}{
		{scoring.Weights{0, 0, 0, 0, 2}, "clear", "Shock absorber", "arch arch-shock_absorber", ""},
		{scoring.Weights{3, 2, 0, 0, 0}, "clear", "Pivot", "arch arch-pivot", ""},
		{scoring.Weights{1, 0, 1, 0, 0}, "tie", "Tie: Pivot and Connector", "arch", "50% each; no archetype leads (a drift is clear from a 20-point lead)"},
		{scoring.Weights{1, 1, 0, 0, 1}, "tie", "Tie: Pivot, Spring and Shock absorber", "arch", "33% each"},
		{scoring.Weights{4, 3, 3, 0, 0}, "unclear", "No clear drift yet", "arch", "leaning toward Pivot, 10 points ahead of Spring and Connector (a drift is clear from a 20-point lead)"},
		{scoring.Weights{}, "none", "—", "arch", ""},
	}
	for _, c := range cases {
		v := verdictOf(c.w)
		if v.Kind() != c.kind || v.Label() != c.label || v.Class() != c.class || !strings.Contains(v.Detail(), c.detail) || (c.detail == "") != (v.Detail() == "") {
			t.Errorf("%v: got %s %q %q %q, want %s %q %q %q", c.w, v.Kind(), v.Label(), v.Class(), v.Detail(), c.kind, c.label, c.class, c.detail)
		}
	}
}

// TestReportVerdictBeforeV2 checks that a report stored before scoring v2,
// without tied, margin and clear, gets them from its weights (or its drift),
// and that a v2 report's own fields are used as they are.
func TestReportVerdictBeforeV2(t *testing.T) {
	var old play.Report
	if err := json.Unmarshal([]byte(`{"scenario":"x","ending":"resolved","archetype":"pivot","drift":{"pivot":0.5,"spring":0,"connector":0.5,"disperser":0,"shock_absorber":0},"weights":{"pivot":1,"spring":0,"connector":1,"disperser":0,"shock_absorber":0}}`), &old); err != nil {
		t.Fatal(err)
	}
	v := reportVerdict(&old)
	if !slices.Equal(v.Tied, []string{"pivot", "connector"}) || v.Margin != 0 || v.Clear || v.Label() != "Tie: Pivot and Connector" {
		t.Errorf("v1 report with weights: %+v %q", v, v.Label())
	}
	old.Weights = scoring.Weights{}
	old.Drift = scoring.Weights{0.7, 0, 0.3, 0, 0}
	v = reportVerdict(&old)
	if !slices.Equal(v.Tied, []string{"pivot"}) || !v.Clear || v.Label() != "Pivot" {
		t.Errorf("v1 report with a drift only: %+v %q", v, v.Label())
	}
	// A v2 report is read as stored.
	v2 := play.Report{Scoring: 2, Archetype: "spring", Tied: []string{"spring"}, Margin: 0.1, Clear: false, Drift: scoring.Weights{0, 0.4, 0.3, 0.3, 0}}
	v = reportVerdict(&v2)
	if v.Margin != 0.1 || v.Clear || v.Label() != "No clear drift yet" || !strings.Contains(v.Detail(), "leaning toward Spring, 10 points ahead of Connector and Disperser") {
		t.Errorf("v2 report: %+v %q %q", v, v.Label(), v.Detail())
	}
}

func TestPanelShowsTiesAndUnclearDrifts(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login()
	id := verdictAssessment(t, h)

	// The dashboard's and the assessment's candidate lists.
	_, dash := b.get("/dashboard")
	_, apage := b.get(fmt.Sprintf("/assessments/%d", id))
	for name, page := range map[string]string{"dashboard": dash, "assessment": apage} {
		for _, want := range []string{
			`<span class="arch">Tie: Pivot and Connector</span>`,
			`<span class="arch">No clear drift yet</span><div class="muted">leaning toward Pivot, 10 points ahead of Spring and Connector`,
			`<span class="arch arch-shock_absorber">Shock absorber</span>`,
			// The walk-out's shock absorber is not drawn as a success.
			`<span class="arch">Shock absorber</span><div class="muted">customer lost in 1 of 1 scenarios</div>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		if strings.Contains(page, `arch-pivot`) {
			t.Errorf("%s colours a pivot that is not clear", name)
		}
	}

	// The candidate pages, in submission order.
	pages := map[string]string{}
	for i, name := range []string{"unclear", "tie", "clear", "walkout"} {
		_, pages[name] = b.get(fmt.Sprintf("/submissions/%d", i+1))
	}
	checks := []struct {
		page string
		want []string
		not  []string
	}{
		{"unclear", []string{
			`Archetype: <span class="arch">No clear drift yet</span>`,
			`leaning toward Pivot, 10 points ahead of Spring and Connector (a drift is clear from a 20-point lead)`,
			`aria-label="Drift map: No clear drift yet; Pivot 40%`,
			`<td>No clear drift yet<div class="muted">leaning toward Pivot`,
			`<strong>The complaint</strong>`,
			`Path: The complaint → Invoice corrected`,
		}, []string{"arch-pivot"}},
		{"tie", []string{
			`Archetype: <span class="arch">Tie: Pivot and Connector</span>`,
			`<td>Tie: Pivot and Connector<div class="muted">50% each`,
			`aria-label="Drift map: Tie between Pivot and Connector;`,
		}, []string{"arch-pivot", "arch-connector"}},
		{"clear", []string{
			`Archetype: <span class="arch arch-shock_absorber">Shock absorber</span>`,
			`<td>Shock absorber</td>`,
		}, []string{"no clear drift yet", "No clear drift yet"}},
		{"walkout", []string{
			`Archetype: <span class="arch">Shock absorber</span>`,
			`<p class="muted">customer lost in 1 of 1 scenarios</p>`,
			`(walked out)`,
			`Path: The complaint → Ana hangs up`,
		}, []string{"arch-shock_absorber"}},
	}
	for _, c := range checks {
		for _, want := range c.want {
			if !strings.Contains(pages[c.page], want) {
				t.Errorf("%s page lacks %q", c.page, want)
			}
		}
		for _, not := range c.not {
			if strings.Contains(pages[c.page], not) {
				t.Errorf("%s page has %q", c.page, not)
			}
		}
	}
}

func TestExportsCarryTheVerdict(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login()
	id := verdictAssessment(t, h)

	// CSV: tied, margin and clear for the submission and the scenario.
	_, body := b.get(fmt.Sprintf("/assessments/%d/results.csv", id))
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 5 {
		t.Fatalf("csv: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"tied", "margin", "clear", "scenario_tied", "scenario_margin", "scenario_clear"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("csv has no column %q: %v", name, rows[0])
		}
	}
	want := map[string][3]string{
		"Una Unclear":  {"pivot", "0.1", "false"},
		"Tia Tie":      {"pivot connector", "0", "false"},
		"Cleo Clear":   {"shock_absorber", "1", "true"},
		"Walt Walkout": {"shock_absorber", "1", "true"},
	}
	for _, r := range rows[1:] {
		w, ok := want[r[col["candidate"]]]
		if !ok {
			t.Errorf("unexpected row %v", r)
			continue
		}
		for k, prefix := range []string{"", "scenario_"} {
			got := [3]string{r[col[prefix+"tied"]], r[col[prefix+"margin"]], r[col[prefix+"clear"]]}
			if got != w {
				t.Errorf("%s: %d %v, want %v", r[col["candidate"]], k, got, w)
			}
		}
	}

	// JSON: the same, for the submission and each result.
	ex := h.exportJSON(id)
	if len(ex.Assessments) != 1 || len(ex.Assessments[0].Submissions) != 4 {
		t.Fatalf("export %+v", ex)
	}
	for _, sub := range ex.Assessments[0].Submissions {
		w := want[sub.Candidate]
		if got := [3]string{strings.Join(sub.Tied, " "), fnum(sub.Margin), fmt.Sprint(sub.Clear)}; got != w {
			t.Errorf("%s: submission %v, want %v", sub.Candidate, got, w)
		}
		if len(sub.Results) != 1 {
			t.Fatalf("%s: %d results", sub.Candidate, len(sub.Results))
		}
		r := sub.Results[0]
		if got := [3]string{strings.Join(r.Tied, " "), fnum(r.Margin), fmt.Sprint(r.Clear)}; got != w {
			t.Errorf("%s: result %v, want %v", sub.Candidate, got, w)
		}
	}
	// The fields are in the raw JSON with these names.
	_, raw := b.get(fmt.Sprintf("/assessments/%d/results.json", id))
	for _, want := range []string{`"tied": [`, `"margin": 0.1`, `"clear": false`} {
		if !strings.Contains(raw, want) {
			t.Errorf("results.json lacks %q", want)
		}
	}
}
