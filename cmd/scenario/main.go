// Command scenario checks, plays and analyses Shock Absorber scenario
// files without a display. Run `scenario help` for the commands.
package main

import (
	"os"

	"shockabsorber/internal/cli"
)

func main() {
	env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Interactive: isTerminal(os.Stdin)}
	os.Exit(cli.Main(env, os.Args[1:]))
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
