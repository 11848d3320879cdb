package panel

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

//go:embed templates/*.html panel.css
var assetsFS embed.FS

type pages struct {
	sets map[string]*template.Template
	css  []byte
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"pct":           func(v float64) string { return strconv.FormatFloat(v*100, 'f', 0, 64) + "%" },
	"dur":           formatDuration,
	"archetypeName": archetypeName,
	"add":           func(a, b int) int { return a + b },
	"join":          strings.Join,
	"languageName":  languageName,
	"driftMap":      func(d scoring.Weights, size int) template.HTML { return driftSVG(d, nil, nil, size) },
	"can":           roleAllows,
}

func loadPages() (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}}
	layout, err := assetsFS.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	entries, err := fs.Glob(assetsFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(path.Base(e), ".html")
		if name == "layout" {
			continue
		}
		body, err := assetsFS.ReadFile(e)
		if err != nil {
			return nil, err
		}
		t, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err != nil {
			return nil, fmt.Errorf("layout: %w", err)
		}
		if _, err := t.New(name).Parse(string(body)); err != nil {
			return nil, fmt.Errorf("%s: %w", e, err)
		}
		p.sets[name] = t
	}
	p.css, err = assetsFS.ReadFile("panel.css")
	return p, err
}

// view is what every page template receives.
type view struct {
	Title    string
	CSRF     string
	SignedIn bool
	// Me is the signed-in member (zero when signed out).
	Me Member
	D  any
}

func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("Cache-Control", "no-store")
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, d any) {
	t := s.pages.sets[name]
	if t == nil {
		http.Error(w, "no page "+name, http.StatusInternalServerError)
		return
	}
	v := view{Title: title, D: d}
	if se := sessionFrom(r.Context()); se != nil {
		v.CSRF, v.SignedIn, v.Me = se.csrf, true, se.member
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "The page could not be drawn.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type messageData struct {
	Message string
	Back    string
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	setPageHeaders(w)
	s.render(w, r, status, "message", title, messageData{Message: msg})
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, msg string) {
	s.errorPage(w, r, http.StatusForbidden, "Refused", msg)
}

func (s *Server) internalPage(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "Server problem", "The server had a problem with this request. It has been logged; try again in a moment.")
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "Not found", "There is nothing here.")
}

func (s *Server) handleCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(s.pages.css)
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// ---- dashboard ----

type dashboardData struct {
	Totals      Totals
	Assessments []AssessmentSummary
	Pager       pager
	Recent      []candidateRow
}

// dashboardRecent is how many of the latest candidates the dashboard
// lists; each assessment's page lists all of its own, a page at a time.
const dashboardRecent = 20

// candidateRow is a line of a candidates table.
type candidateRow struct {
	Sub        *Submission
	Verdict    verdict
	Assessment string
	Endings    []string
	Time       time.Duration
	// Flags sums up the timing flags of the candidate's results ("" when
	// none).
	Flags string
}

// handleDashboard shows the totals (SQL aggregates), a page of
// assessments (keyset by id: ?before= / ?after=) and the latest
// candidates.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ctx, now := r.Context(), s.now()
	totals, err := s.store.Totals(ctx, now)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	list, win, err := s.store.AssessmentsPage(ctx, now, keysetParam(r, ""), PageSize)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	subs, _, err := s.store.SubmissionsPage(ctx, 0, Keyset{}, dashboardRecent)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	d := dashboardData{Totals: totals, Assessments: list, Pager: makePager(r, "/dashboard", "", "assessments", win)}
	for _, sub := range subs {
		a, err := s.assessment(ctx, sub.AssessmentID)
		if err != nil {
			s.internalPage(w, r, err)
			return
		}
		d.Recent = append(d.Recent, makeRow(sub, a))
	}
	s.render(w, r, http.StatusOK, "dashboard", "Dashboard", d)
}

