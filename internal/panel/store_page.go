package panel

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Lists that grow with use (candidates, invite links, assessments) are
// read a page at a time by keyset pagination: a page is the rows whose id
// is below (or above) the last id shown, found through the id's index, so
// the 2,000th page costs what the first does (OFFSET would read and skip
// every row before it). Exports read in batches the same way and write
// each row as it is read. Counts come from SQL aggregates, never from
// loading rows. The SQL is portable (no SQLite-only syntax).

// PageSize is how many rows one list of a panel page shows.
const PageSize = 50

// exportBatch is how many submissions an export reads at a time.
const exportBatch = 100

// Keyset is where a page of a newest-first list starts: the rows older
// than Before, or the rows newer than After; neither means the newest.
type Keyset struct {
	Before int64
	After  int64
}

// Window tells what lies around a page: the ids of its first (newest) and
// last (oldest) rows, and whether newer or older rows exist.
type Window struct {
	First, Last  int64
	Newer, Older bool
}

// keysetIDs returns the ids of one page of table (aliased t) where filter
// holds, newest first. Only the id index is read.
func (s *Store) keysetIDs(ctx context.Context, table, filter string, args []any, k Keyset, limit int) ([]int64, Window, error) {
	var w Window
	if limit < 1 {
		limit = PageSize
	}
	where := []string{}
	if filter != "" {
		where = append(where, filter)
	}
	qargs := append([]any{}, args...)
	order := "DESC"
	switch {
	case k.After > 0:
		where = append(where, "t.id > ?")
		qargs = append(qargs, k.After)
		order = "ASC"
	case k.Before > 0:
		where = append(where, "t.id < ?")
		qargs = append(qargs, k.Before)
	}
	q := "SELECT t.id FROM " + table + " t"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY t.id %s LIMIT %d", order, limit+1)
	rows, err := s.db.QueryContext(ctx, q, qargs...)
	if err != nil {
		return nil, w, err
	}
	ids := make([]int64, 0, limit+1)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, w, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, w, err
	}
	more := len(ids) > limit
	if more {
		ids = ids[:limit]
	}
	if order == "ASC" {
		slices.Reverse(ids)
	}
	if len(ids) == 0 {
		// Past either end: offer the way back to the newest.
		w.Newer = k.Before > 0 || k.After > 0
		return ids, w, nil
	}
	w.First, w.Last = ids[0], ids[len(ids)-1]
	switch {
	case k.After > 0:
		w.Newer = more
		w.Older, err = s.exists(ctx, table, filter, args, "t.id < ?", w.Last)
	case k.Before > 0:
		w.Older = more
		w.Newer, err = s.exists(ctx, table, filter, args, "t.id > ?", w.First)
	default:
		w.Older = more
	}
	return ids, w, err
}

