package panel

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("not found")

// MaxSeed bounds assessment seeds to integers JavaScript represents
// exactly (2^53-1), so the seed reads the same in every client.
const MaxSeed = 1<<53 - 1

// Source is one scenario chosen for an assessment: its TOML and where it
// came from ("library:double-charge.toml" or "upload:my-file.toml").
type Source struct {
	Origin   string
	File     string // the name given to scenarios.Parse, as shown in messages
	Data     []byte
	Scenario *scenarios.Scenario
}

// Assessment is a set of scenarios candidates are assessed on. Assessments
// never change once created, so they are cached.
type Assessment struct {
	ID         int64
	Name       string
	Seed       uint64
	TimeLimits bool
	Created    time.Time
	Scenarios  []AssessmentScenario
	// RetentionDays is how many days after submission its candidates'
	// data is kept, 0 = until deleted by hand (lifecycle.go).
	RetentionDays int
	// revision is the last re-score that replaced its sources when it was
	// loaded (Server.assessment).
	revision int64
}

// AssessmentScenario is one scenario of an assessment, with its source as
// stored.
type AssessmentScenario struct {
	ID       string
	Title    string
	Language string
	Origin   string
	Source   string
	Scenario *scenarios.Scenario
	// MaxSteps is the most steps a transcript of it may have (stepCap);
	// Loops says it can loop, so that MaxSteps is a cap, not its longest
	// path.
	MaxSteps int
	Loops    bool
}

// Scenario returns the assessment's scenario with the given id, or nil.
func (a *Assessment) Scenario(id string) *AssessmentScenario {
	for i := range a.Scenarios {
		if a.Scenarios[i].ID == id {
			return &a.Scenarios[i]
		}
	}
	return nil
}

// ParseSources validates each source with scenarios.Parse and checks that
// the scenario ids are distinct. It returns the problems as `scenario
// check` prints them; sources are filled in with their parsed scenario.
func ParseSources(srcs []Source) []string {
	var problems []string
	seen := map[string]string{}
	for i := range srcs {
		sc, diags := scenarios.Parse(srcs[i].File, srcs[i].Data)
		diags.Sort()
		for _, d := range diags.Errors() {
			problems = append(problems, d.String())
		}
		if sc == nil || diags.HasErrors() {
			continue
		}
		if prev, dup := seen[sc.ID]; dup {
			problems = append(problems, fmt.Sprintf("%s: duplicate scenario id %q: already used by %s", srcs[i].File, sc.ID, prev))
			continue
		}
		seen[sc.ID] = srcs[i].File
		srcs[i].Scenario = sc
	}
	if len(srcs) == 0 {
		problems = append(problems, "choose at least one scenario from the library or upload a .toml file")
	}
	return problems
}

// CreateAssessment stores a new assessment with its parsed sources, made
// by the panel itself (CreateAssessmentBy names the member).
func (s *Store) CreateAssessment(ctx context.Context, name string, seed uint64, timeLimits bool, srcs []Source, now time.Time) (int64, error) {
	return s.CreateAssessmentBy(ctx, Actor{}, name, seed, timeLimits, srcs, now)
}

// CreateAssessmentBy stores a new assessment made by a member, and says
// so in the audit log.
func (s *Store) CreateAssessmentBy(ctx context.Context, by Actor, name string, seed uint64, timeLimits bool, srcs []Source, now time.Time) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, errors.New("the assessment needs a name")
	}
	if why := checkText("the assessment's name", name); why != "" {
		return 0, errors.New(why)
	}
	if seed > MaxSeed {
		return 0, fmt.Errorf("the seed must be between 0 and %d", uint64(MaxSeed))
	}
	if len(srcs) == 0 {
		return 0, errors.New("the assessment needs at least one scenario")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO assessments(name, seed, time_limits, created_at, created_by) VALUES(?, ?, ?, ?, ?) RETURNING id",
		name, int64(seed), timeLimits, ms(now), by.memberID()).Scan(&id); err != nil {
		return 0, err
	}
	for i, src := range srcs {
		if src.Scenario == nil {
			return 0, fmt.Errorf("%s was not validated", src.File)
		}
		sc := src.Scenario
		if _, err := tx.ExecContext(ctx, "INSERT INTO assessment_scenarios(assessment_id, position, scenario_id, title, language, origin, source) VALUES(?, ?, ?, ?, ?, ?, ?)",
			id, i, sc.ID, sc.Title, sc.Language, src.Origin, string(src.Data)); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return 0, fmt.Errorf("scenario id %q is used twice", sc.ID)
			}
			return 0, err
		}
	}
	ids := make([]string, len(srcs))
	for i, src := range srcs {
		ids[i] = src.Scenario.ID
	}
	detail := fmt.Sprintf("%q, seed %d, time limits %v, scenarios %s", name, seed, timeLimits, strings.Join(ids, " "))
	if err := appendAudit(ctx, tx, by.entry(now, "assessment.created", fmt.Sprintf("assessment %d", id), detail)); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// AssessmentSummary is a line of the dashboard.
