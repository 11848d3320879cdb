package panel

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shockabsorber/shockabsorber/web"
)

func directives(policy string) map[string]string {
	out := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		out[name] = value
	}
	return out
}

// TestContentSecurityPolicyEverywhere: every kind of response carries a
// policy; panel pages run no script at all; the game's page runs its own
// inline scripts by hash, files of this server and WebAssembly, and
// nothing inline or evaluated besides.
func TestContentSecurityPolicyEverywhere(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 1)
	tok := h.invite(a, time.Hour)
	b := h.browser()
	b.login()
	for _, path := range []string{"/login", "/dashboard", "/play/", "/a/" + tok, "/a/AAAAAAAAAAAAAAAAAAAAAA", "/api/a/" + tok, "/api/nope", "/healthz", "/readyz", "/panel.css", "/play/wasm_exec.js", "/no/such/page", "/"} {
		resp, _ := b.get(path)
		p := resp.Header.Get("Content-Security-Policy")
		if p == "" || !strings.Contains(p, "frame-ancestors 'none'") {
			t.Errorf("%s (%d): policy %q", path, resp.StatusCode, p)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", path)
		}
	}
	_, dash := b.get("/dashboard")
	if resp, _ := b.get("/dashboard"); directives(resp.Header.Get("Content-Security-Policy"))["script-src"] != "'none'" {
		t.Errorf("panel page policy %q", resp.Header.Get("Content-Security-Policy"))
	}
	if strings.Contains(dash, "<script") {
		t.Error("a panel page has a script")
	}

	for _, path := range []string{"/play/", "/a/" + tok} {
		resp, page := b.get(path)
		d := directives(resp.Header.Get("Content-Security-Policy"))
		scripts := d["script-src"]
		for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"} {
			for _, src := range strings.Fields(scripts) {
				if src == bad {
					t.Errorf("%s: script-src allows %s", path, bad)
				}
			}
		}
		if !strings.Contains(scripts, "'wasm-unsafe-eval'") || !strings.Contains(scripts, "'self'") {
			t.Errorf("%s: script-src %q", path, scripts)
		}
		if d["connect-src"] != "'self'" || d["object-src"] != "'none'" || d["base-uri"] != "'none'" {
			t.Errorf("%s: policy %v", path, d)
		}
		// Every inline script that runs, and every style block, is allowed
		// by its hash; the configuration (a data block) is not a script.
		runs := 0
		for _, m := range inlineScript.FindAllStringSubmatch(page, -1) {
			if strings.Contains(m[1], "application/json") {
				if strings.Contains(scripts, cspHash(m[2])) {
					t.Errorf("%s: the data block is allowed as a script", path)
				}
				continue
			}
			runs++
			if !strings.Contains(scripts, cspHash(m[2])) {
				t.Errorf("%s: an inline script is not allowed by hash:\n%.200s", path, m[2])
			}
		}
		if runs != 2 {
			t.Errorf("%s: %d inline scripts run (the eval shim and the loader expected)", path, runs)
		}
		for _, m := range inlineStyle.FindAllStringSubmatch(page, -1) {
			if !strings.Contains(d["style-src"], cspHash(m[1])) {
				t.Errorf("%s: the inline style is not allowed by hash", path)
			}
		}
		if !strings.Contains(page, "ebitengine-textinput") || strings.Index(page, "ebitengine-textinput") > strings.Index(page, "</head>") {
			t.Errorf("%s: the eval shim is not in the head", path)
		}
	}
}

// TestEvalShimMatchesEbitengine: the script the shim stands in for is the
// one the linked Ebitengine evaluates. When Ebitengine changes it, update
// ebitenTextInputEval and the shim (the game would not start under the
// policy otherwise).
func TestEvalShimMatchesEbitengine(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/hajimehoshi/ebiten/v2").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "exp", "textinput", "textinput_js.go"))
	if err != nil {
		t.Fatal(err)
	}
	evals := regexp.MustCompile("(?s)Call\\(\"eval\", `([^`]*)`\\)").FindAllSubmatch(src, -1)
	if len(evals) != 1 {
		t.Fatalf("Ebitengine's textinput evaluates %d scripts; the shim handles one", len(evals))
	}
	if string(evals[0][1]) != ebitenTextInputEval {
		t.Errorf("Ebitengine's textinput now evaluates:\n%s\nthe shim knows:\n%s", evals[0][1], ebitenTextInputEval)
	}
}

func TestHSTSOverTLS(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")} })
	ts := httptest.NewTLSServer(h.srv.Handler())
	defer ts.Close()
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, path := range []string{"/login", "/play/", "/api/a/AAAAAAAAAAAAAAAAAAAAAA", "/healthz"} {
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security"); got != hstsValue {
			t.Errorf("%s over TLS: HSTS %q", path, got)
		}
		if path == "/login" {
			for _, c := range resp.Cookies() {
				if !c.Secure {
					t.Errorf("cookie %s is not Secure over TLS", c.Name)
				}
			}
		}
	}
	// Behind a trusted proxy that terminates TLS.
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") != hstsValue {
		t.Error("no HSTS behind a trusted TLS proxy")
	}
}

