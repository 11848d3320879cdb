package panel

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// MaxSubmitBody is the largest submission body accepted.
const MaxSubmitBody = 256 << 10

// The bodies of the candidate API are play's wire types
// (play.AssessmentConfig, play.Submission, play.SubmitResponse and
// play.APIError), shared with the game.

func errf(status int, code, format string, args ...any) *play.APIError {
	return &play.APIError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// inviteError maps an invite's state to the API error for it, or nil when
// the invite can be used.
func inviteError(iv Invite, now time.Time) *play.APIError {
	switch iv.Status(now) {
	case InviteUsed:
		return errf(http.StatusGone, "token_used", "this assessment link has already been used: a result was submitted with it on %s; ask the panel for a new link", iv.Used.UTC().Format("2006-01-02 15:04 MST"))
	case InviteRevoked:
		return errf(http.StatusGone, "token_withdrawn", "this assessment link was withdrawn by the panel; ask the panel for a new link")
	case InviteExpired:
		return errf(http.StatusGone, "token_expired", "this assessment link expired on %s; ask the panel for a new link", iv.Expires.UTC().Format("2006-01-02 15:04 MST"))
	}
	return nil
}

// jsonBody says how readJSONBody reads one endpoint's body and which
// error codes it answers with.
type jsonBody struct {
	max    int64
	what   string // "a submission"
	fields string // what the body holds, for the message on an empty one
	// The codes of a wrong Content-Type (and its status), an unreadable
	// body and a body that is no JSON text.
	badTypeCode   string
	badTypeStatus int
	readCode      string
	malformedCode string
}

// readJSONBody reads a JSON request body, bounded before it is read: the
// Content-Type (when given) must be JSON, the body at most spec.max bytes,
// not empty, valid UTF-8.
func readJSONBody(w http.ResponseWriter, r *http.Request, spec jsonBody) ([]byte, *play.APIError) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return nil, errf(spec.badTypeStatus, spec.badTypeCode, "the body must be JSON sent with Content-Type: application/json, not %q", ct)
		}
	}
	if r.ContentLength > spec.max {
		return nil, errf(http.StatusRequestEntityTooLarge, "too_large", "the body is %d bytes; %s may be at most %d bytes", r.ContentLength, spec.what, spec.max)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, spec.max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errf(http.StatusRequestEntityTooLarge, "too_large", "the body is larger than %d bytes, the most %s may be", spec.max, spec.what)
		}
		return nil, errf(http.StatusBadRequest, spec.readCode, "the body could not be read: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errf(http.StatusBadRequest, spec.malformedCode, "the body is empty; send a JSON object with %s", spec.fields)
	}
	if !utf8.Valid(body) {
		return nil, errf(http.StatusBadRequest, spec.malformedCode, "the body is not valid UTF-8")
	}
	return body, nil
}

// decodeSubmit reads and strictly decodes a submission body: a field the
// server does not know, anywhere, is refused (a client never sends a
// score).
func decodeSubmit(w http.ResponseWriter, r *http.Request) (*play.Submission, *play.APIError) {
	body, aerr := readJSONBody(w, r, jsonBody{max: MaxSubmitBody, what: "a submission",
		fields:      "candidate, transcripts, started_at, finished_at and client",
		badTypeCode: "bad_content_type", badTypeStatus: http.StatusUnsupportedMediaType, readCode: "bad_body", malformedCode: "malformed"})
	if aerr != nil {
		return nil, aerr
	}
	var req play.Submission
	if err := play.DecodeStrict(body, &req); errors.Is(err, play.ErrTrailingData) {
		return nil, errf(http.StatusBadRequest, "malformed", "malformed JSON body: unexpected data after the JSON object")
	} else if err != nil {
		return nil, errf(http.StatusBadRequest, "malformed", "malformed JSON body: %s", describeJSONError(err, body))
	}
	if err := checkNull(body); err != nil {
		return nil, errf(http.StatusBadRequest, "malformed", "malformed JSON body: %v", err)
	}
	return &req, nil
}

