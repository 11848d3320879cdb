package panel

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Data lifecycle: how long a candidate's data is kept, deleting one
// candidate's data on request and exporting everything held about one
// candidate (subject-access requests).
//
// Each assessment has a retention period in days (0 = kept until deleted
// by hand, the default). The server deletes the submissions received more
// than that many days ago at start and every Options.RetentionSweep, in
// batches of retentionBatch, with one audit entry per sweep that deleted
// anything (counts per assessment, never names). Deleting a candidate
// removes the submission, its results (transcripts and reports), its
// earlier reports (result_history), its device signal
// (submission_devices) and the candidate's name from the stored re-score
// records; the invite stays spent and the audit log keeps an entry naming
// the submission id only.

// MaxRetentionDays bounds an assessment's retention period (ten years).
const MaxRetentionDays = 3650

// retentionBatch is how many submissions one transaction of a sweep
// deletes, so that a sweep never holds the database for long (a variable
// for tests).
var retentionBatch = 200

// deletedName replaces a deleted candidate's name in re-score records.
const deletedName = "(deleted)"

// lifecycleRoutes adds the pages of deletion, export and retention.
func (s *Server) lifecycleRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /submissions/{id}/delete", s.need(RoleOwner, s.handleDeleteCandidatePage))
	m.HandleFunc("POST /submissions/{id}/delete", s.need(RoleOwner, s.handleDeleteCandidate))
	m.HandleFunc("GET /submissions/{id}/export.json", s.need(RoleOwner, s.handleCandidateExport))
	m.HandleFunc("POST /assessments/{id}/retention", s.need(RoleAuthor, s.handleSetRetention))
}

// ParseRetention reads a retention period typed in a form: empty is 0
// (keep), otherwise a whole number of days from 0 to MaxRetentionDays.
func ParseRetention(text string) (int, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 || n > MaxRetentionDays {
		return 0, fmt.Errorf("the retention period must be a whole number of days from 0 (keep) to %d", MaxRetentionDays)
	}
	return n, nil
}

// Retention returns an assessment's retention period in days (0 = keep).
func (s *Store) Retention(ctx context.Context, assessmentID int64) (int, error) {
	var days int
	err := s.db.QueryRowContext(ctx, "SELECT retention_days FROM assessments WHERE id = ?", assessmentID).Scan(&days)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return days, err
}

// SetRetention changes an assessment's retention period and says so in
// the audit log.
func (s *Store) SetRetention(ctx context.Context, by Actor, assessmentID int64, days int, now time.Time) error {
	return s.setRetention(ctx, "assessments", assessmentID, days, func(before int) AuditEntry {
		return by.entry(now, "assessment.retention", fmt.Sprintf("assessment %d", assessmentID),
			fmt.Sprintf("retention %s → %s", retentionText(before), retentionText(days)))
	})
}

// setRetention sets retention_days of row id of table (assessments or
// teams) and appends the audit entry entry(before) in the same
// transaction, when the period changes.
func (s *Store) setRetention(ctx context.Context, table string, id int64, days int, entry func(before int) AuditEntry) error {
	if days < 0 || days > MaxRetentionDays {
		return fmt.Errorf("the retention period must be from 0 to %d days", MaxRetentionDays)
	}
	return s.inTx(ctx, func(tx *sqlTx) error {
		var before int
		err := tx.QueryRowContext(ctx, "SELECT retention_days FROM "+table+" WHERE id = ?", id).Scan(&before)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || before == days {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET retention_days = ? WHERE id = ?", days, id); err != nil {
			return err
		}
		return appendAudit(ctx, tx, entry(before))
	})
}

// retentionText says a retention period in words.
func retentionText(days int) string {
	if days == 0 {
		return "kept until deleted"
	}
	return plural(days, "day", "days") + " after submission"
}

// submissionTarget is the audit log's target for a submission (as
// submit.go writes it).
func submissionTarget(assessmentID, id int64) string {
	return fmt.Sprintf("assessment %d, submission %d", assessmentID, id)
}

// deletedCounts is what deleting submissions removed.
type deletedCounts struct {
	results, history, devices, rescores int
}

