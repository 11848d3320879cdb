package panel

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/internal/pgtest"
)

// The panel's tests run on SQLite, and again on PostgreSQL: TestPostgreSQL
// starts a real PostgreSQL server (internal/pgtest) and runs this
// package's tests once more with PANEL_TEST_POSTGRES set to it, so every
// test that opens a database through testDB gets a new PostgreSQL
// database instead of a SQLite file. To run them by hand against a server
// of your own:
//
//	PANEL_TEST_POSTGRES='postgres://USER@HOST/postgres' go test ./internal/panel
//
// PANEL_REQUIRE_POSTGRES=1 (set by .ci/run) turns a missing PostgreSQL
// installation from a skip into a failure.

const postgresEnv = "PANEL_TEST_POSTGRES"

// testDB is where a test's database lives: a new SQLite file in dir, or,
// under PANEL_TEST_POSTGRES, a new database on that server.
func testDB(t testing.TB, dir string) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		return filepath.Join(dir, "panel.db")
	}
	return newPostgresDatabase(t, base)
}

func newPostgresDatabase(t testing.TB, base string) string {
	t.Helper()
	u, drop, err := pgtest.NewDatabase(context.Background(), base, "panel_"+t.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return u
}

// sqliteOnly skips a test that is about SQLite itself (its files, its
// pragmas, VACUUM INTO) in the PostgreSQL run.
func sqliteOnly(t testing.TB) {
	t.Helper()
	if os.Getenv(postgresEnv) != "" {
		t.Skip("about the SQLite file; not run against PostgreSQL")
	}
}

// TestPostgreSQL runs this package's tests again on a real PostgreSQL
// server.
func TestPostgreSQL(t *testing.T) {
	if os.Getenv(postgresEnv) != "" {
		t.Skip("already running against PostgreSQL")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	srv, err := pgtest.Start("max_connections=200")
	if errors.Is(err, pgtest.ErrNotInstalled) && os.Getenv("PANEL_REQUIRE_POSTGRES") == "" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	args := []string{"-test.skip=^TestPostgreSQL$", "-test.count=1"}
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" && !strings.Contains(f.Value.String(), "TestPostgreSQL") {
		args = append(args, "-test.run="+f.Value.String())
	}
	if testing.Verbose() {
		args = append(args, "-test.v")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), postgresEnv+"="+srv.URL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the tests on PostgreSQL failed: %v\n%s", err, out)
	}
	t.Logf("on PostgreSQL: %s", bytes.TrimSpace(out[bytes.LastIndexByte(bytes.TrimSpace(out), '\n')+1:]))
}

// sqlContains is a condition that column col contains the next bound
// argument: instr on SQLite, position on PostgreSQL (which has no instr).
func (h *harness) sqlContains(col string) string {
	if h.srv.store.Postgres() {
		return "position(? in " + col + ") > 0"
	}
	return "instr(" + col + ", ?) > 0"
}

// sqlJSONInt reads the integer field key of the JSON text in col.
func (h *harness) sqlJSONInt(col, key string) string {
	if h.srv.store.Postgres() {
		return "((" + col + ")::jsonb->>'" + key + "')::bigint"
	}
	return "json_extract(" + col + ", '$." + key + "')"
}