// describeJSONError turns an encoding/json error into a message that names
// the problem and where it is.
func describeJSONError(err error, body []byte) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(body, se.Offset)
		return fmt.Sprintf("%v (line %d, column %d)", se, line, col)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return fmt.Sprintf("expected a JSON object, got %s", te.Value)
		}
		return fmt.Sprintf("field %q must be %s, not %s", field, jsonKind(te.Type.Kind().String()), te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the JSON ends too early"
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return "unknown field " + rest + " (a submission holds only candidate, transcripts, started_at, finished_at and client; the server computes every score itself)"
	}
	return strings.TrimPrefix(msg, "json: ")
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "int", "int64", "uint64", "int32":
		return "an integer"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return k
}

func position(body []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(body)); i++ {
		if body[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return
}

// checkNull refuses top-level nulls encoding/json would silently accept as
// zero values for required fields.
func checkNull(body []byte) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return err
	}
	for _, k := range []string{"candidate", "transcripts", "started_at", "finished_at"} {
		v, ok := top[k]
		if !ok {
			return fmt.Errorf("the field %q is missing", k)
		}
		if string(bytes.TrimSpace(v)) == "null" {
			return fmt.Errorf("the field %q is null", k)
		}
	}
	return nil
}

// validate checks the parts of a submission that do not need the
// scenarios, and trims the candidate's name.
func validate(req *play.Submission) *play.APIError {
	req.Candidate = strings.TrimSpace(req.Candidate)
	if req.Candidate == "" {
		return errf(http.StatusBadRequest, "malformed", "the field \"candidate\" is empty: the candidate's name or code is required")
	}
	if why := checkText(`the field "candidate"`, req.Candidate); why != "" {
		return errf(http.StatusBadRequest, "invalid_characters", "%s", why)
	}
	if utf8.RuneCountInString(req.Candidate) > 200 {
		return errf(http.StatusBadRequest, "malformed", "the field \"candidate\" is longer than 200 characters")
	}
	start, err := time.Parse(time.RFC3339Nano, req.StartedAt)
	if err != nil {
		return errf(http.StatusBadRequest, "malformed", "the field \"started_at\" must be an RFC 3339 time such as 2026-11-23T10:04:05Z, not %q", req.StartedAt)
	}
	end, err := time.Parse(time.RFC3339Nano, req.FinishedAt)
	if err != nil {
		return errf(http.StatusBadRequest, "malformed", "the field \"finished_at\" must be an RFC 3339 time such as 2026-11-23T10:24:05Z, not %q", req.FinishedAt)
	}
	if end.Before(start) {
		return errf(http.StatusBadRequest, "malformed", "\"finished_at\" (%s) is before \"started_at\" (%s)", req.FinishedAt, req.StartedAt)
	}
	for _, f := range []*string{&req.Client.UserAgent, &req.Client.Version, &req.Client.Language, &req.Client.Timezone, &req.Client.Screen} {
		if len(*f) > 512 {
			return errf(http.StatusBadRequest, "malformed", "a \"client\" field is longer than 512 bytes")
		}
		// The device's description is for information only: what a name
		// may not hold is shown rather than refused.
		*f = escapeText(*f)
	}
	if len(req.Transcripts) == 0 {
		return errf(http.StatusBadRequest, "malformed", "the field \"transcripts\" is empty: send one transcript per scenario of the assessment")
	}
	return nil
}

// scored is a submission re-played and scored by the server, ready to store.
type scored struct {
	inviteID     int64
	assessmentID int64
	req          *play.Submission
	client       []byte
	// device is the hash of the browser's device cookie, nil without one
	// (devices.go).
	device    []byte
	archetype string
	weights   []byte
	drift     []byte
	// fitting and decisions are summed over the reports (play.Report's
	// fields of those names), for the norms.
	fitting, decisions int
	// lost counts the scenarios that ended with the customer lost.
	lost    int
	results []scoredResult
}