func makeRow(sub *Submission, a *Assessment) candidateRow {
	row := candidateRow{Sub: sub, Verdict: submissionVerdict(sub), Assessment: a.Name, Time: sub.Duration()}
	flagged := 0
	for _, res := range sub.Results {
		row.Endings = append(row.Endings, res.Ending)
		if len(resultFlags(a, res)) > 0 {
			flagged++
		}
	}
	if flagged > 0 {
		row.Flags = fmt.Sprintf("implausible times in %d of %d scenarios", flagged, len(sub.Results))
	}
	return row
}

// ---- new assessment ----

type newAssessmentData struct {
	Groups     []libraryGroup
	Presets    []presetView
	Preset     *presetView // the preset the form was filled from, if any
	Name       string
	Seed       uint64
	TimeLimits bool
	// RetentionDays is the retention period typed (lifecycle.go).
	RetentionDays int
	Chosen        map[string]bool
	Problems      []string
}

// RandomSeed returns a random seed in 1..MaxSeed.
func RandomSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])%MaxSeed + 1
}

func (s *Server) handleNewAssessment(w http.ResponseWriter, r *http.Request) {
	lib, err := s.library()
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	d := newAssessmentData{Groups: lib.groups, Presets: lib.presets, Seed: RandomSeed(), TimeLimits: true, Chosen: map[string]bool{}}
	// ?preset=standard&lang=es fills the form with a ready-made assessment.
	if id := r.URL.Query().Get("preset"); id != "" {
		p := lib.preset(id, r.URL.Query().Get("lang"))
		switch {
		case p == nil:
			d.Problems = append(d.Problems, fmt.Sprintf("There is no preset %q in that language.", id))
		case p.Problem != "":
			d.Problems = append(d.Problems, p.Problem)
		default:
			d.Preset = p
			d.Name = fmt.Sprintf("%s (%s)", p.Title, languageName(p.Language))
			for _, sid := range p.IDs {
				d.Chosen[sid] = true
			}
			// The preset's language first, where its ticks are.
			d.Groups = append([]libraryGroup{}, lib.groups...)
			sort.SliceStable(d.Groups, func(i, j int) bool { return d.Groups[i].Language == p.Language && d.Groups[j].Language != p.Language })
		}
	}
	s.render(w, r, http.StatusOK, "new", "New assessment", d)
}