// TestSchemasMatch opens a new store on SQLite and on PostgreSQL and
// compares what the migrations made: the same tables with the same
// columns, in the same order, of matching types and nullability, and the
// same indexes.
func TestSchemasMatch(t *testing.T) {
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skip("runs against PostgreSQL (in TestPostgreSQL's run, or with " + postgresEnv + ")")
	}
	ctx := context.Background()
	lite, err := OpenStore(ctx, filepath.Join(t.TempDir(), "panel.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := OpenStore(ctx, newPostgresDatabase(t, base))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	liteType := map[string]string{"INTEGER": "bigint", "TEXT": "text", "BLOB": "bytea"}
	var want, got []string
	rows, err := lite.db.QueryContext(ctx, `SELECT m.name, p.name, p.type, p."notnull" OR p.pk
FROM sqlite_master m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, col, typ string
		var notNull bool
		if err := rows.Scan(&table, &col, &typ, &notNull); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%s.%s %s notnull=%v", table, col, liteType[typ], notNull))
	}
	rows.Close()
	rows, err = pg.db.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable = 'NO'
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, col, typ string
		var notNull bool
		if err := rows.Scan(&table, &col, &typ, &notNull); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s.%s %s notnull=%v", table, col, typ, notNull))
	}
	rows.Close()
	if len(want) < 50 {
		t.Fatalf("only %d SQLite columns found: %v", len(want), want)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the columns differ\nSQLite:\n%s\nPostgreSQL:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
	indexes := func(st *Store, q string) []string {
		rows, err := st.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			out = append(out, name)
		}
		return out
	}
	li := indexes(lite, `SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name`)
	pi := indexes(pg, `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' ORDER BY indexname`)
	if strings.Join(li, " ") != strings.Join(pi, " ") {
		t.Errorf("the indexes differ\nSQLite:     %s\nPostgreSQL: %s", strings.Join(li, " "), strings.Join(pi, " "))
	}
	var lv, pv int
	lite.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&lv)
	pg.db.QueryRowContext(ctx, "SELECT version FROM schema_version").Scan(&pv)
	if lv != len(migrations) || pv != len(migrations) {
		t.Errorf("schema versions: SQLite %d, PostgreSQL %d, want %d", lv, pv, len(migrations))
	}
}

// TestAuditLogAppendOnlyOnBothDatabases: the audit log refuses updates,
// deletes and (PostgreSQL) TRUNCATE from anyone with SQL access.
func TestAuditLogAppendOnlyOnBothDatabases(t *testing.T) {
	h := newHarness(t)
	h.srv.store.AppendAudit(context.Background(), AuditEntry{At: h.clock.Now(), Actor: "test", Action: "test.entry", Target: "x"})
	stmts := []string{"UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"}
	if h.srv.store.Postgres() {
		stmts = append(stmts, "TRUNCATE audit_log")
	}
	for _, q := range stmts {
		_, err := h.srv.store.db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s on %v: %v, want the append-only refusal", q, h.srv.store.db.dialect, err)
		}
	}
}

// TestRescoreSeenByAnotherPanel: two panels on one database; after one
// re-scores an assessment with a revised source, the other serves and
// scores with the revised source, not the copy it had cached.
func TestRescoreSeenByAnotherPanel(t *testing.T) {
	h := newHarness(t)
	a, original := seedEvidence(t, h, 6)
	ctx := context.Background()
	other, err := New(ctx, Options{DBPath: h.srv.opts.DBPath, OwnerEmail: testOwner, Password: testPassword, BcryptCost: h.srv.opts.BcryptCost,
		Fallback: h.srv.opts.Fallback, Logger: quietLogger(), Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	cached, err := other.assessment(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cached.Scenarios[0].Source == string(original) {
		t.Fatal("the fixture's source is already the revision")
	}
	b := h.browser()
	csrf := b.login()
	if resp, body := postRescore(b, a.ID, csrf, nil, map[string][2]string{"revised_1": {"v01-minibar-charge.toml", string(original)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("re-score: %d %s", resp.StatusCode, body)
	}
	now, err := other.assessment(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.Scenarios[0].Source != string(original) {
		t.Error("the other panel still uses the source it cached before the re-score")
	}
	again, _ := other.assessment(ctx, a.ID)
	if again != now {
		t.Error("the revised assessment is not cached")
	}
}

// TestPostgresCompressesReportsWithLZ4: the large JSON columns use LZ4 on
// a server that has it (Debian's does).
func TestPostgresCompressesReportsWithLZ4(t *testing.T) {
	h := newHarness(t)
	if !h.srv.store.Postgres() {
		t.Skip("PostgreSQL only")
	}
	rows, err := h.srv.store.db.Query(`SELECT c.relname || '.' || a.attname, coalesce(nullif(a.attcompression, ''), '-')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relname IN ('results', 'result_history', 'practice_results') AND a.attname IN ('transcript', 'report') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var col, method string
		if err := rows.Scan(&col, &method); err != nil {
			t.Fatal(err)
		}
		got = append(got, col+"="+method)
	}
	want := "practice_results.report=l practice_results.transcript=l result_history.report=l results.report=l results.transcript=l"
	if strings.Join(got, " ") != want {
		t.Errorf("compression: %v, want %s", got, want)
	}
}
