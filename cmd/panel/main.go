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
	"syscall"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/panel"
	"github.com/shockabsorber/shockabsorber/web"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("panel", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", env("PANEL_ADDR", "127.0.0.1:8080"), "address to listen on (env PANEL_ADDR)")
	db := fl.String("db", env("PANEL_DB", defaultDB()), "SQLite database file, created when missing (env PANEL_DB)")
	password := fl.String("password", "", "set the panel password (env PANEL_PASSWORD); by default one is generated at first start and printed once")
	webDir := fl.String("web", env("PANEL_WEB", "web"), "folder with index.html, game.wasm and wasm_exec.js (env PANEL_WEB); an embedded index.html is used when missing")
	tlsCert := fl.String("tls-cert", env("PANEL_TLS_CERT", ""), "TLS certificate file, to serve HTTPS (env PANEL_TLS_CERT)")
	tlsKey := fl.String("tls-key", env("PANEL_TLS_KEY", ""), "TLS key file (env PANEL_TLS_KEY)")
	inviteDays := fl.Float64("invite-days", 7, "default validity of invite links, in days")
	buildWeb := fl.Bool("build-web", true, "build the browser game into web/ when it is missing, on a start from a source checkout (needs go and bash)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: panel [flags]\n\nThe Shock Absorber hiring panel server.\n\nFlags:\n")
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
	if *password == "" {
		*password = os.Getenv("PANEL_PASSWORD")
	}
	if *inviteDays <= 0 {
		fmt.Fprintln(stderr, "panel: --invite-days must be positive")
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := panel.New(ctx, panel.Options{
		DBPath:    *db,
		Password:  *password,
		WebDir:    *webDir,
		Fallback:  web.Files,
		InviteTTL: time.Duration(*inviteDays * 24 * float64(time.Hour)),
		Logger:    logger,
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
	fmt.Fprintf(stdout, "Shock Absorber panel: database %s\n", *db)
	if srv.Generated != "" {
		fmt.Fprintf(stdout, "A panel password was generated (it is shown only this once; set another with --password):\n\n    %s\n\n", srv.Generated)
	} else if srv.PasswordChanged {
		fmt.Fprintln(stdout, "The panel password was changed; everyone was signed out.")
	}
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
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "panel: shutdown: %v\n", err)
	}
	return 0
}
