package team

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

const tok = "AbCdEfGhIjKlMnOpQrStUv"

func TestParseLinkTakesJoinLinksAndBareTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		bare bool
		want Link
	}{
		{"https://panel.example.org/t/" + tok, false, Link{"https://panel.example.org", tok}},
		{"  http://127.0.0.1:8080/t/" + tok + "/\n", false, Link{"http://127.0.0.1:8080", tok}},
		{"https://example.org/training/t/" + tok, false, Link{"https://example.org/training", tok}},
		{"https://example.org/api/teams/" + tok, false, Link{"https://example.org", tok}},
		{"https://example.org/play/?team=" + tok, false, Link{"https://example.org", tok}},
		{tok, true, Link{"", tok}},
	} {
		got, err := ParseLink(c.in, c.bare)
		if err != nil || got != c.want {
			t.Errorf("ParseLink(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, says string }{
		{"", "empty"},
		{tok, "paste the whole link"},
		{"ftp://example.org/t/" + tok, "not an http(s) link"},
		{"https://example.org/a/" + tok, "no /t/TOKEN path"},
		{"https://example.org/t/short", `"short"`},
		{"https://example.org/t/" + tok + "x", "not 22 letters"},
		{strings.Repeat("x", 3000), "too long"},
	} {
		_, err := ParseLink(c.in, false)
		if !errors.Is(err, ErrNotALink) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("ParseLink(%.40q): %v; want an error saying %q", c.in, err, c.says)
		}
	}
}

func TestPracticeURLStaysOnTheLinksServer(t *testing.T) {
	l := Link{"https://a.example", tok}
	def := "https://a.example/api/teams/" + tok + "/practice"
	for given, want := range map[string]string{
		"":                                    def,
		"/api/teams/" + tok + "/practice":     def,
		"https://a.example/x/practice":        "https://a.example/x/practice",
		"https://evil.example/steal":          def,
		"//evil.example/api/teams/x/practice": def,
	} {
		if got := l.PracticeURL(given); got != want {
			t.Errorf("PracticeURL(%q) = %q, want %q", given, got, want)
		}
	}
	if got := (Link{Token: tok}).PracticeURL("/api/teams/" + tok + "/practice"); got != "/api/teams/"+tok+"/practice" {
		t.Errorf("relative link: %q", got)
	}
}

