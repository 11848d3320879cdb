package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/pgtest"
	"github.com/shockabsorber/shockabsorber/play"
)

// twoPanels is a PostgreSQL database with an assessment and its links,
// and the panel binary, for tests that run two panel processes on it.
type twoPanels struct {
	bin, dir, dsn string
	a             *Assessment
	tokens        []string
	bodies        [][]byte
}

// newTwoPanels builds the panel, makes a database on the PostgreSQL server
// of PANEL_TEST_POSTGRES and an assessment with n links in it.
func newTwoPanels(t testing.TB, n int) *twoPanels {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skip("runs against PostgreSQL (in TestPostgreSQL's run, or with " + postgresEnv + ")")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "panel")
	build := exec.Command("go", "build", "-o", bin, "github.com/shockabsorber/shockabsorber/cmd/panel")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	p := &twoPanels{bin: bin, dir: dir, dsn: newPostgresDatabase(t, base)}
	ctx := context.Background()
	st, err := OpenStore(ctx, p.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srcs, err := LibrarySources("double-charge", "it-doesnt-work", "not-my-department", "colleague-data-request", "refund-window")
	if err != nil {
		t.Fatal(err)
	}
	aid, err := st.CreateAssessment(ctx, "Two panels", 4242, true, srcs, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for len(p.tokens) < n {
		invs, err := st.CreateInvites(ctx, aid, min(MaxInvitesAtOnce, n-len(p.tokens)), "two panels", 24*time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, iv := range invs {
			p.tokens = append(p.tokens, iv.Token)
		}
	}
	if p.a, err = st.LoadAssessment(ctx, aid); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 2))
	for range 32 {
		p.bodies = append(p.bodies, mustJSON(t, validBody(t, p.a, rng)))
	}
	return p
}

func (p *twoPanels) start(t testing.TB) (*exec.Cmd, string) {
	t.Helper()
	return startPanel(t, p.bin, p.dsn, p.dir)
}

// take hands out the next k links.
func (p *twoPanels) take(k int) []string {
	out := p.tokens[:k]
	p.tokens = p.tokens[k:]
	return out
}

