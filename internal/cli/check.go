package cli

import (
	"fmt"
	"io"
	"slices"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// checkHelp is what `scenario check --help` prints.
const checkHelp = `Usage: scenario check PATH... [--strict] [--json]

Validates scenario files and folders (searched recursively for *.toml; test
plans *.test.toml are skipped). Prints one line per problem:
  PATH:LINE:COL: message             an error: the file cannot be used
  PATH:LINE: warning: message        a warning: the file works, but look
then a summary. Besides the format, every valid file gets the item-writing
checks (docs/writing-scenarios.md, "Item-writing checks"): the best option
recognisable by its length or as the only one that owns the case, a
time_limit shorter than the time to read the node, text or tags that name
what fits, walk-outs that come out shock absorber or carry no weight,
endings no run enters, archetypes no path comes out as.

Flags:
  --strict   every warning fails the check too (exit 1), the summary says
             how many; for a library that must be clean before it ships
  --json     print the diagnostics as one JSON object (for editors)

Exit codes: 0 no errors (and, with --strict, no warnings), 1 otherwise,
2 bad arguments.
`

func runCheck(env *Env, args []string) int {
	fs := newFlags("check")
	asJSON := fs.Bool("json")
	strict := fs.Bool("strict")
	var help bool
	fs.BoolVar(&help, "h", "help")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario check: %v\n", err)
		return ExitUsage
	}
	if help {
		io.WriteString(env.Stdout, checkHelp)
		return ExitOK
	}
	if len(fs.Args()) == 0 {
		fmt.Fprintln(env.Stderr, "scenario check: name at least one scenario file or folder (usage: scenario check PATH... [--strict] [--json])")
		return ExitUsage
	}
	set, diags := scenarios.LoadPaths(fs.Args())
	diags = withItemChecks(set, diags)
	errs := len(diags.Errors())
	warns := len(diags) - errs
	failed := errs > 0 || *strict && warns > 0
	if *asJSON {
		type jsonDiag struct {
			File     string `json:"file"`
			Line     int    `json:"line,omitempty"`
			Col      int    `json:"col,omitempty"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		out := struct {
			Files       int        `json:"files"`
			Scenarios   int        `json:"scenarios"`
			Errors      int        `json:"errors"`
			Warnings    int        `json:"warnings"`
			Strict      bool       `json:"strict"`
			OK          bool       `json:"ok"`
			Diagnostics []jsonDiag `json:"diagnostics"`
		}{Files: len(set.Files), Scenarios: len(set.Scenarios), Errors: errs, Warnings: warns, Strict: *strict, OK: !failed, Diagnostics: []jsonDiag{}}
		for _, d := range diags {
			sev := "error"
			if d.Warning {
				sev = "warning"
			}
			out.Diagnostics = append(out.Diagnostics, jsonDiag{d.File, d.Line, d.Col, sev, d.Message})
		}
		writeJSON(env, out)
	} else {
		printDiagnostics(env, diags)
		summary := fmt.Sprintf("%s checked: %s, %s", plural(len(set.Files), "file"), plural(errs, "error"), plural(warns, "warning"))
		if *strict && warns > 0 {
			verb := "fail"
			if warns == 1 {
				verb = "fails"
			}
			summary += fmt.Sprintf(" (--strict: %s %s the check)", plural(warns, "warning"), verb)
		}
		if failed {
			fmt.Fprintln(env.Stderr, summary)
		} else {
			fmt.Fprintln(env.Stdout, summary)
		}
	}
	if failed {
		return ExitInvalid
	}
	return ExitOK
}

// withItemChecks adds the translation-parity errors of the files checked
// together and the item-writing warnings of every valid scenario to the
// diagnostics of loading them, each file's together and in line order
// (an error that follows from another in the same file after the rest):
// files in the order read, diagnostics about no file read first.
func withItemChecks(set *scenarios.Set, diags scenarios.Diagnostics) scenarios.Diagnostics {
	diags = append(diags, trainer.Parity(set.Scenarios, nil)...)
	for _, sc := range set.Scenarios {
		diags = append(diags, trainer.ItemChecks(sc)...)
	}
	order := make(map[string]int, len(set.Files))
	for i, f := range set.Files {
		order[f] = i + 1
	}
	slices.SortStableFunc(diags, func(a, b scenarios.Diagnostic) int {
		if c := order[a.File] - order[b.File]; c != 0 {
			return c
		}
		if a.Consequence != b.Consequence {
			if a.Consequence {
				return 1
			}
			return -1
		}
		return a.Line - b.Line
	})
	return diags
}

func printDiagnostics(env *Env, diags scenarios.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(env.Stderr, d.String())
	}
}

// loadOne reads one scenario for play and paths, printing its diagnostics
// as check does. It returns nil when the file is invalid.
func loadOne(env *Env, cmd string, args []string) (*scenarios.Scenario, int) {
	if len(args) != 1 {
		fmt.Fprintf(env.Stderr, "scenario %s: name exactly one scenario file (got %d)\n", cmd, len(args))
		return nil, ExitUsage
	}
	sc, diags := scenarios.LoadFile(args[0])
	printDiagnostics(env, diags)
	if sc == nil {
		return nil, ExitInvalid
	}
	return sc, ExitOK
}
