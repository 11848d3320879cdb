package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupDuringSubmissions takes a backup while 8 clients submit: the
// copy opens as a panel database and holds every submission acknowledged
// before the backup began, each with all its results, and no submission
// without them.
func TestBackupDuringSubmissions(t *testing.T) {
	sqliteOnly(t)
	h := newHarness(t)
	n := 600
	if testing.Short() {
		n = 200
	}
	tokens, bodies := loadFixture(t, h, n)
	var (
		mu    sync.Mutex
		acked []int64
		next  atomic.Int64
		wg    sync.WaitGroup
	)
	backupAt := int64(n / 3) // take the backup once this many are acknowledged
	started := make(chan struct{})
	var once sync.Once
	client := &http.Client{Timeout: 30 * time.Second}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tokens) {
					return
				}
				resp, err := client.Post(h.ts.URL+"/api/a/"+tokens[i]+"/submit", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err != nil {
					t.Error(err)
					return
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("submit %d: %d %s", i, resp.StatusCode, data)
					continue
				}
				var ok struct {
					Submission int64 `json:"submission"`
				}
				json.Unmarshal(data, &ok)
				mu.Lock()
				acked = append(acked, ok.Submission)
				if int64(len(acked)) >= backupAt {
					once.Do(func() { close(started) })
				}
				mu.Unlock()
			}
		}()
	}
	<-started
	mu.Lock()
	before := append([]int64{}, acked...)
	mu.Unlock()
	out := filepath.Join(t.TempDir(), "backups", "panel-backup.db")
	res, err := Backup(context.Background(), h.srv.opts.DBPath, out)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	wg.Wait()
	t.Logf("backup of %d submissions (%d acknowledged before it began, %d while it ran): %d KB", res.Submissions, len(before), during, res.Bytes>>10)
	if res.Submissions < len(before) {
		t.Errorf("the backup holds %d submissions, fewer than the %d acknowledged before it", res.Submissions, len(before))
	}
	if res.Submissions >= n {
		t.Logf("note: every submission was stored before the copy was read (a fast run); the test still checks them all")
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	// It opens as a panel database, and holds what was acknowledged.
	bs, err := OpenStore(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer bs.Close()
	have := map[int64]int{}
	rows, err := bs.db.Query("SELECT s.id, (SELECT count(*) FROM results r WHERE r.submission_id = s.id), i.used_at IS NOT NULL FROM submissions s JOIN invites i ON i.id = s.invite_id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var results int
		var used bool
		if err := rows.Scan(&id, &results, &used); err != nil {
			t.Fatal(err)
		}
		if !used {
			t.Errorf("submission %d: its invite is not marked used in the backup", id)
		}
		have[id] = results
	}
	rows.Close()
	for _, id := range before {
		switch got := have[id]; got {
		case 6:
		case 0:
			t.Errorf("submission %d was acknowledged before the backup but is not in it", id)
		default:
			t.Errorf("submission %d has %d of 6 results in the backup", id, got)
		}
	}
	for id, got := range have {
		if got != 6 {
			t.Errorf("submission %d has %d of 6 results in the backup", id, got)
		}
	}
	if got := h.counts()["submissions"]; got != n {
		t.Errorf("the live database holds %d submissions, want %d", got, n)
	}
}

func TestBackupRefusals(t *testing.T) {
	sqliteOnly(t)
	h := newHarness(t)
	dir := t.TempDir()
	ctx := context.Background()
	exists := filepath.Join(dir, "exists.db")
	os.WriteFile(exists, []byte("keep me"), 0o600)
	for _, c := range []struct {
		name, db, out, want string
	}{
		{"no database", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db"), "no such file"},
		{"existing output", h.srv.opts.DBPath, exists, "already exists"},
		{"onto itself", h.srv.opts.DBPath, h.srv.opts.DBPath, "must not be the database"},
		{"not SQLite", "postgres://panel@db/panel", filepath.Join(dir, "b.db"), "pg_dump"},
		{"not a panel database", exists, filepath.Join(dir, "c.db"), ""},
	} {
		_, err := Backup(ctx, c.db, c.out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	if data, _ := os.ReadFile(exists); string(data) != "keep me" {
		t.Error("an existing file was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("backing up a missing database created it")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