type AssessmentSummary struct {
	ID          int64
	Name        string
	Created     time.Time
	TimeLimits  bool
	Scenarios   int
	Invites     int
	OpenInvites int
	Submissions int
}

// Assessments lists every assessment, newest first.
func (s *Store) Assessments(ctx context.Context, now time.Time) ([]AssessmentSummary, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT a.id, a.name, a.created_at, a.time_limits,
	(SELECT count(*) FROM assessment_scenarios WHERE assessment_id = a.id),
	(SELECT count(*) FROM invites WHERE assessment_id = a.id),
	(SELECT count(*) FROM invites WHERE assessment_id = a.id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?),
	(SELECT count(*) FROM submissions WHERE assessment_id = a.id)
FROM assessments a ORDER BY a.id DESC`, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AssessmentSummary
	for rows.Next() {
		var a AssessmentSummary
		var created int64
		if err := rows.Scan(&a.ID, &a.Name, &created, &a.TimeLimits, &a.Scenarios, &a.Invites, &a.OpenInvites, &a.Submissions); err != nil {
			return nil, err
		}
		a.Created = fromMS(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// LoadAssessment reads an assessment and parses its scenarios.
func (s *Store) LoadAssessment(ctx context.Context, id int64) (*Assessment, error) {
	a := &Assessment{ID: id}
	var seed, created int64
	err := s.db.QueryRowContext(ctx, "SELECT name, seed, time_limits, created_at, retention_days FROM assessments WHERE id = ?", id).
		Scan(&a.Name, &seed, &a.TimeLimits, &created, &a.RetentionDays)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.Seed = uint64(seed)
	a.Created = fromMS(created)
	rows, err := s.db.QueryContext(ctx, "SELECT scenario_id, title, language, origin, source FROM assessment_scenarios WHERE assessment_id = ? ORDER BY position", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sc AssessmentScenario
		if err := rows.Scan(&sc.ID, &sc.Title, &sc.Language, &sc.Origin, &sc.Source); err != nil {
			return nil, err
		}
		parsed, diags := scenarios.Parse(originFile(sc.Origin), []byte(sc.Source))
		if parsed == nil || diags.HasErrors() {
			return nil, fmt.Errorf("assessment %d: stored scenario %q no longer validates: %s", id, sc.ID, diags.Errors().Error())
		}
		sc.Scenario = parsed
		sc.MaxSteps, sc.Loops = stepCap(parsed)
		a.Scenarios = append(a.Scenarios, sc)
	}
	return a, rows.Err()
}

// originFile turns a stored origin into the file name used in messages.
func originFile(origin string) string {
	if _, name, ok := strings.Cut(origin, ":"); ok {
		if strings.HasPrefix(origin, "library:") {
			return "library/" + name
		}
		return name
	}
	return origin
}

// Invite is one single-use link. Its token is only known when created.
type Invite struct {
	// revision is its assessment's last re-score, read by InviteByToken
	// for Server.assessmentAt.
	revision     int64
	ID           int64
	AssessmentID int64
	Label        string
	Created      time.Time
	Expires      time.Time
	Used         time.Time // zero while unused
	Revoked      time.Time // zero unless withdrawn
	SubmissionID int64     // 0 while unused
	Candidate    string
	// CreatedBy is the member who created the link: their name, else
	// their e-mail; "" for links made before member accounts.
	CreatedBy string
	// Token is set only on the invites CreateInvites returns.
	Token string
}

// Invite states.
const (
	InviteOpen    = "open"
	InviteUsed    = "used"
	InviteExpired = "expired"
	InviteRevoked = "withdrawn"
)

// Status returns the invite's state at now.
func (iv *Invite) Status(now time.Time) string {
	switch {
	case !iv.Used.IsZero():
		return InviteUsed
	case !iv.Revoked.IsZero():
		return InviteRevoked
	case !now.Before(iv.Expires):
		return InviteExpired
	}
	return InviteOpen
}

// MaxInvitesAtOnce bounds how many links one request creates.
const MaxInvitesAtOnce = 500

// CreateInvites makes n single-use links for an assessment, valid for ttl,
// made by the panel itself (CreateInvitesBy names the member).
func (s *Store) CreateInvites(ctx context.Context, assessmentID int64, n int, label string, ttl time.Duration, now time.Time) ([]Invite, error) {
	return s.CreateInvitesBy(ctx, Actor{}, assessmentID, n, label, ttl, now)
}

// CreateInvitesBy makes n single-use links made by a member, who is kept
// with each link and shown with its result, and says so in the audit log.
func (s *Store) CreateInvitesBy(ctx context.Context, by Actor, assessmentID int64, n int, label string, ttl time.Duration, now time.Time) ([]Invite, error) {
	if n < 1 || n > MaxInvitesAtOnce {
		return nil, fmt.Errorf("the number of links must be between 1 and %d", MaxInvitesAtOnce)
	}
	if ttl <= 0 {
		return nil, errors.New("the expiry must be in the future")
	}
	label = strings.TrimSpace(label)
	if len(label) > 200 {
		return nil, errors.New("the label may be at most 200 characters")
	}
	if why := checkText("the candidate label", label); why != "" {
		return nil, errors.New(why)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var exists int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM assessments WHERE id = ?", assessmentID).Scan(&exists); err != nil {
		return nil, err
	}
	if exists == 0 {
		return nil, ErrNotFound
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO invites(assessment_id, token_hash, label, created_at, expires_at, created_by) VALUES(?, ?, ?, ?, ?, ?) RETURNING id")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	out := make([]Invite, 0, n)
	exp := now.Add(ttl)
	for range n {
		tok, hash := newSecret()
		var id int64
		if err := stmt.QueryRowContext(ctx, assessmentID, hash, label, ms(now), ms(exp), by.memberID()).Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, Invite{ID: id, AssessmentID: assessmentID, Label: label, Created: fromMS(ms(now)), Expires: fromMS(ms(exp)), Token: tok, CreatedBy: by.Email})
	}
	detail := fmt.Sprintf("%s, valid until %s", plural(n, "link", "links"), exp.UTC().Format(time.RFC3339))
	if label != "" {
		detail += fmt.Sprintf(", label %q", label)
	}
	if err := appendAudit(ctx, tx, by.entry(now, "invite.created", fmt.Sprintf("assessment %d, invites %d–%d", assessmentID, out[0].ID, out[len(out)-1].ID), detail)); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

const inviteColumns = `i.id, i.assessment_id, i.label, i.created_at, i.expires_at, i.used_at, i.revoked_at, coalesce(s.id, 0), coalesce(s.candidate, ''), ` + createdByColumn

// createdByColumn names the member who created invite i (members.go): the
// name, else the e-mail, "" for a link made before member accounts.
const createdByColumn = `coalesce((SELECT coalesce(nullif(m.name, ''), m.email) FROM members m WHERE m.id = i.created_by), '')`

func scanInvite(sc interface{ Scan(...any) error }) (Invite, error) {
	var iv Invite
	var created, expires int64
	var used, revoked sql.NullInt64
	if err := sc.Scan(&iv.ID, &iv.AssessmentID, &iv.Label, &created, &expires, &used, &revoked, &iv.SubmissionID, &iv.Candidate, &iv.CreatedBy); err != nil {
		return iv, err
	}
	iv.Created, iv.Expires = fromMS(created), fromMS(expires)
	if used.Valid {
		iv.Used = fromMS(used.Int64)
	}
	if revoked.Valid {
		iv.Revoked = fromMS(revoked.Int64)
	}
	return iv, nil
}

// InviteByToken finds the invite a link's token belongs to.
func (s *Store) InviteByToken(ctx context.Context, token string) (Invite, error) {
	if !validToken(token) {
		return Invite{}, ErrNotFound
	}
	var rev int64
	iv, err := scanInvite(withColumn{s.db.QueryRowContext(ctx, "SELECT "+inviteColumns+", "+revisionColumn+" FROM invites i LEFT JOIN submissions s ON s.invite_id = i.id WHERE i.token_hash = ?", hashSecret(token)), &rev})
	if errors.Is(err, sql.ErrNoRows) {
		return Invite{}, ErrNotFound
	}
	iv.revision = rev
	return iv, err
}

// revisionColumn is the last re-score of invite i's assessment, 0 for none.
const revisionColumn = "(SELECT coalesce(max(r.id), 0) FROM rescores r WHERE r.assessment_id = i.assessment_id)"

// withColumn scans one more column after a scan function's own.
type withColumn struct {
	sc   interface{ Scan(...any) error }
	dest any
}

func (w withColumn) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.dest)...) }

// Invites lists an assessment's invites, newest first.
func (s *Store) Invites(ctx context.Context, assessmentID int64) ([]Invite, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+inviteColumns+" FROM invites i LEFT JOIN submissions s ON s.invite_id = i.id WHERE i.assessment_id = ? ORDER BY i.id DESC", assessmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Invite
	for rows.Next() {
		iv, err := scanInvite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, iv)
	}
	return out, rows.Err()
}

// RevokeInvite withdraws an unused invite; it returns the assessment id.
func (s *Store) RevokeInvite(ctx context.Context, id int64, now time.Time) (int64, error) {
	var aid int64
	err := s.db.QueryRowContext(ctx, "UPDATE invites SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL RETURNING assessment_id", ms(now), id).Scan(&aid)
	if errors.Is(err, sql.ErrNoRows) {
		if err := s.db.QueryRowContext(ctx, "SELECT assessment_id FROM invites WHERE id = ?", id).Scan(&aid); err != nil {
			return 0, ErrNotFound
		}
		return aid, nil // already used or withdrawn: nothing to do
	}
	return aid, err
}

// Submission is a candidate's stored, server-scored result.
type Submission struct {
	ID          int64
	InviteID    int64
	InviteLabel string
	// InvitedBy is the member who created the candidate's link (see
	// Invite.CreatedBy), InvitedByEmail their e-mail.
	InvitedBy      string
	InvitedByEmail string
	AssessmentID   int64
	Candidate      string
	StartedAt      string
	FinishedAt     string
	Received       time.Time
	Client         json.RawMessage
	Archetype      string
	Weights        scoring.Weights
	Drift          scoring.Weights
	Results        []Result
}

// Result is one scenario of a submission: the transcript as the candidate's
// client sent it and the report the server computed from it.
type Result struct {
	Position   int
	ScenarioID string
	Ending     string
	Archetype  string
	Transcript json.RawMessage
	Report     json.RawMessage
}

// Duration is the time between the client's start and finish, or 0 when
// they do not parse.
func (sub *Submission) Duration() time.Duration {
	a, err1 := time.Parse(time.RFC3339Nano, sub.StartedAt)
	b, err2 := time.Parse(time.RFC3339Nano, sub.FinishedAt)
	if err1 != nil || err2 != nil || b.Before(a) {
		return 0
	}
	return b.Sub(a)
}

// Submissions lists the submissions of an assessment (all when
// assessmentID is 0), oldest first, with their results when withResults.
func (s *Store) Submissions(ctx context.Context, assessmentID int64, withResults bool) ([]*Submission, error) {
	q := "SELECT " + submissionColumns + `
FROM submissions s JOIN invites i ON i.id = s.invite_id`
	var args []any
	if assessmentID != 0 {
		q += " WHERE s.assessment_id = ?"
		args = append(args, assessmentID)
	}
	q += " ORDER BY s.id"
	return s.querySubmissions(ctx, q, args, withResults)
}

// SubmissionByID reads one submission with its results.
func (s *Store) SubmissionByID(ctx context.Context, id int64) (*Submission, error) {
	subs, err := s.querySubmissions(ctx, "SELECT "+submissionColumns+`
FROM submissions s JOIN invites i ON i.id = s.invite_id WHERE s.id = ?`, []any{id}, true)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, ErrNotFound
	}
	return subs[0], nil
}

// submissionColumns are the columns querySubmissions scans, from
// submissions s joined with invites i.
const submissionColumns = `s.id, s.invite_id, i.label, s.assessment_id, s.candidate, s.started_at, s.finished_at, s.received_at, s.client, s.archetype, s.weights, s.drift, ` +
	createdByColumn + `, coalesce((SELECT m.email FROM members m WHERE m.id = i.created_by), '')`

func (s *Store) querySubmissions(ctx context.Context, q string, args []any, withResults bool) ([]*Submission, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []*Submission
	byID := map[int64]*Submission{}
	for rows.Next() {
		sub := &Submission{}
		var received int64
		var client, weights, drift string
		if err := rows.Scan(&sub.ID, &sub.InviteID, &sub.InviteLabel, &sub.AssessmentID, &sub.Candidate, &sub.StartedAt, &sub.FinishedAt, &received, &client, &sub.Archetype, &weights, &drift, &sub.InvitedBy, &sub.InvitedByEmail); err != nil {
			rows.Close()
			return nil, err
		}
		sub.Received = fromMS(received)
		sub.Client = json.RawMessage(client)
		if err := json.Unmarshal([]byte(weights), &sub.Weights); err != nil {
			rows.Close()
			return nil, fmt.Errorf("submission %d: weights: %w", sub.ID, err)
		}
		if err := json.Unmarshal([]byte(drift), &sub.Drift); err != nil {
			rows.Close()
			return nil, fmt.Errorf("submission %d: drift: %w", sub.ID, err)
		}
		out = append(out, sub)
		byID[sub.ID] = sub
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !withResults || len(out) == 0 {
		return out, nil
	}
	rq := "SELECT r.submission_id, r.position, r.scenario_id, r.ending, r.archetype, r.transcript, r.report FROM results r"
	var rargs []any
	if len(out) == 1 {
		rq += " WHERE r.submission_id = ?"
		rargs = append(rargs, out[0].ID)
	} else {
		rq += " JOIN submissions s ON s.id = r.submission_id"
		if len(args) > 0 && strings.Contains(q, "s.assessment_id = ?") {
			rq += " WHERE s.assessment_id = ?"
			rargs = append(rargs, args[0])
		}
	}
	rq += " ORDER BY r.submission_id, r.position"
	rrows, err := s.db.QueryContext(ctx, rq, rargs...)
	if err != nil {
		return nil, err
	}
	defer rrows.Close()
	for rrows.Next() {
		var sid int64
		var r Result
		var tr, rep string
		if err := rrows.Scan(&sid, &r.Position, &r.ScenarioID, &r.Ending, &r.Archetype, &tr, &rep); err != nil {
			return nil, err
		}
		r.Transcript, r.Report = json.RawMessage(tr), json.RawMessage(rep)
		if sub := byID[sid]; sub != nil {
			sub.Results = append(sub.Results, r)
		}
	}
	return out, rrows.Err()
}

// Counts returns how many rows each table holds, for tests and the health
// endpoint.
func (s *Store) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range []string{"assessments", "assessment_scenarios", "invites", "submissions", "results", "sessions"} {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	var used int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM invites WHERE used_at IS NOT NULL").Scan(&used); err != nil {
		return nil, err
	}
	out["invites_used"] = used
	return out, nil
}

// LibrarySources returns the sources of bundled library scenarios by id,
// parsed, in the order given.
func LibrarySources(ids ...string) ([]Source, error) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		return nil, fmt.Errorf("the bundled library does not validate: %s", diags.Errors().Error())
	}
	var out []Source
	for _, id := range ids {
		sc := set.ByID(id)
		if sc == nil {
			return nil, fmt.Errorf("no scenario %q in the library", id)
		}
		data, err := scenarios.LibraryFile(sc.File)
		if err != nil {
			return nil, err
		}
		out = append(out, Source{Origin: "library:" + strings.TrimPrefix(sc.File, "library/"), File: sc.File, Data: data, Scenario: sc})
	}
	return out, nil
}