type scoredResult struct {
	scenario   string
	ending     string
	archetype  string
	transcript []byte
	report     []byte
}

// Score re-plays every transcript of a submission against the assessment's
// stored scenarios and computes the reports. A transcript no real run could
// have produced is a 422 naming the reason.
func Score(a *Assessment, req *play.Submission) ([]play.Report, *play.APIError) {
	if len(req.Transcripts) != len(a.Scenarios) {
		return nil, errf(http.StatusUnprocessableEntity, "impossible_transcript", "the assessment has %d scenario(s) but %d transcript(s) were sent: send exactly one per scenario", len(a.Scenarios), len(req.Transcripts))
	}
	seen := map[string]bool{}
	reports := make([]play.Report, len(req.Transcripts))
	for i, t := range req.Transcripts {
		sc := a.Scenario(t.Scenario)
		if sc == nil {
			return nil, errf(http.StatusUnprocessableEntity, "impossible_transcript", "transcript %d is for scenario %q, which is not part of this assessment", i+1, t.Scenario)
		}
		if seen[t.Scenario] {
			return nil, errf(http.StatusUnprocessableEntity, "impossible_transcript", "transcript %d repeats scenario %q", i+1, t.Scenario)
		}
		seen[t.Scenario] = true
		if t.Seed != a.Seed {
			return nil, errf(http.StatusUnprocessableEntity, "impossible_transcript", "transcript %d (scenario %q) has seed %d, but this assessment's seed is %d", i+1, t.Scenario, t.Seed, a.Seed)
		}
		if aerr := checkTranscript(i, sc, t, a.TimeLimits); aerr != nil {
			return nil, aerr
		}
		run, err := play.ReplayAssessment(sc.Scenario, forReplay(t), a.TimeLimits)
		if err != nil {
			return nil, errf(http.StatusUnprocessableEntity, "impossible_transcript", "transcript %d (scenario %q): %v", i+1, t.Scenario, err)
		}
		reports[i] = run.Report()
	}
	return reports, nil
}

// prepare scores a submission and encodes everything to store.
func prepare(iv Invite, a *Assessment, req *play.Submission) (*scored, *play.APIError) {
	reports, aerr := Score(a, req)
	if aerr != nil {
		return nil, aerr
	}
	out := &scored{inviteID: iv.ID, assessmentID: a.ID, req: req}
	var total scoring.Weights
	size := 0
	for i, rep := range reports {
		total = total.Add(rep.Weights)
		out.fitting += rep.Fitting
		out.decisions += rep.Decisions
		if rep.Ending == scoring.Lost {
			out.lost++
		}
		tj, err := play.MarshalJSON(req.Transcripts[i])
		if err != nil {
			return nil, errf(http.StatusInternalServerError, "internal", "encode transcript: %v", err)
		}
		// Stored exactly as `scenario play --json` prints it.
		rj, err := play.MarshalJSON(rep)
		if err != nil {
			return nil, errf(http.StatusInternalServerError, "internal", "encode report: %v", err)
		}
		if len(rj) > MaxReportBytes {
			return nil, errf(http.StatusUnprocessableEntity, "report_too_large", "the report of transcript %d (scenario %q) would be %d bytes; the panel stores at most %d per scenario", i+1, rep.Scenario, len(rj), MaxReportBytes)
		}
		if size += len(rj); size > MaxSubmissionReportBytes {
			return nil, errf(http.StatusUnprocessableEntity, "report_too_large", "the reports of this submission would be over %d bytes together, the most the panel stores for one candidate", MaxSubmissionReportBytes)
		}
		out.results = append(out.results, scoredResult{scenario: rep.Scenario, ending: rep.Ending, archetype: rep.Archetype, transcript: tj, report: rj})
	}
	out.archetype = scoring.Archetype(total)
	out.weights, _ = play.MarshalJSON(total)
	out.drift, _ = play.MarshalJSON(scoring.Drift(total))
	out.client, _ = play.MarshalJSON(req.Client)
	return out, nil
}

