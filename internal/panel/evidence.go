package panel

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/shockabsorber/shockabsorber/internal/evidence"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// The evidence pages: an assessment's norms, item analysis and
// reliability (internal/evidence), a side-by-side comparison of chosen
// candidates, a printable candidate report, a view of a stored scenario's
// source that the item flags link to, and re-scoring (rescore.go).

//go:embed evidence.css
var evidenceCSS []byte

// evidenceRoutes adds the evidence pages to m.
func (s *Server) evidenceRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /evidence.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write(evidenceCSS)
	})
	m.HandleFunc("GET /assessments/{id}/evidence", s.member(s.handleEvidence))
	m.HandleFunc("GET /assessments/{id}/compare", s.member(s.handleCompare))
	m.HandleFunc("GET /assessments/{id}/source/{pos}", s.member(s.handleSource))
	m.HandleFunc("POST /assessments/{id}/rescore", s.need(RoleAuthor, s.handleRescore))
	m.HandleFunc("GET /rescores/{id}", s.member(s.handleRescoreResult))
	m.HandleFunc("GET /submissions/{id}/report", s.member(s.handleCandidateReport))
}

// groupEvidence is an assessment's stored submissions read for analysis.
type groupEvidence struct {
	A     *Assessment
	Subs  []*Submission
	Cands []evidence.Candidate
	An    *evidence.Analysis
	// Integrity lists the candidates with integrity signals.
	Integrity []integrityRow
}

// integrityRow sums up one candidate's integrity signals: steps answered
// faster than they can be read, steps during which the candidate left the
// assessment, and the other timing flags (early timeouts, zero times).
type integrityRow struct {
	Sub       int64
	Name      string
	TooFast   int
	FocusLost int
	Other     int
	Summary   string
	// SameDevice names the candidates of the other links this browser
	// took (devices.go).
	SameDevice []string
}

// integrityOf reads the timing and focus flags of every result.
func integrityOf(a *Assessment, subs []*Submission, devices map[int64][]string) []integrityRow {
	var out []integrityRow
	for _, sub := range subs {
		row := integrityRow{Sub: sub.ID, Name: sub.Candidate, SameDevice: devices[sub.ID]}
		var parts []string
		for _, res := range sub.Results {
			flags := resultFlags(a, res)
			for _, f := range flags {
				switch f.Kind {
				case FlagTooFast:
					row.TooFast++
				case FlagFocusLost:
					row.FocusLost++
				default:
					row.Other++
				}
			}
			if len(flags) > 0 {
				parts = append(parts, res.ScenarioID+": "+flagSummary(flags))
			}
		}
		if len(parts) > 0 || len(row.SameDevice) > 0 {
			row.Summary = strings.Join(parts, " · ")
			out = append(out, row)
		}
	}
	return out
}

// scenarioList returns the parsed scenarios of a, in order.
func (a *Assessment) scenarioList() []*scenarios.Scenario {
	out := make([]*scenarios.Scenario, len(a.Scenarios))
	for i := range a.Scenarios {
		out[i] = a.Scenarios[i].Scenario
	}
	return out
}

// candidatesOf decodes the stored reports and transcripts of subs.
func candidatesOf(subs []*Submission) ([]evidence.Candidate, error) {
	out := make([]evidence.Candidate, len(subs))
	for i, sub := range subs {
		c := evidence.Candidate{ID: sub.ID, Name: sub.Candidate,
			Reports: make([]play.Report, len(sub.Results)), Transcripts: make([]play.Transcript, len(sub.Results))}
		for k, res := range sub.Results {
			if err := json.Unmarshal(res.Report, &c.Reports[k]); err != nil {
				return nil, fmt.Errorf("submission %d: report %d: %w", sub.ID, k+1, err)
			}
			if err := json.Unmarshal(res.Transcript, &c.Transcripts[k]); err != nil {
				return nil, fmt.Errorf("submission %d: transcript %d: %w", sub.ID, k+1, err)
			}
		}
		out[i] = c
	}
	return out, nil
}

