// Command shockabsorber is the desktop game: a customer-service role play
// that coaches a new hire through scenarios and maps their drift toward the
// five service archetypes. Run with --help for the flags.
//
// On Linux, --help, --version and a clear message when there is no display
// are answered by early_linux.c before Go starts: Ebitengine opens the
// display while packages initialise, before main, and panics without one.
package main

//go:generate go run ./genhelp ../../game/options.go early_help.h

import (
	"errors"
	"fmt"
	"os"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/game"
	"github.com/shockabsorber/shockabsorber/internal/version"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	opts, err := game.ParseArgs(args)
	if opts.Help {
		game.Usage(os.Stdout)
		return 0
	}
	if opts.Version {
		fmt.Print(version.Current().Text("shockabsorber"))
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "shockabsorber: %v\n", err)
		return 2
	}
	g, err := game.New(opts)
	if err != nil {
		return fail(err)
	}
	defer g.Close()
	for _, n := range g.Notes {
		fmt.Fprintf(os.Stderr, "shockabsorber: %s\n", n)
	}
	g.SetupWindow()
	if err := ebiten.RunGameWithOptions(g, g.RunOptions()); !game.IsExit(err) {
		return fail(err)
	}
	return 0
}

// fail prints err and returns its exit code: 1 for an invalid scenario
// file (its messages one per line, as `scenario check` prints them), 2 for
// choices that cannot be played, 1 otherwise.
func fail(err error) int {
	var ee *game.ExitError
	if errors.As(err, &ee) {
		if ee.Code == 1 {
			fmt.Fprintln(os.Stderr, ee.Error())
		} else {
			fmt.Fprintf(os.Stderr, "shockabsorber: %v\n", ee)
		}
		return ee.Code
	}
	fmt.Fprintf(os.Stderr, "shockabsorber: %v\n", err)
	return 1
}
