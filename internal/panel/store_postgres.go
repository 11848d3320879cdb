package panel

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL through pgx, registered as "pgx"
)

// PostgreSQL is for organisations that run several panel servers on one
// database. Its schema is SQLite's, migration for migration: each entry of
// migrations is translated by postgresMigration (column types, the
// audit log's guard), so the two cannot drift apart, and
// TestSchemasMatch compares the tables both databases end up with.

// IsPostgresURL reports whether db names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// RedactURL is a database URL with its password, if any, replaced, for
// messages and logs.
func RedactURL(db string) string {
	if !IsPostgresURL(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "the PostgreSQL URL (unreadable: " + strings.TrimPrefix(err.Error(), "parse \""+db+"\": ") + ")"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// migrationLockKey is the advisory lock that serialises migrations when
// several panels start at once ("SA" "MG" in ASCII).
const migrationLockKey = 0x5341_4d47

// writeLockKey is the advisory lock Store.begin takes ("SA" "WR").
const writeLockKey = 0x5341_5752

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	name := RedactURL(dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	// Two panels and their submission writers share the server's
	// connections (max_connections, 100 by default).
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: &sqlDB{DB: db, dialect: postgresDialect}, path: name}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := s.migratePostgres(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migratePostgres applies the migrations not yet applied, each in its own
// transaction (PostgreSQL's DDL is transactional), under an advisory lock
// so that panels starting together apply each migration once.
func (s *Store) migratePostgres(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)"); err != nil {
		// Two panels creating the table at the same moment: one wins.
		var again int
		if s.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_version").Scan(&again) != nil {
			return fmt.Errorf("create the schema_version table: %w", err)
		}
	}
	for {
		done, err := s.migrateOnePostgres(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOnePostgres(ctx context.Context) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", int64(migrationLockKey)); err != nil {
		return false, err
	}
	var version int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_version").Scan(&version); err != nil {
		return false, fmt.Errorf("read the schema version: %w", err)
	}
	if version > len(migrations) {
		return false, fmt.Errorf("the database %s has schema version %d, newer than this program knows (%d): use a newer panel", s.path, version, len(migrations))
	}
	if version == len(migrations) {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, postgresMigration(version)); err != nil {
		return false, fmt.Errorf("migration %d: %w", version+1, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM schema_version"); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version(version) VALUES(?)", version+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// postgresSpecial replaces the few SQLite statements that have no
// portable form: the audit log's append-only guard (migration 2) and the
// JSON read of migration 4.
var postgresSpecial = []struct{ sqlite, postgres string }{
	{
		`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
		`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();`,
	},
	{"sum(json_extract(r.report, '$.fitting'))", "sum((r.report::jsonb->>'fitting')::bigint)"},
	{"sum(json_extract(r.report, '$.decisions'))", "sum((r.report::jsonb->>'decisions')::bigint)"},
}

var (
	pgRowID   = regexp.MustCompile(`\bINTEGER PRIMARY KEY\b`)
	pgInteger = regexp.MustCompile(`\bINTEGER\b`)
	pgBlob    = regexp.MustCompile(`\bBLOB\b`)
	pgStrict  = regexp.MustCompile(`\)\s*STRICT\s*;`)
)

// postgresAfter adds to a migration's translation what only PostgreSQL
// has: the large JSON columns are compressed with LZ4 rather than the
// default pglz, which took a third of the time of storing a submission.
// LZ4 needs PostgreSQL 14 built with it; elsewhere the default stays.
var postgresAfter = map[int][]string{
	0: {"results.transcript", "results.report"},
	5: {"result_history.report"},
	6: {"practice_results.transcript", "practice_results.report"},
}

func lz4Columns(cols []string) string {
	var b strings.Builder
	b.WriteString("\nDO $$ BEGIN\n")
	for _, c := range cols {
		table, col, _ := strings.Cut(c, ".")
		fmt.Fprintf(&b, "\tEXECUTE 'ALTER TABLE %s ALTER COLUMN %s SET COMPRESSION lz4';\n", table, col)
	}
	b.WriteString("EXCEPTION WHEN OTHERS THEN NULL; -- no LZ4 here: pglz, the default\nEND $$;\n")
	return b.String()
}

// postgresMigration is migration i (0-based) for PostgreSQL. SQLite's
// INTEGER is 64 bits wide and an INTEGER PRIMARY KEY numbers its rows, so
// they become BIGINT and an identity column; BLOB becomes BYTEA; STRICT
// (SQLite's type checking) is what PostgreSQL always does.
func postgresMigration(i int) string {
	q := migrations[i]
	for _, sp := range postgresSpecial {
		q = strings.ReplaceAll(q, sp.sqlite, sp.postgres)
	}
	q = pgRowID.ReplaceAllString(q, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
	q = pgInteger.ReplaceAllString(q, "BIGINT")
	q = pgBlob.ReplaceAllString(q, "BYTEA")
	q = pgStrict.ReplaceAllString(q, ");")
	if cols := postgresAfter[i]; len(cols) > 0 {
		q += lz4Columns(cols)
	}
	return q
}

// begin starts a transaction for the panel's administrative writes
// (members, links, sessions, lifecycle). SQLite serialises every write
// transaction; on PostgreSQL an advisory lock does the same for these, so
// checks such as "the last owner keeps the role" hold with several
// panels. Submissions do not take it: spending a link says so in its own
// UPDATE … WHERE used_at IS NULL.
func (s *Store) begin(ctx context.Context) (*sqlTx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if s.db.dialect == postgresDialect {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", int64(writeLockKey)); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// errRetryable reports whether err is PostgreSQL's refusal of a
// statement that may succeed when run again: a deadlock (40P01) or a
// serialization failure (40001).
func errRetryable(err error) bool {
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		switch coded.SQLState() {
		case "40P01", "40001":
			return true
		}
	}
	return false
}