// loadEvidence reads and analyses every submission of assessment id.
// The analysis is kept until the results change (evidence_cache.go).
func (s *Server) loadEvidence(ctx context.Context, id int64) (*groupEvidence, error) {
	a, err := s.assessment(ctx, id)
	if err != nil {
		return nil, err
	}
	e, sig, err := s.cachedEvidence(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.full != nil {
		return e.full, nil
	}
	subs, err := s.store.Submissions(ctx, id, true)
	if err != nil {
		return nil, err
	}
	cands, err := candidatesOf(subs)
	if err != nil {
		return nil, err
	}
	devices, err := s.store.sameDevice(ctx, id)
	if err != nil {
		return nil, err
	}
	ge := &groupEvidence{A: a, Subs: subs, Cands: cands, An: evidence.Analyze(a.scenarioList(), cands), Integrity: integrityOf(a, subs, devices)}
	s.keepEvidence(id, sig, nil, ge)
	return ge, nil
}

// ---- shared view helpers ----

// verdictName names a verdict of the evidence package for people.
func verdictName(v string) string {
	if v == evidence.NoClearDrift {
		return "No clear drift"
	}
	return archetypeName(v)
}

func verdictClass(v string) string {
	if v == evidence.NoClearDrift {
		return "arch nodrift"
	}
	return "arch arch-" + v
}

func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v*100, 'f', 0, 64) + "%"
}