// TestTwoPanelsOnPostgreSQL runs two panel processes on one PostgreSQL
// database. Each link is raced to both at once and is spent exactly once;
// a load spread over both is measured (the figures are logged: see
// BenchmarkTwoPanelsPostgreSQL for the numbers the README reports); one
// panel is killed with SIGKILL in the middle of a load, and every
// submission either panel acknowledged is in the database, whole.
func TestTwoPanelsOnPostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	const race, load, crash = 200, 3000, 4000
	p := newTwoPanels(t, race+load+crash)
	cmdA, urlA := p.start(t)
	cmdB, urlB := p.start(t)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	post := func(url, tok string, body []byte) (int, []byte, error) {
		resp, err := client.Post(url+"/api/a/"+tok+"/submit", "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}

	// 1. Every link raced to both panels at the same moment.
	raced := p.take(race)
	var wg sync.WaitGroup
	var won, refused atomic.Int64
	sem := make(chan struct{}, 16)
	for i, tok := range raced {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			codes := make([]int, 2)
			var inner sync.WaitGroup
			start := make(chan struct{})
			for k, url := range []string{urlA, urlB} {
				inner.Add(1)
				go func() {
					defer inner.Done()
					<-start
					code, body, err := post(url, tok, p.bodies[i%len(p.bodies)])
					if err != nil {
						t.Errorf("link %d: %v", i, err)
					}
					if code/100 != 2 && code != http.StatusGone && code != http.StatusConflict {
						t.Errorf("link %d: status %d: %s", i, code, body)
					}
					codes[k] = code
				}()
			}
			close(start)
			inner.Wait()
			ok := 0
			for _, c := range codes {
				if c/100 == 2 {
					ok++
				}
			}
			if ok != 1 {
				t.Errorf("link %d raced to both panels: statuses %v, want exactly one 2xx", i, codes)
			}
			won.Add(int64(ok))
			refused.Add(int64(2 - ok))
		}()
	}
	wg.Wait()
	t.Logf("race: %d links sent to both panels at once: %d accepted, %d refused", race, won.Load(), refused.Load())

	// 2. A load spread over both.
	res := runLoadOn(t, []string{urlA, urlB}, p.take(load), p.bodies, 32)
	t.Logf("load over two panels: %v", res)
	if res.errors != 0 {
		t.Errorf("%d of %d submissions failed: %v", res.errors, res.n, res.statuses)
	}

	// 3. Panel A is killed in the middle of a load on both.
	crashTokens := p.take(crash)
	acked := map[string]int64{}
	var ackMu sync.Mutex
	var next, okCount atomic.Int64
	var killed atomic.Bool
	var lostA atomic.Int64
	wg = sync.WaitGroup{}
	for w := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(crashTokens) {
					return
				}
				url := urlA
				if w%2 == 1 || killed.Load() {
					url = urlB
				}
				tok := crashTokens[i]
				code, body, err := post(url, tok, p.bodies[i%len(p.bodies)])
				if err != nil {
					if url == urlA {
						lostA.Add(1) // A is gone: the candidate's game would retry
						continue
					}
					t.Errorf("panel B: %v", err)
					return
				}
				if code/100 != 2 {
					t.Errorf("%s: status %d: %s", url, code, body)
					return
				}
				var out play.SubmitResponse
				if err := json.Unmarshal(body, &out); err != nil {
					t.Errorf("2xx with a bad body: %q", body)
					return
				}
				ackMu.Lock()
				acked[tok] = out.Submission
				ackMu.Unlock()
				okCount.Add(1)
			}
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for okCount.Load() < crash/3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := cmdA.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmdA.Wait()
	killed.Store(true)
	killedAt := okCount.Load()
	wg.Wait()
	t.Logf("crash: panel A killed with SIGKILL after %d acknowledged submissions; %d requests to A cut; %d acknowledged in all", killedAt, lostA.Load(), len(acked))

	// A restarts on the same database and refuses links B spent.
	cmdA, urlA = p.start(t)
	n := 0
	for tok := range acked {
		code, _, err := post(urlA, tok, p.bodies[0])
		if err != nil || code != http.StatusGone {
			t.Errorf("a spent link sent again after the restart: %d %v, want 410", code, err)
		}
		if n++; n == 20 {
			break
		}
	}
	for _, c := range []*exec.Cmd{cmdA, cmdB} {
		c.Process.Signal(syscall.SIGTERM)
		c.Wait()
	}

	st, err := OpenStore(context.Background(), p.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	missing := 0
	for tok, id := range acked {
		iv, err := st.InviteByToken(context.Background(), tok)
		if err != nil || iv.SubmissionID != id || iv.Used.IsZero() {
			if missing++; missing < 5 {
				t.Errorf("acknowledged submission %d (invite %+v) is not in the database: %v", id, iv, err)
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged submissions were lost", missing, len(acked))
	}
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := int(won.Load()) + res.statuses[http.StatusCreated] + len(acked); c["submissions"] < want {
		t.Errorf("%d submissions stored, want at least the %d acknowledged", c["submissions"], want)
	}
	if c["results"] != c["submissions"]*len(p.a.Scenarios) || c["invites_used"] != c["submissions"] {
		t.Errorf("inconsistent rows: %v", c)
	}
	var audited int
	if err := st.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = 'submission.received' AND target LIKE 'assessment %, submission %'").Scan(&audited); err != nil || audited != c["submissions"] {
		t.Errorf("%d submissions audited, want %d (%v)", audited, c["submissions"], err)
	}
	t.Logf("after the crash: %v", c)
}

// BenchmarkTwoPanelsPostgreSQL measures submissions per second and their
// latency across two panel processes on one PostgreSQL database (the
// README's figures). It needs a PostgreSQL server: PANEL_TEST_POSTGRES,
// or one started here from the machine's installation.
//
//	go test ./internal/panel -run '^$' -bench TwoPanelsPostgreSQL -benchtime 6000x
func BenchmarkTwoPanelsPostgreSQL(b *testing.B) {
	withPostgres(b)
	p := newTwoPanels(b, b.N)
	_, urlA := p.start(b)
	_, urlB := p.start(b)
	b.ResetTimer()
	res := runLoadOn(b, []string{urlA, urlB}, p.take(b.N), p.bodies, 16)
	b.StopTimer()
	if res.errors != 0 {
		b.Fatalf("%d submissions failed: %v", res.errors, res.statuses)
	}
	b.ReportMetric(res.perSecond, "submissions/s")
	b.ReportMetric(float64(res.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(res.p99.Microseconds())/1000, "p99-ms")
}

// withPostgres points PANEL_TEST_POSTGRES at a server started for this
// benchmark when it names none.
func withPostgres(b *testing.B) {
	if os.Getenv(postgresEnv) != "" {
		return
	}
	srv, err := pgtest.Start("max_connections=200")
	if err != nil {
		b.Skip(err)
	}
	b.Cleanup(srv.Stop)
	b.Setenv(postgresEnv, srv.URL)
}
