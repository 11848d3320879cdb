package panel

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rescoredFixture seeds the planted assessment with n candidates and
// re-scores it under the corrected key, so that some submissions have
// earlier reports (result_history) and every candidate is named in the
// re-score record. It returns the assessment, a submission with earlier
// reports (given a device signal too) and the owner's browser.
func rescoredFixture(t *testing.T, h *harness, n int) (*Assessment, *Submission, *browser, string) {
	t.Helper()
	a, original := seedEvidence(t, h, n)
	b := h.browser()
	csrf := b.login()
	if resp, body := postRescore(b, a.ID, csrf, nil, map[string][2]string{"revised_1": {"v01-minibar-charge.toml", string(original)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("re-score: %d %s", resp.StatusCode, body)
	}
	subs, err := h.srv.store.Submissions(context.Background(), a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if h.scalar("SELECT count(*) FROM result_history WHERE submission_id = ?", s.ID) > 0 {
			if _, err := h.srv.store.db.Exec("INSERT INTO submission_devices(submission_id, device) VALUES(?, ?)", s.ID, []byte{0xde, 0xad, 0xbe, 0xef}); err != nil {
				t.Fatal(err)
			}
			return a, s, b, csrf
		}
	}
	t.Fatal("the corrected key changed no candidate's report")
	return nil, nil, nil, ""
}

func TestDeleteCandidateRemovesEverythingButTheAuditEntry(t *testing.T) {
	h := newHarness(t)
	a, target, owner, csrf := rescoredFixture(t, h, 12)
	id := itoa(target.ID)
	name := target.Candidate
	auditBefore := h.scalar("SELECT count(*) FROM audit_log")
	if h.scalar("SELECT count(*) FROM rescores WHERE "+h.sqlContains("record"), name) != 1 {
		t.Fatal("the re-score record does not name the candidate before the deletion")
	}

	// The confirmation page names what goes and carries the CSRF token.
	resp, page := owner.get("/submissions/" + id + "/delete")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, name) || !strings.Contains(page, `name="confirm" value="`+id+`"`) || !strings.Contains(page, `name="csrf"`) {
		t.Fatalf("confirmation page: %d\n%s", resp.StatusCode, page)
	}
	// Without the confirmation, nothing happens.
	if resp, _ := owner.postForm("/submissions/"+id+"/delete", url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unconfirmed deletion: %d", resp.StatusCode)
	}
	if h.scalar("SELECT count(*) FROM submissions WHERE id = ?", target.ID) != 1 {
		t.Fatal("an unconfirmed request deleted the submission")
	}
	resp, body := owner.postForm("/submissions/"+id+"/delete", url.Values{"csrf": {csrf}, "confirm": {id}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/assessments/%d?deleted=%s", a.ID, id) {
		t.Fatalf("deletion: %d %q %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}

	for _, q := range []string{
		"SELECT count(*) FROM submissions WHERE id = ?",
		"SELECT count(*) FROM results WHERE submission_id = ?",
		"SELECT count(*) FROM result_history WHERE submission_id = ?",
		"SELECT count(*) FROM submission_devices WHERE submission_id = ?",
	} {
		if n := h.scalar(q, target.ID); n != 0 {
			t.Errorf("%s: %d rows left", q, n)
		}
	}
	if n := h.scalar("SELECT count(*) FROM rescores WHERE "+h.sqlContains("record"), name); n != 0 {
		t.Errorf("the candidate's name is still in %d re-score records", n)
	}
	// The other candidates are untouched, in the re-score record too.
	if n := h.scalar("SELECT count(*) FROM submissions WHERE assessment_id = ?", a.ID); n != 11 {
		t.Errorf("%d submissions left, want 11", n)
	}
	recs, err := h.srv.store.Rescores(context.Background(), a.ID)
	if err != nil || len(recs) != 1 || len(recs[0].Candidates) != 12 {
		t.Fatalf("re-score record after the deletion: %v %+v", err, recs)
	}
	for _, c := range recs[0].Candidates {
		if c.Submission == target.ID && c.Candidate != deletedName || c.Submission != target.ID && !strings.HasPrefix(c.Candidate, "Candidate ") {
			t.Errorf("re-score record's candidate %d is %q", c.Submission, c.Candidate)
		}
	}
	// The invite stays spent (and loses its label).
	if n := h.scalar("SELECT count(*) FROM invites WHERE id = ? AND used_at IS NOT NULL AND label = ''", target.InviteID); n != 1 {
		t.Error("the candidate's invite is no longer spent, or keeps its label")
	}
	// The audit log lost nothing and gained one entry naming the
	// submission, not the candidate; no entry names the candidate.
	if n := h.scalar("SELECT count(*) FROM audit_log"); n != auditBefore+1 {
		t.Errorf("audit log has %d entries, want %d", n, auditBefore+1)
	}
	var target2, detail string
	if err := h.srv.store.db.QueryRow("SELECT target, detail FROM audit_log WHERE action = 'candidate.deleted'").Scan(&target2, &detail); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(target2, "submission "+id) || !strings.Contains(detail, "candidate data deleted") {
		t.Errorf("audit entry: %q %q", target2, detail)
	}
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE "+h.sqlContains("detail")+" OR "+h.sqlContains("target"), name, name); n != 0 {
		t.Errorf("%d audit entries name the deleted candidate", n)
	}
	// The pages no longer find it; the assessment page says it was deleted.
	if resp, _ := owner.get("/submissions/" + id); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted submission's page: %d", resp.StatusCode)
	}
	if _, page := owner.get(resp.Header.Get("Location")); !strings.Contains(page, "The data of submission "+id+" was deleted") || strings.Contains(page, name) {
		t.Error("the assessment page does not confirm the deletion, or still names the candidate")
	}
	// A second request finds nothing to delete.
	if resp, _ := owner.postForm("/submissions/"+id+"/delete", url.Values{"csrf": {csrf}, "confirm": {id}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleting again: %d", resp.StatusCode)
	}
}

func TestCandidateExportHoldsEverything(t *testing.T) {
	h := newHarness(t)
	a, target, owner, _ := rescoredFixture(t, h, 12)
	id := itoa(target.ID)
	resp, body := owner.get("/submissions/" + id + "/export.json")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "candidate-"+id+".json") {
		t.Fatalf("export: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	var x struct {
		Submission struct {
			ID         int64  `json:"id"`
			Candidate  string `json:"candidate"`
			Assessment string `json:"assessment"`
			Archetype  string `json:"archetype"`
		} `json:"submission"`
		Results []struct {
			Scenario   string          `json:"scenario"`
			Transcript json.RawMessage `json:"transcript"`
			Report     json.RawMessage `json:"report"`
		} `json:"results"`
		History  []struct{ Report json.RawMessage } `json:"history"`
		Device   string                             `json:"device_signal"`
		Rescores []struct {
			Change struct {
				Submission int64  `json:"submission"`
				Candidate  string `json:"candidate"`
			} `json:"change"`
		} `json:"rescores"`
		Audit []AuditEntry `json:"audit"`
	}
	if err := json.Unmarshal([]byte(body), &x); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, body)
	}
	if x.Submission.ID != target.ID || x.Submission.Candidate != target.Candidate || x.Submission.Assessment != a.Name || x.Submission.Archetype == "" {
		t.Errorf("submission: %+v", x.Submission)
	}
	if len(x.Results) != len(a.Scenarios) {
		t.Fatalf("%d results, want %d", len(x.Results), len(a.Scenarios))
	}
	for i, r := range x.Results {
		var tr, rep map[string]any
		if json.Unmarshal(r.Transcript, &tr) != nil || json.Unmarshal(r.Report, &rep) != nil || r.Scenario != a.Scenarios[i].ID {
			t.Errorf("result %d: scenario %q, transcript or report missing", i, r.Scenario)
		}
	}
	if want := h.scalar("SELECT count(*) FROM result_history WHERE submission_id = ?", target.ID); want == 0 || len(x.History) != want {
		t.Errorf("%d earlier reports, want %d", len(x.History), want)
	}
	if x.Device != hex.EncodeToString([]byte{0xde, 0xad, 0xbe, 0xef}) {
		t.Errorf("device signal %q", x.Device)
	}
	if len(x.Rescores) != 1 || x.Rescores[0].Change.Submission != target.ID || x.Rescores[0].Change.Candidate != target.Candidate {
		t.Errorf("re-score entries: %+v", x.Rescores)
	}
	var received bool
	for _, e := range x.Audit {
		received = received || e.Action == "submission.received"
		if !strings.HasSuffix(e.Target, "submission "+id) {
			t.Errorf("audit entry about another target: %+v", e)
		}
	}
	if !received {
		t.Errorf("the export lacks the audit entry of the submission: %+v", x.Audit)
	}
	// The download is in the audit log, and the next export lists it.
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE action = 'candidate.exported' AND target = ?", submissionTarget(a.ID, target.ID)); n != 1 {
		t.Errorf("%d audit entries for the export, want 1", n)
	}
	_, body = owner.get("/submissions/" + id + "/export.json")
	if !strings.Contains(body, `"candidate.exported"`) {
		t.Error("the second export does not list the first")
	}
	// Another candidate's export holds none of this one's data.
	other := target.ID - 1
	if other < 1 {
		other = target.ID + 1
	}
	if _, body := owner.get(fmt.Sprintf("/submissions/%d/export.json", other)); strings.Contains(body, target.Candidate) || strings.Contains(body, "deadbeef") {
		t.Error("another candidate's export holds this candidate's data")
	}
}

