package cli

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func runPaths(env *Env, args []string) int {
	fs := newFlags("paths")
	asJSON := fs.Bool("json")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario paths: %v\n", err)
		return ExitUsage
	}
	sc, code := loadOne(env, "paths", fs.Args())
	if sc == nil {
		return code
	}
	stats, err := play.Paths(sc)
	if err != nil {
		var cyc *play.CycleError
		if errors.As(err, &cyc) {
			fmt.Fprintf(env.Stderr, "%s: %v\n", sc.File, err)
		} else {
			fmt.Fprintf(env.Stderr, "scenario paths: %s: %v\n", sc.File, err)
		}
		return ExitInvalid
	}
	if *asJSON {
		writeJSON(env, stats)
		return ExitOK
	}
	printPaths(env.Stdout, sc, stats)
	return ExitOK
}

func printPaths(w io.Writer, sc *scenarios.Scenario, st *play.PathStats) {
	fmt.Fprintf(w, "%s  (%s)\n", sc.Title, sc.ID)
	fmt.Fprintf(w, "%s complete paths (%s states explored)\n\n", groupDigits(st.Total.String()), groupDigits(fmt.Sprint(st.States)))
	fmt.Fprintln(w, "By ending:")
	keys := make([]string, 0, len(st.Endings))
	for k := range st.Endings {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return play.EndingRank(keys[i]) < play.EndingRank(keys[j]) })
	for _, k := range keys {
		fmt.Fprintf(w, "  %-15s %s\n", k, countShare(st.Endings[k], st.Total))
	}
	if st.Stuck != nil {
		fmt.Fprintf(w, "  %-15s %s  (flags hide every choice somewhere: see check's warnings)\n", "stuck", countShare(st.Stuck, st.Total))
	}
	fmt.Fprintln(w, "\nBy archetype:")
	for _, a := range append(scoring.Archetypes[:], play.NoArchetype) {
		fmt.Fprintf(w, "  %-15s %s\n", a, countShare(st.Archetypes[a], st.Total))
	}
	for _, p := range []struct {
		label string
		s     *play.PathSummary
	}{{"Best", st.Best}, {"Worst", st.Worst}} {
		if p.s == nil {
			continue
		}
		arch := p.s.Archetype
		if arch == "" {
			arch = "none"
		}
		fmt.Fprintf(w, "\n%s path by shock_absorber drift (%.0f%%): --choose %s\n", p.label, p.s.ShockAbsorber*100, joinInts(p.s.Choices))
		fmt.Fprintf(w, "  %s\n", wrapIndent(strings.Join(p.s.Path, " -> "), 2))
		fmt.Fprintf(w, "  ending %s, archetype %s, mood %d\n", p.s.Ending, arch, p.s.Mood)
	}
	fmt.Fprintln(w, "\nPaths through each node:")
	for _, n := range sc.Nodes {
		c := st.Nodes[n.ID]
		note := ""
		if c.Sign() == 0 {
			note = "  (never entered)"
		}
		fmt.Fprintf(w, "  %-24s %s%s\n", n.ID, countShare(c, st.Total), note)
	}
}

// countShare prints a count and its share of total.
func countShare(n, total *big.Int) string {
	if n == nil {
		n = new(big.Int)
	}
	share := 0.0
	if total.Sign() > 0 {
		share, _ = new(big.Rat).SetFrac(n, total).Float64()
	}
	return fmt.Sprintf("%s  %5.1f%%", groupDigits(n.String()), share*100)
}

// groupDigits writes 1234567 as 1,234,567 for people to read.
func groupDigits(s string) string {
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
