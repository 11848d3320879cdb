package panel

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// Team progress (issue #14, "Team progress (training)"). A trainer (an
// author or owner) creates a team and shares its join link, /t/{token};
// players who agree in the desktop or browser game send each practice run
// to POST /api/teams/{token}/practice (teams_api.go, API.md section 6).
// The panel re-plays every run against the bundled library and keeps its
// own report; the team view (teams_pages.go) shows each member's and the
// team's drift over ISO weeks and which situations were practised.
//
// Like invite links, the join link's token is stored as its SHA-256 only:
// it is shown when made (the team is created, or a new link replaces it).
// A player is known by the hash of the random key their game made
// (team_members.key_hash), and by the name they chose, which follows the
// key. Each team has a retention period (swept with the assessments',
// lifecycle.go); a member's data can be deleted or exported on request,
// and the audit log keeps that it was, never their name.

// MaxTeamName bounds a team's and a team member's name, in characters.
const (
	MaxTeamName       = 100
	MaxTeamMemberName = 100
)

// Team is a trainer's team.
type Team struct {
	ID        int64
	Name      string
	CreatedBy int64
	// Trainer is the name (or e-mail) of the member who made the team.
	Trainer string
	// TrainerName is their name alone, "" when they gave none: what the
	// public join page and API show (a member's e-mail stays inside the
	// panel).
	TrainerName   string
	Created       time.Time
	Closed        time.Time // zero while open
	RetentionDays int
	// Members, Runs and LastRun are filled by Teams (the list).
	Members, Runs int
	LastRun       time.Time
}

// IsClosed reports whether the team refuses new results.
func (t Team) IsClosed() bool { return !t.Closed.IsZero() }

// TeamMember is a player who sent results to a team.
type TeamMember struct {
	ID        int64
	TeamID    int64
	Name      string
	FirstSeen time.Time
	LastSeen  time.Time
}

// PracticeRun is one stored practice result, without its transcript and
// report (PracticeRunFull has them).
type PracticeRun struct {
	ID         int64
	MemberID   int64
	RunID      string
	ScenarioID string
	Language   string
	Title      string
	Situation  string
	Archetype  string
	Weights    scoring.Weights
	Ending     string
	Fitting    int
	Decisions  int
	StartedAt  string
	FinishedAt string
	Received   time.Time
	// At is when the run was played: its finished_at, held between a
	// year before it was received and when it was received (a client's
	// clock is not trusted further).
	At time.Time
}

// Lost reports whether the customer was lost: the run's drift is no
// result (the game says so too).
func (p PracticeRun) Lost() bool { return p.Ending == scoring.Lost }

// teamTarget and teamMemberTarget are the audit log's targets.
func teamTarget(id int64) string { return fmt.Sprintf("team %d", id) }

func teamMemberTarget(teamID, memberID int64) string {
	return fmt.Sprintf("team %d, member %d", teamID, memberID)
}

// checkTeamName trims and checks a name typed for a team or sent for a
// member: not empty, at most max characters, no control or bidi
// characters (transcript.go's checkText).
func checkTeamName(what, name string, max int) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("%s is empty", what)
	}
	if why := checkText(what, name); why != "" {
		return "", errors.New(why)
	}
	if n := utf8.RuneCountInString(name); n > max {
		return "", fmt.Errorf("%s is %d characters long; at most %d are allowed", what, n, max)
	}
	return name, nil
}

const teamColumns = `t.id, t.name, coalesce(t.created_by, 0), coalesce(m.name, ''), coalesce(m.email, ''), t.created_at, coalesce(t.closed_at, 0), t.retention_days`

const teamFrom = ` FROM teams t LEFT JOIN members m ON m.id = t.created_by`

func scanTeam(sc interface{ Scan(...any) error }, extra ...any) (Team, error) {
	var t Team
	var name, email string
	var created, closed int64
	err := sc.Scan(append([]any{&t.ID, &t.Name, &t.CreatedBy, &name, &email, &created, &closed, &t.RetentionDays}, extra...)...)
	t.Trainer, t.TrainerName = name, name
	if t.Trainer == "" {
		t.Trainer = email
	}
	t.Created = fromMS(created)
	if closed != 0 {
		t.Closed = fromMS(closed)
	}
	return t, err
}