// deleteSubmissionTx deletes one submission and everything stored for it
// but its invite (which stays spent) and the audit log, and scrubs the
// candidate's name from the assessment's re-score records.
func deleteSubmissionTx(ctx context.Context, tx *sqlTx, assessmentID, id int64, c *deletedCounts) error {
	for _, d := range []struct {
		q string
		n *int
	}{
		{"DELETE FROM result_history WHERE submission_id = ?", &c.history},
		{"DELETE FROM submission_devices WHERE submission_id = ?", &c.devices},
		{"DELETE FROM results WHERE submission_id = ?", &c.results},
	} {
		res, err := tx.ExecContext(ctx, d.q, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		*d.n += int(n)
	}
	// The invite stays spent; its label often holds the candidate's name.
	if _, err := tx.ExecContext(ctx, "UPDATE invites SET label = '' WHERE id = (SELECT invite_id FROM submissions WHERE id = ?)", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM submissions WHERE id = ?", id); err != nil {
		return fmt.Errorf("delete submission %d: %w", id, err)
	}
	n, err := scrubRescores(ctx, tx, assessmentID, id)
	c.rescores += n
	return err
}

// scrubRescores replaces submission id's candidate name in the
// assessment's re-score records by deletedName, keeping the rest of each
// record as stored (its summaries hold no personal data). It returns how
// many records it changed.
func scrubRescores(ctx context.Context, tx *sqlTx, assessmentID, id int64) (int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, record FROM rescores WHERE assessment_id = ?", assessmentID)
	if err != nil {
		return 0, err
	}
	type change struct {
		id     int64
		record []byte
	}
	var changes []change
	for rows.Next() {
		var rid int64
		var data []byte
		if err := rows.Scan(&rid, &data); err != nil {
			rows.Close()
			return 0, err
		}
		out, changed, err := scrubRecord(data, id)
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("re-score %d: %w", rid, err)
		}
		if changed {
			changes = append(changes, change{rid, out})
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, "UPDATE rescores SET record = ? WHERE id = ?", string(c.record), c.id); err != nil {
			return 0, err
		}
	}
	return len(changes), nil
}

// scrubRecord rewrites one re-score record's candidate entry for
// submission id, keeping every other field as it was.
func scrubRecord(data []byte, id int64) ([]byte, bool, error) {
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, false, err
	}
	var cands []map[string]json.RawMessage
	if raw, ok := rec["candidates"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &cands); err != nil {
			return nil, false, err
		}
	}
	name, _ := json.Marshal(deletedName)
	changed := false
	for _, c := range cands {
		var sub int64
		if json.Unmarshal(c["submission"], &sub) == nil && sub == id {
			if string(c["candidate"]) != string(name) {
				c["candidate"] = name
				changed = true
			}
		}
	}
	if !changed {
		return data, false, nil
	}
	raw, err := json.Marshal(cands)
	if err != nil {
		return nil, false, err
	}
	rec["candidates"] = raw
	out, err := json.Marshal(rec)
	return out, true, err
}

// DeleteCandidate deletes one candidate's data on request: the
// submission, its results, earlier reports and device signal, and their
// name in the re-score records. The invite stays spent; the audit log
// keeps an entry naming the submission id, not the candidate. It returns
// the submission's assessment.
func (s *Store) DeleteCandidate(ctx context.Context, by Actor, id int64, now time.Time) (int64, error) {
	var assessmentID int64
	err := s.inTx(ctx, func(tx *sqlTx) error {
		err := tx.QueryRowContext(ctx, "SELECT assessment_id FROM submissions WHERE id = ?", id).Scan(&assessmentID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var c deletedCounts
		if err := deleteSubmissionTx(ctx, tx, assessmentID, id, &c); err != nil {
			return err
		}
		return appendAudit(ctx, tx, by.entry(now, "candidate.deleted", submissionTarget(assessmentID, id),
			fmt.Sprintf("candidate data deleted on request: the submission, %s, %s, %s; the name taken out of %s; the invite stays spent",
				plural(c.results, "result", "results"), plural(c.history, "earlier report", "earlier reports"),
				plural(c.devices, "device signal", "device signals"), plural(c.rescores, "re-score record", "re-score records"))))
	})
	return assessmentID, err
}

// SweepRetention deletes the submissions received longer ago than their
// assessment's retention period, in batches, and writes one audit entry
// (counts per assessment, never names) when it deleted any. It returns
// how many it deleted.
func (s *Store) SweepRetention(ctx context.Context, now time.Time) (int, error) {
	perAssessment, total, err := s.sweepDue(ctx, `SELECT s.id, s.assessment_id FROM submissions s JOIN assessments a ON a.id = s.assessment_id
WHERE a.retention_days > 0 AND s.received_at < ? - a.retention_days * 86400000 ORDER BY s.id LIMIT ?`, ms(now),
		func(tx *sqlTx, d dueRow) error {
			var c deletedCounts
			return deleteSubmissionTx(ctx, tx, d.group, d.id, &c)
		})
	if err != nil || total == 0 {
		return total, err
	}
	ids := sortedIDs(perAssessment)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("assessment %d: %d", id, perAssessment[id])
	}
	detail := fmt.Sprintf("%s past their assessment's retention period deleted (%s)", plural(total, "submission", "submissions"), strings.Join(parts, ", "))
	return total, s.AppendAudit(ctx, Actor{}.entry(now, "retention.swept", "submissions", detail))
}