func (s *Server) handleCreateAssessment(w http.ResponseWriter, r *http.Request) {
	lib, err := s.library()
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	d := newAssessmentData{
		Groups:     lib.groups,
		Presets:    lib.presets,
		Name:       strings.TrimSpace(r.PostFormValue("name")),
		TimeLimits: r.PostFormValue("time_limits") != "",
		Chosen:     map[string]bool{},
	}
	if d.Name == "" {
		d.Problems = append(d.Problems, "Give the assessment a name.")
	} else if len(d.Name) > 200 {
		d.Problems = append(d.Problems, "The name may be at most 200 characters.")
	} else if why := checkText("The name", d.Name); why != "" {
		d.Problems = append(d.Problems, why+".")
	}
	if days, err := ParseRetention(r.PostFormValue("retention_days")); err != nil {
		d.Problems = append(d.Problems, capitalize(err.Error())+".")
	} else {
		d.RetentionDays = days
	}
	seedText := strings.TrimSpace(r.PostFormValue("seed"))
	if seedText == "" {
		d.Seed = RandomSeed()
	} else if v, err := strconv.ParseUint(seedText, 10, 64); err != nil || v > MaxSeed {
		d.Problems = append(d.Problems, fmt.Sprintf("The seed must be a whole number from 0 to %d (or empty for a random one).", uint64(MaxSeed)))
	} else {
		d.Seed = v
	}
	var srcs []Source
	byID := map[string]*scenarios.Scenario{}
	for _, sc := range lib.all {
		byID[sc.ID] = sc
	}
	// A form filled from a preset keeps the preset's order (vignettes
	// first); scenarios ticked besides follow in the form's order.
	chosen := append([]string{}, r.PostForm["scenario"]...)
	if order := strings.Split(r.PostFormValue("preset_order"), ","); len(order) > 1 {
		rank := map[string]int{}
		for i, id := range order {
			rank[id] = i + 1
		}
		sort.SliceStable(chosen, func(i, j int) bool {
			a, b := rank[chosen[i]], rank[chosen[j]]
			return a != 0 && (b == 0 || a < b)
		})
	}
	for _, id := range chosen {
		sc := byID[id]
		if sc == nil {
			d.Problems = append(d.Problems, fmt.Sprintf("There is no scenario %q in the library.", id))
			continue
		}
		if d.Chosen[id] {
			continue
		}
		d.Chosen[id] = true
		data, err := scenarios.LibraryFile(sc.File)
		if err != nil {
			s.internalPage(w, r, err)
			return
		}
		srcs = append(srcs, Source{Origin: "library:" + path.Base(sc.File), File: sc.File, Data: data})
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			name := filepath.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
			if name == "" || name == "." {
				continue
			}
			if !strings.HasSuffix(strings.ToLower(name), ".toml") {
				d.Problems = append(d.Problems, fmt.Sprintf("%s: only .toml scenario files can be uploaded", name))
				continue
			}
			if fh.Size > scenarios.MaxFileSize {
				d.Problems = append(d.Problems, fmt.Sprintf("%s: the file is %d bytes; a scenario file may be at most %d", name, fh.Size, scenarios.MaxFileSize))
				continue
			}
			f, err := fh.Open()
			if err != nil {
				d.Problems = append(d.Problems, fmt.Sprintf("%s: cannot read the upload: %v", name, err))
				continue
			}
			data, err := io.ReadAll(io.LimitReader(f, scenarios.MaxFileSize+1))
			f.Close()
			if err != nil {
				d.Problems = append(d.Problems, fmt.Sprintf("%s: cannot read the upload: %v", name, err))
				continue
			}
			srcs = append(srcs, Source{Origin: "upload:" + name, File: name, Data: data})
		}
	}
	d.Problems = append(d.Problems, ParseSources(srcs)...)
	if len(d.Problems) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "new", "New assessment", d)
		return
	}
	id, err := s.store.CreateAssessmentBy(r.Context(), s.actor(r), d.Name, d.Seed, d.TimeLimits, srcs, s.now())
	if err != nil {
		d.Problems = append(d.Problems, err.Error())
		s.render(w, r, http.StatusUnprocessableEntity, "new", "New assessment", d)
		return
	}
	if d.RetentionDays > 0 {
		if err := s.store.SetRetention(r.Context(), s.actor(r), id, d.RetentionDays, s.now()); err != nil {
			s.internalPage(w, r, err)
			return
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d", id), http.StatusSeeOther)
}

// ---- one assessment ----

type assessmentData struct {
	A          *Assessment
	Counts     InviteCounts
	Invites    []inviteRow
	InvPager   pager
	Candidates []candidateRow
	CandPager  pager
	Created    []string // links just created (shown once)
	Problem    string
	DefaultTTL int
	// Deleted is the submission whose candidate data was just deleted.
	Deleted int64
}

type inviteRow struct {
	Invite
	Status string
}

// assessmentPage shows an assessment with a page of its candidates
// (?before= / ?after=) and a page of its links (?inv_before= /
// ?inv_after=), newest first, and their counts.
func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request, id int64, status int, created []string, problem string) {
	ctx, now := r.Context(), s.now()
	a, err := s.assessment(ctx, id)
	if s.pageFailed(w, r, err) {
		return
	}
	counts, err := s.store.InviteCounts(ctx, id, now)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	invs, invWin, err := s.store.InvitesPage(ctx, id, keysetParam(r, "inv_"), PageSize)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	subs, subWin, err := s.store.SubmissionsPage(ctx, id, keysetParam(r, ""), PageSize)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	base := fmt.Sprintf("/assessments/%d", id)
	d := assessmentData{A: a, Counts: counts, Created: created, Problem: problem, DefaultTTL: int(s.opts.InviteTTL / (24 * time.Hour)),
		InvPager: makePager(r, base, "inv_", "invites", invWin), CandPager: makePager(r, base, "", "candidates", subWin)}
	d.Deleted, _ = strconv.ParseInt(r.URL.Query().Get("deleted"), 10, 64)
	for _, iv := range invs {
		d.Invites = append(d.Invites, inviteRow{Invite: iv, Status: iv.Status(now)})
	}
	for _, sub := range subs {
		d.Candidates = append(d.Candidates, makeRow(sub, a))
	}
	s.render(w, r, status, "assessment", a.Name, d)
}

