package panel

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// The team pages: /teams (the list and the form that makes a team),
// /teams/{id} (the team view) and /teams/{id}/members/{mid} (one member's
// runs). Weeks are ISO weeks in UTC (Monday to Sunday), labelled like
// 2026-W48; a run counts in the week it was played (PracticeRun.At).

// copyScript is the team view's one script: the join link's Copy button.
// Panel pages run no script otherwise; this one is allowed by its hash
// (teamPageHeaders), and without it the link is still selectable.
const copyScript = `document.querySelectorAll("button[data-copy]").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () {
    var el = document.getElementById(b.getAttribute("data-copy"));
    var done = function () { b.textContent = "Copied"; setTimeout(function () { b.textContent = "Copy"; }, 2000); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(el.value).then(done, function () { el.select(); document.execCommand("copy"); done(); });
    } else { el.select(); document.execCommand("copy"); done(); }
  });
});`

var copyScriptHash = func() string {
	h := sha256.Sum256([]byte(copyScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}()

// teamPageHeaders are setPageHeaders' with copyScript allowed.
func teamPageHeaders(w http.ResponseWriter) {
	setPageHeaders(w)
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src "+copyScriptHash+"; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}

// ---- weeks ----

// isoWeek is the Monday (UTC, 00:00) starting t's ISO week.
func isoWeek(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// weekLabel names an ISO week: "2026-W48".
func weekLabel(monday time.Time) string {
	y, w := monday.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// maxChartWeeks is how many weeks the charts show, the latest ones.
const maxChartWeeks = 52

// weekStat is one week of a drift-over-weeks chart.
type weekStat struct {
	Monday time.Time
	Label  string
	// Runs counts every run of the week, Lost those where the customer
	// was lost (left out of the drift: it is no result).
	Runs, Lost int
	Weights    scoring.Weights
}

// Drift is the week's share of each archetype, over its runs that kept
// the customer.
func (w weekStat) Drift() scoring.Weights { return scoring.Drift(w.Weights) }

// HasDrift reports whether the week has a drift to show.
func (w weekStat) HasDrift() bool { return w.Weights.Sum() > 0 }

// Share is the week's share of archetype id, as "40%", or "—".
func (w weekStat) Share(id string) string {
	if !w.HasDrift() {
		return "—"
	}
	return pctText(w.Drift()[scoring.Index(id)])
}

func pctText(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + "%" }

// weeksOf sums runs into ISO weeks, from the week of from (the team's
// creation, so that every member's weeks line up) to the week of now, the
// latest maxChartWeeks of them. A run that says it was played before the
// team existed (a client's clock) counts in its first week.
func weeksOf(runs []runSum, from, now time.Time) []weekStat {
	start, last := isoWeek(from), isoWeek(now)
	first := start
	if len(runs) == 0 || first.After(last) {
		first = last
	}
	n := int(last.Sub(first).Hours()/(24*7)) + 1
	if n > maxChartWeeks {
		first = last.AddDate(0, 0, -7*(maxChartWeeks-1))
		n = maxChartWeeks
	}
	out := make([]weekStat, n)
	for i := range out {
		out[i].Monday = first.AddDate(0, 0, 7*i)
		out[i].Label = weekLabel(out[i].Monday)
	}
	for _, r := range runs {
		w := isoWeek(r.At)
		if w.Before(start) {
			w = start
		}
		i := int(math.Round(w.Sub(first).Hours() / (24 * 7)))
		if i < 0 || i >= n {
			continue
		}
		out[i].Runs++
		if r.Lost {
			out[i].Lost++
			continue
		}
		out[i].Weights = out[i].Weights.Add(r.Weights)
	}
	return out
}

// stackOrder is the order of the chart's stacked bars, bottom first: the
// goal at the foot, so its growth reads from the baseline.
var stackOrder = []int{4, 0, 1, 2, 3}

// weeksChart draws drift over weeks: per week a bar of the five
// archetypes' shares, stacked to 100 %, with a line through the shock
// absorber's share. Weeks without a drift (no run, or only lost
// customers, marked ×) are left empty. It is drawn twice, for wide and
// for narrow screens (CSS shows one), so that its labels stay readable
// at 390 px. Everything written is a number or escaped.
func weeksChart(weeks []weekStat, who string) template.HTML {
	if len(weeks) == 0 {
		return ""
	}
	label := template.HTMLEscapeString(chartLabel(weeks, who))
	return template.HTML(drawWeeks(weeks, label, "wide", 720, 220, 8) + drawWeeks(weeks, label, "narrow", 340, 210, 5))
}

func drawWeeks(weeks []weekStat, label, class string, W, H float64, ticks int) string {
	const left, right, top, bot = 38.0, 8.0, 10.0, 26.0
	pw, ph := W-left-right, H-top-bot
	n := len(weeks)
	slot := pw / float64(n)
	bw := math.Max(1, math.Min(slot*0.72, 36))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="weeks %s" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, class, W, H, label)
	for _, g := range []float64{0, 0.5, 1} {
		y := top + ph*(1-g)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="grid"/><text x="%.1f" y="%.1f" class="axis" text-anchor="end">%s</text>`,
			left, W-right, y, y, left-4, y+4, pctText(g))
	}
	every := int(math.Ceil(float64(n) / float64(ticks)))
	var line []string
	for i, w := range weeks {
		x := left + slot*float64(i) + (slot-bw)/2
		if w.HasDrift() {
			d := w.Drift()
			y := top + ph
			for _, k := range stackOrder {
				h := ph * d[k]
				if h <= 0 {
					continue
				}
				y -= h
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y, bw, h, archInk[k])
			}
			line = append(line, fmt.Sprintf("%.1f,%.1f", x+bw/2, top+ph*(1-d[4])))
		} else if w.Lost > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="axis" text-anchor="middle">×</text>`, x+bw/2, top+ph-3)
		}
		if (n-1-i)%every == 0 {
			_, wk := w.Monday.ISOWeek()
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="axis" text-anchor="middle">W%d</text>`, x+bw/2, H-8, wk)
		}
	}
	if len(line) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" class="sa-line"/>`, strings.Join(line, " "))
	}
	for _, p := range line {
		xy := strings.SplitN(p, ",", 2)
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" class="sa-dot"/>`, xy[0], xy[1])
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// chartLabel says what a chart shows, for screen readers.
func chartLabel(weeks []weekStat, who string) string {
	var with []weekStat
	for _, w := range weeks {
		if w.HasDrift() {
			with = append(with, w)
		}
	}
	head := fmt.Sprintf("%s drift by ISO week, %s to %s", who, weeks[0].Label, weeks[len(weeks)-1].Label)
	switch len(with) {
	case 0:
		return head + ": no week has a drift yet."
	case 1:
		return fmt.Sprintf("%s: one week with a drift, %s, shock absorber %s. The table below gives each archetype's share.", head, with[0].Label, with[0].Share(scoring.ShockAbsorber))
	}
	a, z := with[0], with[len(with)-1]
	return fmt.Sprintf("%s: shock absorber share %s in %s, %s in %s. The table below gives each archetype's share every week.",
		head, a.Share(scoring.ShockAbsorber), a.Label, z.Share(scoring.ShockAbsorber), z.Label)
}

// sparkline draws a member's shock-absorber share over the weeks, small.
func sparkline(weeks []weekStat) template.HTML {
	const W, H = 120.0, 28.0
	n := len(weeks)
	var pts []string
	var first, last *weekStat
	for i := range weeks {
		w := &weeks[i]
		if !w.HasDrift() {
			continue
		}
		if first == nil {
			first = w
		}
		last = w
		x := 2.0
		if n > 1 {
			x = 2 + (W-4)*float64(i)/float64(n-1)
		}
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, 2+(H-4)*(1-w.Drift()[4])))
	}
	if first == nil {
		return template.HTML(`<span class="muted">no drift yet</span>`)
	}
	label := fmt.Sprintf("Shock absorber share: %s in %s", first.Share(scoring.ShockAbsorber), first.Label)
	if last != first {
		label += fmt.Sprintf(", %s in %s", last.Share(scoring.ShockAbsorber), last.Label)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s"><line x1="0" x2="%.0f" y1="%.1f" y2="%.1f" class="grid"/>`,
		W, H, W, H, template.HTMLEscapeString(label), W, H/2, H/2)
	if len(pts) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" class="sa-line"/>`, strings.Join(pts, " "))
	}
	xy := strings.SplitN(pts[len(pts)-1], ",", 2)
	fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="2.5" class="sa-dot"/></svg>`, xy[0], xy[1])
	return template.HTML(b.String())
}

// ---- results in words ----

// runResult says what a run (or a sum of runs) came to: "Customer lost"
// when the customer walked out or was lost, else the archetype when the
// drift is clear.
type runResult struct {
	Label string
	// Class styles it: arch-<id>, lost or unclear.
	Class string
	// Abbr is a short form for the situations grid.
	Abbr string
}

var archAbbr = map[string]string{
	scoring.Pivot: "Piv", scoring.Spring: "Spr", scoring.Connector: "Con", scoring.Disperser: "Dis", scoring.ShockAbsorber: "SA",
}

func resultOf(w scoring.Weights, lost bool) runResult {
	switch {
	case lost:
		return runResult{Label: "Customer lost", Class: "lost", Abbr: "lost"}
	case w.Sum() <= 0:
		return runResult{Label: "No drift", Class: "unclear", Abbr: "–"}
	case !scoring.Clear(w):
		return runResult{Label: "No clear drift", Class: "unclear", Abbr: "~"}
	}
	a := scoring.Archetype(w)
	return runResult{Label: archetypeName(a), Class: "arch-" + a, Abbr: archAbbr[a]}
}

// ---- the list ----

type teamsData struct {
	Teams   []Team
	Problem string
	Name    string
	Days    string
}

func (s *Server) handleTeams(w http.ResponseWriter, r *http.Request) {
	s.teamsPage(w, r, http.StatusOK, teamsData{})
}

func (s *Server) teamsPage(w http.ResponseWriter, r *http.Request, status int, d teamsData) {
	list, err := s.store.Teams(r.Context())
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	d.Teams = list
	s.render(w, r, status, "teams", "Teams", d)
}

func (s *Server) handleCreateTeam(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("name")
	days, err := ParseRetention(r.PostFormValue("retention_days"))
	if err != nil {
		s.teamsPage(w, r, http.StatusBadRequest, teamsData{Problem: capitalize(err.Error()) + ".", Name: name, Days: r.PostFormValue("retention_days")})
		return
	}
	if _, err := checkTeamName("the team's name", name, MaxTeamName); err != nil {
		s.teamsPage(w, r, http.StatusBadRequest, teamsData{Problem: capitalize(err.Error()) + ".", Name: name, Days: r.PostFormValue("retention_days")})
		return
	}
	t, token, err := s.store.CreateTeam(r.Context(), s.actor(r), name, days, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	s.teamPage(w, r, t.ID, http.StatusCreated, s.baseURL(r)+"/t/"+token, "")
}

// ---- the team view ----

type teamViewData struct {
	Team Team
	// JoinLink is set right after the link was made: it is shown once.
	JoinLink string
	Notice   string
	Members  []teamMemberRow
	Weeks    []weekStat
	Chart    template.HTML
	// Situations are the columns of the grid: the situations practised.
	Situations   []situationCol
	NotPractised []string
	Totals       []gridCell
	Recent       []practiceRow
	Runs, Lost   int
	Archetypes   []archKey
	// Script is copyScript, for the page's one script element.
	Script template.JS
	// Overall is the team's drift over every run that kept the customer.
	Overall runResult
}

type archKey struct {
	ID, Name, Color string
}

// chartKeys are the archetypes in the chart's order, bottom first.
func chartKeys() []archKey {
	out := make([]archKey, 0, len(stackOrder))
	for _, k := range stackOrder {
		out = append(out, archKey{ID: scoring.Archetypes[k], Name: archetypeName(scoring.Archetypes[k]), Color: archInk[k]})
	}
	return out
}

type situationCol struct {
	Key, Title string
	Runs       int
	Members    int
}

type gridCell struct {
	Runs int
	Last runResult
	// LastAt is when the last run was played.
	LastAt time.Time
}

type teamMemberRow struct {
	TeamMember
	Runs, Lost int
	Overall    runResult
	Spark      template.HTML
	Cells      []gridCell
	LastRun    time.Time
}

type practiceRow struct {
	PracticeRun
	TeamID int64
	Member string
	Result runResult
}

// recentRuns is how many of the latest runs the team view lists; each
// member's page lists all of theirs.
const recentRuns = 50

func (s *Server) handleTeam(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "closed":
		notice = "The team is closed: its join link refuses new results (410) until you open it again."
	case "reopened":
		notice = "The team is open again: its join link takes results."
	case "retention":
		notice = "The retention period was changed."
	case "deleted":
		notice = "The member's practice data was deleted; the audit log keeps that it was, without their name."
	}
	s.teamPage(w, r, id, http.StatusOK, "", notice)
}

func (s *Server) teamPage(w http.ResponseWriter, r *http.Request, id int64, status int, joinLink, notice string) {
	d, err := s.teamView(r, id, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	d.JoinLink, d.Notice = joinLink, notice
	teamPageHeaders(w)
	s.render(w, r, status, "team", d.Team.Name, d)
}

// teamView computes the team view: one read of the team's members and
// one of its runs, summed here.
func (s *Server) teamView(r *http.Request, id int64, now time.Time) (*teamViewData, error) {
	ctx := r.Context()
	t, err := s.store.TeamByID(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := s.store.TeamMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	runs, err := s.store.teamSums(ctx, id)
	if err != nil {
		return nil, err
	}
	recent, err := s.store.RecentPracticeRuns(ctx, id, recentRuns)
	if err != nil {
		return nil, err
	}
	lib, err := loadPracticeLibrary()
	if err != nil {
		return nil, err
	}
	return buildTeamView(t, members, runs, recent, lib, now), nil
}

// buildTeamView sums a team's runs (teamSums: oldest first) and lists
// recent (newest first).
func buildTeamView(t Team, members []TeamMember, runs []runSum, recent []PracticeRun, lib *practiceLibrary, now time.Time) *teamViewData {
	d := &teamViewData{Team: t, Runs: len(runs), Archetypes: chartKeys(), Script: template.JS(copyScript)}
	d.Weeks = weeksOf(runs, t.Created, now)
	d.Chart = weeksChart(d.Weeks, "The team's")
	// Situations practised, in the library's order (by title).
	bySit := map[string]*situationCol{}
	for _, p := range runs {
		if bySit[p.Situation] == nil {
			bySit[p.Situation] = &situationCol{Key: p.Situation, Title: lib.situationTitle(p.Situation)}
		}
	}
	col := map[string]int{}
	for _, key := range lib.order {
		if c := bySit[key]; c != nil {
			col[key] = len(d.Situations)
			d.Situations = append(d.Situations, *c)
		} else {
			d.NotPractised = append(d.NotPractised, lib.situationTitle(key))
		}
	}
	var extra []string
	for key := range bySit {
		if _, ok := col[key]; !ok {
			extra = append(extra, key)
		}
	}
	sort.Strings(extra)
	for _, key := range extra {
		col[key] = len(d.Situations)
		d.Situations = append(d.Situations, *bySit[key])
	}
	// Per member.
	rowOf := map[int64]int{}
	byMember := make([][]runSum, len(members))
	d.Members = make([]teamMemberRow, len(members))
	for i, m := range members {
		rowOf[m.ID] = i
		d.Members[i] = teamMemberRow{TeamMember: m, Cells: make([]gridCell, len(d.Situations))}
	}
	d.Totals = make([]gridCell, len(d.Situations))
	var teamWeights scoring.Weights
	for _, p := range runs {
		i, ok := rowOf[p.MemberID]
		if !ok {
			continue
		}
		row := &d.Members[i]
		byMember[i] = append(byMember[i], p)
		row.Runs++
		if p.At.After(row.LastRun) {
			row.LastRun = p.At
		}
		res := resultOf(p.Weights, p.Lost)
		c := &row.Cells[col[p.Situation]]
		if c.Runs == 0 {
			d.Situations[col[p.Situation]].Members++
		}
		c.Runs++
		if !p.At.Before(c.LastAt) {
			c.Last, c.LastAt = res, p.At
		}
		tc := &d.Totals[col[p.Situation]]
		tc.Runs++
		if !p.At.Before(tc.LastAt) {
			tc.Last, tc.LastAt = res, p.At
		}
		d.Situations[col[p.Situation]].Runs++
		if p.Lost {
			row.Lost++
			d.Lost++
		} else {
			teamWeights = teamWeights.Add(p.Weights)
		}
	}
	d.Overall = resultOf(teamWeights, false)
	for i := range d.Members {
		row := &d.Members[i]
		var sum scoring.Weights
		for _, p := range byMember[i] {
			if !p.Lost {
				sum = sum.Add(p.Weights)
			}
		}
		row.Overall = resultOf(sum, false)
		if row.Runs > 0 && row.Runs == row.Lost {
			row.Overall = resultOf(sum, true)
		}
		row.Spark = sparkline(weeksOf(byMember[i], t.Created, now))
	}
	// The latest runs, newest first.
	names := map[int64]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	for _, p := range recent {
		d.Recent = append(d.Recent, practiceRow{PracticeRun: p, TeamID: t.ID, Member: names[p.MemberID], Result: resultOf(p.Weights, p.Lost())})
	}
	return d
}

// ---- one member ----

type teamMemberData struct {
	Team       Team
	Member     TeamMember
	Weeks      []weekStat
	Chart      template.HTML
	Archetypes []archKey
	Runs       []practiceRow
	Situations []situationCol
	Lost       int
	Overall    runResult
}

func (s *Server) pathTeamMember(w http.ResponseWriter, r *http.Request) (int64, int64, bool) {
	id, ok := pathID(r)
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if !ok || err != nil || mid <= 0 {
		s.notFound(w, r)
		return 0, 0, false
	}
	return id, mid, true
}

func (s *Server) handleTeamMember(w http.ResponseWriter, r *http.Request) {
	id, mid, ok := s.pathTeamMember(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	t, err := s.store.TeamByID(ctx, id)
	if s.pageFailed(w, r, err) {
		return
	}
	m, err := s.store.TeamMember(ctx, id, mid)
	if s.pageFailed(w, r, err) {
		return
	}
	runs, err := s.store.PracticeRuns(ctx, id, mid)
	if s.pageFailed(w, r, err) {
		return
	}
	lib, err := loadPracticeLibrary()
	if s.pageFailed(w, r, err) {
		return
	}
	d := teamMemberData{Team: t, Member: m, Archetypes: chartKeys()}
	sums := make([]runSum, len(runs))
	for i, p := range runs {
		sums[i] = p.sum()
	}
	d.Weeks = weeksOf(sums, t.Created, s.now())
	d.Chart = weeksChart(d.Weeks, m.Name+"'s")
	var sum scoring.Weights
	sits := map[string]int{}
	for k := len(runs) - 1; k >= 0; k-- {
		p := runs[k]
		d.Runs = append(d.Runs, practiceRow{PracticeRun: p, TeamID: t.ID, Member: m.Name, Result: resultOf(p.Weights, p.Lost())})
		if p.Lost() {
			d.Lost++
		} else {
			sum = sum.Add(p.Weights)
		}
		i, seen := sits[p.Situation]
		if !seen {
			i = len(d.Situations)
			sits[p.Situation] = i
			d.Situations = append(d.Situations, situationCol{Key: p.Situation, Title: lib.situationTitle(p.Situation)})
		}
		d.Situations[i].Runs++
	}
	d.Overall = resultOf(sum, len(runs) > 0 && d.Lost == len(runs))
	s.render(w, r, http.StatusOK, "teammember", m.Name+" · "+t.Name, d)
}

// ---- changes ----

func (s *Server) handleCloseTeam(w http.ResponseWriter, r *http.Request) { s.setTeamClosed(w, r, true) }
func (s *Server) handleReopenTeam(w http.ResponseWriter, r *http.Request) {
	s.setTeamClosed(w, r, false)
}

func (s *Server) setTeamClosed(w http.ResponseWriter, r *http.Request, closed bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if s.pageFailed(w, r, s.store.SetTeamClosed(r.Context(), s.actor(r), id, closed, s.now())) {
		return
	}
	done := "reopened"
	if closed {
		done = "closed"
	}
	http.Redirect(w, r, fmt.Sprintf("/teams/%d?done=%s", id, done), http.StatusSeeOther)
}

func (s *Server) handleNewTeamLink(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	token, err := s.store.NewTeamLink(r.Context(), s.actor(r), id, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	s.teamPage(w, r, id, http.StatusCreated, s.baseURL(r)+"/t/"+token, "A new join link replaced the old one, which no longer works: players who joined with it must join again with this one.")
}

func (s *Server) handleTeamRetention(w http.ResponseWriter, r *http.Request) {
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
	if s.pageFailed(w, r, s.store.SetTeamRetention(r.Context(), s.actor(r), id, days, s.now())) {
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/teams/%d?done=retention#retention", id), http.StatusSeeOther)
}

func (s *Server) handleDeleteTeamMember(w http.ResponseWriter, r *http.Request) {
	id, mid, ok := s.pathTeamMember(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != strconv.FormatInt(mid, 10) {
		s.errorPage(w, r, http.StatusBadRequest, "Not deleted", "Tick the confirmation box on the member's page to delete their data.")
		return
	}
	_, err := s.store.DeleteTeamMember(r.Context(), s.actor(r), id, mid, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/teams/%d?done=deleted", id), http.StatusSeeOther)
}

func (s *Server) handleTeamMemberExport(w http.ResponseWriter, r *http.Request) {
	id, mid, ok := s.pathTeamMember(w, r)
	if !ok {
		return
	}
	x, err := s.store.ExportTeamMember(r.Context(), id, mid, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"team-%d-member-%d.json\"", id, mid))
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		s.log.Error("team member export", "team", id, "member", mid, "err", err)
		return
	}
	s.audit(r, "team.member.exported", teamMemberTarget(id, mid), "everything held about the member, on request")
}

// handleTeamRunsCSV is every run of a team, one line each: who, what,
// when (with its ISO week), the result and the drift's shares.
func (s *Server) handleTeamRunsCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	t, err := s.store.TeamByID(ctx, id)
	if s.pageFailed(w, r, err) {
		return
	}
	members, err := s.store.TeamMembers(ctx, id)
	if s.pageFailed(w, r, err) {
		return
	}
	runs, err := s.store.PracticeRuns(ctx, id, 0)
	if s.pageFailed(w, r, err) {
		return
	}
	names := map[int64]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"team-%d-runs.csv\"", id))
	w.Header().Set("Cache-Control", "no-store")
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	head := []string{"team", "member_id", "member", "run", "scenario", "language", "situation", "iso_week", "played_at", "received_at", "ending", "result", "archetype"}
	for _, a := range scoring.Archetypes {
		head = append(head, a)
	}
	cw.Write(append(head, "fitting", "decisions"))
	for _, p := range runs {
		row := []string{csvCell(t.Name), strconv.FormatInt(p.MemberID, 10), csvCell(names[p.MemberID]), strconv.FormatInt(p.ID, 10), p.ScenarioID, p.Language, p.Situation,
			weekLabel(isoWeek(p.At)), p.At.UTC().Format(time.RFC3339), p.Received.UTC().Format(time.RFC3339), p.Ending, resultOf(p.Weights, p.Lost()).Label, p.Archetype}
		d := scoring.Drift(p.Weights)
		for i := range d {
			row = append(row, fnum(d[i]))
		}
		cw.Write(append(row, strconv.Itoa(p.Fitting), strconv.Itoa(p.Decisions)))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("team runs export", "team", id, "err", err)
		return
	}
	bw.Flush()
}
