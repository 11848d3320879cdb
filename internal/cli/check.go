package cli

import (
	"fmt"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

func runCheck(env *Env, args []string) int {
	fs := newFlags("check")
	asJSON := fs.Bool("json")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario check: %v\n", err)
		return ExitUsage
	}
	if len(fs.Args()) == 0 {
		fmt.Fprintln(env.Stderr, "scenario check: name at least one scenario file or folder (usage: scenario check PATH...)")
		return ExitUsage
	}
	set, diags := scenarios.LoadPaths(fs.Args())
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
			Diagnostics []jsonDiag `json:"diagnostics"`
		}{Files: len(set.Files), Scenarios: len(set.Scenarios), Diagnostics: []jsonDiag{}}
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
	}
	errs := len(diags.Errors())
	warns := len(diags) - errs
	if !*asJSON {
		summary := fmt.Sprintf("%s checked: %s, %s", plural(len(set.Files), "file"), plural(errs, "error"), plural(warns, "warning"))
		if errs > 0 {
			fmt.Fprintln(env.Stderr, summary)
		} else {
			fmt.Fprintln(env.Stdout, summary)
		}
	}
	if errs > 0 {
		return ExitInvalid
	}
	return ExitOK
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
