package cli

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// maxPlaytestRuns keeps a typo (--runs 1e9) from running for hours.
const maxPlaytestRuns = 10_000_000

// runPlaytest plays a scenario many times at random, reproducibly for a
// seed, and reports what no run reached.
func runPlaytest(env *Env, args []string) int {
	fl := newFlags("playtest")
	runsArg := fl.String("runs", "1000")
	seedArg := fl.String("seed", "1")
	asJSON := fl.Bool("json")
	personas := fl.Bool("personas")
	qArg := fl.String("q", strconv.FormatFloat(trainer.DefaultPersonaQ, 'g', -1, 64))
	langArg := fl.String("lang", "")
	minRecallArg := fl.String("min-recall", "")
	if err := fl.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario playtest: %v\n", err)
		return ExitUsage
	}
	if !*personas {
		for _, name := range []string{"q", "lang", "min-recall"} {
			if fl.IsSet(name) {
				fmt.Fprintf(env.Stderr, "scenario playtest: --%s goes with --personas (scenario playtest --personas PATH... --%s ...)\n", name, name)
				return ExitUsage
			}
		}
	}
	runs, err := strconv.Atoi(*runsArg)
	if err != nil || runs < 1 || runs > maxPlaytestRuns {
		fmt.Fprintf(env.Stderr, "scenario playtest: --runs must be a whole number from 1 to %d, not %q\n", maxPlaytestRuns, *runsArg)
		return ExitUsage
	}
	seed, err := strconv.ParseUint(*seedArg, 10, 64)
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario playtest: --seed must be a whole number from 0 to 18446744073709551615, not %q\n", *seedArg)
		return ExitUsage
	}
	if *personas {
		return runPersonas(env, fl.Args(), runs, seed, *qArg, *langArg, *minRecallArg, *asJSON)
	}
	sc, code := loadOne(env, "playtest", fl.Args())
	if sc == nil {
		return code
	}
	pt := trainer.RunPlaytest(sc, runs, seed)
	if *asJSON {
		writeJSON(env, pt)
		return ExitOK
	}
	printPlaytest(env.Stdout, sc, pt, trainer.Explore(sc))
	return ExitOK
}

func printPlaytest(w io.Writer, sc *scenarios.Scenario, pt *trainer.Playtest, reach *trainer.Reach) {
	total := pt.Runs
	fmt.Fprintf(w, "%s  (%s)\n", sc.Title, sc.ID)
	fmt.Fprintf(w, "%d random runs with seed %d, each picking any visible choice with equal chance\n\n", pt.Runs, pt.Seed)
	fmt.Fprintln(w, "By ending:")
	keys := make([]string, 0, len(pt.Endings))
	for k := range pt.Endings {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if play.EndingRank(keys[i]) != play.EndingRank(keys[j]) {
			return play.EndingRank(keys[i]) < play.EndingRank(keys[j])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		fmt.Fprintf(w, "  %-15s %s\n", k, trainerShare(pt.Endings[k], total))
		if k == scoring.Lost && pt.WalkedOut > 0 {
			// A part of the lost runs: its share is of all runs, like
			// the rows above, and the sentence gives its share of the lost.
			fmt.Fprintf(w, "    %-13s %s  of all runs; %.1f%% of the lost runs (the mood reached 0)\n", "walked out",
				trainerShare(pt.WalkedOut, total), float64(pt.WalkedOut)/float64(pt.Endings[k])*100)
		}
	}
	fmt.Fprintln(w, "\nBy archetype:")
	for _, a := range append(scoring.Archetypes[:], play.NoArchetype) {
		fmt.Fprintf(w, "  %-15s %s\n", a, trainerShare(pt.Archetypes[a], total))
	}
	fmt.Fprintf(w, "\nChoices per run: %.1f on average\n", pt.AverageSteps)
	if len(pt.NodesNeverReached) == 0 && len(pt.ChoicesNeverTaken) == 0 {
		fmt.Fprintln(w, "\nEvery node was reached and every choice taken at least once.")
		return
	}
	if len(pt.NodesNeverReached) > 0 {
		fmt.Fprintf(w, "\nNodes no run reached (%d):\n", len(pt.NodesNeverReached))
		for _, id := range pt.NodesNeverReached {
			note := "  (reachable: try more runs)"
			if reach.Complete && !reach.Entered[id] {
				note = "  (no run can ever enter it)"
			}
			fmt.Fprintf(w, "  %s%s\n", id, note)
		}
	}
	if len(pt.ChoicesNeverTaken) > 0 {
		fmt.Fprintf(w, "\nChoices no run took (%d), by their position in the file:\n", len(pt.ChoicesNeverTaken))
		for _, c := range pt.ChoicesNeverTaken {
			note := ""
			if shown := reach.Shown[c.Node]; reach.Complete && c.Choice-1 < len(shown) && !shown[c.Choice-1] {
				note = "  (never visible)"
			}
			fmt.Fprintf(w, "  %s choice %d: %s%s\n", c.Node, c.Choice, c.Text, note)
		}
	}
}

// trainerShare prints a count and its share of total.
func trainerShare(n, total int) string {
	share := 0.0
	if total > 0 {
		share = float64(n) / float64(total) * 100
	}
	return fmt.Sprintf("%7d  %5.1f%%", n, share)
}
