package panel

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Export is the JSON export of results (GET /results.json and
// /assessments/{id}/results.json).
type Export struct {
	ExportedAt  string             `json:"exported_at"`
	Assessments []ExportAssessment `json:"assessments"`
}

// ExportAssessment is one assessment in an export.
type ExportAssessment struct {
	ID          int64              `json:"id"`
	Name        string             `json:"name"`
	Seed        uint64             `json:"seed"`
	TimeLimits  bool               `json:"time_limits"`
	CreatedAt   string             `json:"created_at"`
	Scenarios   []string           `json:"scenarios"`
	Submissions []ExportSubmission `json:"submissions"`
}

// ExportSubmission is one candidate's result. Reports are exactly the
// bytes the server computed and stored.
type ExportSubmission struct {
	ID          int64           `json:"id"`
	Candidate   string          `json:"candidate"`
	InviteLabel string          `json:"invite_label"`
	StartedAt   string          `json:"started_at"`
	FinishedAt  string          `json:"finished_at"`
	Seconds     float64         `json:"seconds"`
	ReceivedAt  string          `json:"received_at"`
	Client      json.RawMessage `json:"client"`
	Archetype   string          `json:"archetype"`
	// Tied, Margin and Clear are the verdict of the summed weights by the
	// contract's rules (v2): front ends name the archetype only when Clear.
	Tied    []string        `json:"tied"`
	Margin  float64         `json:"margin"`
	Clear   bool            `json:"clear"`
	Weights scoring.Weights `json:"weights"`
	Drift   scoring.Weights `json:"drift"`
	// TimingFlagged says a result has timing flags.
	TimingFlagged bool           `json:"timing_flagged"`
	Results       []ExportResult `json:"results"`
}

// ExportResult is one scenario of a submission.
type ExportResult struct {
	Scenario string `json:"scenario"`
	// Tied, Margin and Clear repeat the report's verdict; for a report
	// stored before scoring v2 they are computed from its weights.
	Tied   []string `json:"tied"`
	Margin float64  `json:"margin"`
	Clear  bool     `json:"clear"`
	// TimingFlags are the transcript's implausible times (TimingFlags);
	// the result was scored all the same.
	TimingFlags []TimingFlag    `json:"timing_flags"`
	Transcript  json.RawMessage `json:"transcript"`
	Report      json.RawMessage `json:"report"`
}

// exportData gathers the assessments (one, or all when id is 0) and their
// submissions.
func (s *Server) exportData(r *http.Request, id int64) ([]*Assessment, []*Submission, error) {
	var as []*Assessment
	if id != 0 {
		a, err := s.assessment(r.Context(), id)
		if err != nil {
			return nil, nil, err
		}
		as = append(as, a)
	} else {
		list, err := s.store.Assessments(r.Context(), s.now())
		if err != nil {
			return nil, nil, err
		}
		for i := len(list) - 1; i >= 0; i-- {
			a, err := s.assessment(r.Context(), list[i].ID)
			if err != nil {
				return nil, nil, err
			}
			as = append(as, a)
		}
	}
	subs, err := s.store.Submissions(r.Context(), id, true)
	return as, subs, err
}

func (s *Server) exportID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	if r.PathValue("id") == "" {
		return 0, true
	}
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
	}
	return id, ok
}

func exportName(id int64, ext string) string {
	if id == 0 {
		return "shockabsorber-results." + ext
	}
	return fmt.Sprintf("shockabsorber-assessment-%d-results.%s", id, ext)
}

