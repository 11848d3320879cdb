package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/web"
)

const (
	testPassword = "correct horse battery"
	// testOwner is the owner the harness makes (Options.OwnerEmail).
	testOwner = "owner@example.org"
)

// testTOML is a small scenario whose shape the tests rely on: "opening"
// has fit and a 30 s time limit, "middle" has no time limit.
const testTOML = `id = "test-desk"
title = "Test desk"
language = "en"

[customer]
name = "Sam"
mood = 50

[[node]]
id = "opening"
text = "My order never arrived."
fit = ["assume"]
time_limit = 30

  [[node.choice]]
  text = "I'll track it myself and stay on it until it arrives."
  action = "assume"
  follow_up = "close"
  mood = 10
  next = "middle"

  [[node.choice]]
  text = "Shipping handles that, I'll pass it on."
  action = "derive"
  mood = -10
  next = "middle"

[[node]]
id = "middle"
text = "So what happens now?"

  [[node.choice]]
  text = "I'll call you tomorrow with the tracking result."
  follow_up = "close"
  next = "end-ok"

  [[node.choice]]
  text = "We are evaluating your request."
  follow_up = "promise"
  mood = -20
  next = "end-bad"

[[node]]
id = "end-ok"
text = "Thanks!"
ending = "resolved"

[[node]]
id = "end-bad"
text = "Whatever."
ending = "unresolved"
`

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type harness struct {
	t     testing.TB
	srv   *Server
	ts    *httptest.Server
	clock *clock
	dir   string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessWith(t, nil)
}

// newHarnessWith starts a test server whose options edit may change.
func newHarnessWith(t testing.TB, edit func(*Options)) *harness {
	t.Helper()
	dir := t.TempDir()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	opts := Options{
		DBPath:     testDB(t, dir),
		Password:   testPassword,
		OwnerEmail: testOwner,
		BcryptCost: bcrypt.MinCost,
		Fallback:   web.Files,
		WebDir:     filepath.Join(dir, "web"),
		Now:        c.Now,
		Logger:     quietLogger(),
	}
	if edit != nil {
		edit(&opts)
	}
	srv, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &harness{t: t, srv: srv, ts: ts, clock: c, dir: dir}
}

// assessment creates an assessment of the test scenario plus the given
// library scenarios.
func (h *harness) assessment(timeLimits bool, seed uint64, library ...string) *Assessment {
	h.t.Helper()
	srcs := []Source{{Origin: "upload:test-desk.toml", File: "test-desk.toml", Data: []byte(testTOML)}}
	lib, err := LibrarySources(library...)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.store("Test intake", timeLimits, seed, append(srcs, lib...))
}

// store checks and stores an assessment of the given sources.
func (h *harness) store(name string, timeLimits bool, seed uint64, srcs []Source) *Assessment {
	h.t.Helper()
	if p := ParseSources(srcs); len(p) > 0 {
		h.t.Fatal(p)
	}
	id, err := h.srv.store.CreateAssessment(context.Background(), name, seed, timeLimits, srcs, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	a, err := h.srv.assessment(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

func (h *harness) invite(a *Assessment, ttl time.Duration) string {
	h.t.Helper()
	invs, err := h.srv.store.CreateInvites(context.Background(), a.ID, 1, "cand", ttl, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	return invs[0].Token
}

func (h *harness) counts() map[string]int {
	h.t.Helper()
	c, err := h.srv.store.Counts(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// autoTranscript plays a scenario with seeded random choices until an
// ending, with answer times within the time limits.
func autoTranscript(t testing.TB, sc *scenarios.Scenario, seed uint64, rng *rand.Rand) play.Transcript {
	t.Helper()
	for try := 0; try < 200; try++ {
		r := play.New(sc)
		tr := play.Transcript{Scenario: sc.ID, Seed: seed}
		for steps := 0; !r.Done() && steps < 60; steps++ {
			n := len(r.Visible())
			if n == 0 {
				break
			}
			limit := r.Node().TimeLimit
			i := rng.IntN(n)
			if _, err := r.Choose(i); err != nil {
				t.Fatal(err)
			}
			ms := int64(500 + rng.IntN(4000))
			if limit > 0 {
				ms = min(ms, int64(limit)*1000)
			}
			tr.Choices = append(tr.Choices, i+1)
			tr.TimingsMS = append(tr.TimingsMS, ms)
		}
		if r.Done() {
			return tr
		}
	}
	t.Fatalf("no ending found in %s", sc.ID)
	return play.Transcript{}
}

// validBody returns a valid submission for every scenario of a.
func validBody(t testing.TB, a *Assessment, rng *rand.Rand) *play.Submission {
	req := &play.Submission{
		Candidate:  "Jordan Lee",
		StartedAt:  "2026-11-23T09:00:00Z",
		FinishedAt: "2026-11-23T09:14:30Z",
		Client:     play.ClientInfo{UserAgent: "test", Version: "dev", Language: "en", Timezone: "UTC", Screen: "1280x720"},
	}
	for _, sc := range a.Scenarios {
		req.Transcripts = append(req.Transcripts, autoTranscript(t, sc.Scenario, a.Seed, rng))
	}
	return req
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// post sends a raw body to the submit endpoint and decodes the answer.
func (h *harness) submit(token string, body []byte) (int, map[string]any) {
	h.t.Helper()
	resp, err := http.Post(h.ts.URL+"/api/a/"+token+"/submit", "application/json", bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		h.t.Fatalf("status %d: answer is not JSON: %q", resp.StatusCode, data)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		h.t.Errorf("Content-Type %q", ct)
	}
	return resp.StatusCode, out
}

// browser is a client with a cookie jar that behaves like a same-origin page.
type browser struct {
	h      *harness
	c      *http.Client
	origin string
	// xff, when set, is sent as X-Forwarded-For (the harness's clients
	// all connect from 127.0.0.1).
	xff string
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, origin: h.ts.URL}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.h.t.Helper()
	if req.Method == http.MethodPost && b.origin != "" {
		req.Header.Set("Origin", b.origin)
	}
	if b.xff != "" {
		req.Header.Set("X-Forwarded-For", b.xff)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

func (b *browser) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, b.h.ts.URL+path, nil)
	return b.do(req)
}

func (b *browser) postForm(path string, form url.Values) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodPost, b.h.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) postMultipart(path string, fields url.Values, files map[string]string) (*http.Response, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, content := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write([]byte(content))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t testing.TB, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", page)
	}
	return m[1]
}

// login signs in as the owner and returns the session's CSRF token.
func (b *browser) login() string {
	b.h.t.Helper()
	return b.loginAs(testOwner, testPassword)
}

// loginAs signs in as a member and returns the session's CSRF token.
func (b *browser) loginAs(email, password string) string {
	b.h.t.Helper()
	_, page := b.get("/login")
	resp, body := b.postForm("/login", url.Values{"csrf": {csrfOf(b.h.t, page)}, "email": {email}, "password": {password}, "next": {"/dashboard"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard" {
		b.h.t.Fatalf("login: %d %s", resp.StatusCode, body)
	}
	_, dash := b.get("/dashboard")
	return csrfOf(b.h.t, dash)
}