func (s *Store) exists(ctx context.Context, table, filter string, args []any, cond string, id int64) (bool, error) {
	q := "SELECT t.id FROM " + table + " t WHERE " + cond
	if filter != "" {
		q += " AND " + filter
	}
	var got int64
	err := s.db.QueryRowContext(ctx, q+" LIMIT 1", append([]any{id}, args...)...).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// SubmissionsPage returns one page of an assessment's submissions (of all
// when assessmentID is 0), newest first, each with its results' scenario,
// ending, archetype and transcript (not the report: a list does not show
// it).
func (s *Store) SubmissionsPage(ctx context.Context, assessmentID int64, k Keyset, limit int) ([]*Submission, Window, error) {
	filter, args := "", []any(nil)
	if assessmentID != 0 {
		filter, args = "t.assessment_id = ?", []any{assessmentID}
	}
	ids, w, err := s.keysetIDs(ctx, "submissions", filter, args, k, limit)
	if err != nil || len(ids) == 0 {
		return nil, w, err
	}
	subs, err := s.submissionRange(ctx, assessmentID, w.Last, w.First, false)
	if err != nil {
		return nil, w, err
	}
	slices.Reverse(subs)
	return subs, w, nil
}

// submissionRange reads the submissions with ids from lo to hi (of one
// assessment unless assessmentID is 0), oldest first, with their results;
// reports only when withReports.
func (s *Store) submissionRange(ctx context.Context, assessmentID, lo, hi int64, withReports bool) ([]*Submission, error) {
	subs, err := s.submissionHeads(ctx, assessmentID, lo, hi)
	if err != nil || len(subs) == 0 {
		return subs, err
	}
	byID := make(map[int64]*Submission, len(subs))
	for _, sub := range subs {
		byID[sub.ID] = sub
	}
	err = s.eachResult(ctx, assessmentID, lo, hi, withReports, func(sid int64, r Result) error {
		if sub := byID[sid]; sub != nil {
			sub.Results = append(sub.Results, r)
		}
		return nil
	})
	return subs, err
}

// submissionHeads reads the submissions with ids from lo to hi (of one
// assessment unless assessmentID is 0), oldest first, without results.
func (s *Store) submissionHeads(ctx context.Context, assessmentID, lo, hi int64) ([]*Submission, error) {
	q := "SELECT " + submissionColumns + " FROM submissions s JOIN invites i ON i.id = s.invite_id WHERE s.id BETWEEN ? AND ?"
	args := []any{lo, hi}
	if assessmentID != 0 {
		q += " AND s.assessment_id = ?"
		args = append(args, assessmentID)
	}
	return s.querySubmissions(ctx, q+" ORDER BY s.id", args, false)
}

// eachResult calls fn with the results of the submissions with ids from
// lo to hi (of one assessment unless assessmentID is 0), ordered by
// submission and position, as the rows are read: in the primary key's
// order, so no sort holds them all first. Other assessments' results in
// the range are not read.
func (s *Store) eachResult(ctx context.Context, assessmentID, lo, hi int64, withReports bool, fn func(submission int64, r Result) error) error {
	report := "''"
	if withReports {
		report = "r.report"
	}
	rq := "SELECT r.submission_id, r.position, r.scenario_id, r.ending, r.archetype, r.transcript, " + report + " FROM results r WHERE r.submission_id BETWEEN ? AND ?"
	rargs := []any{lo, hi}
	if assessmentID != 0 {
		rq += " AND r.submission_id IN (SELECT id FROM submissions WHERE assessment_id = ? AND id BETWEEN ? AND ?)"
		rargs = append(rargs, assessmentID, lo, hi)
	}
	rows, err := s.db.QueryContext(ctx, rq+" ORDER BY r.submission_id, r.position", rargs...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		var r Result
		var tr, rep string
		if err := rows.Scan(&sid, &r.Position, &r.ScenarioID, &r.Ending, &r.Archetype, &tr, &rep); err != nil {
			return err
		}
		r.Transcript = json.RawMessage(tr)
		if withReports {
			r.Report = json.RawMessage(rep)
		}
		if err := fn(sid, r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachSubmission calls fn with every submission of an assessment (of all
// when assessmentID is 0), oldest first, with results and reports. It
// reads up to exportBatch submissions at a time, and stops a batch early
// once its results hold exportBatchBytes (at a submission's end, so a
// submission is never cut), so memory stays bounded whatever the number
// and size of the submissions. It calls fn only after closing its query:
// a client that reads the export slowly holds no database connection. An
// error from fn stops it and is returned.
func (s *Store) EachSubmission(ctx context.Context, assessmentID int64, fn func(*Submission) error) error {
	filter, fargs := "", []any(nil)
	if assessmentID != 0 {
		filter, fargs = " AND assessment_id = ?", []any{assessmentID}
	}
	after := int64(0)
	for {
		// The batch's id range, from the id index alone.
		var lo, hi, n int64
		err := s.db.QueryRowContext(ctx, "SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM (SELECT id FROM submissions WHERE id > ?"+filter+
			fmt.Sprintf(" ORDER BY id LIMIT %d) b", exportBatch), append([]any{after}, fargs...)...).Scan(&lo, &hi, &n)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		subs, err := s.submissionHeads(ctx, assessmentID, lo, hi)
		if err != nil {
			return err
		}
		byID := make(map[int64]*Submission, len(subs))
		for _, sub := range subs {
			byID[sub.ID] = sub
		}
		// Results come by submission: the first result of a new one ends
		// the one before, which is where a full batch stops.
		size, cut := 0, int64(0)
		err = s.eachResult(ctx, assessmentID, lo, hi, true, func(sid int64, r Result) error {
			sub := byID[sid]
			if sub == nil {
				return nil
			}
			if len(sub.Results) == 0 && size >= exportBatchBytes {
				cut = sid
				return errBatchFull
			}
			size += len(r.Report) + len(r.Transcript)
			sub.Results = append(sub.Results, r)
			return nil
		})
		if err != nil && !errors.Is(err, errBatchFull) {
			return err
		}
		for _, sub := range subs {
			if cut != 0 && sub.ID >= cut {
				break
			}
			if err := fn(sub); err != nil {
				return err
			}
			after = sub.ID
		}
		if cut == 0 && n < exportBatch {
			return nil
		}
		if cut == 0 {
			after = hi
		}
	}
}

// exportBatchBytes bounds the results a batch of EachSubmission holds (a
// variable for tests).
var exportBatchBytes = 8 << 20

var errBatchFull = errors.New("the batch is full")

// EachAssessmentID calls fn with every assessment's id, oldest first,
// reading a page of ids at a time.
func (s *Store) EachAssessmentID(ctx context.Context, fn func(int64) error) error {
	after := int64(0)
	for {
		rows, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM assessments WHERE id > ? ORDER BY id LIMIT %d", exportBatch), after)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := fn(id); err != nil {
				return err
			}
		}
		if len(ids) < exportBatch {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

// InvitesPage returns one page of an assessment's invites, newest first.
func (s *Store) InvitesPage(ctx context.Context, assessmentID int64, k Keyset, limit int) ([]Invite, Window, error) {
	ids, w, err := s.keysetIDs(ctx, "invites", "t.assessment_id = ?", []any{assessmentID}, k, limit)
	if err != nil || len(ids) == 0 {
		return nil, w, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+inviteColumns+" FROM invites i LEFT JOIN submissions s ON s.invite_id = i.id WHERE i.assessment_id = ? AND i.id BETWEEN ? AND ? ORDER BY i.id DESC", assessmentID, w.Last, w.First)
	if err != nil {
		return nil, w, err
	}
	defer rows.Close()
	out := make([]Invite, 0, len(ids))
	for rows.Next() {
		iv, err := scanInvite(rows)
		if err != nil {
			return nil, w, err
		}
		out = append(out, iv)
	}
	return out, w, rows.Err()
}

// assessmentSummaryColumns computes a dashboard line's counts with
// aggregates (the one argument is now, in milliseconds).
const assessmentSummaryColumns = `a.id, a.name, a.created_at, a.time_limits,
	(SELECT count(*) FROM assessment_scenarios WHERE assessment_id = a.id),
	(SELECT count(*) FROM invites WHERE assessment_id = a.id),
	(SELECT count(*) FROM invites WHERE assessment_id = a.id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?),
	(SELECT count(*) FROM submissions WHERE assessment_id = a.id)`

// AssessmentsPage returns one page of the assessments, newest first, with
// their counts.
func (s *Store) AssessmentsPage(ctx context.Context, now time.Time, k Keyset, limit int) ([]AssessmentSummary, Window, error) {
	ids, w, err := s.keysetIDs(ctx, "assessments", "", nil, k, limit)
	if err != nil || len(ids) == 0 {
		return nil, w, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+assessmentSummaryColumns+" FROM assessments a WHERE a.id BETWEEN ? AND ? ORDER BY a.id DESC", ms(now), w.Last, w.First)
	if err != nil {
		return nil, w, err
	}
	defer rows.Close()
	out := make([]AssessmentSummary, 0, len(ids))
	for rows.Next() {
		var a AssessmentSummary
		var created int64
		if err := rows.Scan(&a.ID, &a.Name, &created, &a.TimeLimits, &a.Scenarios, &a.Invites, &a.OpenInvites, &a.Submissions); err != nil {
			return nil, w, err
		}
		a.Created = fromMS(created)
		out = append(out, a)
	}
	return out, w, rows.Err()
}

// Totals are the dashboard's summary counts.
type Totals struct {
	Assessments int
	Submissions int
	OpenInvites int
	// Today counts the submissions received in the 24 hours before now.
	Today int
}

// Totals counts assessments, submissions and open links with aggregates.
func (s *Store) Totals(ctx context.Context, now time.Time) (Totals, error) {
	var t Totals
	err := s.db.QueryRowContext(ctx, `SELECT
	(SELECT count(*) FROM assessments),
	(SELECT count(*) FROM submissions),
	(SELECT count(*) FROM invites WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > ?),
	(SELECT count(*) FROM submissions WHERE received_at > ?)`, ms(now), ms(now.Add(-24*time.Hour))).
		Scan(&t.Assessments, &t.Submissions, &t.OpenInvites, &t.Today)
	return t, err
}

// InviteCounts sums up an assessment's links and candidates.
type InviteCounts struct {
	Links, Open, Used, Expired, Withdrawn int
	Candidates                            int
}

// InviteCounts counts an assessment's links by state, and its
// submissions, with aggregates: each count reads an index (the partial
// indexes of migration pageIndexes), never the rows. A link is used
// exactly when a submission was stored with it (one transaction sets
// both), so the used links are the candidates; the expired ones are the
// rest.
func (s *Store) InviteCounts(ctx context.Context, assessmentID int64, now time.Time) (InviteCounts, error) {
	var c InviteCounts
	err := s.db.QueryRowContext(ctx, `SELECT
	(SELECT count(*) FROM invites WHERE assessment_id = ?),
	(SELECT count(*) FROM invites WHERE assessment_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?),
	(SELECT count(*) FROM invites WHERE assessment_id = ? AND used_at IS NULL AND revoked_at IS NOT NULL),
	(SELECT count(*) FROM submissions WHERE assessment_id = ?)`,
		assessmentID, assessmentID, ms(now), assessmentID, assessmentID).Scan(&c.Links, &c.Open, &c.Withdrawn, &c.Candidates)
	c.Used = c.Candidates
	c.Expired = max(0, c.Links-c.Open-c.Withdrawn-c.Used)
	return c, err
}

// pageIndexes is the migration that makes the counts above read indexes:
// open and withdrawn links (partial indexes, which SQLite and PostgreSQL
// both have) and submissions by time received.
const pageIndexes = `
CREATE INDEX invites_open ON invites(assessment_id, expires_at) WHERE used_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invites_withdrawn ON invites(assessment_id) WHERE revoked_at IS NOT NULL;
CREATE INDEX submissions_received ON submissions(received_at);
`