func (s *Server) handleAssessment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.assessmentPage(w, r, id, http.StatusOK, nil, "")
}

func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) handleCreateInvites(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	days, err := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("days")), 64)
	if r.PostFormValue("days") == "" {
		days, err = s.opts.InviteTTL.Hours()/24, nil
	}
	if err != nil || days <= 0 || days > 365 {
		s.assessmentPage(w, r, id, http.StatusUnprocessableEntity, nil, "The validity must be a number of days between 0 and 365.")
		return
	}
	n := 1
	if v := strings.TrimSpace(r.PostFormValue("count")); v != "" {
		n, err = strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxInvitesAtOnce {
			s.assessmentPage(w, r, id, http.StatusUnprocessableEntity, nil, fmt.Sprintf("The number of links must be between 1 and %d.", MaxInvitesAtOnce))
			return
		}
	}
	invs, err := s.store.CreateInvitesBy(r.Context(), s.actor(r), id, n, r.PostFormValue("label"), time.Duration(days*24*float64(time.Hour)), s.now())
	if errors.Is(err, ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.assessmentPage(w, r, id, http.StatusUnprocessableEntity, nil, err.Error())
		return
	}
	var links []string
	for _, iv := range invs {
		links = append(links, s.baseURL(r)+"/a/"+iv.Token)
	}
	s.assessmentPage(w, r, id, http.StatusCreated, links, "")
}