func TestCheckNameRefusesWhatThePanelRefuses(t *testing.T) {
	if n, err := CheckName("  Zoë Núñez 王芳 "); err != nil || n != "Zoë Núñez 王芳" {
		t.Errorf("CheckName = %q, %v", n, err)
	}
	for _, bad := range []string{"", "   ", "a\nb", "evil\u202Eevil", "x\u2066y", strings.Repeat("é", 81)} {
		if _, err := CheckName(bad); !errors.Is(err, ErrBadName) {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
}

// fakePanel implements the team API (team-api.md) as the panel does:
// strict decoding, the transcript replayed against the bundled library
// with time limits off, 200 for a run received before.
type fakePanel struct {
	t    *testing.T
	lib  *scenarios.Set
	mu   sync.Mutex
	runs map[string]play.PracticeUpload
	// answer, when set, answers a POST instead (status, body, retry-after).
	answer func() (int, string, string)
	posts  int
}

func newFakePanel(t *testing.T) (*fakePanel, *httptest.Server) {
	lib, diags := scenarios.Library()
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	p := &fakePanel{t: t, lib: lib, runs: map[string]play.PracticeUpload{}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func apiErr(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := play.MarshalJSON(play.APIError{Status: status, Code: code, Message: msg})
	w.Write(b)
}

func (p *fakePanel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case r.Method == "GET" && r.URL.Path == "/api/teams/"+tok:
		b, _ := play.MarshalJSON(play.TeamInfo{Team: "Night shift", Trainer: "Tina Trainer", JoinURL: "http://" + r.Host + "/t/" + tok, PracticeURL: "/api/teams/" + tok + "/practice"})
		w.Write(b)
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/teams/"):
		apiErr(w, 404, "unknown_team", "This team link is unknown: ask your trainer for a new one.")
	case r.Method == "POST" && r.URL.Path == "/api/teams/"+tok+"/practice":
		p.posts++
		if p.answer != nil {
			st, body, ra := p.answer()
			if ra != "" {
				w.Header().Set("Retry-After", ra)
			}
			w.WriteHeader(st)
			io.WriteString(w, body)
			return
		}
		data, _ := io.ReadAll(io.LimitReader(r.Body, 256<<10))
		var u play.PracticeUpload
		if err := play.DecodeStrict(data, &u); err != nil {
			apiErr(w, 400, "bad_request", err.Error())
			return
		}
		var sc *scenarios.Scenario
		for _, s := range p.lib.Scenarios {
			if s.ID == u.Transcript.Scenario && s.Language == u.Language {
				sc = s
			}
		}
		if sc == nil {
			apiErr(w, 422, "unknown_scenario", "unknown scenario")
			return
		}
		run, err := play.ReplayAssessment(sc, u.Transcript, false)
		if err != nil {
			apiErr(w, 422, "bad_transcript", err.Error())
			return
		}
		key := u.Member.Key + "/" + u.RunID
		status := 201
		if _, ok := p.runs[key]; ok {
			status = 200
		}
		p.runs[key] = u
		w.WriteHeader(status)
		b, _ := play.MarshalJSON(play.PracticeResponse{OK: true, Team: "Night shift", ReceivedAt: "2026-12-06T08:00:00Z", Archetype: run.Archetype()})
		w.Write(b)
	default:
		http.NotFound(w, r)
	}
}

// httpTransport is a Transport over net/http for the tests (the game
// brings its own: fetch in the browser).
func httpTransport(method, url string, body []byte) <-chan Response {
	ch := make(chan Response, 1)
	go func() {
		req, _ := http.NewRequest(method, url, strings.NewReader(string(body)))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			ch <- Response{Err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		ch <- Response{Status: res.StatusCode, Body: b, RetryAfter: res.Header.Get("Retry-After")}
	}()
	return ch
}

// pumpUntil pumps q (at the clock now) until the request on its way is
// answered.
func pumpUntil(t *testing.T, q *Queue, now time.Time) {
	t.Helper()
	q.Pump(now)
	deadline := time.Now().Add(10 * time.Second)
	for q.Busy() {
		if time.Now().After(deadline) {
			t.Fatal("no answer in 10 s")
		}
		q.Pump(now)
		time.Sleep(time.Millisecond)
	}
}

func practiceRun(t *testing.T, id string, choices []int) (*scenarios.Scenario, *play.Run) {
	t.Helper()
	lib, _ := scenarios.LoadLibraryFiles([]string{"library/" + id + ".toml"})
	sc := lib.ByID(id)
	if sc == nil {
		t.Fatalf("no bundled %s", id)
	}
	r, _, err := play.Replay(sc, choices)
	if err != nil {
		t.Fatal(err)
	}
	return sc, r
}

func upload(t *testing.T, id string, choices []int) play.PracticeUpload {
	t.Helper()
	sc, r := practiceRun(t, id, choices)
	runID, _ := NewKey()
	start := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	u, err := NewUpload(Run{Scenario: sc, Steps: r.Steps(), TimingsMS: make([]int64, len(r.Steps())), Started: start, Finished: start.Add(time.Minute),
		Member: play.PracticeMember{Key: "MemberKeyMemberKey0123", Name: "Zoë"}, RunID: runID})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// What the game builds from a finished practice run replays on the
// panel to the same run: same path, ending and weights, whatever the
// language, including runs whose choices hide others (flags) and a
// walk-out.
func TestPracticeUploadReplaysOnThePanel(t *testing.T) {
	for _, c := range []struct {
		id      string
		choices []int
	}{
		{"double-charge", []int{2, 2, 4, 1}},
		{"double-charge-pt-br", []int{1, 1, 1, 1}},
		{"friday-outage-es", []int{3, 3, 3, 3, 3, 3}},
		{"abusive-caller", []int{1, 1, 1, 1, 1, 1}},
	} {
		sc, r := practiceRun(t, c.id, c.choices)
		u := upload(t, c.id, c.choices)
		data, err := play.MarshalJSON(u)
		if err != nil {
			t.Fatal(err)
		}
		var back play.PracticeUpload
		if err := play.DecodeStrict(data, &back); err != nil {
			t.Fatalf("%s: the panel's strict decoder refuses the body: %v", c.id, err)
		}
		if back.Language != sc.Language || back.Transcript.Scenario != sc.ID {
			t.Errorf("%s: sent as %s/%s", c.id, back.Transcript.Scenario, back.Language)
		}
		rr, err := play.ReplayAssessment(sc, back.Transcript, false)
		if err != nil {
			t.Fatalf("%s %v: does not replay: %v", c.id, c.choices, err)
		}
		if strings.Join(rr.Path(), ",") != strings.Join(r.Path(), ",") || rr.Ending() != r.Ending() || rr.Weights() != r.Weights() {
			t.Errorf("%s: replayed %v %s %v, played %v %s %v", c.id, rr.Path(), rr.Ending(), rr.Weights(), r.Path(), r.Ending(), r.Weights())
		}
		if strings.Contains(string(data), "weights") || strings.Contains(string(data), "archetype") || strings.Contains(string(data), "drift") {
			t.Errorf("%s: the body carries a score:\n%s", c.id, data)
		}
	}
}

func TestNewUploadRefusesWhatWouldNotReplay(t *testing.T) {
	sc, r := practiceRun(t, "double-charge", []int{2, 2, 4, 1})
	steps := append([]play.Step(nil), r.Steps()...)
	base := Run{Scenario: sc, Member: play.PracticeMember{Key: "MemberKeyMemberKey0123", Name: "Ann"}, RunID: "RunIdRunIdRunIdRunId01"}
	base.Steps = steps[:len(steps)-1]
	if _, err := NewUpload(base); err == nil || !strings.Contains(err.Error(), "does not replay") {
		t.Errorf("a run cut short: %v", err)
	}
	bad := append([]play.Step(nil), steps...)
	bad[0].Choice = 9
	base.Steps = bad
	if _, err := NewUpload(base); err == nil {
		t.Error("an impossible choice was accepted")
	}
	base.Steps = steps
	base.Member.Name = "a\u202Eb"
	if _, err := NewUpload(base); !errors.Is(err, ErrBadName) {
		t.Errorf("a bidi override in the name: %v", err)
	}
	base.Member.Name = "Ann"
	base.TimingsMS = []int64{1} // not one per step: dropped, not refused
	u, err := NewUpload(base)
	if err != nil || u.Transcript.TimingsMS != nil {
		t.Errorf("timings of the wrong length: %v, %v", u.Transcript.TimingsMS, err)
	}
}

func joined(t *testing.T, srv *httptest.Server) *Membership {
	t.Helper()
	l, err := ParseLink(srv.URL+"/t/"+tok, false)
	if err != nil {
		t.Fatal(err)
	}
	ch := httpTransport("GET", l.InfoURL(), nil)
	info, err := ReadInfo(<-ch)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Join(l, info, " Zoë ", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Team != "Night shift" || m.Trainer != "Tina Trainer" || m.Name != "Zoë" || m.PracticeURL != srv.URL+"/api/teams/"+tok+"/practice" {
		t.Fatalf("joined %+v", m)
	}
	return m
}

func TestReadInfoSaysThePanelsMessage(t *testing.T) {
	_, srv := newFakePanel(t)
	_, err := ReadInfo(<-httpTransport("GET", srv.URL+"/api/teams/ZZZZZZZZZZZZZZZZZZZZZZ", nil))
	var e *play.APIError
	if !errors.As(err, &e) || e.Status != 404 || !strings.Contains(e.Message, "unknown") {
		t.Errorf("unknown team: %v", err)
	}
	if _, err := ReadInfo(Response{Err: errors.New("connection refused")}); err == nil || err.Error() != "connection refused" {
		t.Errorf("offline: %v", err)
	}
	if _, err := ReadInfo(Response{Status: 200, Body: []byte(`{"team":""}`)}); err == nil {
		t.Error("a team without a name was taken")
	}
}

// The outbox keeps a result through failed tries and a restart of the
// game (its JSON saved and read back) until the panel answers 201.
func TestOutboxKeepsResultsUntilSent(t *testing.T) {
	p, srv := newFakePanel(t)
	m := joined(t, srv)
	saves := 0
	q := &Queue{M: m, Send: httpTransport, Changed: func() { saves++ }}
	u := upload(t, "double-charge", []int{2, 2, 4, 1})

	// Offline: the panel is unreachable.
	p.answer = func() (int, string, string) {
		return 503, `{"status":503,"code":"unavailable","error":"The panel is restarting."}`, ""
	}
	now := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	q.Add(u)
	if saves != 1 || q.Status(u.RunID).State != Sending {
		t.Fatalf("after Add: %d saves, %+v", saves, q.Status(u.RunID))
	}
	pumpUntil(t, q, now)
	o := q.Status(u.RunID)
	if o.State != Waiting || o.Message != "The panel is restarting." || q.Pending() != 1 {
		t.Fatalf("after a 503: %+v, %d pending", o, q.Pending())
	}
	// Not again before the backoff is over.
	if q.Pump(now.Add(4 * time.Second)) {
		t.Fatal("retried before the backoff")
	}
	// A network error: offline.
	dead := &Queue{M: m, Send: func(string, string, []byte) <-chan Response {
		ch := make(chan Response, 1)
		ch <- Response{Err: errors.New("dial tcp: connection refused")}
		return ch
	}}
	now = now.Add(Backoff(1))
	pumpUntil(t, dead, now)
	if o := dead.Status(u.RunID); o.State != Waiting || !o.Offline || m.Outbox[0].Attempts != 2 {
		t.Fatalf("offline: %+v, %+v", o, m.Outbox[0])
	}

	// The game closes: the membership is saved as JSON, read back.
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var m2 Membership
	if err := json.Unmarshal(data, &m2); err != nil {
		t.Fatal(err)
	}
	p.answer = nil
	q2 := &Queue{M: &m2, Send: httpTransport}
	if q2.Pump(now) {
		t.Fatal("the restarted queue did not wait for the backoff")
	}
	now = now.Add(Backoff(2))
	pumpUntil(t, q2, now)
	if o := q2.Status(u.RunID); o.State != Sent || o.Team != "Night shift" || q2.Pending() != 0 {
		t.Fatalf("back online: %+v, %d pending", o, q2.Pending())
	}
	if len(p.runs) != 1 {
		t.Fatalf("the panel holds %d runs", len(p.runs))
	}
	for _, got := range p.runs {
		if got.RunID != u.RunID || got.Member.Name != "Zoë" {
			t.Errorf("the panel got %+v", got)
		}
	}
}

// A retry of a run the panel already has (its 201 was lost) is answered
// 200, which counts as sent.
func TestAlreadyReceivedCountsAsSent(t *testing.T) {
	p, srv := newFakePanel(t)
	m := joined(t, srv)
	u := upload(t, "friday-outage", []int{1, 1, 1, 1, 1, 1})
	(&Queue{M: &Membership{PracticeURL: m.PracticeURL, Team: "x"}, Send: httpTransport}).sendNow(t, u)
	q := &Queue{M: m, Send: httpTransport}
	q.Add(u)
	pumpUntil(t, q, time.Now())
	if o := q.Status(u.RunID); o.State != Sent || p.posts != 2 {
		t.Errorf("after a 200: %+v, %d posts", o, p.posts)
	}
}

func (q *Queue) sendNow(t *testing.T, u play.PracticeUpload) {
	q.Add(u)
	pumpUntil(t, q, time.Now())
}

// A 4xx other than 408 and 429 is final: the result leaves the outbox
// and the panel's message is what the player reads; 429 waits at least
// Retry-After; 404 and 410 close the team for the game.
func TestRefusedResultsAreFinalAndSaySo(t *testing.T) {
	p, srv := newFakePanel(t)
	m := joined(t, srv)
	q := &Queue{M: m, Send: httpTransport}
	now := time.Now()

	p.answer = func() (int, string, string) {
		return 429, `{"status":429,"code":"rate_limited","error":"Too many results at once; try again in a minute."}`, "60"
	}
	a := upload(t, "double-charge", []int{2, 2, 4, 1})
	q.Add(a)
	pumpUntil(t, q, now)
	if o := q.Status(a.RunID); o.State != Waiting || !m.Outbox[0].NextAt.Equal(now.Add(60*time.Second)) {
		t.Fatalf("429: %+v next at %v", o, m.Outbox[0].NextAt.Sub(now))
	}

	p.answer = func() (int, string, string) {
		return 422, `{"status":422,"code":"bad_transcript","error":"step 2 at node \"x\" is impossible"}`, ""
	}
	pumpUntil(t, q, now.Add(time.Minute))
	if o := q.Status(a.RunID); o.State != Failed || !strings.Contains(o.Message, "impossible") || q.Pending() != 0 {
		t.Fatalf("422: %+v, %d pending", o, q.Pending())
	}

	b, c := upload(t, "double-charge", []int{1, 1, 1, 1}), upload(t, "double-charge", []int{2, 2, 4, 1})
	q.Add(b)
	q.Add(c)
	p.answer = func() (int, string, string) {
		return 410, `{"status":410,"code":"team_closed","error":"This team is closed."}`, ""
	}
	pumpUntil(t, q, now.Add(2*time.Minute))
	for _, u := range []play.PracticeUpload{b, c} {
		if o := q.Status(u.RunID); o.State != Failed || o.Message != "This team is closed." {
			t.Errorf("410: %+v", o)
		}
	}
	d := upload(t, "double-charge", []int{1, 1, 1, 1})
	q.Add(d)
	if o := q.Status(d.RunID); o.State != Failed || q.Pending() != 0 || m.Closed == "" {
		t.Errorf("a run after the team closed: %+v", o)
	}
}

// Paused sending keeps results queued and sends nothing; resuming sends
// them. Leaving (no membership) drops the answer of a request on its way.
func TestPausedQueueSendsNothing(t *testing.T) {
	p, srv := newFakePanel(t)
	m := joined(t, srv)
	m.Paused = true
	q := &Queue{M: m, Send: httpTransport}
	u := upload(t, "double-charge", []int{2, 2, 4, 1})
	q.Add(u)
	if q.Pump(time.Now()) || q.Status(u.RunID).State != Paused || p.posts != 0 {
		t.Fatal("a paused queue sent")
	}
	m.Paused = false
	q.Pump(time.Now())
	q.M = nil // the player left the team meanwhile
	for q.Busy() {
		q.Pump(time.Now())
		time.Sleep(time.Millisecond)
	}
	if q.Status(u.RunID).State != Unknown {
		t.Errorf("after leaving: %+v", q.Status(u.RunID))
	}
}

func TestBackoffDoublesUpToTenMinutes(t *testing.T) {
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if Backoff(50) != 10*time.Minute {
		t.Errorf("Backoff(50) = %v", Backoff(50))
	}
}

func TestOutboxKeepsAtMostMaxOutbox(t *testing.T) {
	q := &Queue{M: &Membership{Team: "t"}}
	for i := range MaxOutbox + 5 {
		q.Add(play.PracticeUpload{RunID: string(rune('a'+i%26)) + strings.Repeat("x", i)})
	}
	if q.Pending() != MaxOutbox || !strings.HasPrefix(q.M.Outbox[0].Upload.RunID, "f") {
		t.Errorf("%d pending, first %q", q.Pending(), q.M.Outbox[0].Upload.RunID[:1])
	}
}

// BenchmarkNewUpload builds one practice result, replaying the run as
// the panel will (the debrief does it once per run).
func BenchmarkNewUpload(b *testing.B) {
	lib, _ := scenarios.LoadLibraryFiles([]string{"library/double-charge.toml"})
	sc := lib.ByID("double-charge")
	r, _, err := play.Replay(sc, []int{2, 2, 4, 1})
	if err != nil {
		b.Fatal(err)
	}
	run := Run{Scenario: sc, Steps: r.Steps(), TimingsMS: []int64{4000, 3000, 5000, 2000}, Started: time.Now(), Finished: time.Now(),
		Member: play.PracticeMember{Key: "MemberKeyMemberKey0123", Name: "Zoë"}, RunID: "RunIdRunIdRunIdRunId01"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewUpload(run); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPumpIdle is the outbox's cost on a frame with nothing to do
// (a full outbox waiting for its backoff): the game pumps it every tick.
func BenchmarkPumpIdle(b *testing.B) {
	q := &Queue{M: &Membership{Team: "t"}, Send: httpTransport}
	later := time.Now().Add(time.Hour)
	for i := range MaxOutbox {
		q.M.Outbox = append(q.M.Outbox, Item{Upload: play.PracticeUpload{RunID: strings.Repeat("x", i%20)}, Attempts: 1, NextAt: later})
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if q.Pump(now) {
			b.Fatal("sent before its time")
		}
	}
}
