package panel

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/evidence"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Re-scoring under a revised key: an author replaces some of an
// assessment's scenarios by revised versions (an upload, or the bundled
// library's current file) or keeps them, and every stored transcript is
// replayed against them under this build's scoring rules. The reports
// stored before are kept (result_history), every candidate's change is
// recorded with the re-score (rescores), the revised sources become the
// assessment's, and the audit log records who did it. Reports stored
// before scoring v2 become v2 reports this way.

// evidenceSchema holds the re-scoring tables: migration 6 (store.go).
// Panels before it created them on first use, hence IF NOT EXISTS.
const evidenceSchema = `
CREATE TABLE IF NOT EXISTS rescores (
	id            INTEGER PRIMARY KEY,
	assessment_id INTEGER NOT NULL REFERENCES assessments(id),
	at            INTEGER NOT NULL,
	actor         TEXT NOT NULL,
	scoring       INTEGER NOT NULL,
	record        TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS rescores_assessment ON rescores(assessment_id);
CREATE TABLE IF NOT EXISTS result_history (
	rescore_id    INTEGER NOT NULL REFERENCES rescores(id),
	submission_id INTEGER NOT NULL REFERENCES submissions(id),
	position      INTEGER NOT NULL,
	report        TEXT NOT NULL,
	PRIMARY KEY (rescore_id, submission_id, position)
) STRICT;
CREATE TABLE IF NOT EXISTS submission_devices (
	submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
	device        BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS submission_devices_device ON submission_devices(device);
CREATE TABLE IF NOT EXISTS source_history (
	rescore_id INTEGER NOT NULL REFERENCES rescores(id),
	position   INTEGER NOT NULL,
	origin     TEXT NOT NULL,
	source     TEXT NOT NULL,
	PRIMARY KEY (rescore_id, position)
) STRICT;
`

// RescoreRecord is one re-score of an assessment, as stored.
type RescoreRecord struct {
	ID           int64             `json:"id"`
	AssessmentID int64             `json:"assessment_id"`
	At           time.Time         `json:"at"`
	Actor        string            `json:"actor"`
	Scoring      int               `json:"scoring"`
	Revised      []RevisedScenario `json:"revised"`
	Candidates   []CandidateChange `json:"candidates"`
}

// RevisedScenario names a scenario whose source the re-score replaced.
type RevisedScenario struct {
	Position int    `json:"position"`
	Scenario string `json:"scenario"`
	Before   string `json:"origin_before"`
	After    string `json:"origin_after"`
}

// CandidateChange is what a re-score changed for one candidate.
type CandidateChange struct {
	Submission int64                     `json:"submission"`
	Candidate  string                    `json:"candidate"`
	Before     evidence.Summary          `json:"before"`
	After      evidence.Summary          `json:"after"`
	Verdict    bool                      `json:"verdict_changed"`
	Changed    bool                      `json:"changed"`
	Scenarios  []evidence.ScenarioChange `json:"scenarios,omitempty"`
}

// Changed counts the candidates with any change and with a changed
// verdict.
func (r *RescoreRecord) Changed() (any, verdicts int) {
	for _, c := range r.Candidates {
		if c.Changed {
			any++
		}
		if c.Verdict {
			verdicts++
		}
	}
	return any, verdicts
}

// ErrRescoreRaced is returned when a submission arrived while the
// transcripts were being re-scored.
var ErrRescoreRaced = errors.New("a candidate submitted while the transcripts were being re-scored; re-score again")

// rescored is one submission's new reports, encoded.
type rescored struct {
	sub     *Submission
	reports []play.Report
	encoded [][]byte
	change  evidence.Change
}

