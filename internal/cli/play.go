package cli

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

func runPlay(env *Env, args []string) int {
	fs := newFlags("play")
	asJSON := fs.Bool("json")
	chooseArg := fs.String("choose", "")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario play: %v\n", err)
		return ExitUsage
	}
	var choices []int
	if fs.IsSet("choose") {
		var err error
		if choices, err = play.ParseChoices(*chooseArg); err != nil {
			fmt.Fprintf(env.Stderr, "scenario play: --choose: %v\n", err)
			return ExitUsage
		}
	}
	sc, code := loadOne(env, "play", fs.Args())
	if sc == nil {
		return code
	}
	if !fs.IsSet("choose") {
		return playInteractive(env, sc, *asJSON)
	}
	run, extra, err := play.Replay(sc, choices)
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario play: %s: %v\n", sc.File, err)
		return ExitUsage
	}
	if extra > 0 {
		unused := "the last index given was not used"
		if extra > 1 {
			unused = "the last " + plural(extra, "index") + " given were not used"
		}
		fmt.Fprintf(env.Stderr, "scenario play: note: the run ended after %d choice(s); %s\n", len(choices)-extra, unused)
	}
	rep := run.Report()
	if *asJSON {
		writeJSON(env, rep)
	} else {
		printTranscript(env.Stdout, sc, rep)
	}
	return ExitOK
}

// playInteractive asks for each choice on stdin.
func playInteractive(env *Env, sc *scenarios.Scenario, asJSON bool) int {
	out := env.Stdout
	if asJSON {
		out = env.Stderr // keep stdout for the report
	}
	in := bufio.NewScanner(env.Stdin)
	run := play.New(sc)
	printHeader(out, sc)
	for !run.Done() {
		n := run.Node()
		printNode(out, n)
		vis := run.Visible()
		if len(vis) == 0 {
			fmt.Fprintf(env.Stderr, "scenario play: %s: node %q: %v\n", sc.File, n.ID, play.ErrStuck)
			return ExitUsage
		}
		for i, o := range vis {
			fmt.Fprintf(out, "  %d. %s\n", i+1, wrapIndent(o.Choice.Text, 5))
		}
		var pick int
		for {
			fmt.Fprintf(out, "Choose 1-%d: ", len(vis))
			if !in.Scan() {
				fmt.Fprintf(out, "\n")
				fmt.Fprintf(env.Stderr, "scenario play: input ended at node %q before an ending (%v)\n", n.ID, play.ErrChoicesRanOut)
				return ExitUsage
			}
			k, err := strconv.Atoi(strings.TrimSpace(in.Text()))
			if err == nil && k >= 1 && k <= len(vis) {
				pick = k
				break
			}
			fmt.Fprintf(out, "  Type a number from 1 to %d.\n", len(vis))
		}
		st, err := run.Choose(pick - 1)
		if err != nil {
			fmt.Fprintf(env.Stderr, "scenario play: %v\n", err)
			return ExitUsage
		}
		printStepOutcome(out, st)
	}
	rep := run.Report()
	if asJSON {
		writeJSON(env, rep)
		return ExitOK
	}
	printEnding(out, sc, rep)
	return ExitOK
}

func printHeader(w io.Writer, sc *scenarios.Scenario) {
	who := "the customer"
	if sc.Customer.Name != "" {
		who = sc.Customer.Name
	}
	fmt.Fprintf(w, "%s  (%s, %s)\n", sc.Title, sc.ID, sc.Language)
	if sc.Summary != "" {
		fmt.Fprintf(w, "%s\n", wrapIndent(sc.Summary, 0))
	}
	fmt.Fprintf(w, "%s starts at mood %d/100.\n\n", who, sc.Customer.Mood)
}

func printNode(w io.Writer, n *scenarios.Node) {
	fmt.Fprintf(w, "[%s] %s: %s\n", n.ID, n.Speaker, wrapIndent(n.Text, len(n.ID)+len(n.Speaker)+5))
	if len(n.Fit) > 0 {
		fmt.Fprintf(w, "  (fits here: %s)\n", strings.Join(n.Fit, ", "))
	}
}