// ordinal writes a percentile rank as "73rd".
func ordinal(p float64) string {
	n := int(math.Round(p))
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

func fixed2(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// bar draws a horizontal bar of share (0..1) as inline SVG: the pages'
// Content-Security-Policy allows no inline style to size a bar with.
func bar(share float64, class string) template.HTML {
	w := math.Max(0, math.Min(1, share)) * 100
	return template.HTML(fmt.Sprintf(`<svg class="bar %s" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"/><rect class="fill" width="%.2f" height="10"/></svg>`, template.HTMLEscapeString(class), w))
}

// standingView is one candidate's standing, ready for a page.
type standingView struct {
	Sub          int64
	Name         string
	Label        string
	Verdict      string
	VerdictClass string
	// Note is "tie: Pivot and Spring" or "margin 12 points" when the drift
	// is not clear, "" otherwise.
	Note string
	// Lost is "customer lost in 1 of 5 scenarios", or "".
	Lost          string
	SA            string
	SAPercentile  string
	FitRate       string
	Fit           string
	FitPercentile string
	Enough        bool
	N             int
}

func makeStanding(st evidence.Standing, n evidence.Norms, label string) standingView {
	v := standingView{Sub: st.ID, Name: st.Name, Label: label, Verdict: verdictName(st.Verdict()), VerdictClass: verdictClass(st.Verdict()),
		SA: percent(st.ShockAbsorber), FitRate: percent(st.FitRate), Fit: fmt.Sprintf("%d of %d", st.Fitting, st.Decisions),
		Enough: n.Enough, N: n.N}
	switch {
	case len(st.Tied) > 1:
		names := make([]string, len(st.Tied))
		for i, t := range st.Tied {
			names[i] = archetypeName(t)
		}
		v.Note = "tie: " + strings.Join(names, " and ")
	case !st.Clear && st.Archetype != "":
		v.Note = fmt.Sprintf("leans %s by %d points (clear from %d)", archetypeName(st.Archetype), int(math.Floor(st.Margin*100+1e-9)), int(scoring.ClearMargin*100))
	case st.Archetype == "":
		v.Note = "no weight at all"
	}
	if st.Decisions == 0 {
		v.FitRate, v.Fit = "–", "no decision with fit"
	}
	if st.Lost > 0 {
		v.Lost = fmt.Sprintf("customer lost in %d of %d scenarios", st.Lost, st.Scenarios)
	}
	if n.Enough {
		v.SAPercentile, v.FitPercentile = ordinal(st.SAPercentile), ordinal(st.FitRatePercentile)
	}
	return v
}

// ---- the evidence page ----

type evidenceData struct {
	A        *Assessment
	N        int
	MinGroup int
	Enough   bool
	Rows     []standingView
	Dist     []distRow
	Ties     int
	NoClear  int
	Lost     int
	Rel      relView
	Flags    []flagView
	Groups   []itemGroup
	// CanRescore is true for authors and owners.
	CanRescore bool
	Revisions  []revisionRow
	Rescores   []RescoreRecord
	Problem    string
	Problems   []string
	Integrity  []integrityRow
}

type distRow struct {
	Label string
	Class string
	Count int
	Share string
	Bar   template.HTML
}

type relView struct {
	evidence.Reliability
	AlphaText, SplitText string
}

type flagView struct {
	Kind    string
	Label   string
	Where   string
	Link    string
	Message string
}

type itemGroup struct {
	Pos   int
	Title string
	ID    string
	File  string
	Items []itemView
}

type itemView struct {
	evidence.Item
	Link        string
	Where       string
	Median      string
	DiffText    string
	DiscText    string
	DiscClass   string
	Options     []optionView
	Flagged     bool
	FlagViews   []flagView
	ReachedNote string
}

type optionView struct {
	evidence.Option
	Link      string
	Key       string
	ScoreText string
	ShareText string
	ShareBar  template.HTML
	Upper     string
	Lower     string
	Disc      string
	Flags     []flagView
}

func flagLabel(kind string) string {
	switch kind {
	case evidence.FlagKeyProblem:
		return "Key problem"
	case evidence.FlagUnused:
		return "Nobody picks"
	case evidence.FlagNoDiscrimination:
		return "Does not discriminate"
	}
	return kind
}

// sourceLink links to line of the assessment's scenario at pos.
func sourceLink(aid int64, pos, line int) string {
	l := fmt.Sprintf("/assessments/%d/source/%d", aid, pos+1)
	if line > 0 {
		l += "#L" + strconv.Itoa(line)
	}
	return l
}

func (s *Server) handleEvidence(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.evidencePage(w, r, id, http.StatusOK, "", nil)
}

func (s *Server) evidencePage(w http.ResponseWriter, r *http.Request, id int64, status int, problem string, problems []string) {
	ge, err := s.loadEvidence(r.Context(), id)
	if s.pageFailed(w, r, err) {
		return
	}
	d := s.evidenceView(ge)
	d.Problem, d.Problems = problem, problems
	if se := sessionFrom(r.Context()); se != nil {
		d.CanRescore = roleAllows(se.member.Role, RoleAuthor)
	}
	if d.Rescores, err = s.store.Rescores(r.Context(), id); err != nil {
		s.internalPage(w, r, err)
		return
	}
	d.Revisions = libraryRevisions(ge.A)
	s.render(w, r, status, "evidence", "Evidence · "+ge.A.Name, d)
}

func (s *Server) evidenceView(ge *groupEvidence) *evidenceData {
	a, an := ge.A, ge.An
	d := &evidenceData{A: a, N: an.N, MinGroup: evidence.MinNormGroup, Enough: an.Norms.Enough, Ties: an.Norms.Ties, NoClear: an.Norms.NoClear, Lost: an.Norms.Lost, Integrity: ge.Integrity}
	for i, st := range an.Norms.Standings {
		d.Rows = append(d.Rows, makeStanding(st, an.Norms, ge.Subs[i].InviteLabel))
	}
	for _, sh := range an.Norms.Distribution {
		d.Dist = append(d.Dist, distRow{Label: verdictName(sh.Verdict), Class: verdictClass(sh.Verdict), Count: sh.Count, Share: percent(sh.Share), Bar: bar(sh.Share, "v-"+sh.Verdict)})
	}
	d.Rel = relView{Reliability: an.Reliability, AlphaText: fixed2(an.Reliability.Alpha), SplitText: fixed2(an.Reliability.SplitHalf)}
	pos := map[string]int{}
	for i, sc := range a.Scenarios {
		pos[sc.ID] = i
		d.Groups = append(d.Groups, itemGroup{Pos: i + 1, Title: sc.Title, ID: sc.ID, File: sc.Scenario.File})
	}
	mkFlag := func(f evidence.Flag) flagView {
		return flagView{Kind: f.Kind, Label: flagLabel(f.Kind), Where: f.Where(), Link: sourceLink(a.ID, pos[f.Scenario], f.Line), Message: f.Message}
	}
	for _, f := range an.Flags {
		d.Flags = append(d.Flags, mkFlag(f))
	}
	for _, it := range an.Items {
		p := pos[it.Scenario]
		v := itemView{Item: it, Link: sourceLink(a.ID, p, it.Line), Where: fmt.Sprintf("%s:%d", it.File, it.Line),
			Median: "–", DiffText: percent(it.Difficulty), DiscText: "–", DiscClass: "muted"}
		if it.MedianMS >= 0 {
			v.Median = strconv.FormatFloat(float64(it.MedianMS)/1000, 'f', 1, 64) + " s"
		}
		switch {
		case !it.Keyed:
			v.DiscText = "no key"
		case it.Third >= evidence.MinThird:
			v.DiscText = fixed2(it.Discrimination)
			v.DiscClass = "good"
			if it.Discrimination < evidence.LowDiscrimination {
				v.DiscClass = "poor"
			}
		default:
			v.ReachedNote = fmt.Sprintf("too few reached it to compare thirds (needs %d)", 3*evidence.MinThird)
		}
		for _, f := range it.Flags {
			v.FlagViews = append(v.FlagViews, mkFlag(f))
		}
		for _, o := range it.Options {
			ov := optionView{Option: o, Link: sourceLink(a.ID, p, o.Line), Key: orDash(o.Action) + " / " + o.FollowUp,
				ScoreText: percent(o.Score), ShareText: percent(o.Share), ShareBar: bar(o.Share, "share"), Upper: "–", Lower: "–", Disc: "–"}
			if it.Third >= evidence.MinThird {
				ov.Upper, ov.Lower = percent(o.UpperShare), percent(o.LowerShare)
				ov.Disc = fmt.Sprintf("%+.2f", o.Discrimination)
			}
			for _, f := range o.Flags {
				ov.Flags = append(ov.Flags, mkFlag(f))
			}
			v.Flagged = v.Flagged || len(ov.Flags) > 0
			v.Options = append(v.Options, ov)
		}
		v.Flagged = v.Flagged || len(v.FlagViews) > 0
		g := &d.Groups[p]
		g.Items = append(g.Items, v)
	}
	return d
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// ---- the standing line of a submission ----

// standingOf returns the standing of submission sub among its
// assessment's candidates.
func (s *Server) standingOf(ctx context.Context, sub *Submission) (*standingView, error) {
	n, err := s.groupNorms(ctx, sub.AssessmentID)
	if err != nil {
		return nil, err
	}
	for i, st := range n.norms.Standings {
		if st.ID == sub.ID {
			v := makeStanding(st, n.norms, n.labels[i])
			return &v, nil
		}
	}
	return nil, ErrNotFound
}

// ---- comparison ----

// MaxCompare is how many candidates the comparison shows side by side.
const MaxCompare = 6

type compareData struct {
	A       *Assessment
	Cols    []compareCol
	Titles  []string
	Enough  bool
	N       int
	Problem string
}

type compareCol struct {
	standingView
	Map       template.HTML
	Scenarios []compareCell
}

type compareCell struct {
	Verdict      string
	VerdictClass string
	Ending       string
	Fit          string
}

func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	ge, err := s.loadEvidence(r.Context(), id)
	if s.pageFailed(w, r, err) {
		return
	}
	d := compareData{A: ge.A, Enough: ge.An.Norms.Enough, N: ge.An.N}
	for _, sc := range ge.A.Scenarios {
		d.Titles = append(d.Titles, sc.Title)
	}
	want := map[int64]bool{}
	for _, v := range r.URL.Query()["c"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			want[n] = true
		}
	}
	if len(want) > MaxCompare {
		d.Problem = fmt.Sprintf("%d candidates were chosen; the comparison shows at most %d side by side: the first %d are shown.", len(want), MaxCompare, MaxCompare)
	}
	for i, st := range ge.An.Norms.Standings {
		if !want[st.ID] || len(d.Cols) == MaxCompare {
			continue
		}
		col := compareCol{standingView: makeStanding(st, ge.An.Norms, ge.Subs[i].InviteLabel), Map: driftSVG(scoring.Drift(ge.Cands[i].Weights()), nil, nil, 200)}
		byID := map[string]*play.Report{}
		for k := range ge.Cands[i].Reports {
			byID[ge.Cands[i].Reports[k].Scenario] = &ge.Cands[i].Reports[k]
		}
		for _, sc := range ge.A.Scenarios {
			cell := compareCell{Verdict: "–", Ending: "–", Fit: "–"}
			if rep := byID[sc.ID]; rep != nil {
				v := evidence.Summarize([]play.Report{*rep}).Verdict()
				cell = compareCell{Verdict: verdictName(v), VerdictClass: verdictClass(v), Ending: rep.Ending, Fit: fmt.Sprintf("%d/%d", rep.Fitting, rep.Decisions)}
			}
			col.Scenarios = append(col.Scenarios, cell)
		}
		d.Cols = append(d.Cols, col)
	}
	if len(d.Cols) == 0 && d.Problem == "" {
		d.Problem = "Choose two or more candidates on the evidence page (the boxes in the standings table) to compare them."
	}
	s.render(w, r, http.StatusOK, "compare", "Compare · "+ge.A.Name, d)
}

// ---- printable candidate report ----

type reportData struct {
	Sub       *Submission
	A         *Assessment
	St        standingView
	Map       template.HTML
	Legend    []legendItem
	Scenarios []reportScenario
	Rel       relView
	MinGroup  int
	Printed   string
}

type reportScenario struct {
	Title        string
	Verdict      string
	VerdictClass string
	Ending       string
	Fit          string
	Steps        int
	Timeouts     int
}

func (s *Server) handleCandidateReport(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.pathSubmission(w, r)
	if !ok {
		return
	}
	ge, err := s.loadEvidence(r.Context(), sub.AssessmentID)
	if s.pageFailed(w, r, err) {
		return
	}
	d := reportData{Sub: sub, A: ge.A, MinGroup: evidence.MinNormGroup, Printed: s.now().UTC().Format("2006-01-02 15:04 UTC"),
		Rel: relView{Reliability: ge.An.Reliability, AlphaText: fixed2(ge.An.Reliability.Alpha), SplitText: fixed2(ge.An.Reliability.SplitHalf)}}
	found := false
	for i, st := range ge.An.Norms.Standings {
		if st.ID != sub.ID {
			continue
		}
		found = true
		d.St = makeStanding(st, ge.An.Norms, sub.InviteLabel)
		drift := scoring.Drift(ge.Cands[i].Weights())
		d.Map = driftSVG(drift, nil, nil, 260)
		for k, name := range scoring.Archetypes {
			d.Legend = append(d.Legend, legendItem{Name: archetypeName(name), Drift: drift[k]})
		}
		for _, rep := range ge.Cands[i].Reports {
			v := evidence.Summarize([]play.Report{rep}).Verdict()
			rs := reportScenario{Title: rep.Title, Verdict: verdictName(v), VerdictClass: verdictClass(v), Ending: rep.Ending,
				Fit: fmt.Sprintf("%d of %d", rep.Fitting, rep.Decisions), Steps: len(rep.Steps)}
			for _, st := range rep.Steps {
				if st.TimedOut {
					rs.Timeouts++
				}
			}
			d.Scenarios = append(d.Scenarios, rs)
		}
	}
	if !found {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "report", "Report · "+sub.Candidate, d)
}

// ---- scenario source ----

type sourceData struct {
	A     *Assessment
	Pos   int
	Sc    *AssessmentScenario
	File  string
	Lines []sourceLine
}

type sourceLine struct {
	N    int
	Text string
}

func (s *Server) handleSource(w http.ResponseWriter, r *http.Request) {
	a, ok := s.pathAssessment(w, r)
	if !ok {
		return
	}
	pos, err := strconv.Atoi(r.PathValue("pos"))
	if err != nil || pos < 1 || pos > len(a.Scenarios) {
		s.notFound(w, r)
		return
	}
	sc := &a.Scenarios[pos-1]
	d := sourceData{A: a, Pos: pos, Sc: sc, File: sc.Scenario.File}
	for i, l := range strings.Split(strings.TrimSuffix(sc.Source, "\n"), "\n") {
		d.Lines = append(d.Lines, sourceLine{N: i + 1, Text: escapeText(strings.TrimSuffix(l, "\r"))})
	}
	s.render(w, r, http.StatusOK, "source", sc.Scenario.File, d)
}