// TestAPIErrorsAreJSON: whatever goes wrong under /api/, the answer is the
// API's JSON error, never a page.
func TestAPIErrorsAreJSON(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(true, 1)
	tok := h.invite(a, time.Hour)
	do := func(method, path string, header map[string]string) (*http.Response, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, h.ts.URL+path, strings.NewReader(`{}`))
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if err := json.Unmarshal(body, &out); err != nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d %s is not JSON: %q", method, path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		return resp, out
	}
	for _, c := range []struct {
		method, path string
		header       map[string]string
		status       int
		code         string
	}{
		{"POST", "/api/a/" + tok + "/submit", map[string]string{"Origin": "https://evil.example", "Content-Type": "application/json"}, 403, "cross_origin"},
		{"POST", "/api/a/" + tok + "/submit", map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}, 403, "cross_origin"},
		{"GET", "/api/nothing/here", nil, 404, "not_found"},
		{"GET", "/api/", nil, 404, "not_found"},
		{"DELETE", "/api/a/" + tok, nil, 405, "method_not_allowed"},
		{"GET", "/api/a/" + tok + "/submit", nil, 405, "method_not_allowed"},
		{"PUT", "/api/a/" + tok + "/submit", nil, 405, "method_not_allowed"},
	} {
		resp, out := do(c.method, c.path, c.header)
		if resp.StatusCode != c.status || out["code"] != c.code || out["status"] != float64(c.status) {
			t.Errorf("%s %s: %d %v, want %d %s", c.method, c.path, resp.StatusCode, out, c.status, c.code)
		}
		if c.status == 405 && resp.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", c.method, c.path)
		}
	}
	if c := h.counts(); c["submissions"] != 0 {
		t.Errorf("stored: %v", c)
	}
	// Outside /api/, pages.
	resp, _ := h.browser().get("/no/such/page")
	if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page 404: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = h.browser().get("/logout")
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /logout: %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	// A handler's panic is a 500 of the same kind.
	h.srv.mux.HandleFunc("GET /api/boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	resp, out := do("GET", "/api/boom", nil)
	if resp.StatusCode != 500 || out["code"] != "internal" {
		t.Errorf("panic under /api/: %d %v", resp.StatusCode, out)
	}
}

func TestReadiness(t *testing.T) {
	h := newHarness(t)
	get := func(path string) (int, map[string]any) {
		resp, err := http.Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if status, out := get("/healthz"); status != 200 || out["ok"] != true {
		t.Errorf("healthz: %d %v", status, out)
	}
	status, out := get("/readyz")
	if status != 200 || out["ok"] != true || out["database"] != "ok" || out["game"] != "missing" {
		t.Errorf("readyz: %d %v", status, out)
	}
	h.srv.SetWebBuilding(true)
	if _, out := get("/readyz"); out["game"] != "building" || out["ok"] != true {
		t.Errorf("readyz while building: %v", out)
	}
	h.srv.SetWebBuilding(false)
	h.srv.Drain()
	if status, out := get("/readyz"); status != 503 || out["ok"] != false || out["problem"] != "shutting down" {
		t.Errorf("readyz while draining: %d %v", status, out)
	}
	if status, _ := get("/healthz"); status != 200 {
		t.Errorf("healthz while draining: %d", status)
	}
	// A database that does not answer.
	h2 := newHarness(t)
	h2.srv.store.db.Close()
	resp, err := http.Get(h2.ts.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("readyz without a database: %d", resp.StatusCode)
	}
}

// TestDatabaseFilesArePrivate: the database, its WAL and its shared-memory
// file are 0600 whatever the umask, and an existing database readable by
// others is made private.
func TestDatabaseFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data", "panel.db")
	srv, err := New(context.Background(), Options{DBPath: path, Password: testPassword, OwnerEmail: testOwner, BcryptCost: bcrypt.MinCost, Fallback: web.Files, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.store.CreateAssessment(context.Background(), "x", 1, true, mustSources(t), time.Now()); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			st, err := os.Stat(p)
			if err != nil {
				t.Errorf("%s: %v", when, err)
				continue
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s: %s has mode %04o", when, filepath.Base(p), st.Mode().Perm())
			}
		}
	}
	check("new database")
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %04o", st.Mode().Perm())
	}
	srv.Close()
	// An older panel's files, readable by everyone.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			os.Chmod(p, 0o644)
		}
	}
	srv, err = New(context.Background(), Options{DBPath: path, Password: testPassword, OwnerEmail: testOwner, BcryptCost: bcrypt.MinCost, Fallback: web.Files, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.store.CreateAssessment(context.Background(), "y", 1, true, mustSources(t), time.Now()); err != nil {
		t.Fatal(err)
	}
	check("reopened database")
}

func mustSources(t *testing.T) []Source {
	srcs, err := LibrarySources("double-charge")
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}