// dueRow is a row past its retention period and the assessment or team
// it belongs to.
type dueRow struct{ id, group int64 }

// sweepDue reads the rows that query (bound to now and a batch size)
// names as due, retentionBatch at a time, and deletes each batch in one
// transaction with del. It returns how many it deleted per group, and in
// all.
func (s *Store) sweepDue(ctx context.Context, query string, now int64, del func(tx *sqlTx, d dueRow) error) (map[int64]int, int, error) {
	perGroup := map[int64]int{}
	total := 0
	for {
		rows, err := s.db.QueryContext(ctx, query, now, retentionBatch)
		if err != nil {
			return perGroup, total, err
		}
		var batch []dueRow
		for rows.Next() {
			var d dueRow
			if err := rows.Scan(&d.id, &d.group); err != nil {
				rows.Close()
				return perGroup, total, err
			}
			batch = append(batch, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(batch) == 0 {
			return perGroup, total, err
		}
		err = s.inTx(ctx, func(tx *sqlTx) error {
			for _, d := range batch {
				if err := del(tx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return perGroup, total, err
		}
		for _, d := range batch {
			perGroup[d.group]++
		}
		total += len(batch)
		if len(batch) < retentionBatch {
			return perGroup, total, nil
		}
	}
}

// sortedIDs returns m's keys in increasing order.
func sortedIDs(m map[int64]int) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// sweeper runs the retention sweep at start and every
// Options.RetentionSweep until Close.
func (s *Server) sweeper() {
	defer close(s.sweepDone)
	every := s.opts.RetentionSweep
	if every < 0 {
		return
	}
	if every == 0 {
		every = time.Hour
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		n, err := s.store.SweepRetention(ctx, s.now())
		cancel()
		if err != nil {
			s.log.Error("retention sweep", "err", err)
		} else if n > 0 {
			s.log.Info("retention sweep", "deleted", n)
		}
		s.sweepTeams()
		select {
		case <-s.closing:
			return
		case <-t.C:
		}
	}
}

// CandidateExport is everything the panel holds about one candidate.
type CandidateExport struct {
	Exported   time.Time         `json:"exported"`
	Submission candidateSubHead  `json:"submission"`
	Results    []candidateResult `json:"results"`
	// History is the reports kept from before each re-score.
	History []candidateHistory `json:"history"`
	// Device is the keyed hash of the device cookie the candidate's
	// browser sent (limit.go), hex; "" when none was recorded.
	Device string `json:"device_signal"`
	// Rescores is this candidate's entry in each re-score record.
	Rescores []json.RawMessage `json:"rescores"`
	// Audit is every audit entry about this submission.
	Audit []candidateAudit `json:"audit"`
}

type candidateSubHead struct {
	ID           int64           `json:"id"`
	AssessmentID int64           `json:"assessment_id"`
	Assessment   string          `json:"assessment"`
	InviteID     int64           `json:"invite_id"`
	InviteLabel  string          `json:"invite_label"`
	Candidate    string          `json:"candidate"`
	StartedAt    string          `json:"started_at"`
	FinishedAt   string          `json:"finished_at"`
	Received     time.Time       `json:"received"`
	Client       json.RawMessage `json:"client"`
	Archetype    string          `json:"archetype"`
	Weights      any             `json:"weights"`
	Drift        any             `json:"drift"`
}

type candidateResult struct {
	Position   int             `json:"position"`
	Scenario   string          `json:"scenario"`
	Ending     string          `json:"ending"`
	Archetype  string          `json:"archetype"`
	Transcript json.RawMessage `json:"transcript"`
	Report     json.RawMessage `json:"report"`
}

type candidateHistory struct {
	Rescore  int64           `json:"rescore"`
	Position int             `json:"position"`
	Report   json.RawMessage `json:"report"`
}

type candidateAudit struct {
	AuditEntry
	At time.Time `json:"at"`
}

// CandidateExport gathers everything held about submission id.
func (s *Store) CandidateExport(ctx context.Context, id int64, assessmentName string, now time.Time) (*CandidateExport, error) {
	sub, err := s.SubmissionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	x := &CandidateExport{
		Exported: now.UTC(),
		Submission: candidateSubHead{ID: sub.ID, AssessmentID: sub.AssessmentID, Assessment: assessmentName, InviteID: sub.InviteID,
			InviteLabel: sub.InviteLabel, Candidate: sub.Candidate, StartedAt: sub.StartedAt, FinishedAt: sub.FinishedAt,
			Received: sub.Received.UTC(), Client: sub.Client, Archetype: sub.Archetype, Weights: sub.Weights, Drift: sub.Drift},
		Results:  []candidateResult{},
		History:  []candidateHistory{},
		Rescores: []json.RawMessage{},
		Audit:    []candidateAudit{},
	}
	if len(x.Submission.Client) == 0 {
		x.Submission.Client = json.RawMessage("null")
	}
	for _, r := range sub.Results {
		x.Results = append(x.Results, candidateResult{Position: r.Position, Scenario: r.ScenarioID, Ending: r.Ending, Archetype: r.Archetype, Transcript: r.Transcript, Report: r.Report})
	}
	rows, err := s.db.QueryContext(ctx, "SELECT rescore_id, position, report FROM result_history WHERE submission_id = ? ORDER BY rescore_id, position", id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h candidateHistory
		var rep string
		if err := rows.Scan(&h.Rescore, &h.Position, &rep); err != nil {
			rows.Close()
			return nil, err
		}
		h.Report = json.RawMessage(rep)
		x.History = append(x.History, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var device []byte
	err = s.db.QueryRowContext(ctx, "SELECT device FROM submission_devices WHERE submission_id = ?", id).Scan(&device)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	x.Device = hex.EncodeToString(device)
	rows, err = s.db.QueryContext(ctx, "SELECT record FROM rescores WHERE assessment_id = ? ORDER BY id", sub.AssessmentID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			rows.Close()
			return nil, err
		}
		var rec struct {
			ID         int64             `json:"id"`
			At         time.Time         `json:"at"`
			Candidates []json.RawMessage `json:"candidates"`
		}
		if json.Unmarshal(data, &rec) != nil {
			continue
		}
		for _, c := range rec.Candidates {
			var head struct {
				Submission int64 `json:"submission"`
			}
			if json.Unmarshal(c, &head) == nil && head.Submission == id {
				entry, _ := json.Marshal(map[string]any{"rescore": rec.ID, "at": rec.At, "change": c})
				x.Rescores = append(x.Rescores, entry)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log WHERE target = ? ORDER BY id", submissionTarget(sub.AssessmentID, id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		x.Audit = append(x.Audit, candidateAudit{AuditEntry: e, At: e.At.UTC()})
	}
	return x, rows.Err()
}

// ---- pages ----

type deleteCandidateData struct {
	Sub *Submission
	A   *Assessment
}

func (s *Server) handleDeleteCandidatePage(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.pathSubmission(w, r)
	if !ok {
		return
	}
	a, err := s.assessment(r.Context(), sub.AssessmentID)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "deletecandidate", "Delete a candidate's data", deleteCandidateData{Sub: sub, A: a})
}

func (s *Server) handleDeleteCandidate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if r.PostFormValue("confirm") != strconv.FormatInt(id, 10) {
		s.errorPage(w, r, http.StatusBadRequest, "Not deleted", "Confirm the deletion on the submission's delete page first.")
		return
	}
	aid, err := s.store.DeleteCandidate(r.Context(), s.actor(r), id, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d?deleted=%d", aid, id), http.StatusSeeOther)
}

func (s *Server) handleCandidateExport(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.pathSubmission(w, r)
	if !ok {
		return
	}
	a, err := s.assessment(r.Context(), sub.AssessmentID)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	x, err := s.store.CandidateExport(r.Context(), sub.ID, a.Name, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"candidate-%d.json\"", sub.ID))
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		s.log.Error("candidate export", "submission", sub.ID, "err", err)
		return
	}
	s.audit(r, "candidate.exported", submissionTarget(sub.AssessmentID, sub.ID), "everything held about the candidate, for a subject-access request")
}

func (s *Server) handleSetRetention(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	days, err := ParseRetention(r.PostFormValue("retention_days"))
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Not changed", capitalize(err.Error())+".")
		return
	}
	err = s.store.SetRetention(r.Context(), s.actor(r), id, days, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	s.mu.Lock()
	delete(s.assessments, id)
	s.mu.Unlock()
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d#retention", id), http.StatusSeeOther)
}