// saveRescore stores a re-score in one transaction: the record, the old
// reports of every result whose report changed, the new reports and
// totals, the replaced sources, and the audit entry.
func (s *Store) saveRescore(ctx context.Context, rec *RescoreRecord, a *Assessment, revised map[int]Source, subs []rescored, audit AuditEntry) (int64, error) {
	recJSON, err := json.Marshal(rec)
	if err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM submissions WHERE assessment_id = ?", a.ID).Scan(&n); err != nil {
		return 0, err
	}
	if n != len(subs) {
		return 0, ErrRescoreRaced
	}
	var rid int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO rescores(assessment_id, at, actor, scoring, record) VALUES(?, ?, ?, ?, ?) RETURNING id",
		a.ID, ms(rec.At), rec.Actor, rec.Scoring, string(recJSON)).Scan(&rid); err != nil {
		return 0, err
	}
	for _, rs := range subs {
		for k, r := range rs.sub.Results {
			if bytes.Equal(r.Report, rs.encoded[k]) {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO result_history(rescore_id, submission_id, position, report) VALUES(?, ?, ?, ?)",
				rid, rs.sub.ID, r.Position, string(r.Report)); err != nil {
				return 0, err
			}
			rep := &rs.reports[k]
			if _, err := tx.ExecContext(ctx, "UPDATE results SET report = ?, ending = ?, archetype = ? WHERE submission_id = ? AND position = ?",
				string(rs.encoded[k]), rep.Ending, rep.Archetype, rs.sub.ID, r.Position); err != nil {
				return 0, err
			}
		}
		w := rs.change.After.Weights
		wj, _ := play.MarshalJSON(w)
		dj, _ := play.MarshalJSON(scoring.Drift(w))
		fitting, decisions, lost := 0, 0, 0
		for _, rep := range rs.reports {
			fitting += rep.Fitting
			decisions += rep.Decisions
			if rep.Ending == scoring.Lost {
				lost++
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE submissions SET archetype = ?, weights = ?, drift = ?, fitting = ?, decisions = ?, lost = ? WHERE id = ?",
			scoring.Archetype(w), string(wj), string(dj), fitting, decisions, lost, rs.sub.ID); err != nil {
			return 0, err
		}
	}
	for pos, src := range revised {
		old := a.Scenarios[pos]
		if _, err := tx.ExecContext(ctx, "INSERT INTO source_history(rescore_id, position, origin, source) VALUES(?, ?, ?, ?)", rid, pos, old.Origin, old.Source); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE assessment_scenarios SET origin = ?, source = ?, title = ?, language = ? WHERE assessment_id = ? AND position = ?",
			src.Origin, string(src.Data), src.Scenario.Title, src.Scenario.Language, a.ID, pos); err != nil {
			return 0, err
		}
	}
	if err := appendAudit(ctx, tx, audit); err != nil {
		return 0, err
	}
	return rid, tx.Commit()
}

