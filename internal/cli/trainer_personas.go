package cli

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// runPersonas is `scenario playtest --personas PATH...`: simulated players
// of every archetype and fixed strategies play the set as one assessment
// per language, and the report says how often each is recognised.
func runPersonas(env *Env, paths []string, runs int, seed uint64, qArg, lang, minRecallArg string, asJSON bool) int {
	q, err := strconv.ParseFloat(strings.TrimSpace(qArg), 64)
	if err != nil || !(q >= 0 && q <= 1) {
		fmt.Fprintf(env.Stderr, "scenario playtest: --q must be a number from 0 to 1 (how often a persona takes a choice that feeds its archetype), not %q\n", qArg)
		return ExitUsage
	}
	minRecall := -1.0
	if minRecallArg != "" {
		minRecall, err = strconv.ParseFloat(strings.TrimSpace(minRecallArg), 64)
		if err != nil || !(minRecall >= 0 && minRecall <= 1) {
			fmt.Fprintf(env.Stderr, "scenario playtest: --min-recall must be a number from 0 to 1 (0.9 asks that 90%% of each persona's runs be recognised), not %q\n", minRecallArg)
			return ExitUsage
		}
	}
	if len(paths) == 0 {
		fmt.Fprintln(env.Stderr, "scenario playtest: name at least one scenario file, folder or assessment configuration (.json) (usage: scenario playtest --personas PATH...)")
		return ExitUsage
	}
	list, diags := trainer.LoadAssessmentSet(paths)
	printDiagnostics(env, diags)
	if errs := len(diags.Errors()); errs > 0 {
		fmt.Fprintf(env.Stderr, "scenario playtest: %s in the set; an assessment plays every scenario, so fix them first\n", plural(errs, "error"))
		return ExitInvalid
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stderr, "scenario playtest: no scenarios to play")
		return ExitInvalid
	}
	if lang != "" {
		var kept []*scenarios.Scenario
		var langs []string
		for _, g := range trainer.GroupByLanguage(list) {
			langs = append(langs, g[0].Language)
			if strings.EqualFold(g[0].Language, lang) {
				kept = g
			}
		}
		if kept == nil {
			fmt.Fprintf(env.Stderr, "scenario playtest: no scenario of the set is in language %q; it has %s\n", lang, strings.Join(langs, ", "))
			return ExitUsage
		}
		list = kept
	}
	rep, err := trainer.RunPersonas(list, trainer.PersonaOptions{Runs: runs, Q: q, Seed: seed})
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario playtest: %v\n", err)
		return ExitUsage
	}
	if asJSON {
		writeJSON(env, rep)
	} else {
		printPersonas(env.Stdout, rep)
	}
	if minRecall >= 0 {
		var low []string
		for _, g := range rep.Groups {
			for i, a := range scoring.Archetypes {
				if g.Recall[i] < minRecall {
					low = append(low, fmt.Sprintf("%s %s %.1f%%", g.Language, a, g.Recall[i]*100))
				}
			}
		}
		if len(low) > 0 {
			fmt.Fprintf(env.Stderr, "scenario playtest: recall below --min-recall %s: %s\n", pct(minRecall), strings.Join(low, ", "))
			return ExitInvalid
		}
	}
	return ExitOK
}

// verdictLabel names a verdict column for people.
func verdictLabel(v string) string {
	if v == trainer.NoClearDrift {
		return "no clear drift"
	}
	return v
}

func pct(x float64) string {
	s := strconv.FormatFloat(math.Round(x*1000)/10, 'f', 1, 64)
	return s + "%"
}