// submitJob is a scored submission waiting for the writer.
type submitJob struct {
	sc   *scored
	now  time.Time
	done chan submitDone
	// client is the candidate's address, for the audit log.
	client string
}

type submitDone struct {
	id  int64
	err error
}

// errInviteGone reports an invite that was consumed (or expired) between
// the handler's check and the transaction.
type errInviteGone struct{ inv Invite }

func (e errInviteGone) Error() string { return "invite no longer usable" }

const maxBatch = 64

// writer stores submissions. It groups whatever is waiting into one
// transaction (group commit: one fsync for many submissions), with a
// savepoint per submission so one failing never affects another; a
// submission is acknowledged only after its transaction has committed.
func (s *Server) writer() {
	defer close(s.writerDone)
	batch := make([]*submitJob, 0, maxBatch)
	for job := range s.jobs {
		batch = append(batch[:0], job)
	drain:
		for len(batch) < maxBatch {
			select {
			case j, ok := <-s.jobs:
				if !ok {
					break drain
				}
				batch = append(batch, j)
			default:
				break drain
			}
		}
		s.commitBatch(batch)
	}
}

func (s *Server) commitBatch(batch []*submitJob) {
	ctx := context.Background()
	results := make([]submitDone, len(batch))
	// Links are spent in the order of their ids. With several panels on
	// one PostgreSQL database, two batches that hold some of the same
	// links then take their row locks in the same order and wait for each
	// other instead of deadlocking.
	pending := make([]int, len(batch))
	for i := range pending {
		pending[i] = i
	}
	sort.SliceStable(pending, func(a, b int) bool { return batch[pending[a]].sc.inviteID < batch[pending[b]].sc.inviteID })
	// The batch is one transaction with no savepoints (each would be two
	// more round trips to a database server). A link found spent writes
	// nothing; any other failure rolls the whole batch back and it runs
	// again without the submission that failed, or, for a deadlock or a
	// serialization failure, as it was, up to three times.
	retries := 0
	for len(pending) > 0 {
		failed, err := s.tryBatch(ctx, batch, pending, results)
		switch {
		case err == nil:
			for _, i := range pending {
				batch[i].done <- results[i]
			}
			return
		case failed >= 0 && !(errRetryable(err) && retries < 3):
			results[pending[failed]] = submitDone{err: err}
			batch[pending[failed]].done <- results[pending[failed]]
			pending = append(pending[:failed:failed], pending[failed+1:]...)
		case errRetryable(err) && retries < 3:
			retries++
		default:
			for _, i := range pending {
				batch[i].done <- submitDone{err: err}
			}
			return
		}
	}
}

// tryBatch stores the pending submissions of batch in one transaction.
// On an error it rolls back and returns the error with the index in
// pending of the submission that caused it, or -1 when the transaction
// itself failed.
func (s *Server) tryBatch(ctx context.Context, batch []*submitJob, pending []int, results []submitDone) (int, error) {
	tx, err := s.store.db.BeginTx(ctx, nil)
	if err != nil {
		return -1, err
	}
	for k, i := range pending {
		id, err := insertSubmission(ctx, tx, batch[i])
		var gone errInviteGone
		if errors.As(err, &gone) { // nothing was written for it
			results[i] = submitDone{err: err}
			continue
		}
		if err != nil {
			tx.Rollback()
			return k, err
		}
		results[i] = submitDone{id: id}
	}
	if err := tx.Commit(); err != nil {
		return -1, err
	}
	return -1, nil
}

