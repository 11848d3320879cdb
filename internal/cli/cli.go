// Package cli implements the `scenario` command: the headless tools of the
// scenario contract (check, play, paths) and the trainer's additions. It is
// pure Go and never imports Ebitengine, so it builds and runs anywhere.
package cli

import (
	"fmt"
	"io"

	"github.com/shockabsorber/shockabsorber/internal/args"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitInvalid = 1 // the scenario files have errors
	ExitUsage   = 2 // bad arguments, or a play that cannot go on
)

// Env is what a command reads and writes; tests pass buffers.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type command struct {
	name    string
	args    string
	summary string
	help    string // what `scenario NAME --help` prints
	run     func(env *Env, args []string) int
}

var commands []command

func register(c command) { commands = append(commands, c) }

func init() {
	register(command{"check", "PATH... [--strict] [--json]", "validate scenario files and folders (recursively), translations' parity, and warn about item writing; --strict fails on warnings too", checkHelp, runCheck})
	register(command{"play", "FILE [--choose 2,1,3] [--json]", "play a scenario headless, with the given choices or at the prompt", playHelp, runPlay})
	register(command{"paths", "FILE [--json]", "count every complete path exactly, by ending and archetype", pathsHelp, runPaths})
	register(command{"schema", "", "print the JSON Schema of the scenario format (for editors)", schemaHelp, runSchema})
	register(command{"graph", "FILE [--format dot|mermaid] [--fenced] [--text] [--walkouts]", "draw a scenario as a Graphviz or Mermaid graph: endings coloured, fitting choices bold", graphHelp, runGraph})
	register(command{"new", "ID [--title T] [--lang L] [-o FILE] | --from FILE --lang L", "write a commented starter scenario that passes check, or start a translation of FILE (never overwrites)", newHelp, runNew})
	register(command{"test", "FILE... [--run TEXT] [-v]", "run transcript test plans (*.test.toml): choices and the ending, archetype, mood, drift, path expected", testHelp, runTest})
	register(command{"playtest", "FILE [--runs N] [--seed S] [--json]", "play a scenario many times at random (reproducible by seed): endings, archetypes, what no run reached; with --personas PATH..., players of each archetype over a set: which are recognised", playtestHelp, runPlaytest})
	register(command{"report", "PATH... [--actor mailto:x@y] [-o out.json]", "turn play reports (play --json) into xAPI statements for an LMS", reportHelp, runReport})
	register(command{"package", "--format scorm12|scorm2004|cmi5 -o course.zip FILE... [--mastery 0.8] [--wasm web/game.wasm]", "package the browser practice game with chosen scenarios as a SCORM 1.2, SCORM 2004 or cmi5 course for an LMS", packageHelp, runPackage})
}

// Main runs the scenario command with args (without the program name) and
// returns the process exit code. It never panics on any input: a panic here
// is a bug, reported as one with exit code 1 rather than a stack trace.
func Main(env *Env, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "scenario: internal error: %v\nPlease report this with the file that caused it.\n", r)
			code = ExitInvalid
		}
	}()
	if len(args) == 0 {
		usage(env.Stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(env.Stdout)
		return ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			if wantsHelp(args[1:]) {
				io.WriteString(env.Stdout, c.help)
				return ExitOK
			}
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "scenario: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "scenario: tools for Shock Absorber scenario files")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name)+1+len(c.args))
	}
	for _, c := range commands {
		sig := c.name + " " + c.args
		fmt.Fprintf(w, "  scenario %-*s  %s\n", width, sig, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 invalid scenario files, 2 bad arguments or a play that cannot go on.")
	fmt.Fprintln(w, "scenario COMMAND --help describes one command and its flags.")
}

// newFlags returns the flag set of one subcommand.
func newFlags(name string) *args.Set { return args.New(name) }
