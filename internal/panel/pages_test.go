package panel

import (
	"context"
	"encoding/csv"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

func TestSignIn(t *testing.T) {
	h := newHarness(t)
	b := h.browser()

	// Signed out: pages redirect to the sign-in page.
	resp, _ := b.get("/dashboard")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("dashboard while signed out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := b.get("/login")
	tok := csrfOf(t, page)

	// Wrong password.
	resp, body := b.postForm("/login", url.Values{"csrf": {tok}, "email": {testOwner}, "password": {"wrong password"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Wrong e-mail or password") {
		t.Fatalf("wrong password: %d %s", resp.StatusCode, body)
	}
	if c := h.counts(); c["sessions"] != 0 {
		t.Errorf("a session was stored: %v", c)
	}
	// Missing login CSRF token.
	resp, body = b.postForm("/login", url.Values{"email": {testOwner}, "password": {testPassword}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "security token") {
		t.Fatalf("login without token: %d", resp.StatusCode)
	}
	// Cross-origin sign-in.
	b.origin = "http://evil.example"
	_, page = b.get("/login")
	resp, _ = b.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testOwner}, "password": {testPassword}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin login: %d", resp.StatusCode)
	}
	b.origin = h.ts.URL

	// The right password works; the cookie is HttpOnly and SameSite=Lax.
	_, page = b.get("/login")
	resp, _ = b.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testOwner}, "password": {testPassword}, "next": {"//evil.example/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard" {
		t.Fatalf("login: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || len(cookie.Value) != 22 {
		t.Fatalf("session cookie %+v", cookie)
	}
	var stored []byte
	if err := h.srv.store.db.QueryRow("SELECT id_hash FROM sessions").Scan(&stored); err != nil || strings.Contains(string(stored), cookie.Value) {
		t.Errorf("the session id must be stored hashed (%v)", err)
	}
	resp, dash := b.get("/dashboard")
	if resp.StatusCode != 200 || !strings.Contains(dash, "Assessments") {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	csrf := csrfOf(t, dash)

	// Sign-out needs the CSRF token too.
	resp, _ = b.postForm("/logout", url.Values{})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("logout without token: %d", resp.StatusCode)
	}
	resp, _ = b.postForm("/logout", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("logout: %d", resp.StatusCode)
	}
	if c := h.counts(); c["sessions"] != 0 {
		t.Errorf("session kept after sign-out: %v", c)
	}
	resp, _ = b.get("/dashboard")
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("dashboard after sign-out: %d", resp.StatusCode)
	}
}

func TestSignInRateLimit(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	for i := 0; i < 5; i++ {
		_, page := b.get("/login")
		resp, _ := b.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "password": {"guess"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, resp.StatusCode)
		}
	}
	_, page := b.get("/login")
	resp, body := b.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testOwner}, "password": {testPassword}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many wrong passwords") {
		t.Fatalf("after 5 failures: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	h.clock.Add(16 * time.Minute)
	b.login()
}

func TestCSRFOnPanelForms(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	csrf := b.login()
	form := url.Values{"name": {"X"}, "scenario": {"double-charge"}}
	for _, c := range []struct {
		name   string
		token  string
		origin string
	}{
		{"missing token", "", h.ts.URL},
		{"wrong token", "AAAAAAAAAAAAAAAAAAAAAA", h.ts.URL},
		{"other origin", csrf, "http://evil.example"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b.origin = c.origin
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			if c.token != "" {
				f.Set("csrf", c.token)
			}
			resp, body := b.postMultipart("/assessments", f, nil)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("status %d", resp.StatusCode)
			}
			if !strings.Contains(body, "refused") && !strings.Contains(body, "security token") {
				t.Errorf("unclear message: %s", body)
			}
			if n := h.counts()["assessments"]; n != 0 {
				t.Errorf("%d assessments stored", n)
			}
		})
	}
	// Without a session at all.
	anon := h.browser()
	resp, _ := anon.postForm("/assessments", url.Values{"csrf": {csrf}, "name": {"X"}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed out POST: %d", resp.StatusCode)
	}
	if n := h.counts()["assessments"]; n != 0 {
		t.Errorf("%d assessments stored", n)
	}
}

func TestPanelFlow(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	csrf := b.login()

	// The form lists the library grouped by language.
	resp, page := b.get("/assessments/new")
	if resp.StatusCode != 200 || !strings.Contains(page, "Language: en") || !strings.Contains(page, `value="double-charge"`) {
		t.Fatalf("new assessment form: %d", resp.StatusCode)
	}
	// An invalid upload shows check's messages and stores nothing.
	bad := strings.Replace(testTOML, `next = "end-ok"`, `next = "end-okk"`, 1)
	resp, page = b.postMultipart("/assessments", url.Values{"csrf": {csrf}, "name": {"Intake"}, "scenario": {"double-charge"}, "time_limits": {"on"}}, map[string]string{"desk.toml": bad})
	if resp.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`desk\.toml:\d+:\d+: [^\n]*end-okk`).MatchString(page) {
		t.Fatalf("invalid upload: %d\n%s", resp.StatusCode, page)
	}
	if n := h.counts()["assessments"]; n != 0 {
		t.Fatalf("stored %d assessments", n)
	}
	// A valid one is created.
	resp, _ = b.postMultipart("/assessments", url.Values{"csrf": {csrf}, "name": {"Intake"}, "scenario": {"double-charge"}, "seed": {"77"}, "time_limits": {"on"}}, map[string]string{"desk.toml": testTOML})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id, _ := pathIDString(loc)
	a, err := h.srv.assessment(context.Background(), id)
	if err != nil || a.Seed != 77 || !a.TimeLimits || len(a.Scenarios) != 2 || a.Scenarios[0].ID != "double-charge" || a.Scenarios[1].ID != "test-desk" {
		t.Fatalf("assessment %+v %v", a, err)
	}
	// Invite links are shown once.
	resp, page = b.postForm(loc+"/invites", url.Values{"csrf": {csrf}, "label": {"Jordan"}, "days": {"3"}, "count": {"2"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("invites: %d %s", resp.StatusCode, page)
	}
	links := regexp.MustCompile(`http://127\.0\.0\.1:\d+/a/([A-Za-z0-9_-]{22})`).FindAllStringSubmatch(page, -1)
	if len(links) != 2 {
		t.Fatalf("links: %v", links)
	}
	iv, err := h.srv.store.InviteByToken(context.Background(), links[0][1])
	if err != nil || iv.Label != "Jordan" || iv.Expires.Sub(iv.Created) != 72*time.Hour {
		t.Fatalf("invite %+v %v", iv, err)
	}
	var hashes int
	if err := h.srv.store.db.QueryRow("SELECT count(*) FROM invites WHERE "+h.sqlContains("token_hash"), []byte(links[0][1])).Scan(&hashes); err != nil {
		t.Fatal(err)
	}
	if hashes != 0 {
		t.Error("a token is stored in clear")
	}
	// A candidate submits.
	tok := links[0][1]
	req := validBody(t, a, rand.New(rand.NewPCG(1, 9)))
	req.Candidate = "Jordan <b>Lee</b>"
	if status, out := h.submit(tok, mustJSON(t, req)); status != 201 {
		t.Fatalf("submit: %d %v", status, out)
	}
	// The results show on the dashboard, the assessment and the candidate page.
	_, dash := b.get("/dashboard")
	if !strings.Contains(dash, "Jordan &lt;b&gt;Lee&lt;/b&gt;") || strings.Contains(dash, "<b>Lee</b>") {
		t.Error("dashboard: the candidate name is missing or not escaped")
	}
	_, apage := b.get(loc)
	if !strings.Contains(apage, "status-used") || !strings.Contains(apage, "/submissions/1") {
		t.Error("assessment page: no used invite or candidate")
	}
	resp, sub := b.get("/submissions/1")
	if resp.StatusCode != 200 {
		t.Fatalf("submission page: %d", resp.StatusCode)
	}
	// The opening of the bundled scenario, whatever its words are today.
	lib, _ := scenarios.Library()
	dc := lib.ByID("double-charge")
	opening := []rune(dc.Node(dc.Start).Text)
	opening = opening[:min(len(opening), 20)]
	for _, want := range []string{`<svg class="driftmap"`, `class="drift"`, `class="step"`, "Shock absorber", "My order never arrived.", html.EscapeString(string(opening)), "choice"} {
		if !strings.Contains(sub, want) {
			t.Errorf("submission page lacks %q", want)
		}
	}
	// Withdraw the other link.
	iv2, _ := h.srv.store.InviteByToken(context.Background(), links[1][1])
	resp, _ = b.postForm("/invites/"+itoa(iv2.ID)+"/revoke", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", resp.StatusCode)
	}
	if status, _ := h.submit(links[1][1], mustJSON(t, req)); status != http.StatusGone {
		t.Errorf("withdrawn link: %d", status)
	}
	// CSV export: one row per scenario, formulas defused.
	resp, body := b.get("/results.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d", resp.StatusCode)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "submission" || rows[1][3] != "Jordan <b>Lee</b>" {
		t.Fatalf("csv rows %v %v", rows, err)
	}
	// Unknown pages.
	if resp, _ := b.get("/submissions/99"); resp.StatusCode != 404 {
		t.Errorf("unknown submission: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/assessments/99"); resp.StatusCode != 404 {
		t.Errorf("unknown assessment: %d", resp.StatusCode)
	}
}

func pathIDString(loc string) (int64, bool) {
	m := regexp.MustCompile(`/assessments/(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		return 0, false
	}
	var id int64
	for _, c := range m[1] {
		id = id*10 + int64(c-'0')
	}
	return id, true
}

func TestWebAssets(t *testing.T) {
	h := newHarness(t)
	webDir := filepath.Join(h.dir, "web")
	os.MkdirAll(webDir, 0o755)
	// Missing game: a clear 404.
	resp, err := http.Get(h.ts.URL + "/play/game.wasm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("missing wasm: %d", resp.StatusCode)
	}
	// Being built: "not yet", with when to ask again, for the game's files
	// only, even when a half-written file is already in the folder.
	h.srv.SetWebBuilding(true)
	os.WriteFile(filepath.Join(webDir, "game.wasm"), []byte("\x00as"), 0o644)
	for _, name := range []string{"game.wasm", "wasm_exec.js"} {
		resp, err = http.Get(h.ts.URL + "/play/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "being built") {
			t.Fatalf("%s while building: %d %v %q", name, resp.StatusCode, resp.Header, body)
		}
	}
	if resp, err = http.Get(h.ts.URL + "/play/"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the page while building: %v %v", resp, err)
	}
	resp.Body.Close()
	h.srv.SetWebBuilding(false)
	raw := []byte("\x00asm\x01\x00\x00\x00 pretend this is a large game")
	os.WriteFile(filepath.Join(webDir, "game.wasm"), raw, 0o644)
	os.WriteFile(filepath.Join(webDir, "game.wasm.br"), []byte("BR"), 0o644)
	os.WriteFile(filepath.Join(webDir, "game.wasm.gz"), []byte("GZ"), 0o644)
	os.WriteFile(filepath.Join(webDir, "secret.go"), []byte("package x"), 0o644)
	tr := &http.Transport{DisableCompression: true}
	cl := &http.Client{Transport: tr}
	get := func(path, ae string, hdr ...string) *http.Response {
		req, _ := http.NewRequest("GET", h.ts.URL+path, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	for _, c := range []struct{ ae, enc, body string }{
		{"gzip, deflate, br, zstd", "br", "BR"},
		{"gzip", "gzip", "GZ"},
		{"br;q=0, gzip;q=0.5", "gzip", "GZ"},
		{"", "", string(raw)},
	} {
		resp := get("/play/game.wasm", c.ae)
		body := make([]byte, 100)
		n, _ := resp.Body.Read(body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != c.enc || string(body[:n]) != c.body ||
			resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("Vary") != "Accept-Encoding" ||
			resp.Header.Get("X-Decoded-Content-Length") != itoa(int64(len(raw))) || resp.Header.Get("ETag") == "" || resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("Accept-Encoding %q: %d %v %q", c.ae, resp.StatusCode, resp.Header, body[:n])
		}
		// Revalidation answers 304.
		resp2 := get("/play/game.wasm", c.ae, "If-None-Match", resp.Header.Get("ETag"))
		resp2.Body.Close()
		if resp2.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation with %q: %d", c.ae, resp2.StatusCode)
		}
	}
	// A stale variant (older than the original) is not served.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(webDir, "game.wasm.br"), old, old)
	resp = get("/play/game.wasm", "br, gzip")
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("stale .br served: %v", resp.Header)
	}
	for _, p := range []string{"/play/secret.go", "/play/../go.mod", "/play/.hidden.js"} {
		resp := get(p, "")
		resp.Body.Close()
		if resp.StatusCode != 404 && resp.StatusCode != 301 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	// The practice page comes from the embedded copy.
	resp = get("/play/", "")
	buf := make([]byte, 1<<16)
	n, _ := resp.Body.Read(buf)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(buf[:n]), "<!doctype html>") {
		t.Errorf("practice page: %d", resp.StatusCode)
	}
}