func insertSubmission(ctx context.Context, tx *sqlTx, j *submitJob) (int64, error) {
	if tx.dialect == postgresDialect {
		return insertSubmissionPostgres(ctx, tx, j)
	}
	sc := j.sc
	now := ms(j.now)
	res, err := tx.ExecContext(ctx, "UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?", now, sc.inviteID, now)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		iv, err := scanInvite(tx.QueryRowContext(ctx, "SELECT "+inviteColumns+" FROM invites i LEFT JOIN submissions s ON s.invite_id = i.id WHERE i.id = ?", sc.inviteID))
		if err != nil {
			return 0, err
		}
		return 0, errInviteGone{iv}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO submissions(invite_id, assessment_id, candidate, started_at, finished_at, received_at, client, archetype, weights, drift, fitting, decisions, lost) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		sc.inviteID, sc.assessmentID, sc.req.Candidate, sc.req.StartedAt, sc.req.FinishedAt, now, string(sc.client), sc.archetype, string(sc.weights), string(sc.drift), sc.fitting, sc.decisions, sc.lost).Scan(&id); err != nil {
		return 0, err
	}
	// One statement for every scenario's result: each statement is a
	// round trip to a PostgreSQL server.
	if len(sc.results) > 0 {
		args := make([]any, 0, 7*len(sc.results))
		for k, r := range sc.results {
			args = append(args, id, k, r.scenario, r.ending, r.archetype, string(r.transcript), string(r.report))
		}
		if _, err := tx.ExecContext(ctx, insertResults(len(sc.results)), args...); err != nil {
			return 0, err
		}
	}
	if sc.device != nil {
		if _, err := tx.ExecContext(ctx, "INSERT INTO submission_devices(submission_id, device) VALUES(?, ?)", id, sc.device); err != nil {
			return 0, err
		}
	}
	if err := appendAudit(ctx, tx, AuditEntry{At: j.now, Actor: "candidate", Action: "submission.received",
		Target: auditTargetPrefix(sc) + strconv.FormatInt(id, 10), Detail: auditDetail(sc), Client: j.client}); err != nil {
		return 0, err
	}
	return id, nil
}

// The audit entry of a submission names no candidate: the append-only log
// must outlive a candidate's data (deleted on request or after the
// retention period, lifecycle.go).
func auditTargetPrefix(sc *scored) string {
	return fmt.Sprintf("assessment %d, submission ", sc.assessmentID)
}

func auditDetail(sc *scored) string {
	return fmt.Sprintf("invite %d, %d scenarios, archetype %s", sc.inviteID, len(sc.results), sc.archetype)
}

// insertSubmissionPostgres writes what insertSubmission writes, row for
// row, in one statement: a round trip to the server and one statement's
// work instead of five. The link is spent first; when it cannot be, no
// row is returned and nothing is written.
func insertSubmissionPostgres(ctx context.Context, tx *sqlTx, j *submitJob) (int64, error) {
	sc := j.sc
	now := ms(j.now)
	args := []any{now, sc.inviteID, now,
		sc.assessmentID, sc.req.Candidate, sc.req.StartedAt, sc.req.FinishedAt, now, string(sc.client), sc.archetype, string(sc.weights), string(sc.drift), sc.fitting, sc.decisions, sc.lost}
	for k, r := range sc.results {
		args = append(args, k, r.scenario, r.ending, r.archetype, string(r.transcript), string(r.report))
	}
	args = append(args, sc.device, sc.device, now, auditTargetPrefix(sc), auditField(auditDetail(sc), 1000), auditField(j.client, 100))
	var id int64
	err := tx.QueryRowContext(ctx, insertSubmissionSQL(len(sc.results)), args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		iv, err := scanInvite(tx.QueryRowContext(ctx, "SELECT "+inviteColumns+" FROM invites i LEFT JOIN submissions s ON s.invite_id = i.id WHERE i.id = ?", sc.inviteID))
		if err != nil {
			return 0, err
		}
		return 0, errInviteGone{iv}
	}
	return id, err
}

var insertSubmissionSQLs sync.Map // results -> statement