// submitAt stores one submission to a, received at the harness's clock.
func submitAt(t *testing.T, h *harness, a *Assessment, name string, seed uint64) int64 {
	t.Helper()
	req := validBody(t, a, rand.New(rand.NewPCG(seed, 7)))
	req.Candidate = name
	status, out := h.submit(h.invite(a, 365*24*time.Hour), mustJSON(t, req))
	if status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, out)
	}
	return int64(h.scalar("SELECT max(id) FROM submissions"))
}

func TestRetentionSweepDeletesOnlyExpired(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.RetentionSweep = -1 })
	defer func(b int) { retentionBatch = b }(retentionBatch)
	retentionBatch = 2 // five expired submissions take three batches
	ctx := context.Background()
	short := h.assessment(false, 1)
	kept := h.store("Kept", false, 2, []Source{{Origin: "upload:test-desk.toml", File: "test-desk.toml", Data: []byte(testTOML)}})
	if err := h.srv.store.SetRetention(ctx, Actor{Email: testOwner}, short.ID, 30, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	var old []int64
	for i := range 5 {
		old = append(old, submitAt(t, h, short, fmt.Sprintf("Old Candidate %d", i), uint64(i)))
	}
	keptID := submitAt(t, h, kept, "Kept Candidate", 9)
	h.clock.Add(10 * 24 * time.Hour)
	recent := submitAt(t, h, short, "Recent Candidate", 10)

	// 29 days after the first ones: nothing is due.
	h.clock.Add(19 * 24 * time.Hour)
	if n, err := h.srv.store.SweepRetention(ctx, h.clock.Now()); err != nil || n != 0 {
		t.Fatalf("early sweep deleted %d (%v)", n, err)
	}
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE action = 'retention.swept'"); n != 0 {
		t.Errorf("a sweep that deleted nothing wrote %d audit entries", n)
	}
	// 31 days after: the five old ones go, in one sweep.
	h.clock.Add(2 * 24 * time.Hour)
	if n, err := h.srv.store.SweepRetention(ctx, h.clock.Now()); err != nil || n != 5 {
		t.Fatalf("sweep deleted %d (%v), want 5", n, err)
	}
	for _, id := range old {
		if h.scalar("SELECT count(*) FROM submissions WHERE id = ?", id)+h.scalar("SELECT count(*) FROM results WHERE submission_id = ?", id) != 0 {
			t.Errorf("expired submission %d is still stored", id)
		}
	}
	if h.scalar("SELECT count(*) FROM submissions WHERE id IN (?, ?)", recent, keptID) != 2 {
		t.Error("the sweep deleted a submission within its period, or one of an assessment without retention")
	}
	var detail string
	if err := h.srv.store.db.QueryRow("SELECT detail FROM audit_log WHERE action = 'retention.swept'").Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("5 submissions past their assessment's retention period deleted (assessment %d: 5)", short.ID); detail != want {
		t.Errorf("audit detail %q, want %q", detail, want)
	}
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE "+h.sqlContains("detail"), "Old Candidate"); n != 0 {
		t.Error("the audit log names a deleted candidate")
	}
	// Years later, the assessment without retention still keeps its own.
	h.clock.Add(3 * 365 * 24 * time.Hour)
	if n, _ := h.srv.store.SweepRetention(ctx, h.clock.Now()); n != 1 || h.scalar("SELECT count(*) FROM submissions WHERE id = ?", keptID) != 1 {
		t.Errorf("late sweep deleted %d; kept candidate gone: %v", n, h.scalar("SELECT count(*) FROM submissions WHERE id = ?", keptID) == 0)
	}
}

