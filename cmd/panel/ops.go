package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/shockabsorber/shockabsorber/internal/panel"
)

// newLogger returns the server's logger: "text" (key=value lines) or
// "json" (one JSON object a line, for log collectors).
func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch strings.ToLower(format) {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, not %q", format)
}

// maxSecretFile bounds what is read of a secret's file.
const maxSecretFile = 4096

// readSecret returns a secret from the first of: the file named by the
// flag, the file named by the variable envFile, the variable env ("" when
// none is set). A file holds the secret on its first line; a file others
// can read is warned about.
func readSecret(what, flagFile string, getenv func(string) string, envFile, env string, stderr io.Writer) (string, error) {
	path := flagFile
	if path == "" {
		path = getenv(envFile)
		if path != "" && getenv(env) != "" {
			return "", fmt.Errorf("%s and %s are both set; keep one", envFile, env)
		}
	}
	if path == "" {
		return getenv(env), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s file: %w", what, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", fmt.Errorf("%s file %s: %w", what, path, err)
	}
	if len(data) > maxSecretFile {
		return "", fmt.Errorf("%s file %s is longer than %d bytes; it should hold the %s alone", what, path, maxSecretFile, what)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimSpace(line)
	if line == "" {
		return "", fmt.Errorf("%s file %s is empty (its first line is the %s)", what, path, what)
	}
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "panel: warning: the %s file %s can be read by other users (mode %04o); chmod 600 it\n", what, path, st.Mode().Perm())
	}
	return line, nil
}

// runBackup is `panel backup --db FILE -o OUT`: an online copy of the
// database, safe while the server runs (panel.Backup).
func runBackup(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("panel backup", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", env("PANEL_DB", defaultDB()), "the panel's SQLite database (env PANEL_DB); a PostgreSQL database is backed up with pg_dump")
	out := fl.String("o", "", "the backup file to write; it must not exist yet")
	fl.Usage = func() {
		fmt.Fprintf(stderr, `Usage: panel backup [--db FILE] -o OUT

Copies the panel's database into OUT while the server may be running: one
consistent snapshot, holding every submission stored before the copy began.
OUT is written beside itself first, checked, synced and then named, and is
readable by its owner only. Restore by stopping the server and putting OUT
in place of the database (or starting with --db OUT).

Flags:
`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "panel backup: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "panel backup: give the backup file with -o OUT")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := panel.Backup(ctx, *db, *out)
	if err != nil {
		fmt.Fprintf(stderr, "panel backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%.1f MB, schema %d): %d assessments, %d links, %d submissions.\n",
		*db, res.Path, float64(res.Bytes)/(1<<20), res.SchemaVersion, res.Assessments, res.Invites, res.Submissions)
	return 0
}
