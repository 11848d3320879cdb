package panel

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/web"
)

// TestSubmitLatencyDuringSignInBurst measures candidates' submission
// latency while 40 wrong passwords arrive at once (from 40 addresses
// through a trusted proxy), with the production password hash cost. It
// reports, and does not assert, the figures (timings on a shared machine
// vary too much for a test to fail on them). It runs only with
// PANEL_LOAD=1 (PANEL_LOAD_DIR=/dev/shm keeps the database in memory, so
// that the disk's fsync stalls do not hide the CPU's share):
//
//	PANEL_LOAD=1 go test ./internal/panel -run TestSubmitLatencyDuringSignInBurst -v
func TestSubmitLatencyDuringSignInBurst(t *testing.T) {
	if os.Getenv("PANEL_LOAD") == "" {
		t.Skip("set PANEL_LOAD=1 to run the sign-in burst measurement")
	}
	dir := t.TempDir()
	if d := os.Getenv("PANEL_LOAD_DIR"); d != "" { // e.g. /dev/shm, to leave out the disk's fsync stalls
		var err error
		if dir, err = os.MkdirTemp(d, "panel-burst-"); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
	}
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	srv, err := New(context.Background(), Options{
		DBPath: filepath.Join(dir, "panel.db"), Password: testPassword, OwnerEmail: testOwner, Fallback: web.Files,
		WebDir: filepath.Join(dir, "web"), Now: c.Now, Logger: quietLogger(),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer srv.Close()
	defer ts.Close()
	h := &harness{t: t, srv: srv, ts: ts, clock: c, dir: dir}
	tokens, bodies := loadFixture(t, h, 4000)

	const every = 20 * time.Millisecond                    // 50 submissions a second
	submitFor(t, ts.URL, tokens[:200], bodies, every, nil) // warm up
	quiet := submitFor(t, ts.URL, tokens[200:700], bodies, every, nil)
	t.Logf("submissions, no sign-ins: %v", quiet)

	token, cookie := loginForm(t, h)
	done := make(chan struct{})
	var statuses sync.Map
	go func() {
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := url.Values{"csrf": {token}, "email": {testOwner}, "password": {fmt.Sprintf("guess %d", i)}}
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", ts.URL)
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
				req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
				resp, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				v, _ := statuses.LoadOrStore(resp.StatusCode, new(atomic.Int64))
				v.(*atomic.Int64).Add(1)
			}()
		}
		wg.Wait()
		close(done)
	}()
	t0 := time.Now()
	burst := submitFor(t, ts.URL, tokens[700:], bodies, every, done)
	took := time.Since(t0)
	got := map[int]int64{}
	statuses.Range(func(k, v any) bool { got[k.(int)] = v.(*atomic.Int64).Load(); return true })
	t.Logf("sign-in burst: 40 guesses answered in %v, statuses %v", took.Round(time.Millisecond), got)
	t.Logf("submissions during the burst: %v", burst)
}

// submitFor sends submissions open-loop, one every interval (as
// candidates arrive, whatever the server's speed), one per token, until
// stop is closed or the tokens run out, and summarises their latencies.
func submitFor(t *testing.T, base string, tokens []string, bodies [][]byte, interval time.Duration, stop chan struct{}) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	tick := time.NewTicker(interval)
	defer tick.Stop()
loop:
	for i := 0; i < len(tokens); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			resp, err := client.Post(base+"/api/a/"+tokens[i]+"/submit", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
			code := -1
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				code = resp.StatusCode
			}
			d := time.Since(t0)
			mu.Lock()
			lat = append(lat, d)
			statuses[code]++
			mu.Unlock()
		}()
		select {
		case <-stop:
			break loop
		case <-tick.C:
		}
	}
	wg.Wait()
	if len(lat) == 0 {
		t.Fatal("no submissions")
	}
	slices.Sort(lat)
	res := loadResult{n: len(lat), elapsed: time.Since(start), statuses: statuses,
		p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], max: lat[len(lat)-1]}
	res.perSecond = float64(res.n) / res.elapsed.Seconds()
	res.errors = res.n - statuses[http.StatusCreated]
	return res
}