// CreateTeam makes a team and its join link; it returns the team and the
// link's token, which is not stored (only its hash is).
func (s *Store) CreateTeam(ctx context.Context, by Actor, name string, retentionDays int, now time.Time) (Team, string, error) {
	name, err := checkTeamName("the team's name", name, MaxTeamName)
	if err != nil {
		return Team{}, "", err
	}
	if retentionDays < 0 || retentionDays > MaxRetentionDays {
		return Team{}, "", fmt.Errorf("the retention period must be from 0 to %d days", MaxRetentionDays)
	}
	token, hash := newSecret()
	var createdBy any
	if by.ID != 0 {
		createdBy = by.ID
	}
	var id int64
	err = s.inTx(ctx, func(q *sqlTx) error {
		if err := q.QueryRowContext(ctx, "INSERT INTO teams(name, token_hash, created_by, created_at, retention_days) VALUES(?, ?, ?, ?, ?) RETURNING id",
			name, hash, createdBy, ms(now), retentionDays).Scan(&id); err != nil {
			return err
		}
		return appendAudit(ctx, q, by.entry(now, "team.created", teamTarget(id), fmt.Sprintf("%q, results %s", name, teamRetentionText(retentionDays))))
	})
	if err != nil {
		return Team{}, "", err
	}
	t, err := s.TeamByID(ctx, id)
	return t, token, err
}

// teamRetentionText says a team's retention period in words.
func teamRetentionText(days int) string {
	if days == 0 {
		return "kept until deleted"
	}
	return "kept " + plural(days, "day", "days") + " after they arrive"
}