func printPersonas(w io.Writer, rep *trainer.PersonaReport) {
	fmt.Fprintf(w, "Simulated players: %d runs per persona and for random, seed %d, q %g\n", rep.Runs, rep.Seed, rep.Q)
	fmt.Fprintf(w, "A run plays every scenario of its language in order, as one assessment, and is classed\n")
	fmt.Fprintf(w, "by the summed weights: the archetype when the drift is clear (margin >= %g), otherwise\n", scoring.ClearMargin)
	fmt.Fprintf(w, "\"no clear drift\". A persona takes, with probability %g, the visible choice that feeds its\n", rep.Q)
	fmt.Fprintf(w, "archetype most, otherwise any visible choice. Recall is the share of a persona's runs\n")
	fmt.Fprintf(w, "classed clearly as its own archetype (the matrix's diagonal).\n")
	for _, g := range rep.Groups {
		printPersonaGroup(w, g)
	}
}

func printPersonaGroup(w io.Writer, g *trainer.PersonaGroup) {
	fmt.Fprintf(w, "\n%s: %s, %s\n\n", g.Language, plural(len(g.Scenarios), "scenario"), plural(g.DecisionPoints, "decision point"))
	widths := make([]int, trainer.NumVerdicts)
	fmt.Fprintf(w, "  %-16s", "persona")
	for i, v := range trainer.Verdicts {
		widths[i] = max(len(verdictLabel(v)), 6) + 2
		fmt.Fprintf(w, "%*s", widths[i], verdictLabel(v))
	}
	fmt.Fprintf(w, "%9s%8s\n", "scored", "steps")
	for _, row := range g.Matrix {
		fmt.Fprintf(w, "  %-16s", row.Persona)
		for i, s := range row.Shares {
			fmt.Fprintf(w, "%*s", widths[i], pct(s))
		}
		fmt.Fprintf(w, "%9.1f%8.1f\n", row.MeanScored, row.MeanSteps)
	}
	fmt.Fprintln(w)
	recall := make([]string, 0, scoring.NumArchetypes)
	for i, a := range scoring.Archetypes {
		recall = append(recall, a+" "+pct(g.Recall[i]))
	}
	fmt.Fprintf(w, "  Recall: %s\n", strings.Join(recall, ", "))
	fmt.Fprintf(w, "  Per persona run: %.1f scored decisions (steps that carried weight) of %.1f steps\n", g.MeanScored, g.MeanSteps)
	if g.Unfinished > 0 {
		fmt.Fprintf(w, "  %s stopped without an ending (no visible choice, or %d steps)\n", plural(g.Unfinished, "scenario play"), trainer.MaxSteps)
	}
	fmt.Fprintln(w, "\n  Strategies:")
	for _, s := range g.Strategies {
		printStrategy(w, s)
	}
}

func printStrategy(w io.Writer, s trainer.StrategyResult) {
	what := map[string]string{
		trainer.StrategyRandom:  "any visible choice",
		trainer.StrategyLongest: "the longest choice",
		trainer.StrategyFirst:   "the first choice in file order",
	}[s.Strategy]
	if !s.Deterministic {
		var parts []string
		for i, v := range trainer.Verdicts {
			if s.Counts[i] > 0 {
				parts = append(parts, verdictLabel(v)+" "+pct(s.Shares[i]))
			}
		}
		fmt.Fprintf(w, "    %-8s %s, %d runs: %s\n", s.Strategy, what, s.Runs, strings.Join(parts, ", "))
		fmt.Fprintf(w, "    %-8s mean margin %.2f, clear shock absorber in %s of runs\n", "", s.MeanMargin, pct(s.ClearShockAbsorber))
		return
	}
	verdict := "no clear drift"
	switch {
	case s.Weights == nil:
	case s.Counts[len(s.Counts)-1] == 0:
		verdict = "clearly " + scoring.Archetype(*s.Weights)
	case s.Weights.Sum() == 0:
		verdict += " (no weight at all)"
	case len(s.Tied) > 1:
		verdict += " (a tie of " + strings.Join(s.Tied, " and ") + ")"
	default:
		verdict += " (" + scoring.Archetype(*s.Weights) + " ahead)"
	}
	fmt.Fprintf(w, "    %-8s %s, deterministic so played once: %s, margin %.2f\n", s.Strategy, what, verdict, s.MeanMargin)
}
