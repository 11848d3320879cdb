package panel

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// GET /metrics answers in the Prometheus text exposition format (0.0.4),
// written here by hand: a few counters and histograms do not need a
// client library. Who may read it: see metricsAllowed.

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histograms.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// slowRequest is the time after which a request is logged as slow.
const slowRequest = time.Second

var processStart = time.Now()

// metrics are the panel's counters. The zero value is ready to use.
type metrics struct {
	mu sync.Mutex
	// accepted counts stored submissions; refused the refused ones by the
	// API error code (play.APIError.Code) that refused them.
	accepted uint64
	refused  map[string]uint64
	// signIns counts sign-ins; signInFailures the failed ones by reason.
	signIns        uint64
	signInFailures map[string]uint64
	// requests holds a latency histogram and status counts per route.
	requests map[string]*routeStats
	inFlight atomic.Int64
}

type routeStats struct {
	buckets  []uint64 // counts per latencyBuckets bound (not cumulative)
	sum      float64
	count    uint64
	statuses map[int]uint64
}

func (m *metrics) observe(route string, status int, took time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.requests == nil {
		m.requests = map[string]*routeStats{}
	}
	rs := m.requests[route]
	if rs == nil {
		rs = &routeStats{buckets: make([]uint64, len(latencyBuckets)), statuses: map[int]uint64{}}
		m.requests[route] = rs
	}
	sec := took.Seconds()
	if i, _ := slices.BinarySearch(latencyBuckets, sec); i < len(latencyBuckets) {
		rs.buckets[i]++
	}
	rs.sum += sec
	rs.count++
	rs.statuses[status]++
}

func (m *metrics) submission(refusal string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if refusal == "" {
		m.accepted++
		return
	}
	if m.refused == nil {
		m.refused = map[string]uint64{}
	}
	m.refused[refusal]++
}

func (m *metrics) signIn(failure string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if failure == "" {
		m.signIns++
		return
	}
	if m.signInFailures == nil {
		m.signInFailures = map[string]uint64{}
	}
	m.signInFailures[failure]++
}

// signInFailure names why an answer to POST /login is a failed sign-in,
// from its status; "" for a sign-in (a redirect).
func signInFailure(status int) string {
	switch status {
	case http.StatusSeeOther, http.StatusFound:
		return ""
	case http.StatusUnauthorized:
		return "wrong_credentials"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusServiceUnavailable:
		return "busy"
	case http.StatusForbidden:
		return "refused_form"
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		return "bad_form"
	}
	return "other"
}

const (
	submitRoute = "POST /api/a/{token}/submit"
	loginRoute  = "POST /login"
)

// recorder notes a response's status and, for a refused submission, the
// first bytes of its JSON error (to count it by code).
type recorder struct {
	http.ResponseWriter
	status  int
	bytes   int64
	keepErr bool
	errBody bytes.Buffer
}

func (rw *recorder) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	if rw.keepErr && rw.status >= 400 && rw.errBody.Len() < 4096 {
		rw.errBody.Write(b[:min(len(b), 4096-rw.errBody.Len())])
	}
	n, err := rw.ResponseWriter.Write(b)
	rw.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush (the exports stream).
func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// instrument times every request by route (the ServeMux pattern that
// served it, so the label set stays small whatever the paths), counts
// submissions and sign-ins, and logs slow requests.
func (s *Server) instrument(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.metrics.inFlight.Add(1)
		defer s.metrics.inFlight.Add(-1)
		rec := &recorder{ResponseWriter: w, keepErr: r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/a/")}
		t0 := time.Now()
		defer func() {
			took := time.Since(t0)
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			route := r.Pattern
			if route == "" || route == "/" {
				route = "other"
			}
			s.metrics.observe(route, status, took)
			switch route {
			case submitRoute:
				s.metrics.submission(refusalCode(status, rec.errBody.Bytes()))
			case loginRoute:
				s.metrics.signIn(signInFailure(status))
			}
			if s.opts.AccessLog {
				client, _ := s.clientAddr(r)
				s.log.Info("request", "method", r.Method, "route", route, "path", redactPath(r.URL.Path), "status", status,
					"bytes", rec.bytes, "ms", float64(took.Microseconds())/1000, "client", client.String())
			}
			if took >= slowRequest && !strings.Contains(route, "/results.") { // exports take long by nature
				s.log.Warn("slow request", "route", route, "status", status, "ms", took.Milliseconds())
			}
		}()
		h.ServeHTTP(rec, r)
	})
}

// refusalCode is "" for a stored submission, else the code of the JSON
// error that refused it.
func refusalCode(status int, body []byte) string {
	if status == http.StatusCreated {
		return ""
	}
	var e struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &e) == nil && e.Code != "" && len(e.Code) <= 40 {
		return e.Code
	}
	return "http_" + strconv.Itoa(status)
}

// metricsAllowed says who may read /metrics: with Options.MetricsToken
// set, a request with "Authorization: Bearer <token>"; without one, only
// a client on the loopback interface that came through no proxy (a
// request carrying X-Forwarded-For, X-Real-IP or Forwarded is never taken
// as local, so a reverse proxy on the same machine does not open it to
// the world).
func (s *Server) metricsAllowed(r *http.Request) (ok bool, why string) {
	if tok := s.opts.MetricsToken; tok != "" {
		got, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if found && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1 {
			return true, ""
		}
		return false, "send the metrics token as Authorization: Bearer <token>"
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false, "metrics are served to local clients only (this request came through a proxy); set a metrics token to read them from elsewhere"
		}
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return false, "metrics are served to local clients only; set a metrics token to read them from elsewhere"
	}
	return true, ""
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if ok, why := s.metricsAllowed(r); !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if s.opts.MetricsToken != "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="panel metrics"`)
			w.WriteHeader(http.StatusUnauthorized)
		} else {
			w.WriteHeader(http.StatusForbidden)
		}
		fmt.Fprintln(w, why)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.writeMetrics(r.Context(), w)
}