func (s *Server) handleExportJSON(w http.ResponseWriter, r *http.Request) {
	id, ok := s.exportID(w, r)
	if !ok {
		return
	}
	as, subs, err := s.exportData(r, id)
	if s.pageFailed(w, r, err) {
		return
	}
	ex := Export{ExportedAt: s.now().UTC().Format(time.RFC3339), Assessments: []ExportAssessment{}}
	idx := map[int64]int{}
	byID := map[int64]*Assessment{}
	for _, a := range as {
		byID[a.ID] = a
		ea := ExportAssessment{ID: a.ID, Name: a.Name, Seed: a.Seed, TimeLimits: a.TimeLimits, CreatedAt: a.Created.UTC().Format(time.RFC3339), Scenarios: []string{}, Submissions: []ExportSubmission{}}
		for _, sc := range a.Scenarios {
			ea.Scenarios = append(ea.Scenarios, sc.ID)
		}
		idx[a.ID] = len(ex.Assessments)
		ex.Assessments = append(ex.Assessments, ea)
	}
	for _, sub := range subs {
		k, ok := idx[sub.AssessmentID]
		if !ok {
			continue
		}
		v := submissionVerdict(sub)
		es := ExportSubmission{
			ID: sub.ID, Candidate: sub.Candidate, InviteLabel: sub.InviteLabel, StartedAt: sub.StartedAt, FinishedAt: sub.FinishedAt,
			Seconds: sub.Duration().Seconds(), ReceivedAt: sub.Received.UTC().Format(time.RFC3339Nano), Client: sub.Client,
			Archetype: sub.Archetype, Tied: v.Tied, Margin: v.Margin, Clear: v.Clear,
			Weights: sub.Weights, Drift: sub.Drift, Results: []ExportResult{},
		}
		for _, res := range sub.Results {
			er := ExportResult{Scenario: res.ScenarioID, Tied: []string{}, TimingFlags: []TimingFlag{}, Transcript: res.Transcript, Report: res.Report}
			if f := resultFlags(byID[sub.AssessmentID], res); len(f) > 0 {
				er.TimingFlags, es.TimingFlagged = f, true
			}
			var rep play.Report
			if err := json.Unmarshal(res.Report, &rep); err != nil {
				s.log.Error("export json", "submission", sub.ID, "err", err)
			} else {
				rv := reportVerdict(&rep)
				er.Tied, er.Margin, er.Clear = rv.Tied, rv.Margin, rv.Clear
			}
			es.Results = append(es.Results, er)
		}
		ex.Assessments[k].Submissions = append(ex.Assessments[k].Submissions, es)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(id, "json")+`"`)
	writeJSON(w, http.StatusOK, ex)
}

// csvCell shows control and bidi characters as [U+XXXX] (see escapeText)
// and defuses spreadsheet formulas in free text.
func csvCell(s string) string {
	s = escapeText(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func fnum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (s *Server) handleExportCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := s.exportID(w, r)
	if !ok {
		return
	}
	as, subs, err := s.exportData(r, id)
	if s.pageFailed(w, r, err) {
		return
	}
	names := map[int64]string{}
	byID := map[int64]*Assessment{}
	for _, a := range as {
		names[a.ID] = a.Name
		byID[a.ID] = a
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(id, "csv")+`"`)
	cw := csv.NewWriter(w)
	head := []string{"submission", "assessment_id", "assessment", "candidate", "invite_label", "started_at", "finished_at", "seconds", "received_at", "archetype", "tied", "margin", "clear"}
	for _, a := range scoring.Archetypes {
		head = append(head, "drift_"+a)
	}
	head = append(head, "scenario", "scenario_title", "ending", "scenario_archetype", "scenario_tied", "scenario_margin", "scenario_clear", "start_mood", "mood", "fitting", "decisions", "walked_out", "timed_out", "choices")
	for _, a := range scoring.Archetypes {
		head = append(head, "scenario_drift_"+a)
	}
	head = append(head, "timing_flags")
	cw.Write(head)
	for _, sub := range subs {
		if _, ok := names[sub.AssessmentID]; !ok {
			continue
		}
		v := submissionVerdict(sub)
		base := []string{
			strconv.FormatInt(sub.ID, 10), strconv.FormatInt(sub.AssessmentID, 10), csvCell(names[sub.AssessmentID]), csvCell(sub.Candidate), csvCell(sub.InviteLabel),
			csvCell(sub.StartedAt), csvCell(sub.FinishedAt), fnum(sub.Duration().Seconds()), sub.Received.UTC().Format(time.RFC3339), sub.Archetype,
			strings.Join(v.Tied, " "), fnum(v.Margin), strconv.FormatBool(v.Clear),
		}
		for _, v := range sub.Drift {
			base = append(base, fnum(v))
		}
		for _, res := range sub.Results {
			var rep play.Report
			if err := json.Unmarshal(res.Report, &rep); err != nil {
				s.log.Error("export csv", "submission", sub.ID, "err", err)
				continue
			}
			timedOut := false
			choices := make([]string, len(rep.Choices))
			for i, c := range rep.Choices {
				choices[i] = strconv.Itoa(c)
			}
			for _, st := range rep.Steps {
				timedOut = timedOut || st.TimedOut
			}
			rv := reportVerdict(&rep)
			row := append(append([]string{}, base...), rep.Scenario, csvCell(rep.Title), rep.Ending, rep.Archetype,
				strings.Join(rv.Tied, " "), fnum(rv.Margin), strconv.FormatBool(rv.Clear),
				strconv.Itoa(rep.StartMood), strconv.Itoa(rep.Mood), strconv.Itoa(rep.Fitting), strconv.Itoa(rep.Decisions),
				strconv.FormatBool(rep.WalkedOut), strconv.FormatBool(timedOut), strings.Join(choices, " "))
			for _, v := range rep.Drift {
				row = append(row, fnum(v))
			}
			row = append(row, flagSummary(resultFlags(byID[sub.AssessmentID], res)))
			cw.Write(row)
		}
	}
	cw.Flush()
}
