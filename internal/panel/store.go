package panel

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// migrations are applied in order at start; PRAGMA user_version records how
// many have run. Never edit a released entry: append a new one.
var migrations = []string{
	// 1: the first schema.
	`
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
	id_hash    BLOB PRIMARY KEY,
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE assessments (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	seed        INTEGER NOT NULL,
	time_limits INTEGER NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE assessment_scenarios (
	assessment_id INTEGER NOT NULL REFERENCES assessments(id),
	position      INTEGER NOT NULL,
	scenario_id   TEXT NOT NULL,
	title         TEXT NOT NULL,
	language      TEXT NOT NULL,
	origin        TEXT NOT NULL,
	source        TEXT NOT NULL,
	PRIMARY KEY (assessment_id, position),
	UNIQUE (assessment_id, scenario_id)
) STRICT;

CREATE TABLE invites (
	id            INTEGER PRIMARY KEY,
	assessment_id INTEGER NOT NULL REFERENCES assessments(id),
	token_hash    BLOB NOT NULL UNIQUE,
	label         TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,
	expires_at    INTEGER NOT NULL,
	used_at       INTEGER,
	revoked_at    INTEGER
) STRICT;
CREATE INDEX invites_assessment ON invites(assessment_id);

CREATE TABLE submissions (
	id            INTEGER PRIMARY KEY,
	invite_id     INTEGER NOT NULL UNIQUE REFERENCES invites(id),
	assessment_id INTEGER NOT NULL REFERENCES assessments(id),
	candidate     TEXT NOT NULL,
	started_at    TEXT NOT NULL,
	finished_at   TEXT NOT NULL,
	received_at   INTEGER NOT NULL,
	client        TEXT NOT NULL,
	archetype     TEXT NOT NULL,
	weights       TEXT NOT NULL,
	drift         TEXT NOT NULL
) STRICT;
CREATE INDEX submissions_assessment ON submissions(assessment_id);

CREATE TABLE results (
	submission_id INTEGER NOT NULL REFERENCES submissions(id),
	position      INTEGER NOT NULL,
	scenario_id   TEXT NOT NULL,
	ending        TEXT NOT NULL,
	archetype     TEXT NOT NULL,
	transcript    TEXT NOT NULL,
	report        TEXT NOT NULL,
	PRIMARY KEY (submission_id, position)
) STRICT;
`,
	// 2: member accounts (members.go), sessions per member, setup, join
	// and reset links, who created assessments and invites, and the
	// append-only audit log (audit.go). The shared password's sessions
	// end; its hash stays in settings until an owner takes it over
	// (Options.OwnerEmail).
	`
CREATE TABLE members (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('owner', 'author', 'reviewer')),
	password_hash TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	removed_at    INTEGER
) STRICT;
CREATE UNIQUE INDEX members_email ON members(email) WHERE removed_at IS NULL;

DROP TABLE sessions;
CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	id_hash    BLOB NOT NULL UNIQUE,
	member_id  INTEGER NOT NULL REFERENCES members(id),
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL,
	client     TEXT NOT NULL,
	user_agent TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_member ON sessions(member_id);

CREATE TABLE member_links (
	id         INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	kind       TEXT NOT NULL CHECK (kind IN ('setup', 'join', 'reset')),
	email      TEXT NOT NULL,
	role       TEXT NOT NULL,
	member_id  INTEGER REFERENCES members(id),
	created_by INTEGER REFERENCES members(id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER,
	revoked_at INTEGER
) STRICT;

ALTER TABLE assessments ADD COLUMN created_by INTEGER REFERENCES members(id);
ALTER TABLE invites ADD COLUMN created_by INTEGER REFERENCES members(id);

CREATE TABLE audit_log (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	actor_id INTEGER,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	target   TEXT NOT NULL,
	detail   TEXT NOT NULL,
	client   TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
	// 3: indexes for the counts of paginated pages (store_page.go).
	pageIndexes,
	// 4: each submission's fitting and decided steps, summed over its
	// reports, kept beside its weights so an assessment's norms read two
	// numbers a candidate instead of every report (evidence_cache.go).
	// Earlier submissions are counted from their reports once, here.
	`
ALTER TABLE submissions ADD COLUMN fitting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN decisions INTEGER NOT NULL DEFAULT 0;
UPDATE submissions SET
	fitting = coalesce((SELECT sum(json_extract(r.report, '$.fitting')) FROM results r WHERE r.submission_id = submissions.id), 0),
	decisions = coalesce((SELECT sum(json_extract(r.report, '$.decisions')) FROM results r WHERE r.submission_id = submissions.id), 0);
`,
	// 5: each assessment's retention period in days, 0 = kept until
	// deleted by hand (lifecycle.go; its sweep reads submissions_received
	// of migration 3).
	`
ALTER TABLE assessments ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 0;
`,
	// 6: the evidence tables (re-scores, reports and sources they
	// replaced, device signals: rescore.go), which earlier versions
	// created on first use; IF NOT EXISTS keeps those.
	evidenceSchema,
	// 7: teams, their members and practice results (teams.go,
	// teams_schema.go).
	teamsSchema,
	// 8: how many of a submission's scenarios ended with the customer
	// lost, beside fitting and decisions, for the norms' flags.
	`
ALTER TABLE submissions ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;
UPDATE submissions SET lost = (SELECT count(*) FROM results r WHERE r.submission_id = submissions.id AND r.ending = 'lost');
`,
}

// Store is the panel's database: a SQLite file, or PostgreSQL.
type Store struct {
	db   *sqlDB
	path string
}

// OpenStore opens (creating when needed) the database at path, with its
// folder, in WAL mode with synchronous=FULL so that every committed
// transaction survives a crash or power loss, and applies the migrations.
//
// A postgres:// or postgresql:// URL opens that PostgreSQL database
// instead (store_postgres.go), with the same schema.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("no database path given")
	}
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create the database folder: %w", err)
		}
	}
	if err := privateFiles(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)",
		"synchronous(FULL)",
		"busy_timeout(10000)",
		"foreign_keys(ON)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: &sqlDB{DB: db}, path: path}
	if err := s.check(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// privateFiles creates the database file readable by its owner only
// (0600), or restricts an existing one and its -wal, -shm and -journal
// files to that. SQLite creates its -wal, -shm and -journal files with the
// database file's permissions, so they are private too.
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("create the database %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("the database file %s can be read by other users (mode %04o) and could not be made private: %w", p, st.Mode().Perm(), err)
		}
	}
	return nil
}

// check verifies the pragmas took effect.
func (s *Store) check(ctx context.Context) error {
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("open %s: journal_mode is %q, want wal", s.path, mode)
	}
	var sync int
	if err := s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	if sync != 2 {
		return fmt.Errorf("open %s: synchronous is %d, want 2 (FULL)", s.path, sync)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("the database %s has schema version %d, newer than this program knows (%d): use a newer panel", s.path, version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
	}
	return nil
}

// Close checkpoints (SQLite) and closes the database.
func (s *Store) Close() error {
	if s.db.dialect == sqliteDialect {
		_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return s.db.Close()
}

// Postgres reports whether the store is a PostgreSQL database.
func (s *Store) Postgres() bool { return s.db.dialect == postgresDialect }

func (s *Store) setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (s *Store) setSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// newSecret returns 128 random bits, base64url without padding (22
// characters), and their SHA-256 hash, which is what is stored.
func newSecret() (token string, hash []byte) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashSecret(token)
}

// hashSecret hashes a token or session id for storage and lookup. The
// secrets are 128 random bits, so a fast hash is enough: nothing can be
// guessed from it, and a stolen database yields no usable link or session.
func hashSecret(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// validToken reports whether s has the shape of a token (22 base64url
// characters) before any database lookup.
func validToken(s string) bool {
	if len(s) != 22 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v) }
