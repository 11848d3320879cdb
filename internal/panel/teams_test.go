package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// ---- helpers ----

// team creates a team as the owner and returns it with its token.
func (h *harness) team(name string, retention int) (Team, string) {
	h.t.Helper()
	owner, _, err := h.srv.store.memberByEmail(context.Background(), testOwner)
	if err != nil {
		h.t.Fatal(err)
	}
	t, token, err := h.srv.store.CreateTeam(context.Background(), Actor{ID: owner.ID, Email: testOwner}, name, retention, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	return t, token
}

// practice builds an upload of one run of a library scenario, played with
// seeded random choices (none timing out).
func practice(t testing.TB, scenario, lang, key, name string, seed uint64) *play.PracticeUpload {
	t.Helper()
	lib, err := loadPracticeLibrary()
	if err != nil {
		t.Fatal(err)
	}
	ps := lib.byKey[scenario+"\x00"+lang]
	if ps == nil {
		t.Fatalf("no library scenario %s (%s)", scenario, lang)
	}
	run, _ := newSecret()
	return &play.PracticeUpload{
		Member:     play.PracticeMember{Key: key, Name: name},
		RunID:      run,
		Language:   lang,
		Transcript: autoTranscript(t, ps.sc, 0, rand.New(rand.NewPCG(seed, 7))),
		StartedAt:  "2026-11-23T09:00:00Z",
		FinishedAt: "2026-11-23T09:06:00Z",
		Client:     play.ClientInfo{Version: "dev", Language: lang},
	}
}

// sendPractice posts a body to a team's practice endpoint.
func (h *harness) sendPractice(token string, body []byte) (*http.Response, map[string]any) {
	h.t.Helper()
	resp, err := http.Post(h.ts.URL+"/api/teams/"+token+"/practice", "application/json", bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		h.t.Fatalf("status %d: answer is not JSON: %q", resp.StatusCode, data)
	}
	return resp, out
}

func newKey() string { k, _ := newSecret(); return k }

var joinLinkRE = regexp.MustCompile(`id="join-link" readonly value="([^"]+)"`)

// ---- tests ----

// TestTeamJoinLinkShowsWhatIsSent: an author creates a team on /teams;
// the answer shows its join link once; the link's page, open to anyone
// holding it, names the team and trainer and says exactly what is sent;
// the API tells a game the same, and unknown links are 404s.
func TestTeamJoinLinkShowsWhatIsSent(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	csrf := owner.login()
	_, page := owner.get("/teams")
	if !strings.Contains(page, "No team yet") || !strings.Contains(page, `name="retention_days"`) || !strings.Contains(page, "Create team</button>") {
		t.Fatalf("empty teams page:\n%s", page)
	}
	resp, page := owner.postForm("/teams", url.Values{"csrf": {csrf}, "name": {"Support hires, March"}, "retention_days": {"90"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create team: %d %s", resp.StatusCode, page)
	}
	m := joinLinkRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no join link on the new team's page:\n%s", page)
	}
	link := m[1]
	token := link[strings.LastIndex(link, "/")+1:]
	if !strings.HasPrefix(link, h.ts.URL+"/t/") || !validToken(token) {
		t.Fatalf("join link %q", link)
	}
	if !strings.Contains(page, "No member yet: share the join link") {
		t.Error("the new team's page does not say to share the join link")
	}
	// Shown once: the team's page later has no link.
	_, list := owner.get("/teams")
	id := regexp.MustCompile(`href="/teams/(\d+)"`).FindStringSubmatch(list)
	if id == nil || !strings.Contains(list, "Support hires, March") {
		t.Fatalf("teams list:\n%s", list)
	}
	_, view := owner.get("/teams/" + id[1])
	if strings.Contains(view, token) || !strings.Contains(view, "cannot be shown again") {
		t.Error("the team view shows the join link again, or does not say why not")
	}
	// The join page, signed out: the trainer by name, never by e-mail.
	anon := h.browser()
	resp, join := anon.get("/t/" + token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("join page: %d", resp.StatusCode)
	}
	if strings.Contains(join, testOwner) || strings.Contains(join, "Trainer:") {
		t.Errorf("the join page of a trainer with no name shows their e-mail or an empty Trainer:\n%s", join)
	}
	if _, err := h.srv.store.db.Exec("UPDATE members SET name = 'Ana Souza' WHERE email = ?", testOwner); err != nil {
		t.Fatal(err)
	}
	resp, join = anon.get("/t/" + token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("join page: %d", resp.StatusCode)
	}
	for _, want := range []string{"Join <bdi>Support hires, March</bdi>", "Trainer: <strong><bdi>Ana Souza", "Exactly what is sent", "the name you choose",
		"the choices you made", "how long each decision took", "Never anything else", "What your trainer sees", `href="/play/?team=` + token + `"`,
		"Settings → Team", "--team " + link, "deleted 90 days after they arrive"} {
		if !strings.Contains(join, want) {
			t.Errorf("join page lacks %q", want)
		}
	}
	if rp := resp.Header.Get("Referrer-Policy"); rp != "no-referrer" {
		t.Errorf("join page Referrer-Policy %q", rp)
	}
	// The API.
	resp, _ = anon.get("/api/teams/" + token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("team info: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/api/teams/"+token, nil)
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var info play.TeamInfo
	data, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	if err := play.DecodeStrict(data, &info); err != nil {
		t.Fatalf("team info %s: %v", data, err)
	}
	if info.Team != "Support hires, March" || info.Trainer != "Ana Souza" || info.JoinURL != link || info.PracticeURL != "/api/teams/"+token+"/practice" {
		t.Errorf("team info %+v", info)
	}
	other, _ := newSecret()
	for _, p := range []string{"/api/teams/" + other, "/api/teams/short"} {
		resp, body := anon.get(p)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"unknown_team"`) {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	if resp, _ := anon.get("/t/" + other); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown join page: %d", resp.StatusCode)
	}
	if h.lastAudit("team.created").Target != "team "+id[1] {
		t.Error("the team's creation is not in the audit log")
	}
}

// TestPracticeUploadReplayedByThePanel: a run arrives, the panel re-plays
// it against its own library and stores its own report; the answer says
// the archetype the panel found; a client cannot send a score; the run
// shows on the team view's runs table under the member's name.
func TestPracticeUploadReplayedByThePanel(t *testing.T) {
	h := newHarness(t)
	team, token := h.team("Night shift", 0)
	up := practice(t, "double-charge-es", "es", newKey(), "Ana Souza", 3)
	resp, out := h.sendPractice(token, mustJSON(t, up))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %v", resp.StatusCode, out)
	}
	lib, _ := loadPracticeLibrary()
	run, err := play.ReplayAssessment(lib.byKey["double-charge-es\x00es"].sc, up.Transcript, false)
	if err != nil {
		t.Fatal(err)
	}
	want := run.Report()
	if out["archetype"] != want.Archetype || out["team"] != "Night shift" || out["ok"] != true || out["received_at"] != "2026-11-23T09:00:00Z" {
		t.Errorf("answer %v, want archetype %q", out, want.Archetype)
	}
	var report, situation, title string
	if err := h.srv.store.db.QueryRowContext(context.Background(), "SELECT report, situation, title FROM practice_results WHERE team_id = ?", team.ID).Scan(&report, &situation, &title); err != nil {
		t.Fatal(err)
	}
	var stored play.Report
	if err := json.Unmarshal([]byte(report), &stored); err != nil {
		t.Fatal(err)
	}
	if stored.Archetype != want.Archetype || stored.Weights != want.Weights || stored.Ending != want.Ending || situation != "double-charge" || title != "Cobro doble" {
		t.Errorf("stored %s / %s / %s, want the panel's replay %+v", report, situation, title, want)
	}
	// A score in the body is refused.
	var raw map[string]any
	json.Unmarshal(mustJSON(t, up), &raw)
	raw["archetype"] = "shock_absorber"
	raw["run_id"] = newKey()
	resp, out = h.sendPractice(token, mustJSON(t, raw))
	if resp.StatusCode != http.StatusBadRequest || out["code"] != "bad_request" || !strings.Contains(out["error"].(string), "unknown field") {
		t.Errorf("a client's score: %d %v", resp.StatusCode, out)
	}
	// The team view lists it.
	owner := h.browser()
	owner.login()
	_, page := owner.get("/teams/" + itoa(team.ID))
	tbl := page[strings.Index(page, `id="practice-runs"`):]
	tbl = tbl[:strings.Index(tbl, "</table>")]
	if strings.Count(tbl, "<tr>") != 2 || !strings.Contains(tbl, "Ana Souza") || !strings.Contains(tbl, "Cobro doble") {
		t.Errorf("runs table:\n%s", tbl)
	}
	if e := h.lastAudit("practice.received"); strings.Contains(e.Detail, "Ana") || !strings.Contains(e.Detail, "double-charge-es") {
		t.Errorf("audit entry %+v", e)
	}
}

// TestPracticeUploadIdempotent: the same member sending the same run
// again gets 200 with the same answer and nothing is stored twice;
// another member's run with the same id is theirs.
func TestPracticeUploadIdempotent(t *testing.T) {
	h := newHarness(t)
	team, token := h.team("Retries", 0)
	up := practice(t, "double-charge", "en", newKey(), "Ben", 1)
	body := mustJSON(t, up)
	resp, first := h.sendPractice(token, body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("first: %d %v", resp.StatusCode, first)
	}
	h.clock.Add(time.Hour)
	up.Member.Name = "Ben R."
	resp, again := h.sendPractice(token, mustJSON(t, up))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("again: %d %v", resp.StatusCode, again)
	}
	if first["received_at"] != again["received_at"] || first["archetype"] != again["archetype"] {
		t.Errorf("retry answered %v, first %v", again, first)
	}
	other := *up
	other.Member = play.PracticeMember{Key: newKey(), Name: "Cleo"}
	if resp, out := h.sendPractice(token, mustJSON(t, &other)); resp.StatusCode != http.StatusCreated {
		t.Errorf("another member's run with the same id: %d %v", resp.StatusCode, out)
	}
	runs, _ := h.srv.store.PracticeRuns(context.Background(), team.ID, 0)
	members, _ := h.srv.store.TeamMembers(context.Background(), team.ID)
	if len(runs) != 2 || len(members) != 2 || members[0].Name != "Ben R." {
		t.Errorf("%d runs, members %+v", len(runs), members)
	}
	n := 0
	for _, a := range h.auditActions() {
		if a == "practice.received" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d practice.received entries, want 2", n)
	}
}

// TestClosedTeamRefusesUploads: a closed team's link answers 410
// team_closed (API and join page) until the team is opened again.
func TestClosedTeamRefusesUploads(t *testing.T) {
	h := newHarness(t)
	team, token := h.team("Closing", 0)
	owner := h.browser()
	csrf := owner.login()
	resp, _ := owner.postForm("/teams/"+itoa(team.ID)+"/close", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", resp.StatusCode)
	}
	up := practice(t, "double-charge", "en", newKey(), "Dee", 2)
	resp, out := h.sendPractice(token, mustJSON(t, up))
	if resp.StatusCode != http.StatusGone || out["code"] != "team_closed" {
		t.Errorf("upload to a closed team: %d %v", resp.StatusCode, out)
	}
	anon := h.browser()
	if resp, body := anon.get("/api/teams/" + token); resp.StatusCode != http.StatusGone || !strings.Contains(body, "team_closed") {
		t.Errorf("team info of a closed team: %d %s", resp.StatusCode, body)
	}
	if resp, body := anon.get("/t/" + token); resp.StatusCode != http.StatusGone || !strings.Contains(body, "closed by its trainer") {
		t.Errorf("join page of a closed team: %d", resp.StatusCode)
	}
	_, page := owner.get("/teams/" + itoa(team.ID))
	if !strings.Contains(page, "Open the team again") {
		t.Error("the closed team's page offers no way to open it")
	}
	owner.postForm("/teams/"+itoa(team.ID)+"/reopen", url.Values{"csrf": {csrf}})
	if resp, out := h.sendPractice(token, mustJSON(t, up)); resp.StatusCode != http.StatusCreated {
		t.Errorf("upload after reopening: %d %v", resp.StatusCode, out)
	}
	acts := strings.Join(h.auditActions(), " ")
	if !strings.Contains(acts, "team.closed") || !strings.Contains(acts, "team.reopened") {
		t.Errorf("audit: %s", acts)
	}
	// A new join link: the old one is unknown from then on.
	resp, page = owner.postForm("/teams/"+itoa(team.ID)+"/link", url.Values{"csrf": {csrf}})
	m := joinLinkRE.FindStringSubmatch(page)
	if resp.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("new link: %d", resp.StatusCode)
	}
	if resp, _ := h.sendPractice(token, mustJSON(t, practice(t, "double-charge", "en", newKey(), "Eve", 4))); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the old link after a new one: %d", resp.StatusCode)
	}
	newToken := m[1][strings.LastIndex(m[1], "/")+1:]
	if resp, _ := h.sendPractice(newToken, mustJSON(t, practice(t, "double-charge", "en", newKey(), "Eve", 4))); resp.StatusCode != http.StatusCreated {
		t.Errorf("the new link: %d", resp.StatusCode)
	}
}

// TestPracticeUploadBounded: hostile uploads are refused with a clear
// code before they cost much: an oversized body (413, before parsing),
// more steps than the scenario allows, a name with a bidi override or a
// control character, an unknown scenario, a transcript that does not
// replay, a bad key; and too many uploads from one player (429).
func TestPracticeUploadBounded(t *testing.T) {
	h := newHarness(t)
	_, token := h.team("Bounds", 0)
	key := newKey()
	good := practice(t, "double-charge", "en", key, "Fay", 5)
	big := append([]byte(`{"member":{"key":"`+key+`","name":"`), bytes.Repeat([]byte("a"), MaxPracticeBody)...)
	big = append(big, `"}}`...)
	resp, out := h.sendPractice(token, big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || out["code"] != "too_large" {
		t.Errorf("oversized: %d %v", resp.StatusCode, out)
	}
	long := *good
	long.RunID = newKey()
	long.Transcript.Choices = make([]int, 5000)
	for i := range long.Transcript.Choices {
		long.Transcript.Choices[i] = 1
	}
	long.Transcript.TimingsMS = nil
	resp, out = h.sendPractice(token, mustJSON(t, &long))
	if resp.StatusCode != http.StatusUnprocessableEntity || out["code"] != "bad_transcript" || !strings.Contains(out["error"].(string), "at most") {
		t.Errorf("too many steps: %d %v", resp.StatusCode, out)
	}
	for _, name := range []string{"Fay\u202Eevil", "Fay\x07", "   ", strings.Repeat("x", MaxTeamMemberName+1)} {
		bad := *good
		bad.Member.Name = name
		resp, out = h.sendPractice(token, mustJSON(t, &bad))
		if resp.StatusCode != http.StatusBadRequest || out["code"] != "bad_request" || !strings.Contains(out["error"].(string), "member.name") {
			t.Errorf("name %q: %d %v", name, resp.StatusCode, out)
		}
	}
	unknown := *good
	unknown.Language = "fr"
	if resp, out = h.sendPractice(token, mustJSON(t, &unknown)); resp.StatusCode != http.StatusUnprocessableEntity || out["code"] != "unknown_scenario" {
		t.Errorf("unknown scenario: %d %v", resp.StatusCode, out)
	}
	short := *good
	short.Transcript.Choices = good.Transcript.Choices[:1]
	short.Transcript.TimingsMS = good.Transcript.TimingsMS[:1]
	if resp, out = h.sendPractice(token, mustJSON(t, &short)); resp.StatusCode != http.StatusUnprocessableEntity || out["code"] != "bad_transcript" {
		t.Errorf("unfinished run: %d %v", resp.StatusCode, out)
	}
	badKey := *good
	badKey.Member.Key = "not-a-key"
	if resp, out = h.sendPractice(token, mustJSON(t, &badKey)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad key: %d %v", resp.StatusCode, out)
	}
	for _, body := range []string{"", "[]", `{"member":null}` + "x", "\xff"} {
		if resp, out = h.sendPractice(token, []byte(body)); resp.StatusCode != http.StatusBadRequest || out["code"] != "bad_request" {
			t.Errorf("body %q: %d %v", body, resp.StatusCode, out)
		}
	}
	if runs, _ := h.srv.store.PracticeRuns(context.Background(), 1, 0); len(runs) != 0 {
		t.Errorf("%d refused runs stored", len(runs))
	}
	// One player sending too many: 429 with Retry-After.
	limited := 0
	for i := 0; i < practicePerKey+2; i++ {
		up := *good
		up.RunID = newKey()
		resp, out = h.sendPractice(token, mustJSON(t, &up))
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
			if out["code"] != "rate_limited" || resp.Header.Get("Retry-After") == "" {
				t.Errorf("429 without its code or Retry-After: %v", out)
			}
		}
	}
	if limited == 0 {
		t.Error("no upload was rate limited")
	}
	h.clock.Add(practiceWindow)
	up := *good
	up.RunID = newKey()
	if resp, _ := h.sendPractice(token, mustJSON(t, &up)); resp.StatusCode != http.StatusCreated {
		t.Errorf("after the window: %d", resp.StatusCode)
	}
}

// storeRun stores a run for a member directly, at the clock's time,
// with the given weights and ending.
func (h *harness) storeRun(teamID int64, key, name, scenario, situation string, w scoring.Weights, ending string) {
	h.t.Helper()
	run, _ := newSecret()
	wj, _ := play.MarshalJSON(w)
	dj, _ := play.MarshalJSON(scoring.Drift(w))
	at := h.clock.Now().UTC().Format(time.RFC3339)
	_, err := h.srv.store.StorePractice(context.Background(), teamID, hashSecret(key), name, &scoredPractice{
		runID: run, scenario: scenario, language: "en", title: scenario, situation: situation, archetype: scoring.Archetype(w), ending: ending,
		weights: wj, drift: dj, fitting: 1, decisions: 2, transcript: []byte(`{}`), report: []byte(`{}`), client: []byte(`{}`),
		startedAt: at, finishedAt: at,
	}, h.clock.Now(), "127.0.0.1")
	if err != nil {
		h.t.Fatal(err)
	}
}

// TestTeamViewDriftOverWeeks: runs over three ISO weeks show as three
// bars and three rows of the table fallback, with each week's shares;
// a lost customer counts as a run but not in the drift, and says
// "Customer lost"; the grid counts runs per member and situation.
func TestTeamViewDriftOverWeeks(t *testing.T) {
	h := newHarness(t) // Monday 23 November 2026, 2026-W48
	team, _ := h.team("Weekly", 0)
	ana, ben := newKey(), newKey()
	sa := scoring.Weights{0, 0, 0, 0, 4}
	pivot := scoring.Weights{3, 0, 0, 0, 1}
	h.storeRun(team.ID, ana, "Ana", "double-charge", "double-charge", pivot, "unresolved")
	h.storeRun(team.ID, ben, "Ben", "friday-outage", "friday-outage", pivot, "resolved")
	h.clock.Add(7 * 24 * time.Hour) // W49
	h.storeRun(team.ID, ana, "Ana", "double-charge", "double-charge", sa, "resolved")
	h.storeRun(team.ID, ben, "Ben", "friday-outage", "friday-outage", sa, scoring.Lost)
	h.clock.Add(14 * 24 * time.Hour) // W51, W50 empty
	h.storeRun(team.ID, ana, "Ana", "friday-outage", "friday-outage", sa, "resolved")
	owner := h.browser()
	owner.login()
	_, page := owner.get("/teams/" + itoa(team.ID))
	for _, want := range []string{
		`aria-label="The team&#39;s drift by ISO week, 2026-W48 to 2026-W51: shock absorber share 25% in 2026-W48, 100% in 2026-W51.`,
		"2026-W48 <span class=\"muted\">from 23 Nov</span>", "2026-W49", "2026-W51", "Customer lost", "1 with the customer lost",
		`<th scope="col"><span>Charged twice</span></th>`, "Not practised yet:",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("team view lacks %q", want)
		}
	}
	if strings.Contains(page, "2026-W50 <span") {
		t.Error("the table lists a week without runs")
	}
	chart := page[strings.Index(page, `<svg class="weeks wide"`):]
	chart = chart[:strings.Index(chart, "</svg>")]
	// W48: pivot 6/8 + sa 2/8 = two rects; W49: sa only (the lost run is
	// left out) = one; W50 none; W51 one.
	if n := strings.Count(chart, "<rect"); n != 4 {
		t.Errorf("%d bars' parts, want 4:\n%s", n, chart)
	}
	if n := strings.Count(chart, `class="sa-dot"`); n != 3 {
		t.Errorf("%d shock absorber points, want 3", n)
	}
	// Week table: W48 shares.
	w48 := page[strings.Index(page, "2026-W48 <span"):]
	w48 = w48[:strings.Index(w48, "</tr>")]
	for _, want := range []string{`data-label="Runs">2<`, `data-label="Shock absorber">25%<`, `data-label="Pivot">75%<`} {
		if !strings.Contains(w48, want) {
			t.Errorf("W48 row lacks %s:\n%s", want, w48)
		}
	}
	// The grid: Ana practised both situations, Ben one.
	grid := page[strings.Index(page, `class="grid-sits"`):]
	grid = grid[:strings.Index(grid, "</table>")]
	if !strings.Contains(grid, `title="last: Customer lost">lost</abbr>`) || !strings.Contains(grid, `2 <abbr class="result arch-shock_absorber"`) {
		t.Errorf("grid:\n%s", grid)
	}
	// Every run as CSV, with its ISO week and the result in words.
	resp, csvBody := owner.get("/teams/" + itoa(team.ID) + "/runs.csv")
	lines := strings.Split(strings.TrimSpace(csvBody), "\n")
	if resp.StatusCode != http.StatusOK || len(lines) != 6 || !strings.HasPrefix(lines[0], "team,member_id,member,run,") ||
		!strings.Contains(csvBody, ",2026-W49,") || !strings.Contains(csvBody, ",lost,Customer lost,") {
		t.Errorf("runs.csv: %d\n%s", resp.StatusCode, csvBody)
	}
	// A member's page has their own chart and every run.
	mem, _ := h.srv.store.TeamMembers(context.Background(), team.ID)
	_, mp := owner.get("/teams/" + itoa(team.ID) + "/members/" + itoa(mem[0].ID))
	if !strings.Contains(mp, "Ana&#39;s drift by ISO week") || strings.Count(mp[strings.Index(mp, `id="member-runs"`):], "<tr>") != 4 {
		t.Errorf("Ana's page:\n%s", mp)
	}
}

// TestTeamViewEmptyAndPhone: an empty team says what to do, and every
// table of the team pages stacks on phones or scrolls in its own region.
func TestTeamViewEmptyAndPhone(t *testing.T) {
	h := newHarness(t)
	team, _ := h.team("Empty", 0)
	owner := h.browser()
	owner.login()
	_, page := owner.get("/teams/" + itoa(team.ID))
	for _, want := range []string{"No practice run yet", "No member yet: share the join link", "make a new one above", "Make a new join link"} {
		if !strings.Contains(page, want) {
			t.Errorf("empty team view lacks %q", want)
		}
	}
	h.storeRun(team.ID, newKey(), "Ana", "double-charge", "double-charge", scoring.Weights{0, 0, 0, 0, 1}, "resolved")
	_, page = owner.get("/teams/" + itoa(team.ID))
	for _, tbl := range regexp.MustCompile(`<table[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tbl, "stack") && !strings.Contains(tbl, "grid-sits") {
			t.Errorf("table %s neither stacks nor scrolls", tbl)
		}
	}
	if !strings.Contains(page, `class="gridwrap" tabindex="0" role="region"`) {
		t.Error("the situations grid is not in a scrolling region")
	}
}

// TestTeamRetentionSweep: a team's results older than its retention
// period go, with the members left without results; other teams keep
// theirs; the audit log keeps a count, never a name.
func TestTeamRetentionSweep(t *testing.T) {
	h := newHarness(t)
	short, _ := h.team("Short", 30)
	keep, _ := h.team("Keep", 0)
	old, fresh := newKey(), newKey()
	w := scoring.Weights{1, 0, 0, 0, 2}
	h.storeRun(short.ID, old, "Olga", "double-charge", "double-charge", w, "resolved")
	h.storeRun(keep.ID, old, "Olga", "double-charge", "double-charge", w, "resolved")
	h.clock.Add(20 * 24 * time.Hour)
	h.storeRun(short.ID, fresh, "Fred", "double-charge", "double-charge", w, "resolved")
	h.clock.Add(11 * 24 * time.Hour)
	n, err := h.srv.store.SweepTeamRetention(context.Background(), h.clock.Now())
	if err != nil || n != 1 {
		t.Fatalf("swept %d, %v; want 1", n, err)
	}
	sm, _ := h.srv.store.TeamMembers(context.Background(), short.ID)
	sr, _ := h.srv.store.PracticeRuns(context.Background(), short.ID, 0)
	kr, _ := h.srv.store.PracticeRuns(context.Background(), keep.ID, 0)
	if len(sr) != 1 || len(sm) != 1 || sm[0].Name != "Fred" || len(kr) != 1 {
		t.Errorf("after the sweep: %d runs and members %+v in Short, %d runs in Keep", len(sr), sm, len(kr))
	}
	e := h.lastAudit("retention.swept")
	if !strings.Contains(e.Detail, "1 practice result") || !strings.Contains(e.Detail, "team "+itoa(short.ID)+": 1") || strings.Contains(e.Detail, "Olga") {
		t.Errorf("audit %+v", e)
	}
	if n, _ := h.srv.store.SweepTeamRetention(context.Background(), h.clock.Now()); n != 0 {
		t.Errorf("a second sweep deleted %d", n)
	}
	// Changing the period is audited.
	owner := h.browser()
	csrf := owner.login()
	if resp, _ := owner.postForm("/teams/"+itoa(keep.ID)+"/retention", url.Values{"csrf": {csrf}, "retention_days": {"7"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("retention change: %d", resp.StatusCode)
	}
	if e := h.lastAudit("team.retention"); !strings.Contains(e.Detail, "kept until deleted → kept 7 days") {
		t.Errorf("audit %+v", e)
	}
	// The server's own sweep (lifecycle.go's sweeper) takes it from there.
	h.srv.sweepTeams()
	if kr, _ := h.srv.store.PracticeRuns(context.Background(), keep.ID, 0); len(kr) != 0 {
		t.Errorf("Keep's 31-day-old run survived a 7-day period")
	}
}

// TestDeleteTeamMemberKeepsAudit: an author deletes one member's data on
// request after exporting it; their runs and name go, the others stay,
// and the audit log keeps that it happened, without the name.
func TestDeleteTeamMemberKeepsAudit(t *testing.T) {
	h := newHarness(t)
	team, token := h.team("Deletions", 0)
	gil := practice(t, "double-charge", "en", newKey(), "Gil Sanders", 8)
	h.sendPractice(token, mustJSON(t, gil))
	h.sendPractice(token, mustJSON(t, practice(t, "double-charge", "en", newKey(), "Hana", 9)))
	members, _ := h.srv.store.TeamMembers(context.Background(), team.ID)
	gid := members[0].ID
	base := "/teams/" + itoa(team.ID) + "/members/" + itoa(gid)
	owner := h.browser()
	csrf := owner.login()
	resp, body := owner.get(base + "/export.json")
	var x TeamMemberExport
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &x) != nil || x.Member.Name != "Gil Sanders" || len(x.Runs) != 1 || x.Runs[0].RunID != gil.RunID || len(x.Audit) != 1 {
		t.Fatalf("export: %d %s", resp.StatusCode, body)
	}
	if resp, _ := owner.postForm(base+"/delete", url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("delete without confirming: %d", resp.StatusCode)
	}
	resp, _ = owner.postForm(base+"/delete", url.Values{"csrf": {csrf}, "confirm": {itoa(gid)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	runs, _ := h.srv.store.PracticeRuns(context.Background(), team.ID, 0)
	members, _ = h.srv.store.TeamMembers(context.Background(), team.ID)
	if len(runs) != 1 || len(members) != 1 || members[0].Name != "Hana" {
		t.Errorf("after deletion: %d runs, members %+v", len(runs), members)
	}
	if resp, _ := owner.get(base); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the deleted member's page: %d", resp.StatusCode)
	}
	e := h.lastAudit("team.member.deleted")
	if e.Target != teamMemberTarget(team.ID, gid) || !strings.Contains(e.Detail, "1 run") || e.Actor != testOwner {
		t.Errorf("audit %+v", e)
	}
	h.srv.store.EachAudit(context.Background(), func(e AuditEntry) error {
		if strings.Contains(e.Detail+e.Target, "Gil") {
			t.Errorf("the audit log holds the name: %+v", e)
		}
		return nil
	})
}

// TestTeamViewCopyScriptAllowedByItsHash: the team view's one script (the
// Copy button) is exactly the one its Content-Security-Policy allows by
// hash, and no other page of the panel runs a script.
func TestTeamViewCopyScriptAllowedByItsHash(t *testing.T) {
	h := newHarness(t)
	owner := h.browser()
	csrf := owner.login()
	resp, page := owner.postForm("/teams", url.Values{"csrf": {csrf}, "name": {"Copy"}, "retention_days": {""}})
	m := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	if resp.StatusCode != http.StatusCreated || len(m) != 1 {
		t.Fatalf("%d, %d scripts", resp.StatusCode, len(m))
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src "+cspHash(m[0][1])+";") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("the script's hash %s is not what %q allows", cspHash(m[0][1]), csp)
	}
	if !strings.Contains(page, `<button type="button" class="small" data-copy="join-link" hidden>Copy</button>`) {
		t.Error("no Copy button (hidden until the script shows it)")
	}
	resp, _ = owner.get("/teams")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("the teams list allows scripts: %q", csp)
	}
}

// TestWeeksOfCountsEveryRun: runs fall in their ISO week (Monday to
// Sunday, UTC), one played before the team existed counts in its first
// week, and the weeks run from the team's week to now, at most a year.
func TestWeeksOfCountsEveryRun(t *testing.T) {
	created := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC) // a Wednesday of 2026-W48
	now := time.Date(2026, 12, 13, 23, 59, 0, 0, time.UTC)    // the Sunday ending 2026-W50
	w := scoring.Weights{0, 0, 0, 0, 1}
	runs := []runSum{
		{At: created.Add(-30 * 24 * time.Hour), Weights: w},                // before the team: W48
		{At: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Weights: w},    // Monday: W49
		{At: time.Date(2026, 11, 29, 23, 59, 59, 0, time.UTC), Weights: w}, // Sunday night: W48
		{At: now, Weights: w, Lost: true},                                  // W50, lost
	}
	weeks := weeksOf(runs, created, now)
	var got []string
	for _, wk := range weeks {
		got = append(got, fmt.Sprintf("%s %s %d/%d", wk.Label, wk.Monday.Format("01-02"), wk.Runs, wk.Lost))
	}
	if want := "2026-W48 11-23 2/0, 2026-W49 11-30 1/0, 2026-W50 12-07 1/1"; strings.Join(got, ", ") != want {
		t.Errorf("weeks %s, want %s", strings.Join(got, ", "), want)
	}
	if weeks[2].HasDrift() || weeks[2].Share(scoring.ShockAbsorber) != "—" {
		t.Error("a week of lost customers has a drift")
	}
	long := weeksOf(runs, created.AddDate(-3, 0, 0), now)
	if len(long) != maxChartWeeks || long[len(long)-1].Label != "2026-W50" {
		t.Errorf("%d weeks over three years, ending %s", len(long), long[len(long)-1].Label)
	}
}