// writeMetrics writes every metric in the text exposition format.
func (s *Server) writeMetrics(ctx context.Context, out io.Writer) {
	var b bytes.Buffer
	head := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	version, revision, goVersion := buildInfo()
	head("panel_build_info", "gauge", "The panel's build: module version, VCS revision and Go version; always 1.")
	fmt.Fprintf(&b, "panel_build_info{version=%s,revision=%s,goversion=%s} 1\n", quote(version), quote(revision), quote(goVersion))
	head("panel_start_time_seconds", "gauge", "When the panel process started, in seconds since the Unix epoch.")
	fmt.Fprintf(&b, "panel_start_time_seconds %d\n", processStart.Unix())

	m := &s.metrics
	m.mu.Lock()
	head("panel_submissions_accepted_total", "counter", "Candidate submissions scored and stored.")
	fmt.Fprintf(&b, "panel_submissions_accepted_total %d\n", m.accepted)
	head("panel_submissions_refused_total", "counter", "Candidate submissions refused, by the API error code that refused them.")
	for _, k := range sortedKeys(m.refused) {
		fmt.Fprintf(&b, "panel_submissions_refused_total{reason=%s} %d\n", quote(k), m.refused[k])
	}
	head("panel_sign_ins_total", "counter", "Successful sign-ins of panel members.")
	fmt.Fprintf(&b, "panel_sign_ins_total %d\n", m.signIns)
	head("panel_sign_in_failures_total", "counter", "Failed sign-ins, by reason: wrong_credentials, rate_limited, busy (password checks saturated), refused_form (missing form token or another site), bad_form.")
	for _, k := range sortedKeys(m.signInFailures) {
		fmt.Fprintf(&b, "panel_sign_in_failures_total{reason=%s} %d\n", quote(k), m.signInFailures[k])
	}
	routes := sortedKeys(m.requests)
	head("panel_http_requests_total", "counter", "HTTP requests answered, by route (the server's URL pattern) and status code.")
	for _, route := range routes {
		rs := m.requests[route]
		codes := make([]int, 0, len(rs.statuses))
		for c := range rs.statuses {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			fmt.Fprintf(&b, "panel_http_requests_total{route=%s,code=\"%d\"} %d\n", quote(route), c, rs.statuses[c])
		}
	}
	head("panel_http_request_duration_seconds", "histogram", "Time to answer HTTP requests, by route.")
	for _, route := range routes {
		rs := m.requests[route]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += rs.buckets[i]
			fmt.Fprintf(&b, "panel_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(route), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "panel_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(route), rs.count)
		fmt.Fprintf(&b, "panel_http_request_duration_seconds_sum{route=%s} %s\n", quote(route), strconv.FormatFloat(rs.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "panel_http_request_duration_seconds_count{route=%s} %d\n", quote(route), rs.count)
	}
	m.mu.Unlock()

	head("panel_http_requests_in_flight", "gauge", "HTTP requests being answered now.")
	fmt.Fprintf(&b, "panel_http_requests_in_flight %d\n", m.inFlight.Load())
	head("panel_submission_queue_length", "gauge", "Scored submissions waiting for the database writer.")
	fmt.Fprintf(&b, "panel_submission_queue_length %d\n", len(s.jobs))
	head("panel_draining", "gauge", "1 while the panel shuts down (/readyz answers 503).")
	draining := 0
	if s.draining.Load() {
		draining = 1
	}
	fmt.Fprintf(&b, "panel_draining %d\n", draining)
	if s.store != nil && s.store.Postgres() {
		head("panel_database_size_bytes", "gauge", "Size of the PostgreSQL database (pg_database_size).")
		var size int64
		if err := s.store.db.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err == nil {
			fmt.Fprintf(&b, "panel_database_size_bytes{file=%q} %d\n", "db", size)
		}
	} else if s.store != nil && s.store.path != "" {
		head("panel_database_size_bytes", "gauge", "Size of the SQLite database file and of its write-ahead log.")
		for _, f := range []struct{ file, suffix string }{{"db", ""}, {"wal", "-wal"}} {
			var size int64
			if st, err := os.Stat(s.store.path + f.suffix); err == nil {
				size = st.Size()
			}
			fmt.Fprintf(&b, "panel_database_size_bytes{file=%q} %d\n", f.file, size)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	head("go_goroutines", "gauge", "Goroutines that currently exist.")
	fmt.Fprintf(&b, "go_goroutines %d\n", runtime.NumGoroutine())
	head("go_memstats_heap_alloc_bytes", "gauge", "Bytes of allocated heap objects.")
	fmt.Fprintf(&b, "go_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
	head("go_memstats_sys_bytes", "gauge", "Bytes of memory obtained from the operating system.")
	fmt.Fprintf(&b, "go_memstats_sys_bytes %d\n", ms.Sys)
	out.Write(b.Bytes())
}

// quote writes a label value: double-quoted, with \, " and newlines
// escaped as the exposition format wants.
func quote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// buildInfo returns the main module's version, the VCS revision and the
// Go version the binary was built with ("" when unknown).
func buildInfo() (version, revision, goVersion string) {
	goVersion = runtime.Version()
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", "", goVersion
	}
	version = bi.Main.Version
	modified := false
	for _, st := range bi.Settings {
		switch st.Key {
		case "vcs.revision":
			revision = st.Value
		case "vcs.modified":
			modified = st.Value == "true"
		}
	}
	if modified && revision != "" {
		revision += "+dirty"
	}
	return version, revision, goVersion
}