// TeamByID returns a team.
func (s *Store) TeamByID(ctx context.Context, id int64) (Team, error) {
	t, err := scanTeam(s.db.QueryRowContext(ctx, "SELECT "+teamColumns+teamFrom+" WHERE t.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// TeamByToken returns the team whose join link has this token.
func (s *Store) TeamByToken(ctx context.Context, token string) (Team, error) {
	if !validToken(token) {
		return Team{}, ErrNotFound
	}
	t, err := scanTeam(s.db.QueryRowContext(ctx, "SELECT "+teamColumns+teamFrom+" WHERE t.token_hash = ?", hashSecret(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// Teams lists every team, open ones first, newest first, with their
// counts of members and runs.
func (s *Store) Teams(ctx context.Context) ([]Team, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+teamColumns+`,
	(SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id),
	(SELECT count(*) FROM practice_results p WHERE p.team_id = t.id),
	(SELECT coalesce(max(p.received_at), 0) FROM practice_results p WHERE p.team_id = t.id)`+teamFrom+`
ORDER BY CASE WHEN t.closed_at IS NULL THEN 0 ELSE 1 END, t.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		var members, runs int
		var last int64
		t, err := scanTeam(rows, &members, &runs, &last)
		if err != nil {
			return nil, err
		}
		t.Members, t.Runs = members, runs
		if last != 0 {
			t.LastRun = fromMS(last)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetTeamClosed closes a team (it refuses results from then on, with 410)
// or opens it again.
func (s *Store) SetTeamClosed(ctx context.Context, by Actor, id int64, closed bool, now time.Time) error {
	return s.inTx(ctx, func(q *sqlTx) error {
		var at int64
		err := q.QueryRowContext(ctx, "SELECT coalesce(closed_at, 0) FROM teams WHERE id = ?", id).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if (at != 0) == closed {
			return nil
		}
		action, detail := "team.closed", "new results are refused"
		var value any
		if closed {
			value = ms(now)
		} else {
			action, detail = "team.reopened", "new results are taken again"
		}
		if _, err := q.ExecContext(ctx, "UPDATE teams SET closed_at = ? WHERE id = ?", value, id); err != nil {
			return err
		}
		return appendAudit(ctx, q, by.entry(now, action, teamTarget(id), detail))
	})
}

// NewTeamLink replaces a team's join link: the old one stops working
// (players who joined with it must join again). It returns the new token.
func (s *Store) NewTeamLink(ctx context.Context, by Actor, id int64, now time.Time) (string, error) {
	token, hash := newSecret()
	err := s.inTx(ctx, func(q *sqlTx) error {
		res, err := q.ExecContext(ctx, "UPDATE teams SET token_hash = ? WHERE id = ?", hash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		return appendAudit(ctx, q, by.entry(now, "team.link", teamTarget(id), "a new join link replaced the old one, which no longer works"))
	})
	return token, err
}

// SetTeamRetention changes a team's retention period.
func (s *Store) SetTeamRetention(ctx context.Context, by Actor, id int64, days int, now time.Time) error {
	return s.setRetention(ctx, "teams", id, days, func(before int) AuditEntry {
		return by.entry(now, "team.retention", teamTarget(id), fmt.Sprintf("results %s → %s", teamRetentionText(before), teamRetentionText(days)))
	})
}

// scoredPractice is a practice upload re-played by the panel, ready to
// store.
type scoredPractice struct {
	runID, scenario, language, title, situation string
	archetype, ending                           string
	weights, drift                              []byte
	fitting, decisions                          int
	transcript, report, client                  []byte
	startedAt, finishedAt                       string
}

// storedPractice is what StorePractice answers with.
type storedPractice struct {
	ID        int64
	MemberID  int64
	Received  time.Time
	Archetype string
	// Created is false when this member had sent this run before: the
	// stored one is answered again.
	Created bool
}

// StorePractice stores a practice run of the member with this key hash
// (creating the member, or updating their name and last visit), once: the
// same member sending the same run id again gets the stored run back.
func (s *Store) StorePractice(ctx context.Context, teamID int64, keyHash []byte, name string, p *scoredPractice, now time.Time, client string) (storedPractice, error) {
	var out storedPractice
	// Unlike inTx, this does not wait for the administrative writes: a
	// practice upload spends nothing another panel could spend too (its
	// run id is unique, its member an upsert).
	err := commitTx(s.db.BeginTx(ctx, nil))(func(q *sqlTx) error {
		var closed int64
		err := q.QueryRowContext(ctx, "SELECT coalesce(closed_at, 0) FROM teams WHERE id = ?", teamID).Scan(&closed)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if closed != 0 {
			return errTeamClosed
		}
		if err := q.QueryRowContext(ctx, `INSERT INTO team_members(team_id, key_hash, name, first_seen, last_seen) VALUES(?, ?, ?, ?, ?)
ON CONFLICT (team_id, key_hash) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen RETURNING id`,
			teamID, keyHash, name, ms(now), ms(now)).Scan(&out.MemberID); err != nil {
			return err
		}
		err = q.QueryRowContext(ctx, `INSERT INTO practice_results(team_id, member_id, run_id, scenario_id, language, title, situation, archetype, weights, drift,
	fitting, decisions, ending, started_at, finished_at, received_at, client, transcript, report)
VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (team_id, member_id, run_id) DO NOTHING RETURNING id`,
			teamID, out.MemberID, p.runID, p.scenario, p.language, p.title, p.situation, p.archetype, string(p.weights), string(p.drift),
			p.fitting, p.decisions, p.ending, p.startedAt, p.finishedAt, ms(now), string(p.client), string(p.transcript), string(p.report)).Scan(&out.ID)
		if errors.Is(err, sql.ErrNoRows) {
			// Received before: answer with what was stored.
			var received int64
			if err := q.QueryRowContext(ctx, "SELECT id, archetype, received_at FROM practice_results WHERE team_id = ? AND member_id = ? AND run_id = ?",
				teamID, out.MemberID, p.runID).Scan(&out.ID, &out.Archetype, &received); err != nil {
				return err
			}
			out.Received = fromMS(received)
			return nil
		}
		if err != nil {
			return err
		}
		out.Created, out.Received, out.Archetype = true, now, p.archetype
		// No name: the append-only log outlives a member's data.
		return appendAudit(ctx, q, AuditEntry{At: now, Actor: "team member", Action: "practice.received",
			Target: teamMemberTarget(teamID, out.MemberID),
			Detail: fmt.Sprintf("run %d: %s (%s), ending %s, archetype %s", out.ID, p.scenario, p.language, p.ending, p.archetype),
			Client: client})
	})
	return out, err
}

// errTeamClosed is StorePractice's answer for a team closed meanwhile.
var errTeamClosed = errors.New("the team is closed")

// TeamMembers lists a team's members by name.
func (s *Store) TeamMembers(ctx context.Context, teamID int64) ([]TeamMember, error) {
	return queryAll(ctx, s.db, scanTeamMember, "SELECT id, team_id, name, first_seen, last_seen FROM team_members WHERE team_id = ? ORDER BY name, id", teamID)
}

func scanTeamMember(sc interface{ Scan(...any) error }) (TeamMember, error) {
	var m TeamMember
	var first, last int64
	err := sc.Scan(&m.ID, &m.TeamID, &m.Name, &first, &last)
	m.FirstSeen, m.LastSeen = fromMS(first), fromMS(last)
	return m, err
}

// TeamMember returns one member of a team.
func (s *Store) TeamMember(ctx context.Context, teamID, memberID int64) (TeamMember, error) {
	m, err := scanTeamMember(s.db.QueryRowContext(ctx, "SELECT id, team_id, name, first_seen, last_seen FROM team_members WHERE id = ? AND team_id = ?", memberID, teamID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

const practiceColumns = "id, member_id, run_id, scenario_id, language, title, situation, archetype, weights, ending, fitting, decisions, started_at, finished_at, received_at"

// maxPracticeSkew is how far before its arrival a run may say it was
// played (offline games send later); past it the arrival counts.
const maxPracticeSkew = 366 * 24 * time.Hour

func scanPractice(sc interface{ Scan(...any) error }) (PracticeRun, error) {
	var p PracticeRun
	var weights string
	var received int64
	err := sc.Scan(&p.ID, &p.MemberID, &p.RunID, &p.ScenarioID, &p.Language, &p.Title, &p.Situation, &p.Archetype, &weights, &p.Ending,
		&p.Fitting, &p.Decisions, &p.StartedAt, &p.FinishedAt, &received)
	if err != nil {
		return p, err
	}
	if p.Weights, err = parseWeights(weights); err != nil {
		return p, fmt.Errorf("practice result %d: weights: %w", p.ID, err)
	}
	p.Received = fromMS(received)
	p.At = playedAt(p.FinishedAt, p.Received)
	return p, nil
}

// playedAt is when a run was played: its finished_at, held between a year
// before it was received and when it was received.
func playedAt(finished string, received time.Time) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, finished); err == nil && !t.After(received) && received.Sub(t) <= maxPracticeSkew {
		return t
	}
	return received
}

// runSum is what the team view sums of one run.
type runSum struct {
	MemberID  int64
	Situation string
	Lost      bool
	Weights   scoring.Weights
	At        time.Time
}

// sum is the part of a run the charts read.
func (p PracticeRun) sum() runSum {
	return runSum{MemberID: p.MemberID, Situation: p.Situation, Lost: p.Lost(), Weights: p.Weights, At: p.At}
}

// teamSums reads what the team view sums of every run of a team, oldest
// first, and nothing else (RecentPracticeRuns reads the few runs it lists
// in full). Situation names are shared, not copied per run.
func (s *Store) teamSums(ctx context.Context, teamID int64) ([]runSum, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT member_id, situation, ending, weights, finished_at, received_at FROM practice_results WHERE team_id = ? ORDER BY received_at, id", teamID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []runSum
	var situation, ending, weights sql.RawBytes
	var finished string
	var received int64
	names := map[string]string{}
	for rows.Next() {
		var p runSum
		if err := rows.Scan(&p.MemberID, &situation, &ending, &weights, &finished, &received); err != nil {
			return nil, err
		}
		name, ok := names[string(situation)]
		if !ok {
			name = string(situation)
			names[name] = name
		}
		p.Situation = name
		p.Lost = string(ending) == scoring.Lost
		if p.Weights, err = parseWeights(string(weights)); err != nil {
			return nil, fmt.Errorf("a practice result of team %d: weights: %w", teamID, err)
		}
		p.At = playedAt(finished, fromMS(received))
		out = append(out, p)
	}
	return out, rows.Err()
}

// RecentPracticeRuns returns a team's latest runs, newest first.
func (s *Store) RecentPracticeRuns(ctx context.Context, teamID int64, limit int) ([]PracticeRun, error) {
	return queryAll(ctx, s.db, scanPractice, "SELECT "+practiceColumns+" FROM practice_results WHERE team_id = ? ORDER BY received_at DESC, id DESC LIMIT ?", teamID, limit)
}

// PracticeRuns returns a team's runs, oldest first; with memberID != 0,
// that member's only.
func (s *Store) PracticeRuns(ctx context.Context, teamID, memberID int64) ([]PracticeRun, error) {
	q := "SELECT " + practiceColumns + " FROM practice_results WHERE team_id = ?"
	args := []any{teamID}
	if memberID != 0 {
		q += " AND member_id = ?"
		args = append(args, memberID)
	}
	return queryAll(ctx, s.db, scanPractice, q+" ORDER BY received_at, id", args...)
}

// DeleteTeamMember deletes one member's practice data on request: their
// runs (transcripts and reports) and their name and key. The audit log
// keeps an entry naming the member's number, not their name. It returns
// how many runs were deleted.
func (s *Store) DeleteTeamMember(ctx context.Context, by Actor, teamID, memberID int64, now time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(q *sqlTx) error {
		var one int
		err := q.QueryRowContext(ctx, "SELECT 1 FROM team_members WHERE id = ? AND team_id = ?", memberID, teamID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, "DELETE FROM practice_results WHERE member_id = ? AND team_id = ?", memberID, teamID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if _, err := q.ExecContext(ctx, "DELETE FROM team_members WHERE id = ?", memberID); err != nil {
			return err
		}
		return appendAudit(ctx, q, by.entry(now, "team.member.deleted", teamMemberTarget(teamID, memberID),
			fmt.Sprintf("practice data deleted on request: %s, the member's name and key", plural(int(n), "run", "runs"))))
	})
	return int(n), err
}

// TeamMemberExport is everything the panel holds about one team member.
type TeamMemberExport struct {
	Exported  time.Time           `json:"exported"`
	Team      teamExportHead      `json:"team"`
	Member    teamMemberHead      `json:"member"`
	Runs      []practiceExportRun `json:"runs"`
	Audit     []candidateAudit    `json:"audit"`
	Retention string              `json:"retention"`
}

type teamExportHead struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Trainer string `json:"trainer"`
}

type teamMemberHead struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// The key itself is never stored, only its SHA-256.
	Key string `json:"key"`
}

type practiceExportRun struct {
	ID         int64           `json:"id"`
	RunID      string          `json:"run_id"`
	Scenario   string          `json:"scenario"`
	Language   string          `json:"language"`
	Title      string          `json:"title"`
	Situation  string          `json:"situation"`
	Archetype  string          `json:"archetype"`
	Ending     string          `json:"ending"`
	StartedAt  string          `json:"started_at"`
	FinishedAt string          `json:"finished_at"`
	Received   time.Time       `json:"received"`
	Client     json.RawMessage `json:"client"`
	Transcript json.RawMessage `json:"transcript"`
	Report     json.RawMessage `json:"report"`
}

// ExportTeamMember gathers everything held about one member of a team.
func (s *Store) ExportTeamMember(ctx context.Context, teamID, memberID int64, now time.Time) (*TeamMemberExport, error) {
	t, err := s.TeamByID(ctx, teamID)
	if err != nil {
		return nil, err
	}
	m, err := s.TeamMember(ctx, teamID, memberID)
	if err != nil {
		return nil, err
	}
	x := &TeamMemberExport{
		Exported:  now.UTC(),
		Team:      teamExportHead{ID: t.ID, Name: t.Name, Trainer: t.Trainer},
		Member:    teamMemberHead{ID: m.ID, Name: m.Name, FirstSeen: m.FirstSeen.UTC(), LastSeen: m.LastSeen.UTC(), Key: "stored as its SHA-256 only"},
		Runs:      []practiceExportRun{},
		Audit:     []candidateAudit{},
		Retention: "results " + teamRetentionText(t.RetentionDays),
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, run_id, scenario_id, language, title, situation, archetype, ending, started_at, finished_at, received_at, client, transcript, report
FROM practice_results WHERE team_id = ? AND member_id = ? ORDER BY received_at, id`, teamID, memberID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r practiceExportRun
		var received int64
		var client, tr, rep string
		if err := rows.Scan(&r.ID, &r.RunID, &r.Scenario, &r.Language, &r.Title, &r.Situation, &r.Archetype, &r.Ending, &r.StartedAt, &r.FinishedAt,
			&received, &client, &tr, &rep); err != nil {
			rows.Close()
			return nil, err
		}
		r.Received = fromMS(received).UTC()
		r.Client, r.Transcript, r.Report = json.RawMessage(client), json.RawMessage(tr), json.RawMessage(rep)
		x.Runs = append(x.Runs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log WHERE target = ? ORDER BY id", teamMemberTarget(teamID, memberID))
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

// SweepTeamRetention deletes the practice results received longer ago
// than their team's retention period, in batches, then the members of
// those teams left without results (their names go with their data). It
// writes one audit entry (counts per team, never names) when it deleted
// anything, and returns how many results it deleted.
func (s *Store) SweepTeamRetention(ctx context.Context, now time.Time) (int, error) {
	perTeam, total, err := s.sweepDue(ctx, `SELECT p.id, p.team_id FROM practice_results p JOIN teams t ON t.id = p.team_id
WHERE t.retention_days > 0 AND p.received_at < ? - t.retention_days * 86400000 ORDER BY p.id LIMIT ?`, ms(now),
		func(tx *sqlTx, d dueRow) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM practice_results WHERE id = ?", d.id)
			return err
		})
	if err != nil || total == 0 {
		return total, err
	}
	members := 0
	ids := sortedIDs(perTeam)
	parts := make([]string, len(ids))
	for i, id := range ids {
		res, err := s.db.ExecContext(ctx, `DELETE FROM team_members WHERE team_id = ? AND last_seen < ? - (SELECT retention_days FROM teams WHERE id = ?) * 86400000
AND NOT EXISTS (SELECT 1 FROM practice_results p WHERE p.member_id = team_members.id)`, id, ms(now), id)
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		members += int(n)
		parts[i] = fmt.Sprintf("team %d: %d", id, perTeam[id])
	}
	detail := fmt.Sprintf("%s past their team's retention period deleted (%s); %s left without results deleted",
		plural(total, "practice result", "practice results"), strings.Join(parts, ", "), plural(members, "member", "members"))
	return total, s.AppendAudit(ctx, Actor{}.entry(now, "retention.swept", "practice results", detail))
}

// teamRoutes adds the team pages and the team API.
func (s *Server) teamRoutes(m *http.ServeMux) {
	// Players (public; the token is the secret): the join page and the API.
	m.HandleFunc("GET /t/{token}", s.handleTeamJoinPage)
	m.HandleFunc("GET /api/teams/{token}", s.handleTeamInfo)
	m.HandleFunc("POST /api/teams/{token}/practice", s.handlePractice)
	// Panel members: reviewers read, authors and owners manage.
	m.HandleFunc("GET /teams", s.member(s.handleTeams))
	m.HandleFunc("POST /teams", s.need(RoleAuthor, s.handleCreateTeam))
	m.HandleFunc("GET /teams/{id}", s.member(s.handleTeam))
	m.HandleFunc("POST /teams/{id}/close", s.need(RoleAuthor, s.handleCloseTeam))
	m.HandleFunc("POST /teams/{id}/reopen", s.need(RoleAuthor, s.handleReopenTeam))
	m.HandleFunc("POST /teams/{id}/link", s.need(RoleAuthor, s.handleNewTeamLink))
	m.HandleFunc("POST /teams/{id}/retention", s.need(RoleAuthor, s.handleTeamRetention))
	m.HandleFunc("GET /teams/{id}/runs.csv", s.member(s.downloads(s.handleTeamRunsCSV)))
	m.HandleFunc("GET /teams/{id}/members/{mid}", s.member(s.handleTeamMember))
	m.HandleFunc("POST /teams/{id}/members/{mid}/delete", s.need(RoleAuthor, s.handleDeleteTeamMember))
	m.HandleFunc("GET /teams/{id}/members/{mid}/export.json", s.need(RoleAuthor, s.handleTeamMemberExport))
}

// sweepTeams runs the teams' retention sweep (the sweeper calls it after
// the assessments').
func (s *Server) sweepTeams() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	n, err := s.store.SweepTeamRetention(ctx, s.now())
	if err != nil {
		s.log.Error("team retention sweep", "err", err)
	} else if n > 0 {
		s.log.Info("team retention sweep", "deleted", n)
	}
}

// parseWeights reads weights as stored (scoring.Weights' JSON, maybe
// indented) without encoding/json's reflection, which took a third of the
// team view's time; anything else goes through json.Unmarshal.
func parseWeights(s string) (scoring.Weights, error) {
	var w scoring.Weights
	i, seen := 0, 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
	}
	slow := func() (scoring.Weights, error) {
		var w scoring.Weights
		err := json.Unmarshal([]byte(s), &w)
		return w, err
	}
	skip()
	if i >= len(s) || s[i] != '{' {
		return slow()
	}
	i++
	for {
		skip()
		if i < len(s) && s[i] == '}' && seen == scoring.NumArchetypes {
			i++
			skip()
			if i != len(s) {
				return slow()
			}
			return w, nil
		}
		if i >= len(s) || s[i] != '"' {
			return slow()
		}
		end := strings.IndexByte(s[i+1:], '"')
		if end < 0 {
			return slow()
		}
		k := scoring.Index(s[i+1 : i+1+end])
		i += end + 2
		skip()
		if k < 0 || i >= len(s) || s[i] != ':' {
			return slow()
		}
		i++
		skip()
		j := i
		for j < len(s) && strings.IndexByte("+-0123456789.eE", s[j]) >= 0 {
			j++
		}
		v, err := strconv.ParseFloat(s[i:j], 64)
		if err != nil {
			return slow()
		}
		w[k] = v
		seen++
		i = j
		skip()
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
}