func TestRetentionSweepRunsAtStart(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.RetentionSweep = -1 })
	a := h.assessment(false, 3)
	if err := h.srv.store.SetRetention(context.Background(), Actor{}, a.ID, 7, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	submitAt(t, h, a, "Someone", 1)
	h.ts.Close()
	if err := h.srv.Close(); err != nil {
		t.Fatal(err)
	}
	later := h.clock.Now().Add(8 * 24 * time.Hour)
	srv, err := New(context.Background(), Options{DBPath: h.srv.opts.DBPath, OwnerEmail: testOwner, Password: testPassword, BcryptCost: h.srv.opts.BcryptCost,
		Now: func() time.Time { return later }, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	// Close waits for the sweep under way; the start's sweep runs first.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := OpenStore(context.Background(), h.srv.opts.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var subs, swept int
	st.db.QueryRow("SELECT count(*) FROM submissions").Scan(&subs)
	st.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = 'retention.swept'").Scan(&swept)
	if subs != 0 || swept != 1 {
		t.Errorf("after a start 8 days later: %d submissions, %d sweep entries; want 0 and 1", subs, swept)
	}
}

func TestRetentionIsSetWhenCreatingAndChangedByAuthors(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	ocsrf := owner.login()
	author, acsrf := h.member(owner, ocsrf, "arturo@example.org", RoleAuthor)
	resp, body := author.postMultipart("/assessments", url.Values{"csrf": {acsrf}, "name": {"Kept a while"}, "retention_days": {"90"}}, map[string]string{"test-desk.toml": testTOML})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	loc := resp.Header.Get("Location")
	id := int64(h.scalar("SELECT max(id) FROM assessments"))
	if days, _ := h.srv.store.Retention(context.Background(), id); days != 90 {
		t.Errorf("retention %d, want 90", days)
	}
	if _, page := author.get(loc); !strings.Contains(page, "deleted 90 days after they are submitted") {
		t.Error("the assessment page does not state its retention")
	}
	// A bad value is refused with a message and changes nothing.
	resp, body = author.postForm(loc+"/retention", url.Values{"csrf": {acsrf}, "retention_days": {"-3"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "whole number of days") {
		t.Errorf("bad retention: %d", resp.StatusCode)
	}
	resp, _ = author.postForm(loc+"/retention", url.Values{"csrf": {acsrf}, "retention_days": {"0"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("change: %d", resp.StatusCode)
	}
	if days, _ := h.srv.store.Retention(context.Background(), id); days != 0 {
		t.Errorf("retention %d after the change, want 0", days)
	}
	if _, page := author.get(loc); !strings.Contains(page, "kept until an owner deletes them") {
		t.Error("the assessment page does not say results are kept")
	}
	if n := h.scalar("SELECT count(*) FROM audit_log WHERE action = 'assessment.retention' AND target = ?", fmt.Sprintf("assessment %d", id)); n != 2 {
		t.Errorf("%d audit entries for retention changes, want 2", n)
	}
	// The form refuses a bad value on creation too.
	if resp, body := author.postMultipart("/assessments", url.Values{"csrf": {acsrf}, "name": {"Bad"}, "retention_days": {"forever"}}, map[string]string{"test-desk.toml": testTOML}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "retention period") {
		t.Errorf("bad retention on creation: %d", resp.StatusCode)
	}
}

// BenchmarkRetentionSweep: the hourly sweep over 20,000 stored
// submissions when none is due, and deleting 1,000 expired ones (with
// their results) in batches.
func BenchmarkRetentionSweep(b *testing.B) {
	h := newHarnessWith(b, func(o *Options) { o.RetentionSweep = -1 })
	ctx := context.Background()
	a := h.assessment(true, 2026, "double-charge")
	seedSubmissions(b, h, a, 20_000)
	if err := h.srv.store.SetRetention(ctx, Actor{}, a.ID, 30, h.clock.Now()); err != nil {
		b.Fatal(err)
	}
	b.Run("none-due-20k", func(b *testing.B) {
		for b.Loop() {
			if n, err := h.srv.store.SweepRetention(ctx, h.clock.Now()); err != nil || n != 0 {
				b.Fatalf("deleted %d (%v)", n, err)
			}
		}
	})
	b.Run("delete-1000", func(b *testing.B) {
		short := h.assessment(true, 2027, "double-charge")
		if err := h.srv.store.SetRetention(ctx, Actor{}, short.ID, 1, h.clock.Now()); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			b.StopTimer()
			seedSubmissions(b, h, short, 1000)
			b.StartTimer()
			if n, err := h.srv.store.SweepRetention(ctx, h.clock.Now().Add(2*24*time.Hour)); err != nil || n != 1000 {
				b.Fatalf("deleted %d (%v)", n, err)
			}
		}
	})
}