func printStepOutcome(w io.Writer, st play.Step) {
	action := st.Action
	if action == "" {
		action = "no action"
	}
	fit := ""
	switch {
	case len(st.Fit) == 0:
	case st.Fits:
		fit = " · fits"
	default:
		fit = " · does not fit"
	}
	fmt.Fprintf(w, "     %s + %s%s · %s · mood %d -> %d\n", action, st.FollowUp, fit, describeWeights(st.Weights), st.MoodFrom, st.MoodTo)
	if st.Feedback != "" {
		fmt.Fprintf(w, "     Coach: %s\n", wrapIndent(st.Feedback, 12))
	}
	if st.WalkedOut {
		fmt.Fprintf(w, "     The customer has had enough and walks out.\n")
	}
	fmt.Fprintln(w)
}

func describeWeights(w scoring.Weights) string {
	var parts []string
	for i, a := range scoring.Archetypes {
		if w[i] != 0 {
			parts = append(parts, fmt.Sprintf("%s +%s", a, strconv.FormatFloat(w[i], 'g', 4, 64)))
		}
	}
	if len(parts) == 0 {
		return "no weight"
	}
	return strings.Join(parts, ", ")
}

func printTranscript(w io.Writer, sc *scenarios.Scenario, rep play.Report) {
	printHeader(w, sc)
	for _, st := range rep.Steps {
		printNode(w, sc.Node(st.Node))
		fmt.Fprintf(w, "  > %d. %s\n", st.Choice, wrapIndent(st.Text, 7))
		printStepOutcome(w, st)
	}
	printEnding(w, sc, rep)
}

func printEnding(w io.Writer, sc *scenarios.Scenario, rep play.Report) {
	if !rep.WalkedOut {
		if n := sc.Node(rep.Path[len(rep.Path)-1]); n != nil {
			printNode(w, n)
			fmt.Fprintln(w)
		}
	}
	how := rep.Ending
	if rep.WalkedOut {
		how += " (the customer walked out)"
	}
	fmt.Fprintf(w, "Ending:    %s, mood %d/100\n", how, rep.Mood)
	fmt.Fprintf(w, "Archetype: %s\n", describeVerdict(rep.Archetype, rep.Tied, rep.Margin))
	fmt.Fprintf(w, "Drift:     %s\n", describeDrift(rep.Drift))
	if rep.Decisions > 0 {
		fmt.Fprintf(w, "Fitting actions: %d of %d decisions\n", rep.Fitting, rep.Decisions)
	}
	fmt.Fprintf(w, "Choices:   %s\n", joinInts(rep.Choices))
}

// describeVerdict names the archetype as scoring v2 lets it be said: a tie
// as a tie, a margin under scoring.ClearMargin as no clear drift yet.
func describeVerdict(arch string, tied []string, margin float64) string {
	switch {
	case arch == "":
		return "none (no choice carried weight)"
	case len(tied) > 1:
		return fmt.Sprintf("no clear drift yet: %s tie (listed as %s)", strings.Join(tied, ", "), arch)
	case margin < scoring.ClearMargin:
		return fmt.Sprintf("no clear drift yet: leaning %s by %.0f points (clear from %.0f)", arch, margin*100, scoring.ClearMargin*100)
	}
	return fmt.Sprintf("%s (clear: ahead by %.0f points)", arch, margin*100)
}

func describeDrift(d scoring.Weights) string {
	parts := make([]string, len(scoring.Archetypes))
	for i, a := range scoring.Archetypes {
		parts[i] = fmt.Sprintf("%s %.0f%%", a, d[i]*100)
	}
	return strings.Join(parts, " · ")
}

func joinInts(list []int) string {
	parts := make([]string, len(list))
	for i, n := range list {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) == 0 {
		return "(none)"
	}
	return strings.Join(parts, ",")
}

// wrapIndent wraps text at 80 columns, indenting continuation lines.
func wrapIndent(text string, indent int) string {
	const width = 80
	words := strings.Fields(text)
	var b strings.Builder
	col := indent
	for i, word := range words {
		n := len([]rune(word))
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n")
				b.WriteString(strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}