// Rescores lists an assessment's re-scores, newest first.
func (s *Store) Rescores(ctx context.Context, assessmentID int64) ([]RescoreRecord, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT record FROM rescores WHERE assessment_id = ? ORDER BY id DESC", assessmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RescoreRecord
	for rows.Next() {
		var rec RescoreRecord
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &rec); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// Rescore reads one re-score.
func (s *Store) Rescore(ctx context.Context, id int64) (*RescoreRecord, error) {
	var data string
	err := s.db.QueryRowContext(ctx, "SELECT record FROM rescores WHERE id = ?", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var rec RescoreRecord
	if err := json.Unmarshal([]byte(data), &rec); err != nil {
		return nil, err
	}
	rec.ID = id
	return &rec, nil
}

// ResultHistory returns the reports a submission's result had before each
// re-score that changed it, oldest first.
func (s *Store) ResultHistory(ctx context.Context, submissionID int64, position int) ([]json.RawMessage, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT report FROM result_history WHERE submission_id = ? AND position = ? ORDER BY rescore_id", submissionID, position)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []json.RawMessage
	for rows.Next() {
		var rep string
		if err := rows.Scan(&rep); err != nil {
			return nil, err
		}
		out = append(out, json.RawMessage(rep))
	}
	return out, rows.Err()
}

// RescoreAssessment re-scores every stored transcript of assessment a
// against its scenarios, with those at the positions of revised replaced.
// A transcript a revision cannot replay refuses the whole re-score: the
// returned problems name each (at most 20).
func (s *Server) RescoreAssessment(ctx context.Context, a *Assessment, revised map[int]Source, actor Actor) (*RescoreRecord, []string, error) {
	list := a.scenarioList()
	for pos, src := range revised {
		list[pos] = src.Scenario
	}
	subs, err := s.store.Submissions(ctx, a.ID, true)
	if err != nil {
		return nil, nil, err
	}
	rec := &RescoreRecord{AssessmentID: a.ID, At: s.now(), Actor: actor.Email, Scoring: scoring.Version}
	if rec.Actor == "" {
		rec.Actor = "panel"
	}
	for pos := range a.Scenarios {
		if src, ok := revised[pos]; ok {
			rec.Revised = append(rec.Revised, RevisedScenario{Position: pos + 1, Scenario: src.Scenario.ID, Before: a.Scenarios[pos].Origin, After: src.Origin})
		}
	}
	var problems []string
	out := make([]rescored, 0, len(subs))
	for _, sub := range subs {
		cands, err := candidatesOf([]*Submission{sub})
		if err != nil {
			return nil, nil, err
		}
		c := cands[0]
		reps, err := evidence.Rescore(list, a.TimeLimits, c.Transcripts)
		if err != nil {
			if len(problems) < 20 {
				problems = append(problems, fmt.Sprintf("%s (submission %d): %v", sub.Candidate, sub.ID, err))
			}
			continue
		}
		rs := rescored{sub: sub, reports: reps, change: evidence.Compare(c.Reports, reps)}
		for _, rep := range reps {
			b, err := play.MarshalJSON(rep)
			if err != nil {
				return nil, nil, err
			}
			rs.encoded = append(rs.encoded, b)
		}
		rec.Candidates = append(rec.Candidates, CandidateChange{Submission: sub.ID, Candidate: sub.Candidate, Before: rs.change.Before, After: rs.change.After,
			Verdict: rs.change.Verdict, Changed: rs.change.Changed, Scenarios: rs.change.Scenarios})
		out = append(out, rs)
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	changed, verdicts := rec.Changed()
	var names []string
	for _, rv := range rec.Revised {
		names = append(names, rv.Scenario)
	}
	detail := fmt.Sprintf("scoring v%d; %d candidate(s) re-scored, %d changed, %d verdict(s) changed", rec.Scoring, len(rec.Candidates), changed, verdicts)
	if len(names) > 0 {
		detail += "; revised: " + strings.Join(names, ", ")
	}
	entry := actor.entry(rec.At, "assessment.rescored", fmt.Sprintf("assessment %d", a.ID), detail)
	rec.ID, err = s.store.saveRescore(ctx, rec, a, revised, out, entry)
	if err != nil {
		return nil, nil, err
	}
	// The assessment's sources may have changed: read them again.
	s.mu.Lock()
	delete(s.assessments, a.ID)
	s.mu.Unlock()
	return rec, nil, nil
}

// revisionRow is a scenario of the assessment on the re-score form.
type revisionRow struct {
	Pos    int
	ID     string
	Title  string
	Origin string
	// Library is true for a library scenario; Newer when the bundled
	// library's file differs from the stored source.
	Library bool
	Newer   bool
}

// libraryFor returns the bundled library's current file of scenario id.
func libraryFor(id string) ([]byte, string, bool) {
	set, diags := scenarios.Library()
	if set == nil || diags.HasErrors() {
		return nil, "", false
	}
	sc := set.ByID(id)
	if sc == nil {
		return nil, "", false
	}
	data, err := scenarios.LibraryFile(sc.File)
	if err != nil {
		return nil, "", false
	}
	return data, sc.File, true
}

func libraryRevisions(a *Assessment) []revisionRow {
	var out []revisionRow
	for i, sc := range a.Scenarios {
		row := revisionRow{Pos: i + 1, ID: sc.ID, Title: sc.Title, Origin: sc.Origin, Library: strings.HasPrefix(sc.Origin, "library:")}
		if row.Library {
			if data, _, ok := libraryFor(sc.ID); ok && string(data) != sc.Source {
				row.Newer = true
			}
		}
		out = append(out, row)
	}
	return out
}

func (s *Server) handleRescore(w http.ResponseWriter, r *http.Request) {
	a, ok := s.pathAssessment(w, r)
	if !ok {
		return
	}
	revised := map[int]Source{}
	var srcs []Source
	var positions []int
	var problems []string
	for i, sc := range a.Scenarios {
		field := "revised_" + strconv.Itoa(i+1)
		if r.MultipartForm != nil && len(r.MultipartForm.File[field]) > 0 {
			fh := r.MultipartForm.File[field][0]
			name := filepath.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
			switch {
			case name == "" || name == ".":
				continue
			case !strings.HasSuffix(strings.ToLower(name), ".toml"):
				problems = append(problems, fmt.Sprintf("%s: only a .toml scenario file can revise %q", name, sc.ID))
				continue
			case fh.Size > scenarios.MaxFileSize:
				problems = append(problems, fmt.Sprintf("%s: the file is %d bytes; a scenario file may be at most %d", name, fh.Size, scenarios.MaxFileSize))
				continue
			}
			f, err := fh.Open()
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: cannot read the upload: %v", name, err))
				continue
			}
			data, err := io.ReadAll(io.LimitReader(f, scenarios.MaxFileSize+1))
			f.Close()
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: cannot read the upload: %v", name, err))
				continue
			}
			srcs = append(srcs, Source{Origin: "upload:" + name, File: name, Data: data})
			positions = append(positions, i)
			continue
		}
		if r.PostFormValue("library_"+strconv.Itoa(i+1)) != "" {
			data, file, ok := libraryFor(sc.ID)
			if !ok {
				problems = append(problems, fmt.Sprintf("the bundled library has no scenario %q any more", sc.ID))
				continue
			}
			srcs = append(srcs, Source{Origin: sc.Origin, File: file, Data: data})
			positions = append(positions, i)
		}
	}
	if len(srcs) > 0 {
		problems = append(problems, ParseSources(srcs)...)
	}
	for k, src := range srcs {
		if src.Scenario == nil {
			continue
		}
		pos := positions[k]
		if want := a.Scenarios[pos].ID; src.Scenario.ID != want {
			problems = append(problems, fmt.Sprintf("%s: its id is %q, but it is meant to revise scenario %d, %q: a revision keeps the scenario's id", src.File, src.Scenario.ID, pos+1, want))
			continue
		}
		revised[pos] = src
	}
	if len(problems) > 0 {
		s.evidencePage(w, r, a.ID, http.StatusUnprocessableEntity, "The revision was not applied; nothing was re-scored:", problems)
		return
	}
	rec, failed, err := s.RescoreAssessment(r.Context(), a, revised, s.actor(r))
	if errors.Is(err, ErrRescoreRaced) {
		s.evidencePage(w, r, a.ID, http.StatusConflict, err.Error(), nil)
		return
	}
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	if len(failed) > 0 {
		s.evidencePage(w, r, a.ID, http.StatusUnprocessableEntity,
			"The revised scenarios cannot replay some stored transcripts (a choice they took is gone or moved), so nothing was re-scored. A revision that re-scores keeps every node and choice where it was; change keys (action, follow_up, fit, drift), texts and moods only:", failed)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/rescores/%d", rec.ID), http.StatusSeeOther)
}

type rescoreData struct {
	Rec      *RescoreRecord
	A        *Assessment
	Changed  int
	Verdicts int
	Rows     []rescoreRow
}

type rescoreRow struct {
	CandidateChange
	BeforeVerdict, AfterVerdict            string
	BeforeClass, AfterClass                string
	BeforeSA, AfterSA, BeforeFit, AfterFit string
	Where                                  string
}

func (s *Server) handleRescoreResult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.store.Rescore(r.Context(), id)
	if s.pageFailed(w, r, err) {
		return
	}
	a, err := s.assessment(r.Context(), rec.AssessmentID)
	if s.pageFailed(w, r, err) {
		return
	}
	d := rescoreData{Rec: rec, A: a}
	d.Changed, d.Verdicts = rec.Changed()
	for _, c := range rec.Candidates {
		row := rescoreRow{CandidateChange: c,
			BeforeVerdict: verdictName(c.Before.Verdict()), AfterVerdict: verdictName(c.After.Verdict()),
			BeforeClass: verdictClass(c.Before.Verdict()), AfterClass: verdictClass(c.After.Verdict()),
			BeforeSA: percent(c.Before.ShockAbsorber), AfterSA: percent(c.After.ShockAbsorber),
			BeforeFit: fmt.Sprintf("%d/%d", c.Before.Fitting, c.Before.Decisions), AfterFit: fmt.Sprintf("%d/%d", c.After.Fitting, c.After.Decisions)}
		var where []string
		for _, sc := range c.Scenarios {
			steps := make([]string, len(sc.Steps))
			for i, st := range sc.Steps {
				steps[i] = strconv.Itoa(st)
			}
			if len(steps) > 0 {
				where = append(where, fmt.Sprintf("%s (step %s)", sc.Scenario, strings.Join(steps, ", ")))
			} else {
				where = append(where, sc.Scenario)
			}
		}
		row.Where = strings.Join(where, "; ")
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "rescore", "Re-score · "+a.Name, d)
}