func (s *Server) handleRevokeInvite(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	aid, err := s.store.RevokeInvite(r.Context(), id, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	s.audit(r, "invite.withdrawn", fmt.Sprintf("assessment %d, invite %d", aid, id), "")
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d#invites", aid), http.StatusSeeOther)
}

// ---- one candidate ----

type submissionData struct {
	Sub        *Submission
	Verdict    verdict
	A          *Assessment
	Time       time.Duration
	Legend     []legendItem
	Scenarios  []scenarioResult
	ClientInfo play.ClientInfo
	// Standing is the candidate's place among the assessment's
	// candidates (evidence.go); nil when it could not be computed.
	Standing *standingView
}

type legendItem struct {
	Name  string
	Color string
	Drift float64
}

type scenarioResult struct {
	Title   string
	Color   string
	Report  play.Report
	Verdict verdict
	// Path names the nodes entered, by title where the scenario or the
	// report has one.
	Path       []string
	Steps      []stepRow
	Time       time.Duration
	Transcript play.Transcript
	// Flags are the implausible times of the transcript (TimingFlags).
	Flags []TimingFlag
}

type stepRow struct {
	N        int
	Speaker  string
	NodeText string
	play.Step
	TimeMS  int64
	HasTime bool
	// Flag says why the step's time is implausible ("" when it is not).
	Flag string
}

// pathSubmission reads the submission named by the path's {id}. When
// there is none, or it cannot be read, it has answered the request and
// returns false.
func (s *Server) pathSubmission(w http.ResponseWriter, r *http.Request) (*Submission, bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	sub, err := s.store.SubmissionByID(r.Context(), id)
	if s.pageFailed(w, r, err) {
		return nil, false
	}
	return sub, true
}

// pathAssessment reads the assessment a page's path names, or answers
// 404 or the error page and returns false.
func (s *Server) pathAssessment(w http.ResponseWriter, r *http.Request) (*Assessment, bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	a, err := s.assessment(r.Context(), id)
	if s.pageFailed(w, r, err) {
		return nil, false
	}
	return a, true
}

func (s *Server) handleSubmission(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.pathSubmission(w, r)
	if !ok {
		return
	}
	a, err := s.assessment(r.Context(), sub.AssessmentID)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	d := submissionData{Sub: sub, Verdict: submissionVerdict(sub), A: a, Time: sub.Duration()}
	_ = json.Unmarshal(sub.Client, &d.ClientInfo)
	if d.Standing, err = s.standingOf(r.Context(), sub); err != nil {
		s.log.Error("standing", "submission", sub.ID, "err", err)
	}
	for i, res := range sub.Results {
		var sr scenarioResult
		if err := json.Unmarshal(res.Report, &sr.Report); err != nil {
			s.internalPage(w, r, fmt.Errorf("submission %d: report %d: %w", sub.ID, i, err))
			return
		}
		if err := json.Unmarshal(res.Transcript, &sr.Transcript); err != nil {
			s.internalPage(w, r, fmt.Errorf("submission %d: transcript %d: %w", sub.ID, i, err))
			return
		}
		sr.Title = sr.Report.Title
		sr.Color = trailColor(i)
		sr.Verdict = reportVerdict(&sr.Report)
		var sc *scenarios.Scenario
		if as := a.Scenario(res.ScenarioID); as != nil {
			sc = as.Scenario
		}
		sr.Path = pathLabels(sr.Report, sc)
		sr.Flags = TimingFlags(sc, sr.Transcript, a.TimeLimits)
		stepFlags := map[int]string{}
		for _, f := range sr.Flags {
			if f.Step > 0 {
				stepFlags[f.Step] = f.Message
			}
		}
		var total int64
		for k, st := range sr.Report.Steps {
			row := stepRow{N: k + 1, Step: st, Flag: stepFlags[k+1]}
			if sc != nil {
				if n := sc.Node(st.Node); n != nil {
					row.NodeText, row.Speaker = n.Text, n.Speaker
				}
			}
			if k < len(sr.Transcript.TimingsMS) {
				row.TimeMS, row.HasTime = sr.Transcript.TimingsMS[k], true
				total += row.TimeMS
			}
			sr.Steps = append(sr.Steps, row)
		}
		sr.Time = time.Duration(total) * time.Millisecond
		d.Scenarios = append(d.Scenarios, sr)
	}
	for i, name := range scoring.Archetypes {
		d.Legend = append(d.Legend, legendItem{Name: archetypeName(name), Drift: sub.Drift[i]})
	}
	s.render(w, r, http.StatusOK, "submission", sub.Candidate, d)
}

// pathLabels names the nodes of a report's path: the title the report's
// steps carry, else the scenario's node title, else the id.
func pathLabels(rep play.Report, sc *scenarios.Scenario) []string {
	titles := map[string]string{}
	for _, st := range rep.Steps {
		if st.Title != "" {
			titles[st.Node] = st.Title
		}
	}
	out := make([]string, len(rep.Path))
	for i, id := range rep.Path {
		out[i] = id
		if t := titles[id]; t != "" {
			out[i] = t
		} else if sc != nil {
			if n := sc.Node(id); n != nil {
				out[i] = n.Label()
			}
		}
	}
	return out
}

func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	d = d.Round(time.Second)
	h, m, sec := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%dh %02dm %02ds", h, m, sec)
	}
	if m > 0 {
		return fmt.Sprintf("%dm %02ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}

func archetypeName(id string) string {
	switch id {
	case scoring.Pivot:
		return "Pivot"
	case scoring.Spring:
		return "Spring"
	case scoring.Connector:
		return "Connector"
	case scoring.Disperser:
		return "Disperser"
	case scoring.ShockAbsorber:
		return "Shock absorber"
	case "":
		return "—"
	}
	return id
}

// pageFailed answers a page whose lookup failed: 404 for something that
// does not exist, 500 otherwise. It reports whether it answered.
func (s *Server) pageFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case errors.Is(err, ErrNotFound):
		s.notFound(w, r)
	case err != nil:
		s.internalPage(w, r, err)
	default:
		return false
	}
	return true
}
