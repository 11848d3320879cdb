package panel

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadResult summarises a load run.
type loadResult struct {
	n, errors     int
	elapsed       time.Duration
	p50, p99, max time.Duration
	perSecond     float64
	statuses      map[int]int
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d submissions in %v: %.0f/s, p50 %v, p99 %v, max %v, statuses %v",
		r.n, r.elapsed.Round(time.Millisecond), r.perSecond, r.p50, r.p99, r.max, r.statuses)
}

// runLoad submits one body per token from `workers` concurrent clients
// over loopback and measures each request's latency.
func runLoad(t testing.TB, url string, tokens []string, bodies [][]byte, workers int) loadResult {
	t.Helper()
	return runLoadOn(t, []string{url}, tokens, bodies, workers)
}

// runLoadOn is runLoad spread over several panels: token i goes to
// urls[i%len(urls)].
func runLoadOn(t testing.TB, urls []string, tokens []string, bodies [][]byte, workers int) loadResult {
	t.Helper()
	tr := &http.Transport{MaxIdleConns: workers * 2, MaxIdleConnsPerHost: workers * 2}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	lat := make([]time.Duration, len(tokens))
	var next atomic.Int64
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := map[int]int{}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tokens) {
					break
				}
				t0 := time.Now()
				resp, err := client.Post(urls[i%len(urls)]+"/api/a/"+tokens[i]+"/submit", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err != nil {
					local[-1]++
					lat[i] = time.Since(t0)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(t0)
				local[resp.StatusCode]++
			}
			mu.Lock()
			for k, v := range local {
				statuses[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	res := loadResult{n: len(tokens), elapsed: elapsed, statuses: statuses,
		p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], max: lat[len(lat)-1],
		perSecond: float64(len(tokens)) / elapsed.Seconds()}
	res.errors = len(tokens) - statuses[http.StatusCreated]
	return res
}

// loadFixture makes an assessment of every library scenario plus the test
// one, n invites, and a few distinct valid bodies.
func loadFixture(t testing.TB, h *harness, n int) ([]string, [][]byte) {
	a := h.assessment(true, 2026, "double-charge", "it-doesnt-work", "not-my-department", "colleague-data-request", "refund-window")
	var tokens []string
	for len(tokens) < n {
		k := min(MaxInvitesAtOnce, n-len(tokens))
		invs, err := h.srv.store.CreateInvites(context.Background(), a.ID, k, "load", 24*time.Hour, h.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, iv := range invs {
			tokens = append(tokens, iv.Token)
		}
	}
	rng := rand.New(rand.NewPCG(42, 42))
	var bodies [][]byte
	for range 64 {
		bodies = append(bodies, mustJSON(t, validBody(t, a, rng)))
	}
	return tokens, bodies
}

// TestLoad measures submissions per second and latency on loopback. It
// runs only with PANEL_LOAD=1 (PANEL_LOAD_N sets the count, default 3000):
//
//	PANEL_LOAD=1 go test ./internal/panel -run TestLoad -v
func TestLoad(t *testing.T) {
	if os.Getenv("PANEL_LOAD") == "" {
		t.Skip("set PANEL_LOAD=1 to run the load test")
	}
	n := 3000
	if v, err := strconv.Atoi(os.Getenv("PANEL_LOAD_N")); err == nil && v > 0 {
		n = v
	}
	h := newHarness(t)
	tokens, bodies := loadFixture(t, h, n)
	t.Logf("body sizes: %d..%d bytes (6 scenarios each)", len(bodies[0]), len(bodies[1]))
	// Warm up connections and caches.
	warm := runLoad(t, h.ts.URL, tokens[:200], bodies, 16)
	t.Logf("warm-up: %v", warm)
	res := runLoad(t, h.ts.URL, tokens[200:], bodies, 16)
	t.Logf("load: %v", res)
	if res.errors != 0 {
		t.Errorf("%d submissions failed", res.errors)
	}
	if got := h.counts()["submissions"]; got != n {
		t.Errorf("%d submissions stored, want %d", got, n)
	}
	// The targets (>= 500/s, p99 <= 50 ms) are reported, not asserted:
	// timings on a shared machine vary too much for a test to fail on them.
	if res.perSecond < 500 || res.p99 > 50*time.Millisecond {
		t.Logf("BELOW TARGET on this run: %.0f/s (want >= 500/s), p99 %v (want <= 50 ms)", res.perSecond, res.p99)
	}
}

// BenchmarkSubmit measures one submission end to end (HTTP on loopback,
// decoding, re-play of six transcripts, group-committed SQLite write with
// synchronous=FULL), from 16 concurrent clients.
//
//	go test ./internal/panel -run XXX -bench BenchmarkSubmit -benchtime 2000x
func BenchmarkSubmit(b *testing.B) {
	h := newHarness(b)
	tokens, bodies := loadFixture(b, h, b.N+200)
	runLoad(b, h.ts.URL, tokens[:200], bodies, 16) // warm up connections
	b.ResetTimer()
	res := runLoad(b, h.ts.URL, tokens[200:], bodies, 16)
	b.StopTimer()
	if res.errors != 0 {
		b.Fatalf("%d submissions failed: %v", res.errors, res.statuses)
	}
	b.ReportMetric(res.perSecond, "submissions/s")
	b.ReportMetric(float64(res.p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(res.p50.Microseconds())/1000, "p50-ms")
}
