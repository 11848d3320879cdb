// Command panel is the hiring panel server: panel members sign in, build
// assessments and send single-use links; candidates play the browser game
// and the server scores their transcripts itself. Run `panel -h` for the
// flags. It is pure Go and needs no configuration: `go run ./cmd/panel`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/panel"
	"github.com/shockabsorber/shockabsorber/web"
)

func main() {
	tuneGC(os.Getenv)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC trades memory the panel has plenty of for CPU it has little of:
// its live heap is a few tens of MB, so Go's default (a collection each
// time the heap doubles) collects all the time under load. At GOGC=400 a
// submission costs a fifth less CPU (BenchmarkSubmit: 1,800 → 2,180 a
// second on the 2-core machine, 16 MB more resident). A soft limit of
// 1 GiB keeps a large export or norms computation from growing the heap
// five-fold. GOGC and GOMEMLIMIT, when set, win.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func defaultDB() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "panel.db"
	}
	return filepath.Join(dir, "shockabsorber", "panel.db")
}

// maxPasswordFile bounds what is read of a password file.
const maxPasswordFile = 4096

// readPassword returns the password to set, from the first of: the
// --password-file and --password flags (not both), then the
// PANEL_PASSWORD_FILE and PANEL_PASSWORD variables (not both); "" when
// none is given. A password given with --password is visible to every
// user of the machine (ps, /proc), which it warns about.
func readPassword(flagPassword, flagFile string, getenv func(string) string, stderr io.Writer) (string, error) {
	switch {
	case flagPassword != "" && flagFile != "":
		return "", errors.New("give --password or --password-file, not both")
	case flagFile != "":
		return readPasswordFile(flagFile, stderr)
	case flagPassword != "":
		fmt.Fprintln(stderr, "panel: warning: a password given with --password can be read by every user of this machine (ps, /proc); use --password-file FILE or the PANEL_PASSWORD environment variable instead")
		return flagPassword, nil
	}
	envFile, envPassword := getenv("PANEL_PASSWORD_FILE"), getenv("PANEL_PASSWORD")
	switch {
	case envFile != "" && envPassword != "":
		return "", errors.New("PANEL_PASSWORD_FILE and PANEL_PASSWORD are both set; keep one")
	case envFile != "":
		return readPasswordFile(envFile, stderr)
	}
	return envPassword, nil
}

// isFlagSet reports whether name was given on the command line.
func isFlagSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// readPasswordFile reads a password from the first line of a file (a
// final newline is not part of it).
func readPasswordFile(path string, stderr io.Writer) (string, error) {
	return readSecretFile(path, "password", stderr)
}