func insertSubmissionSQL(results int) string {
	if q, ok := insertSubmissionSQLs.Load(results); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString(`WITH u AS (
	UPDATE invites SET used_at = ?::bigint WHERE id = ?::bigint AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?::bigint RETURNING id
), s AS (
	INSERT INTO submissions(invite_id, assessment_id, candidate, started_at, finished_at, received_at, client, archetype, weights, drift, fitting, decisions, lost)
	SELECT u.id, ?::bigint, ?::text, ?::text, ?::text, ?::bigint, ?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint FROM u RETURNING id
)`)
	if results > 0 {
		b.WriteString(`, r AS (
	INSERT INTO results(submission_id, position, scenario_id, ending, archetype, transcript, report)
	SELECT s.id, v.position, v.scenario_id, v.ending, v.archetype, v.transcript, v.report FROM s, (VALUES `)
		for k := range results {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?::bigint, ?::text, ?::text, ?::text, ?::text, ?::text)")
		}
		b.WriteString(`) AS v(position, scenario_id, ending, archetype, transcript, report)
)`)
	}
	b.WriteString(`, d AS (
	INSERT INTO submission_devices(submission_id, device) SELECT s.id, ?::bytea FROM s WHERE ?::bytea IS NOT NULL
), a AS (
	INSERT INTO audit_log(at, actor_id, actor, action, target, detail, client)
	SELECT ?::bigint, NULL, 'candidate', 'submission.received', ?::text || s.id, ?::text, ?::text FROM s
)
SELECT id FROM s`)
	q := b.String()
	insertSubmissionSQLs.Store(results, q)
	return q
}

var insertResultsSQL sync.Map // rows -> statement

// insertResults is the INSERT of n results in one statement.
func insertResults(n int) string {
	if q, ok := insertResultsSQL.Load(n); ok {
		return q.(string)
	}
	q := "INSERT INTO results(submission_id, position, scenario_id, ending, archetype, transcript, report) VALUES" +
		strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", n-1) + "(?, ?, ?, ?, ?, ?, ?)"
	insertResultsSQL.Store(n, q)
	return q
}

// store hands a scored submission to the writer and waits for its commit.
func (s *Server) storeSubmission(ctx context.Context, sc *scored, now time.Time, client string) (int64, error) {
	job := &submitJob{sc: sc, now: now, done: make(chan submitDone, 1), client: client}
	select {
	case s.jobs <- job:
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-s.closing:
		return 0, errors.New("the server is shutting down")
	}
	d := <-job.done // always answered: the writer drains the queue before stopping
	return d.id, d.err
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	token := r.PathValue("token")
	iv, err := s.store.InviteByToken(r.Context(), token)
	if errors.Is(err, ErrNotFound) {
		// Drain a little of the body so the client sees the answer.
		writeAPIError(w, errf(http.StatusNotFound, "token_unknown", "no assessment has this link; check that it was copied in full"))
		return
	}
	if err != nil {
		s.internalAPI(w, r, err)
		return
	}
	if aerr := inviteError(iv, now); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	req, aerr := decodeSubmit(w, r)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if aerr := validate(req); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	a, err := s.assessmentAt(r.Context(), iv.AssessmentID, iv.revision)
	if err != nil {
		s.internalAPI(w, r, err)
		return
	}
	sc, aerr := prepare(iv, a, req)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	sc.device = deviceHash(r)
	id, err := s.storeSubmission(r.Context(), sc, now, s.clientString(r))
	var gone errInviteGone
	if errors.As(err, &gone) {
		aerr := inviteError(gone.inv, now)
		if aerr == nil {
			aerr = errf(http.StatusGone, "token_used", "this assessment link has already been used")
		}
		writeAPIError(w, aerr)
		return
	}
	if err != nil {
		s.internalAPI(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, play.SubmitResponse{OK: true, Submission: id, ReceivedAt: now.UTC().Format(time.RFC3339), Scenarios: len(sc.results)})
}
