package panel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sample is one line of an exposition: name{labels} value.
type sample struct {
	name   string
	labels string
	value  float64
}

var sampleRE = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$`)

// parseExposition checks the text format line by line (every sample
// belongs to a metric with HELP and TYPE, names and labels well formed,
// values numbers) and returns the samples.
func parseExposition(t *testing.T, text string) []sample {
	t.Helper()
	typed := map[string]string{}
	helped := map[string]bool{}
	var out []sample
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# HELP "); ok {
			name, help, _ := strings.Cut(rest, " ")
			if help == "" {
				t.Errorf("line %d: HELP of %s is empty", n, name)
			}
			helped[name] = true
			continue
		}
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			switch typ {
			case "counter", "gauge", "histogram":
			default:
				t.Errorf("line %d: type %q", n, typ)
			}
			if typed[name] != "" {
				t.Errorf("line %d: %s typed twice", n, name)
			}
			typed[name] = typ
			continue
		}
		m := sampleRE.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("line %d is not a sample: %q", n, line)
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil && m[3] != "+Inf" {
			t.Errorf("line %d: value %q", n, m[3])
		}
		family := m[1]
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if base, ok := strings.CutSuffix(family, suf); ok && typed[base] == "histogram" {
				family = base
			}
		}
		if typed[family] == "" || !helped[family] {
			t.Errorf("line %d: %s has no TYPE or HELP before it", n, m[1])
		}
		if strings.HasSuffix(family, "_total") && typed[family] != "counter" {
			t.Errorf("line %d: %s ends in _total but is a %s", n, family, typed[family])
		}
		out = append(out, sample{m[1], m[2], v})
	}
	return out
}

func find(ss []sample, name, labels string) (float64, bool) {
	for _, s := range ss {
		if s.name == name && s.labels == labels {
			return s.value, true
		}
	}
	return 0, false
}

func getMetrics(t *testing.T, h *harness, header http.Header) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/metrics", nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

// TestMetricsCountSubmissionsAndLatencies: accepted and refused
// submissions (by code), request counts and latency histograms per route
// show in a well-formed exposition.
func TestMetricsCountSubmissionsAndLatencies(t *testing.T) {
	h := newHarness(t)
	a := h.assessment(false, 11)
	rng := rand.New(rand.NewPCG(1, 2))
	tok := h.invite(a, time.Hour)
	body := mustJSON(t, validBody(t, a, rng))
	if st, out := h.submit(tok, body); st != http.StatusCreated {
		t.Fatalf("submit: %d %v", st, out)
	}
	if st, _ := h.submit(tok, body); st != http.StatusGone {
		t.Fatalf("second submit: %d", st)
	}
	if st, _ := h.submit(h.invite(a, time.Hour), []byte(`{"candidate":`)); st != http.StatusBadRequest {
		t.Fatalf("malformed submit: %d", st)
	}
	h.submit("AAAAAAAAAAAAAAAAAAAAAA", body)
	b := h.browser()
	b.get("/healthz")
	b.get("/no/such/page")

	status, text, hdr := getMetrics(t, h, nil)
	if status != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d %s", status, text)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	ss := parseExposition(t, text)
	for _, c := range []struct {
		name, labels string
		want         float64
	}{
		{"panel_submissions_accepted_total", "", 1},
		{"panel_submissions_refused_total", `{reason="token_used"}`, 1},
		{"panel_submissions_refused_total", `{reason="malformed"}`, 1},
		{"panel_submissions_refused_total", `{reason="token_unknown"}`, 1},
		{"panel_http_requests_total", `{route="POST /api/a/{token}/submit",code="201"}`, 1},
		{"panel_http_requests_total", `{route="POST /api/a/{token}/submit",code="410"}`, 1},
		{"panel_http_requests_total", `{route="GET /healthz",code="200"}`, 1},
		{"panel_http_requests_total", `{route="other",code="404"}`, 1},
		{"panel_http_request_duration_seconds_count", `{route="POST /api/a/{token}/submit"}`, 4},
		{"panel_http_request_duration_seconds_bucket", `{route="POST /api/a/{token}/submit",le="+Inf"}`, 4},
	} {
		got, ok := find(ss, c.name, c.labels)
		if !ok || got != c.want {
			t.Errorf("%s%s = %v (present %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	// Buckets are cumulative and end at the count.
	var prev float64
	for _, le := range latencyBuckets {
		v, ok := find(ss, "panel_http_request_duration_seconds_bucket", `{route="POST /api/a/{token}/submit",le="`+strconv.FormatFloat(le, 'g', -1, 64)+`"}`)
		if !ok || v < prev {
			t.Errorf("bucket le=%v: %v after %v", le, v, prev)
		}
		prev = v
	}
	if v, _ := find(ss, "panel_database_size_bytes", `{file="db"}`); v < 4096 {
		t.Errorf("database size %v", v)
	}
	if !strings.Contains(text, `panel_build_info{version="`) || !strings.Contains(text, `goversion="go`) {
		t.Errorf("build info lacks its labels:\n%s", text)
	}
}

// TestMetricsCountSignIns classifies answers to POST /login.
func TestMetricsCountSignIns(t *testing.T) {
	s := &Server{log: quietLogger()}
	m := http.NewServeMux()
	status := 0
	m.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
	h := s.instrument(m)
	for _, st := range []int{http.StatusSeeOther, http.StatusUnauthorized, http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusForbidden} {
		status = st
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/login", nil))
	}
	var b strings.Builder
	s.jobs = make(chan *submitJob)
	s.writeMetrics(context.Background(), &b)
	ss := parseExposition(t, b.String())
	for labels, want := range map[string]float64{`{reason="wrong_credentials"}`: 2, `{reason="rate_limited"}`: 1, `{reason="busy"}`: 1, `{reason="refused_form"}`: 1} {
		if got, _ := find(ss, "panel_sign_in_failures_total", labels); got != want {
			t.Errorf("sign-in failures %s = %v, want %v", labels, got, want)
		}
	}
	if got, _ := find(ss, "panel_sign_ins_total", ""); got != 1 {
		t.Errorf("sign-ins = %v, want 1", got)
	}
}

// TestMetricsAccess: loopback only without a token, never through a
// proxy; with a token, the token from anywhere.
func TestMetricsAccess(t *testing.T) {
	h := newHarness(t)
	for _, hd := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded"} {
		if st, _, _ := getMetrics(t, h, http.Header{hd: {"203.0.113.9"}}); st != http.StatusForbidden {
			t.Errorf("loopback with %s: %d, want 403", hd, st)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.RemoteAddr = "192.0.2.10:5000"
	rec := httptest.NewRecorder()
	h.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("from another machine: %d, want 403", rec.Code)
	}

	ht := newHarnessWith(t, func(o *Options) { o.MetricsToken = "s3cret-metrics-token" })
	for _, auth := range []string{"", "Bearer wrong", "Basic czNjcmV0", "Bearer s3cret-metrics-toke", "bearer s3cret-metrics-token"} {
		st, _, hdr := getMetrics(t, ht, http.Header{"Authorization": {auth}})
		if st != http.StatusUnauthorized || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("token set, Authorization %q: %d, WWW-Authenticate %q; want 401 Bearer", auth, st, hdr.Get("WWW-Authenticate"))
		}
	}
	req = httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.RemoteAddr = "192.0.2.10:5000"
	req.Header.Set("Authorization", "Bearer s3cret-metrics-token")
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	rec = httptest.NewRecorder()
	ht.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("token from another machine through a proxy: %d, want 200", rec.Code)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAccessLog: with Options.AccessLog every request is one JSON line
// with its route, status and size, and no invite token.
func TestAccessLog(t *testing.T) {
	var logs syncBuffer
	h := newHarnessWith(t, func(o *Options) {
		o.AccessLog = true
		o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	a := h.assessment(false, 4)
	tok := h.invite(a, time.Hour)
	h.browser().get("/a/" + tok)
	h.browser().get("/healthz")
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d request lines, want 2:\n%s", len(lines), logs.String())
	}
	first := lines[0]
	if first["route"] != "GET /a/{token}" || first["path"] != "/a/…" || first["status"] != float64(200) || first["bytes"].(float64) <= 0 || first["client"] != "127.0.0.1" {
		t.Errorf("first line %v", first)
	}
	if strings.Contains(logs.String(), tok) {
		t.Error("the invite token is in the log")
	}
	if lines[1]["route"] != "GET /healthz" {
		t.Errorf("second line %v", lines[1])
	}
}
