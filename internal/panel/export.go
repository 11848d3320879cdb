package panel

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
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
	ID          int64  `json:"id"`
	Candidate   string `json:"candidate"`
	InviteLabel string `json:"invite_label"`
	// InvitedBy is the e-mail of the member who created the candidate's
	// link ("" for a link made before member accounts).
	InvitedBy  string          `json:"invited_by"`
	StartedAt  string          `json:"started_at"`
	FinishedAt string          `json:"finished_at"`
	Seconds    float64         `json:"seconds"`
	ReceivedAt string          `json:"received_at"`
	Client     json.RawMessage `json:"client"`
	Archetype  string          `json:"archetype"`
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

// exportAssessment is an assessment's part of an export, without its
// submissions.
func exportAssessment(a *Assessment) ExportAssessment {
	ea := ExportAssessment{ID: a.ID, Name: a.Name, Seed: a.Seed, TimeLimits: a.TimeLimits, CreatedAt: a.Created.UTC().Format(time.RFC3339), Scenarios: []string{}, Submissions: []ExportSubmission{}}
	for _, sc := range a.Scenarios {
		ea.Scenarios = append(ea.Scenarios, sc.ID)
	}
	return ea
}

// exportSubmission is one submission of a as exported.
func (s *Server) exportSubmission(a *Assessment, sub *Submission) ExportSubmission {
	v := submissionVerdict(sub)
	es := ExportSubmission{
		ID: sub.ID, Candidate: sub.Candidate, InviteLabel: sub.InviteLabel, InvitedBy: sub.InvitedByEmail, StartedAt: sub.StartedAt, FinishedAt: sub.FinishedAt,
		Seconds: sub.Duration().Seconds(), ReceivedAt: sub.Received.UTC().Format(time.RFC3339Nano), Client: sub.Client,
		Archetype: sub.Archetype, Tied: v.Tied, Margin: v.Margin, Clear: v.Clear,
		Weights: sub.Weights, Drift: sub.Drift, Results: []ExportResult{},
	}
	for _, res := range sub.Results {
		er := ExportResult{Scenario: res.ScenarioID, Tied: []string{}, TimingFlags: []TimingFlag{}, Transcript: res.Transcript, Report: res.Report}
		if f := resultFlags(a, res); len(f) > 0 {
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
	return es
}

// exportStream writes an export as it is read: through a buffer that is
// sent to the client after every batch of submissions, so neither the
// server's memory nor the client's wait grows with the number of
// submissions. A failure once the answer has begun cuts the connection
// (the client sees an incomplete download, never a short file that looks
// whole).
type exportStream struct {
	s     *Server
	r     *http.Request
	w     http.ResponseWriter
	bw    *bufio.Writer
	count int
}

func (s *Server) newExportStream(w http.ResponseWriter, r *http.Request, contentType, name string) *exportStream {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	return &exportStream{s: s, r: r, w: w, bw: bufio.NewWriterSize(w, 64<<10)}
}

// row is called after each submission: every exportBatch, what is
// buffered goes to the client.
func (e *exportStream) row() error {
	e.count++
	if e.count%exportBatch != 0 {
		return nil
	}
	return e.flush()
}

func (e *exportStream) flush() error {
	if err := e.bw.Flush(); err != nil {
		return err
	}
	if err := http.NewResponseController(e.w).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}

// end finishes the answer, or aborts it after an error.
func (e *exportStream) end(err error) {
	if err == nil {
		err = e.flush()
	}
	if err != nil {
		if e.r.Context().Err() == nil {
			e.s.log.Error("export", "path", e.r.URL.Path, "rows", e.count, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
}

// indentedJSON encodes v as play.MarshalJSON does, each line after the
// first starting with prefix, without the final newline.
func indentedJSON(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// splitAtEmptyList cuts encoded JSON around its last "[]".
func splitAtEmptyList(b []byte) (head, tail []byte) {
	i := bytes.LastIndex(b, []byte("[]"))
	return b[:i+1], b[i+1:]
}

// handleExportJSON streams the JSON export: byte for byte what encoding
// the whole Export with play.MarshalJSON gives, written an assessment
// header and a submission at a time.
func (s *Server) handleExportJSON(w http.ResponseWriter, r *http.Request) {
	id, ok := s.exportID(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	if id != 0 {
		if _, err := s.assessment(ctx, id); s.pageFailed(w, r, err) {
			return
		}
	}
	top, err := indentedJSON(Export{ExportedAt: s.now().UTC().Format(time.RFC3339), Assessments: []ExportAssessment{}}, "")
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	e := s.newExportStream(w, r, "application/json; charset=utf-8", exportName(id, "json"))
	topHead, topTail := splitAtEmptyList(top)
	e.bw.Write(topHead)
	nA := 0
	exportOne := func(aid int64) error {
		a, err := s.assessment(ctx, aid)
		if err != nil {
			return err
		}
		ab, err := indentedJSON(exportAssessment(a), "    ")
		if err != nil {
			return err
		}
		if nA > 0 {
			e.bw.WriteByte(',')
		}
		nA++
		e.bw.WriteString("\n    ")
		aHead, aTail := splitAtEmptyList(ab)
		e.bw.Write(aHead)
		nS := 0
		err = s.store.EachSubmission(ctx, aid, func(sub *Submission) error {
			sb, err := indentedJSON(s.exportSubmission(a, sub), "        ")
			if err != nil {
				return err
			}
			if nS > 0 {
				e.bw.WriteByte(',')
			}
			nS++
			e.bw.WriteString("\n        ")
			if _, err := e.bw.Write(sb); err != nil {
				return err
			}
			return e.row()
		})
		if err != nil {
			return err
		}
		if nS > 0 {
			e.bw.WriteString("\n      ")
		}
		_, err = e.bw.Write(aTail)
		return err
	}
	if id != 0 {
		err = exportOne(id)
	} else {
		err = s.store.EachAssessmentID(ctx, exportOne)
	}
	if err == nil {
		if nA > 0 {
			e.bw.WriteString("\n  ")
		}
		e.bw.Write(topTail)
		e.bw.WriteByte('\n')
	}
	e.end(err)
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

// handleExportCSV streams the CSV export: a line per scenario of each
// submission, written as the submissions are read.
func (s *Server) handleExportCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := s.exportID(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	if id != 0 {
		if _, err := s.assessment(ctx, id); s.pageFailed(w, r, err) {
			return
		}
	}
	e := s.newExportStream(w, r, "text/csv; charset=utf-8", exportName(id, "csv"))
	cw := csv.NewWriter(e.bw)
	head := []string{"submission", "assessment_id", "assessment", "candidate", "invite_label", "started_at", "finished_at", "seconds", "received_at", "archetype", "tied", "margin", "clear"}
	for _, a := range scoring.Archetypes {
		head = append(head, "drift_"+a)
	}
	head = append(head, "scenario", "scenario_title", "ending", "scenario_archetype", "scenario_tied", "scenario_margin", "scenario_clear", "start_mood", "mood", "fitting", "decisions", "walked_out", "timed_out", "choices")
	for _, a := range scoring.Archetypes {
		head = append(head, "scenario_drift_"+a)
	}
	head = append(head, "timing_flags", "invited_by")
	cw.Write(head)
	err := s.store.EachSubmission(ctx, id, func(sub *Submission) error {
		a, err := s.assessment(ctx, sub.AssessmentID)
		if err != nil {
			return err
		}
		v := submissionVerdict(sub)
		base := []string{
			strconv.FormatInt(sub.ID, 10), strconv.FormatInt(sub.AssessmentID, 10), csvCell(a.Name), csvCell(sub.Candidate), csvCell(sub.InviteLabel),
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
			row = append(row, flagSummary(resultFlags(a, res)), csvCell(sub.InvitedByEmail))
			cw.Write(row)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return e.row()
	})
	e.end(err)
}