// readSecretFile reads a secret (what: "password", "database URL") from
// the first line of a file, warning when other users can read the file.
func readSecretFile(path, what string, stderr io.Writer) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s file: %w", what, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
	if err != nil {
		return "", fmt.Errorf("%s file %s: %w", what, path, err)
	}
	if len(data) > maxPasswordFile {
		return "", fmt.Errorf("%s file %s is longer than %d bytes; it should hold the %s alone", what, path, maxPasswordFile, what)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", fmt.Errorf("%s file %s is empty (its first line is the %s)", what, path, what)
	}
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "panel: warning: the %s file %s can be read by other users (mode %04o); chmod 600 it\n", what, path, st.Mode().Perm())
	}
	return line, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "backup" {
		return runBackup(args[1:], stdout, stderr)
	}
	fl := flag.NewFlagSet("panel", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", env("PANEL_ADDR", "127.0.0.1:8080"), "address to listen on (env PANEL_ADDR)")
	db := fl.String("db", env("PANEL_DB", defaultDB()), "the database: a SQLite file, created when missing, or a PostgreSQL URL postgres://USER@HOST:PORT/DB?sslmode=… for several panels on one database (env PANEL_DB; keep a PostgreSQL password out of ps: use PGPASSWORD, ~/.pgpass or --db-file)")
	dbFile := fl.String("db-file", env("PANEL_DB_FILE", ""), "read --db from the first line of this file, e.g. a PostgreSQL URL with its password (env PANEL_DB_FILE)")
	ownerEmail := fl.String("owner-email", env("PANEL_OWNER_EMAIL", ""), "make the member with this e-mail an owner, created when missing, with the password of --password-file (env PANEL_OWNER_EMAIL); on a database from before member accounts, without a password, the old shared password becomes theirs. By default a panel with no owner prints a one-time setup link")
	password := fl.String("password", "", "the --owner-email owner's password; it shows in ps to every user of the machine, so prefer --password-file or the environment (env PANEL_PASSWORD)")
	passwordFile := fl.String("password-file", "", "read the --owner-email owner's password from this file, its first line (env PANEL_PASSWORD_FILE)")
	trusted := fl.String("trusted-proxy", env("PANEL_TRUSTED_PROXY", ""), "comma-separated CIDR prefixes or addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, e.g. 127.0.0.1,10.0.0.0/8 (env PANEL_TRUSTED_PROXY); by default none is")
	webDir := fl.String("web", env("PANEL_WEB", "web"), "folder with index.html, game.wasm and wasm_exec.js (env PANEL_WEB); an embedded index.html is used when missing")
	tlsCert := fl.String("tls-cert", env("PANEL_TLS_CERT", ""), "TLS certificate file, to serve HTTPS (env PANEL_TLS_CERT)")
	tlsKey := fl.String("tls-key", env("PANEL_TLS_KEY", ""), "TLS key file (env PANEL_TLS_KEY)")
	inviteDays := fl.Float64("invite-days", 7, "default validity of invite links, in days")
	logFormat := fl.String("log-format", env("PANEL_LOG_FORMAT", "text"), "log lines as text (key=value) or json (env PANEL_LOG_FORMAT)")
	accessLog := fl.Bool("access-log", env("PANEL_ACCESS_LOG", "") != "", "log every request: method, route, path (invite tokens hidden), status, bytes, milliseconds, client address (env PANEL_ACCESS_LOG=1)")
	metricsTokenFile := fl.String("metrics-token-file", "", "read the bearer token that reads /metrics from anywhere from this file, its first line (env PANEL_METRICS_TOKEN_FILE, or the token in PANEL_METRICS_TOKEN); without one, /metrics answers local clients only")
	buildWeb := fl.Bool("build-web", true, "build the browser game into web/ when it is missing, on a start from a source checkout (needs go and bash)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: panel [flags]\n       panel backup [--db FILE] -o OUT   (an online copy of the database; panel backup -h)\n\nThe Shock Absorber hiring panel server.\n\nFlags:\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "panel: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		fmt.Fprintln(stderr, "panel: give both --tls-cert and --tls-key, or neither")
		return 2
	}
	if *dbFile != "" {
		if isFlagSet(fl, "db") {
			fmt.Fprintln(stderr, "panel: give --db or --db-file, not both")
			return 2
		}
		var err error
		if *db, err = readSecretFile(*dbFile, "database URL", stderr); err != nil {
			fmt.Fprintf(stderr, "panel: %v\n", err)
			return 1
		}
	}
	pw, err := readPassword(*password, *passwordFile, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "panel: %v\n", err)
		return 2
	}
	// Not handed down to the programs the panel starts (build-web.sh).
	os.Unsetenv("PANEL_PASSWORD")
	proxies, err := panel.ParseTrustedProxies(*trusted)
	if err != nil {
		fmt.Fprintf(stderr, "panel: --trusted-proxy: %v\n", err)
		return 2
	}
	if *inviteDays <= 0 {
		fmt.Fprintln(stderr, "panel: --invite-days must be positive")
		return 2
	}
	logger, err := newLogger(*logFormat, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "panel: %v\n", err)
		return 2
	}
	metricsToken, err := readSecret("metrics token", *metricsTokenFile, os.Getenv, "PANEL_METRICS_TOKEN_FILE", "PANEL_METRICS_TOKEN", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "panel: %v\n", err)
		return 2
	}
	os.Unsetenv("PANEL_METRICS_TOKEN")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := panel.New(ctx, panel.Options{
		DBPath:         *db,
		Password:       pw,
		OwnerEmail:     *ownerEmail,
		WebDir:         *webDir,
		Fallback:       web.Files,
		InviteTTL:      time.Duration(*inviteDays * 24 * float64(time.Hour)),
		Logger:         logger,
		TrustedProxies: proxies,
		MetricsToken:   metricsToken,
		AccessLog:      *accessLog,
	})
	if err != nil {
		fmt.Fprintf(stderr, "panel: %v\n", err)
		return 1
	}
	defer srv.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "panel: %v\n", err)
		return 1
	}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "Shock Absorber panel: database %s\n", panel.RedactURL(*db))
	printOwner(stdout, srv, scheme, ln.Addr().String())
	fmt.Fprintf(stdout, "Listening on %s://%s/  (practice game: %s://%s/play/)\n", scheme, ln.Addr(), scheme, ln.Addr())
	if _, err := os.Stat(filepath.Join(*webDir, "game.wasm")); err != nil {
		b := webBuilder{script: "scripts/build-web.sh", out: "web", srv: srv, stdout: stdout, stderr: stderr}
		if !*buildWeb || !b.start(ctx, *webDir) {
			fmt.Fprintf(stderr, "panel: note: %s has no game.wasm; build the browser game with scripts/build-web.sh\n", *webDir)
		}
	}

	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			errc <- hs.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "panel: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "Shutting down…")
	srv.Drain()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "panel: shutdown: %v\n", err)
	}
	return 0
}

// printOwner says how to get into the panel: the one-time setup link while
// it has no owner, or what --owner-email changed.
func printOwner(w io.Writer, srv *panel.Server, scheme, addr string) {
	if srv.SetupToken != "" {
		if srv.LegacyPassword {
			fmt.Fprintln(w, "This panel was set up with one shared password. Members now sign in with their own e-mail and password, and the shared password no longer works: to keep it as the owner's, restart with --owner-email you@example.org (or PANEL_OWNER_EMAIL).")
		}
		fmt.Fprintf(w, "The panel has no owner yet. Open this one-time link to create the owner account (it works once, for 24 hours; a new one is printed at each start until it is used; from another machine use this server's public address):\n\n    %s://%s/setup/%s\n\n", scheme, addr, srv.SetupToken)
		return
	}
	switch srv.OwnerChange {
	case "created":
		fmt.Fprintf(w, "Owner %s created; sign in with that e-mail and the password given.\n", srv.OwnerEmail)
	case "legacy":
		fmt.Fprintf(w, "Owner %s created with the panel's old shared password; sign in with that e-mail and password, then invite the other members from the Members page.\n", srv.OwnerEmail)
	case "promoted":
		fmt.Fprintf(w, "%s is now an owner.\n", srv.OwnerEmail)
	case "password":
		fmt.Fprintf(w, "The password of %s was changed; their sessions ended.\n", srv.OwnerEmail)
	}
}
