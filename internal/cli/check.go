package cli

import (
	"fmt"
	"slices"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

func runCheck(env *Env, args []string) int {
	fs := newFlags("check")
	asJSON := fs.Bool("json")
	strict := fs.Bool("strict")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario check: %v\n", err)
		return ExitUsage
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
