package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"
	"time"
)

// TestStartCreatesWorkingDatabases starts a real server, makes two
// databases and checks they are separate.
func TestStartCreatesWorkingDatabases(t *testing.T) {
	t0 := time.Now()
	s, err := Start()
	if errors.Is(err, ErrNotInstalled) && os.Getenv("PANEL_REQUIRE_POSTGRES") == "" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	t.Logf("server up in %v", time.Since(t0))
	ctx := context.Background()
	var urls []string
	for range 2 {
		t1 := time.Now()
		u, drop, err := NewDatabase(ctx, s.URL, t.Name())
		if err != nil {
			t.Fatal(err)
		}
		defer drop()
		t.Logf("database in %v", time.Since(t1))
		urls = append(urls, u)
	}
	db0, err := sql.Open("pgx", urls[0])
	if err != nil {
		t.Fatal(err)
	}
	defer db0.Close()
	if _, err := db0.ExecContext(ctx, "CREATE TABLE only_here (x bigint)"); err != nil {
		t.Fatal(err)
	}
	db1, err := sql.Open("pgx", urls[1])
	if err != nil {
		t.Fatal(err)
	}
	defer db1.Close()
	var n int
	if err := db1.QueryRowContext(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("the second database sees the first one's table")
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{"TestX/sub-1": "testx_sub_1", "9lives": "t_9lives", "": "t_"} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
