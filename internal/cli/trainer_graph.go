package cli

import (
	"fmt"
	"strconv"

	"github.com/shockabsorber/shockabsorber/trainer"
)

// runGraph draws a scenario as a Graphviz DOT or Mermaid graph.
func runGraph(env *Env, args []string) int {
	fs := newFlags("graph")
	format := fs.String("format", "dot")
	text := fs.Bool("text")
	walkouts := fs.Bool("walkouts")
	fenced := fs.Bool("fenced")
	width := fs.String("width", "40")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario graph: %v\n", err)
		return ExitUsage
	}
	if *format != "dot" && *format != "mermaid" {
		fmt.Fprintf(env.Stderr, "scenario graph: --format must be dot or mermaid, not %q\n", *format)
		return ExitUsage
	}
	if *fenced && *format != "mermaid" {
		fmt.Fprintln(env.Stderr, "scenario graph: --fenced goes with --format mermaid (it puts the flowchart in a Markdown code fence)")
		return ExitUsage
	}
	w, err := strconv.Atoi(*width)
	if err != nil || w < 8 || w > 400 {
		fmt.Fprintf(env.Stderr, "scenario graph: --width must be a number of characters from 8 to 400, not %q\n", *width)
		return ExitUsage
	}
	sc, code := loadOne(env, "graph", fs.Args())
	if sc == nil {
		return code
	}
	opt := trainer.GraphOptions{Text: *text, WalkOuts: *walkouts, Width: w, Fenced: *fenced}
	if *format == "mermaid" {
		fmt.Fprint(env.Stdout, trainer.Mermaid(sc, opt))
	} else {
		fmt.Fprint(env.Stdout, trainer.DOT(sc, opt))
	}
	return ExitOK
}
