// Command scenario checks, plays and analyses Shock Absorber scenario
// files without a display. Run `scenario help` for the commands.
package main

import (
	"os"

	"github.com/shockabsorber/shockabsorber/internal/cli"
)

func main() {
	env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(cli.Main(env, os.Args[1:]))
}
