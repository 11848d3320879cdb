// Command pgserve starts a throwaway PostgreSQL server (internal/pgtest),
// prints its URL and keeps it running until interrupted, for running the
// panel's tests or a panel against PostgreSQL by hand:
//
//	go run ./internal/pgtest/pgserve &
//	PANEL_TEST_POSTGRES='postgres://…' go test ./internal/panel
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/shockabsorber/shockabsorber/internal/pgtest"
)

func main() {
	srv, err := pgtest.Start(append([]string{"max_connections=200"}, os.Args[1:]...)...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgserve:", err)
		os.Exit(1)
	}
	fmt.Println(srv.URL)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	srv.Stop()
}
