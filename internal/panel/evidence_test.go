package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// The evidence fixture: the standard assessment in English, whose copy of
// v01-minibar-charge has a planted key problem (the right answer's
// follow-up swapped with a wrong one's: see internal/evidence's
// fixture), taken by simulated candidates who choose by the right key.

const plantedUpload = "v01-minibar-charge-revised.toml"

// plantKeyProblem returns v01-minibar-charge with its key swapped.
func plantKeyProblem(t testing.TB, src []byte) []byte {
	t.Helper()
	s := string(src)
	right := "text = \"Void the €54 under FD-7; send the corrected folio.\"\n  action = \"assume\"\n  follow_up = \"close\""
	wrong := "text = \"Tell her it's a glitch that will reverse itself.\"\n  action = \"assume\"\n  follow_up = \"promise\""
	if strings.Count(s, right) != 1 || strings.Count(s, wrong) != 1 {
		t.Fatal("v01-minibar-charge.toml changed: the planted key problem needs updating")
	}
	s = strings.Replace(s, right, strings.Replace(right, `"close"`, `"promise"`, 1), 1)
	return []byte(strings.Replace(s, wrong, strings.Replace(wrong, `"promise"`, `"close"`, 1), 1))
}

// seedEvidence stores the planted assessment and n simulated candidates'
// submissions; it returns the assessment and the original library file
// of v01-minibar-charge (the corrected key).
func seedEvidence(t testing.TB, h *harness, n int) (*Assessment, []byte) {
	t.Helper()
	lib, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	list, err := scenarios.PresetByID("standard").Scenarios(lib.Scenarios, "en")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sc := range list {
		ids = append(ids, sc.ID)
	}
	srcs, err := LibrarySources(ids...)
	if err != nil {
		t.Fatal(err)
	}
	original := srcs[0].Data
	if srcs[0].Scenario.ID != "v01-minibar-charge" {
		t.Fatalf("the standard assessment starts with %s", srcs[0].Scenario.ID)
	}
	srcs[0] = Source{Origin: "upload:" + plantedUpload, File: plantedUpload, Data: plantKeyProblem(t, original)}
	a := h.store("Standard, planted key", true, 7, srcs)
	sims, err := trainer.SimulateCandidates(list, trainer.SimulateOptions{N: n, Seed: 2026, AssessmentSeed: a.Seed, QMin: 0.35, QMax: 0.95, TimeLimits: true, TimeoutRate: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	invs, err := h.srv.store.CreateInvites(ctx, a.ID, max(n, 1), "sim", 24*3600e9, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, sim := range sims {
		req := &play.Submission{Candidate: fmt.Sprintf("Candidate %02d (%s)", i+1, sim.Persona), Transcripts: sim.Transcripts,
			StartedAt: "2026-11-23T09:00:00Z", FinishedAt: "2026-11-23T09:25:00Z"}
		sc, aerr := prepare(invs[i], a, req)
		if aerr != nil {
			t.Fatalf("candidate %d: %v", i+1, aerr)
		}
		if _, err := h.srv.storeSubmission(ctx, sc, h.clock.Now(), "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	return a, original
}

func TestEvidencePageShowsNormsFlagsAndReliability(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 60)
	b := h.browser()
	b.login()
	resp, page := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, page)
	}
	line := a.Scenarios[0].Scenario.Node("opening").Choices[1].Line
	for _, want := range []string{
		"60 candidates",
		"Cronbach's alpha",
		"Key problem",
		fmt.Sprintf(`href="/assessments/%d/source/1#L%d"`, a.ID, line),
		fmt.Sprintf("%s:%d", plantedUpload, line),
		"percentile among the 60",
		"Shock absorber",
		"No clear drift",
		fmt.Sprintf(`action="/assessments/%d/rescore"`, a.ID),
	} {
		if !strings.Contains(page, want) {
			t.Errorf("evidence page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`<td class="num">\d+(st|nd|rd|th)</td>`).MatchString(page) {
		t.Error("no percentile shown with 60 candidates")
	}
	if n := strings.Count(page, `class="fk fk-key_problem"`); n == 0 {
		t.Error("no key problem flag")
	}
	// The submission page has the candidate's standing.
	subs, _ := h.srv.store.Submissions(context.Background(), a.ID, false)
	_, sp := b.get(fmt.Sprintf("/submissions/%d", subs[0].ID))
	if !regexp.MustCompile(`Standing among the 60 candidates: shock-absorber drift \d+%, <strong>\d+(st|nd|rd|th) percentile</strong>`).MatchString(sp) {
		t.Error("the submission page has no standing line")
	}
	// The source view the flag links to has the line.
	resp, src := b.get(fmt.Sprintf("/assessments/%d/source/1", a.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(src, fmt.Sprintf(`id="L%d"`, line)) || !strings.Contains(src, "Void the €54 under FD-7") {
		t.Errorf("source view: status %d, line %d or its text missing", resp.StatusCode, line)
	}
	if resp, _ := b.get(fmt.Sprintf("/assessments/%d/source/99", a.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("source of a scenario the assessment lacks: status %d, want 404", resp.StatusCode)
	}
}

func TestEvidencePageHidesPercentilesUnderTwentyCandidates(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 5)
	b := h.browser()
	b.login()
	_, page := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if !strings.Contains(page, "Percentiles appear once 20 candidates have taken this assessment (5 so far)") {
		t.Error("the page does not say percentiles come at 20 candidates")
	}
	if regexp.MustCompile(`<td class="num">\d+(st|nd|rd|th)</td>`).MatchString(page) {
		t.Error("percentiles shown with 5 candidates")
	}
	subs, _ := h.srv.store.Submissions(context.Background(), a.ID, false)
	_, rep := b.get(fmt.Sprintf("/submissions/%d/report", subs[0].ID))
	if !strings.Contains(rep, "Percentiles appear once 20 candidates") || strings.Contains(rep, "percentile</strong>") {
		t.Error("the printable report shows a percentile with 5 candidates")
	}
}

// postRescore sends the re-score form with files[field] = content.
func postRescore(b *browser, aid int64, csrf string, fields map[string]string, files map[string][2]string) (*http.Response, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, f := range files {
		fw, _ := mw.CreateFormFile(field, f[0])
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/assessments/%d/rescore", b.h.ts.URL, aid), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func (h *harness) scalar(q string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.srv.store.db.QueryRow(q, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func TestRescoreUnderRevisedKeyKeepsOriginalReportsAndAudits(t *testing.T) {
	h := newHarness(t)
	a, original := seedEvidence(t, h, 30)
	ctx := context.Background()
	before, _ := h.srv.store.Submissions(ctx, a.ID, true)
	b := h.browser()
	csrf := b.login()
	resp, body := postRescore(b, a.ID, csrf, nil, map[string][2]string{"revised_1": {"v01-minibar-charge.toml", string(original)}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/rescores/") {
		t.Fatalf("re-score: %d %s", resp.StatusCode, body)
	}
	_, page := b.get(resp.Header.Get("Location"))
	if !strings.Contains(page, "30 candidates re-scored") || !strings.Contains(page, "v01-minibar-charge (step 1)") {
		t.Errorf("re-score page does not show what changed:\n%s", page)
	}
	after, _ := h.srv.store.Submissions(ctx, a.ID, true)
	changed := 0
	for i := range before {
		if !bytes.Equal(before[i].Results[0].Report, after[i].Results[0].Report) {
			changed++
			old, err := h.srv.store.ResultHistory(ctx, before[i].ID, 0)
			if err != nil || len(old) != 1 || !bytes.Equal(old[0], before[i].Results[0].Report) {
				t.Errorf("submission %d: the original report is not kept (%v)", before[i].ID, err)
			}
		}
		for k := 1; k < len(before[i].Results); k++ {
			if !bytes.Equal(before[i].Results[k].Report, after[i].Results[k].Report) {
				t.Errorf("submission %d: report of unrevised scenario %d changed", before[i].ID, k+1)
			}
		}
	}
	if changed == 0 {
		t.Error("the corrected key changed no report")
	}
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE action = 'assessment.rescored'"); n != 1 {
		t.Errorf("%d audit entries for the re-score, want 1", n)
	}
	// The assessment now holds the revised source, and its evidence has no
	// key problem left.
	a2, _ := h.srv.assessment(ctx, a.ID)
	if a2.Scenarios[0].Source != string(original) || a2.Scenarios[0].Origin != "upload:v01-minibar-charge.toml" {
		t.Errorf("assessment source not revised: origin %q", a2.Scenarios[0].Origin)
	}
	_, ev := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if strings.Contains(ev, `class="fk fk-key_problem"`) {
		t.Errorf("key problem still flagged after the corrected key: %s", regexp.MustCompile(`fk-key_problem">Key problem</span> [^\n]*`).FindAllString(ev, -1))
	}
	if !strings.Contains(ev, "Earlier re-scores") {
		t.Error("evidence page does not list the re-score")
	}
}

func TestRescoreTurnsV1ReportsIntoV2(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 10)
	ctx := context.Background()
	// Store the reports as the panel did before scoring v2: no scoring,
	// tied, margin or clear fields, and half a shock-absorber point for a
	// fitting action nobody owned.
	subs, _ := h.srv.store.Submissions(ctx, a.ID, true)
	for _, sub := range subs {
		for _, res := range sub.Results {
			var m map[string]any
			if err := json.Unmarshal(res.Report, &m); err != nil {
				t.Fatal(err)
			}
			var rep play.Report
			json.Unmarshal(res.Report, &rep)
			var total scoring.Weights
			for k, st := range rep.Steps {
				if st.Fits && !scoring.Owns(st.FollowUp) {
					var w scoring.Weights
					w[scoring.Shadow(st.Action)], w[4] = 0.5, 0.5
					rep.Steps[k].Weights = w
				}
				total = total.Add(rep.Steps[k].Weights)
			}
			m["weights"], m["drift"], m["archetype"] = total, scoring.Drift(total), scoring.Archetype(total)
			for _, k := range []string{"scoring", "tied", "margin", "clear"} {
				delete(m, k)
			}
			old, _ := json.Marshal(m)
			if _, err := h.srv.store.db.Exec("UPDATE results SET report = ? WHERE submission_id = ? AND position = ?", string(old), sub.ID, res.Position); err != nil {
				t.Fatal(err)
			}
		}
	}
	b := h.browser()
	csrf := b.login()
	resp, body := postRescore(b, a.ID, csrf, nil, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("re-score: %d %s", resp.StatusCode, body)
	}
	_, page := b.get(resp.Header.Get("Location"))
	if strings.Count(page, "v1 → v2") != 10 {
		t.Errorf("re-score page shows %d v1 → v2 lines, want 10", strings.Count(page, "v1 → v2"))
	}
	subs, _ = h.srv.store.Submissions(ctx, a.ID, true)
	for _, sub := range subs {
		for _, res := range sub.Results {
			var rep play.Report
			json.Unmarshal(res.Report, &rep)
			if rep.Scoring != scoring.Version || rep.Tied == nil {
				t.Fatalf("submission %d, %s: scoring %d after re-scoring", sub.ID, res.ScenarioID, rep.Scoring)
			}
		}
	}
	if n := h.scalar("SELECT count(*) FROM result_history"); n != 10*len(a.Scenarios) {
		t.Errorf("%d original reports kept, want %d", n, 10*len(a.Scenarios))
	}
}

func TestRescoreRefusesRevisionThatCannotReplay(t *testing.T) {
	h := newHarness(t)
	a, original := seedEvidence(t, h, 8)
	b := h.browser()
	csrf := b.login()
	// A revision that drops the opening's last three choices: transcripts
	// that took them cannot be replayed.
	src := string(original)
	cut := strings.Index(src, "  [[node.choice]]\n  text = \"Log a system fault")
	end := strings.Index(src, "[[node]]\nid = \"end-resolved\"")
	short := src[:cut] + src[end:]
	resp, body := postRescore(b, a.ID, csrf, nil, map[string][2]string{"revised_1": {"short.toml", short}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nothing was re-scored") {
		t.Errorf("revision without choices taken: %d, want 422 saying nothing was re-scored", resp.StatusCode)
	}
	// A revision with another id.
	other := strings.Replace(src, `id = "v01-minibar-charge"`, `id = "v01-other"`, 1)
	resp, body = postRescore(b, a.ID, csrf, nil, map[string][2]string{"revised_1": {"other.toml", other}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "a revision keeps the scenario") {
		t.Errorf("revision with another id: %d, want 422 naming the id", resp.StatusCode)
	}
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE action = 'assessment.rescored'"); n != 0 {
		t.Errorf("%d re-scores recorded after refusals", n)
	}
}

func TestRescoreNeedsAnAuthor(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 3)
	hash, _ := bcrypt.GenerateFromPassword([]byte("reviewer password 1"), bcrypt.MinCost)
	if _, err := insertMember(context.Background(), h.srv.store.db, "rev@example.org", "Rev", RoleReviewer, string(hash), h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	csrf := b.loginAs("rev@example.org", "reviewer password 1")
	_, page := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if strings.Contains(page, "/rescore\"") {
		t.Error("a reviewer is offered the re-score form")
	}
	if resp, _ := postRescore(b, a.ID, csrf, nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer re-score: status %d, want 403", resp.StatusCode)
	}
}

func TestCompareShowsChosenCandidatesSideBySide(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 4)
	subs, _ := h.srv.store.Submissions(context.Background(), a.ID, false)
	b := h.browser()
	b.login()
	resp, page := b.get(fmt.Sprintf("/assessments/%d/compare?c=%d&c=%d", a.ID, subs[0].ID, subs[2].ID))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if !strings.Contains(page, subs[0].Candidate) || !strings.Contains(page, subs[2].Candidate) || strings.Contains(page, subs[1].Candidate) {
		t.Error("comparison does not show exactly the chosen candidates")
	}
	if strings.Count(page, `class="driftmap"`) != 2 {
		t.Errorf("%d drift maps, want 2", strings.Count(page, `class="driftmap"`))
	}
	for _, sc := range a.Scenarios {
		if !strings.Contains(page, sc.Title) {
			t.Errorf("comparison lacks scenario %q", sc.Title)
		}
	}
	_, none := b.get(fmt.Sprintf("/assessments/%d/compare", a.ID))
	if !strings.Contains(none, "Choose two or more candidates") {
		t.Error("an empty comparison does not say how to choose")
	}
}

func TestCandidateReportIsPrintable(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 21)
	subs, _ := h.srv.store.Submissions(context.Background(), a.ID, false)
	b := h.browser()
	b.login()
	resp, page := b.get(fmt.Sprintf("/submissions/%d/report", subs[0].ID))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{subs[0].Candidate, "percentile</strong> of the 21 candidates", `href="/evidence.css"`, "Cronbach's alpha", `class="driftmap"`} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	_, css := b.get("/evidence.css")
	if !strings.Contains(css, "@media print") || !strings.Contains(css, "header.top") {
		t.Error("evidence.css has no print stylesheet hiding the navigation")
	}
}

func TestStandingFollowsNewSubmissionsAndRescores(t *testing.T) {
	h := newHarness(t)
	a, original := seedEvidence(t, h, 5)
	ctx := context.Background()
	subs, _ := h.srv.store.Submissions(ctx, a.ID, true)
	b := h.browser()
	csrf := b.login()
	if _, p := b.get(fmt.Sprintf("/submissions/%d", subs[0].ID)); !strings.Contains(p, "(5 so far)") {
		t.Fatal("the standing line does not count 5 candidates")
	}
	// A sixth candidate, who answers as the first did.
	cands, err := candidatesOf(subs[:1])
	if err != nil {
		t.Fatal(err)
	}
	invs, _ := h.srv.store.CreateInvites(ctx, a.ID, 1, "late", 24*3600e9, h.clock.Now())
	sc, aerr := prepare(invs[0], a, &play.Submission{Candidate: "Late candidate", Transcripts: cands[0].Transcripts, StartedAt: "2026-11-23T10:00:00Z", FinishedAt: "2026-11-23T10:20:00Z"})
	if aerr != nil {
		t.Fatal(aerr)
	}
	if _, err := h.srv.storeSubmission(ctx, sc, h.clock.Now(), "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	storedFitCountsMatchReports(t, h)
	if _, p := b.get(fmt.Sprintf("/submissions/%d", subs[0].ID)); !strings.Contains(p, "(6 so far)") {
		t.Error("the standing line did not count the new candidate")
	}
	_, ev := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if !strings.Contains(ev, "6 candidates") {
		t.Error("the evidence page did not count the new candidate")
	}
	// After re-scoring under the corrected key, the first candidate's
	// drift is the re-scored one.
	if resp, body := postRescore(b, a.ID, csrf, nil, map[string][2]string{"revised_1": {"v01-minibar-charge.toml", string(original)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("re-score: %d %s", resp.StatusCode, body)
	}
	after, _ := h.srv.store.SubmissionByID(ctx, subs[0].ID)
	storedFitCountsMatchReports(t, h)
	want := fmt.Sprintf("shock-absorber drift %s", percent(after.Drift[4]))
	if _, p := b.get(fmt.Sprintf("/submissions/%d", subs[0].ID)); !strings.Contains(p, "Shock-absorber drift "+percent(after.Drift[4])) {
		t.Errorf("after re-scoring the standing line lacks %q", want)
	}
}

// storedFitCountsMatchReports checks that every submission's fitting and
// decisions columns, which the norms read, are its reports' sums.
func storedFitCountsMatchReports(t *testing.T, h *harness) {
	t.Helper()
	rows, err := h.srv.store.db.Query(`SELECT s.id, s.fitting, s.decisions,
	(SELECT sum(` + h.sqlJSONInt("r.report", "fitting") + `) FROM results r WHERE r.submission_id = s.id),
	(SELECT sum(` + h.sqlJSONInt("r.report", "decisions") + `) FROM results r WHERE r.submission_id = s.id)
FROM submissions s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, fit, dec, wantFit, wantDec int
		if err := rows.Scan(&id, &fit, &dec, &wantFit, &wantDec); err != nil {
			t.Fatal(err)
		}
		if fit != wantFit || dec != wantDec {
			t.Errorf("submission %d stores %d fitting of %d decisions; its reports say %d of %d", id, fit, dec, wantFit, wantDec)
		}
		if dec == 0 {
			t.Errorf("submission %d stores no decisions", id)
		}
		n++
	}
	if err := rows.Err(); err != nil || n == 0 {
		t.Fatalf("%d submissions read: %v", n, err)
	}
}

// TestNormsFlagLostCustomers: every candidate who lost a customer is
// flagged beside their verdict with how many scenarios, the group summary
// counts them, and each submission's stored count (migration 8) is its
// results' count.
func TestNormsFlagLostCustomers(t *testing.T) {
	h := newHarness(t)
	a, _ := seedEvidence(t, h, 30)
	if n := h.scalar("SELECT count(*) FROM submissions s WHERE lost <> (SELECT count(*) FROM results r WHERE r.submission_id = s.id AND r.ending = 'lost')"); n != 0 {
		t.Errorf("%d submissions store a lost count that is not their results'", n)
	}
	withLost := h.scalar("SELECT count(*) FROM submissions WHERE assessment_id = ? AND lost > 0", a.ID)
	if withLost == 0 {
		t.Fatal("no simulated candidate lost a customer: the fixture cannot test the flag")
	}
	b := h.browser()
	b.login()
	_, page := b.get(fmt.Sprintf("/assessments/%d/evidence", a.ID))
	if got := strings.Count(page, "⚑ customer lost in "); got != withLost {
		t.Errorf("%d standings flagged for a lost customer, want %d", got, withLost)
	}
	if !strings.Contains(page, fmt.Sprintf("%d lost the customer in at least one scenario", withLost)) {
		t.Error("the group summary does not count the candidates who lost a customer")
	}
}
