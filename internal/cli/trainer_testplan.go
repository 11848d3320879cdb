package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// runTest runs transcript test plans (*.test.toml) and reports each case
// as go test does: ok or FAIL, the differences, and a closing count.
func runTest(env *Env, args []string) int {
	fl := newFlags("test")
	filter := fl.String("run", "")
	verbose := fl.Bool("v")
	if err := fl.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario test: %v\n", err)
		return ExitUsage
	}
	if len(fl.Args()) == 0 {
		fmt.Fprintln(env.Stderr, "scenario test: name test plans (*.test.toml), folders holding them, or scenarios with a plan beside them (usage: scenario test FILE...)")
		return ExitUsage
	}
	plans, ok := findPlans(env, fl.Args())
	if !ok {
		return ExitUsage
	}
	passed, failed := 0, 0
	loaded := map[string]*scenarios.Scenario{}
	bad := map[string]bool{}
	for _, name := range plans {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: cannot read: %v\n", name, err)
			failed++
			continue
		}
		plan, errs := trainer.ParsePlan(name, data)
		if len(errs) > 0 {
			for _, e := range errs {
				fmt.Fprintln(env.Stderr, e.String())
			}
			fmt.Fprintf(env.Stdout, "FAIL  %s  (the plan has errors: none of its cases ran)\n", name)
			failed++
			continue
		}
		sc, seen := loaded[plan.ScenarioPath]
		if !seen && !bad[plan.ScenarioPath] {
			var diags scenarios.Diagnostics
			sc, diags = scenarios.LoadFile(plan.ScenarioPath)
			if sc == nil {
				fmt.Fprintf(env.Stderr, "%s:%d:%d: scenario %q cannot be played:\n", name, plan.ScenarioPos.Line, plan.ScenarioPos.Col, plan.Scenario)
				printDiagnostics(env, diags.Errors())
				bad[plan.ScenarioPath] = true
			} else {
				loaded[plan.ScenarioPath] = sc
			}
		}
		for _, c := range plan.Cases {
			if *filter != "" && !strings.Contains(c.Name, *filter) {
				continue
			}
			where := fmt.Sprintf("%s:%d", name, c.Pos.Line)
			if sc == nil {
				fmt.Fprintf(env.Stdout, "FAIL  %s  %s\n      scenario %s is invalid (see the messages above)\n", where, c.Name, plan.ScenarioPath)
				failed++
				continue
			}
			res := trainer.RunCase(sc, c)
			if res.Passed() {
				passed++
				fmt.Fprintf(env.Stdout, "ok    %s  %s\n", where, c.Name)
				if *verbose && res.Report != nil {
					fmt.Fprintf(env.Stdout, "      path %s; ending %s, archetype %s, mood %d\n", strings.Join(res.Report.Path, " -> "), res.Report.Ending, orNone(res.Report.Archetype), res.Report.Mood)
				}
				continue
			}
			failed++
			fmt.Fprintf(env.Stdout, "FAIL  %s  %s\n", where, c.Name)
			for _, d := range res.Diffs {
				fmt.Fprintf(env.Stdout, "      %s\n", d)
			}
		}
	}
	fmt.Fprintf(env.Stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return ExitInvalid
	}
	if passed == 0 {
		fmt.Fprintf(env.Stderr, "scenario test: no case matched --run %q\n", *filter)
		return ExitUsage
	}
	return ExitOK
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// findPlans turns the arguments into plan files: plans as given, folders
// searched recursively, and scenarios replaced by the plan beside them.
func findPlans(env *Env, args []string) ([]string, bool) {
	var plans []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			plans = append(plans, p)
		}
	}
	ok := true
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			fmt.Fprintf(env.Stderr, "scenario test: %s: no such file or folder\n", a)
			ok = false
			continue
		}
		switch {
		case info.IsDir():
			var found []string
			err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				if d.IsDir() && p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				if !d.IsDir() && strings.HasSuffix(d.Name(), trainer.PlanSuffix) {
					found = append(found, p)
				}
				return nil
			})
			if err != nil || len(found) == 0 {
				fmt.Fprintf(env.Stderr, "scenario test: %s: no test plans (*%s) in this folder\n", a, trainer.PlanSuffix)
				ok = false
				continue
			}
			sort.Strings(found)
			for _, p := range found {
				add(p)
			}
		case strings.HasSuffix(a, trainer.PlanSuffix):
			add(a)
		case strings.HasSuffix(a, ".toml"):
			sibling := strings.TrimSuffix(a, ".toml") + trainer.PlanSuffix
			if _, err := os.Stat(sibling); err != nil {
				fmt.Fprintf(env.Stderr, "scenario test: %s is a scenario with no test plan beside it: create %s (see docs/writing-scenarios.md)\n", a, sibling)
				ok = false
				continue
			}
			add(sibling)
		default:
			fmt.Fprintf(env.Stderr, "scenario test: %s: not a test plan (*%s), a scenario (*.toml) or a folder\n", a, trainer.PlanSuffix)
			ok = false
		}
	}
	return plans, ok
}
