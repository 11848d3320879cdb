package panel

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// BackupResult describes a backup Backup wrote.
type BackupResult struct {
	Path          string
	Bytes         int64
	SchemaVersion int
	// Counts are the rows of the main tables in the copy.
	Assessments, Invites, Submissions int
}

// Backup copies the SQLite database at dbPath into a new file out while
// the panel may be running and storing submissions: VACUUM INTO reads one
// consistent snapshot of the database (a read transaction, which in WAL
// mode neither blocks nor waits for the writer), so the copy holds every
// submission committed before it began, each whole. The copy is written
// to a temporary file beside out (mode 0600), checked (integrity_check,
// schema version, counts), synced to disk and only then renamed to out,
// so out is never a half-written file. An existing out is not replaced.
func Backup(ctx context.Context, dbPath, out string) (BackupResult, error) {
	res := BackupResult{Path: out}
	if dbPath == "" || out == "" {
		return res, errors.New("give the database (--db) and the backup file (-o)")
	}
	if strings.Contains(dbPath, "://") {
		return res, fmt.Errorf("%s is not a SQLite file: back up a server database with its own tools (pg_dump for PostgreSQL)", RedactURL(dbPath))
	}
	st, err := os.Stat(dbPath)
	if err != nil {
		return res, fmt.Errorf("the database: %w", err)
	}
	if !st.Mode().IsRegular() {
		return res, fmt.Errorf("the database %s is not a file", dbPath)
	}
	if same, _ := samePath(dbPath, out); same {
		return res, errors.New("the backup file must not be the database itself")
	}
	if _, err := os.Lstat(out); err == nil {
		return res, fmt.Errorf("%s already exists; choose a new name (a backup never replaces a file)", out)
	}
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, fmt.Errorf("create the backup folder: %w", err)
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(dir, "."+filepath.Base(out)+".tmp-"+hex.EncodeToString(rnd[:]))
	// VACUUM INTO fills an empty file and keeps its mode: the copy is
	// private from its first byte.
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return res, fmt.Errorf("create the backup: %w", err)
	}
	f.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()

	src, err := openExisting(dbPath)
	if err != nil {
		return res, err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return res, fmt.Errorf("copy %s: %w", dbPath, err)
	}
	if err := checkBackup(ctx, tmp, &res); err != nil {
		return res, fmt.Errorf("the copy does not check out: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return res, err
	}
	// Link rather than rename: it fails instead of replacing an out made
	// meanwhile. Where hard links are not supported, rename.
	if err := os.Link(tmp, out); errors.Is(err, fs.ErrExist) {
		return res, fmt.Errorf("%s already exists; choose a new name (a backup never replaces a file)", out)
	} else if err != nil {
		if err := os.Rename(tmp, out); err != nil {
			return res, fmt.Errorf("name the backup %s: %w", out, err)
		}
	}
	os.Remove(tmp)
	ok = true
	syncFile(dir) // the new name on disk too; not every system syncs folders
	if st, err := os.Stat(out); err == nil {
		res.Bytes = st.Size()
	}
	return res, nil
}

// openExisting opens a SQLite file that must exist, never creating one.
func openExisting(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "rw")
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// checkBackup opens a copy and checks that it is whole and a panel
// database: integrity_check, the schema version, the tables' counts.
func checkBackup(ctx context.Context, path string, res *BackupResult) error {
	db, err := openExisting(path)
	if err != nil {
		return err
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		return err
	}
	if check != "ok" {
		return fmt.Errorf("integrity_check: %s", check)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&res.SchemaVersion); err != nil {
		return err
	}
	if res.SchemaVersion == 0 {
		return errors.New("it holds no panel schema (is --db a panel database?)")
	}
	return db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM assessments), (SELECT count(*) FROM invites), (SELECT count(*) FROM submissions)").
		Scan(&res.Assessments, &res.Invites, &res.Submissions)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// samePath reports whether two paths name the same file (when both
// exist) or the same cleaned absolute path.
func samePath(a, b string) (bool, error) {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb), nil
	}
	aa, err := filepath.Abs(a)
	if err != nil {
		return false, err
	}
	bb, err := filepath.Abs(b)
	return aa == bb, err
}
