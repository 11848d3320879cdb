package panel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

// TestCrashDurability builds the panel binary, loads it with concurrent
// submissions on loopback, kills it with SIGKILL in the middle, restarts
// it, and checks that every submission that was acknowledged with a 2xx is
// in the database with all its results. It runs only with PANEL_CRASH=1:
//
//	PANEL_CRASH=1 go test ./internal/panel -run TestCrashDurability -v
//
// PANEL_CRASH_ROUNDS sets how many kill/restart rounds run (default 3).
func TestCrashDurability(t *testing.T) {
	if os.Getenv("PANEL_CRASH") == "" {
		t.Skip("set PANEL_CRASH=1 to run the kill -9 durability test")
	}
	rounds := 3
	if v, err := strconv.Atoi(os.Getenv("PANEL_CRASH_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "panel")
	build := exec.Command("go", "build", "-o", bin, "github.com/shockabsorber/shockabsorber/cmd/panel")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dbPath := filepath.Join(dir, "data", "panel.db")

	// Prepare an assessment and invites directly in the database.
	ctx := context.Background()
	st, err := OpenStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := LibrarySources("double-charge", "it-doesnt-work", "not-my-department", "colleague-data-request", "refund-window")
	if err != nil {
		t.Fatal(err)
	}
	const seed = 31337
	aid, err := st.CreateAssessment(ctx, "Crash test", seed, true, srcs, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	perRound := 6000
	var tokens []string
	for len(tokens) < perRound*rounds {
		invs, err := st.CreateInvites(ctx, aid, MaxInvitesAtOnce, "crash", 24*time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, iv := range invs {
			tokens = append(tokens, iv.Token)
		}
	}
	a, err := st.LoadAssessment(ctx, aid)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	rng := rand.New(rand.NewPCG(8, 8))
	var bodies [][]byte
	for range 32 {
		bodies = append(bodies, mustJSON(t, validBody(t, a, rng)))
	}

	acked := map[string]int64{} // token -> submission id, for every 2xx
	var ackMu sync.Mutex
	for round := 0; round < rounds; round++ {
		cmd, url := startPanel(t, bin, dbPath, dir)
		roundTokens := tokens[round*perRound : (round+1)*perRound]
		var next atomic.Int64
		var okCount atomic.Int64
		tr := &http.Transport{MaxIdleConnsPerHost: 32}
		client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= len(roundTokens) {
						return
					}
					tok := roundTokens[i]
					resp, err := client.Post(url+"/api/a/"+tok+"/submit", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
					if err != nil {
						return // the server is gone
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode/100 == 2 {
						var out play.SubmitResponse
						if err := json.Unmarshal(body, &out); err != nil {
							t.Errorf("2xx with a bad body: %q", body)
							return
						}
						ackMu.Lock()
						acked[tok] = out.Submission
						ackMu.Unlock()
						okCount.Add(1)
					} else {
						t.Errorf("status %d: %s", resp.StatusCode, body)
						return
					}
				}
			}()
		}
		// Kill at a different moment each round, in the middle of the load.
		target := int64(300 + 400*round)
		deadline := time.Now().Add(20 * time.Second)
		for okCount.Load() < target && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		killedAt := okCount.Load()
		wg.Wait()
		tr.CloseIdleConnections()
		t.Logf("round %d: killed with SIGKILL after %d acknowledged submissions (%d attempted)", round+1, killedAt, min(next.Load(), int64(len(roundTokens))))
		if okCount.Load() == 0 {
			t.Fatal("no submission was acknowledged before the kill")
		}
	}

	// Restart once more: it must open the database, and reused links must
	// be refused.
	cmd, url := startPanel(t, bin, dbPath, dir)
	n := 0
	for tok := range acked {
		resp, err := http.Post(url+"/api/a/"+tok+"/submit", "application/json", bytes.NewReader(bodies[0]))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusGone {
			t.Errorf("acknowledged link resubmitted after restart: %d, want 410", resp.StatusCode)
		}
		if n++; n == 20 {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	st, err = OpenStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var integrity string
	if err := st.db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q %v", integrity, err)
	}
	missing := 0
	for tok, id := range acked {
		iv, err := st.InviteByToken(ctx, tok)
		if err != nil || iv.SubmissionID != id || iv.Used.IsZero() {
			missing++
			if missing < 5 {
				t.Errorf("acknowledged submission %d (invite %+v) is not in the database: %v", id, iv, err)
			}
			continue
		}
		var results int
		st.db.QueryRow("SELECT count(*) FROM results WHERE submission_id = ?", id).Scan(&results)
		if results != len(a.Scenarios) {
			t.Errorf("submission %d has %d results, want %d", id, results, len(a.Scenarios))
		}
	}
	c, _ := st.Counts(ctx)
	t.Logf("%d acknowledged submissions over %d kill -9 rounds; %d in the database (%d missing); counts %v", len(acked), rounds, c["submissions"], missing, c)
	if missing > 0 {
		t.Fatalf("%d acknowledged submissions were lost", missing)
	}
	if c["results"] != c["submissions"]*len(a.Scenarios) || c["invites_used"] != c["submissions"] {
		t.Errorf("inconsistent rows: %v", c)
	}
}

var listenRE = regexp.MustCompile(`Listening on (http://127\.0\.0\.1:\d+)/`)

// startPanel starts the binary on a free loopback port and returns its URL.
func startPanel(t testing.TB, bin, dbPath, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--db", dbPath, "--web", filepath.Join(dir, "web"), "--build-web=false")
	cmd.Env = append(os.Environ(), "PANEL_PASSWORD="+testPassword, "PANEL_OWNER_EMAIL="+testOwner) // not --password: it shows in ps
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			b := logs.String()
			t.Logf("panel %d's log (the end):\n%s", cmd.Process.Pid, b[max(0, len(b)-3000):])
		}
	})
	sc := bufio.NewScanner(out)
	found := make(chan string, 1)
	go func() {
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatal("the panel exited before listening")
		}
		return cmd, url
	case <-time.After(20 * time.Second):
		t.Fatal("the panel did not start")
	}
	return nil, ""
}
