package trainer

// Item-writing checks: what `scenario check` warns about beyond the format.
// A scenario is a test item as much as a story, and some ways of writing it
// let a player find the best option without reading the case, or let the
// score say something the run does not. Each check below is one such way;
// docs/writing-scenarios.md explains them to trainers with examples.

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// itemPathLimits bound the exact path count the item checks run to
// Explore's bound, for states and for combinations of state and score
// alike (`scenario paths` allows ten and twenty-five times more): check
// stays quick on any file. A file past them skips the checks that need the
// count, silently; `scenario paths` says why.
var itemPathLimits = play.Limits{States: maxExploreStates, Entries: maxExploreStates}

// ItemChecks returns the item-writing warnings for a valid scenario, each
// with the file and line of the node, choice or key concerned and a message
// that says what to change. The checks, exactly:
//
// A decision point is a node with fit and at least two choices. A choice's
// weights are play.ChoiceWeights; the best options of a decision point are
// the choices with the largest shock_absorber weight, when that weight is
// above 0 and not every choice of the node has it.
//
//  1. Best is longest: the decision points where a best option is at least
//     as long (in characters) as every other choice. One warning per file,
//     at the first of them, when they are more than half of the file's
//     decision points and at least two.
//  2. Only owner: a decision point where every choice with an owning
//     follow-up (monitor, close) is a best option.
//  3. Reading time: a node whose time_limit is shorter than ReadingSeconds
//     of its text and all its choices' texts.
//  4. Spoiler: a tag, or a token in the title, the summary, a node's title
//     or text or a choice's text, that names the fit (see spoilerTag and
//     spoilerText).
//  5. Walk-out labelled shock absorber: paths that end lost yet come out
//     shock_absorber (play.Paths), at the last choice of an example.
//  6. Weightless walk-out: a choice with no weight at all that can bring
//     the mood to 0 (Explore).
//  7. Ending never entered: an ending node (the walkout scene included) no
//     complete path enters, unless check already calls it unreachable.
//  8. Unreachable archetype: an archetype no complete path comes out as, in
//     a file where some run takes at least two decision points.
//
// Checks 5 and 8 need play.Paths and are skipped for files with a cycle or
// past itemPathLimits; check 7 then uses Explore when it finished.
func ItemChecks(sc *scenarios.Scenario) scenarios.Diagnostics {
	if sc == nil {
		return nil
	}
	ic := &itemChecker{sc: sc}
	ic.bestOptions()
	ic.bestIsLongest()
	ic.onlyOwner()
	ic.readingTime()
	ic.spoilers()
	ic.runs()
	ic.diags.Sort()
	return ic.diags
}

type itemChecker struct {
	sc    *scenarios.Scenario
	diags scenarios.Diagnostics
	// best[i] marks the best options of sc.Nodes[i] (nil when the node is
	// not a decision point or has no best option); decision counts the
	// decision points.
	best     [][]bool
	decision int
}

func (ic *itemChecker) warn(line int, format string, args ...any) {
	ic.diags = append(ic.diags, scenarios.Diagnostic{File: ic.sc.File, Line: line, Warning: true, Message: fmt.Sprintf(format, args...)})
}

// IsDecisionPoint reports whether a node is a decision point: it has fit
// and at least two choices.
func IsDecisionPoint(n *scenarios.Node) bool { return len(n.Fit) > 0 && len(n.Choices) >= 2 }

// BestOptions marks the best options of a decision point: the choices with
// the largest shock_absorber weight, when that weight is above 0 and not
// every choice has it. It returns nil when the node has none (or is not a
// decision point).
func BestOptions(n *scenarios.Node) []bool {
	if !IsDecisionPoint(n) {
		return nil
	}
	sa := scoring.Index(scoring.ShockAbsorber)
	top, count := 0.0, 0
	for _, c := range n.Choices {
		switch w := play.ChoiceWeights(n, c)[sa]; {
		case w > top:
			top, count = w, 1
		case w == top:
			count++
		}
	}
	if top <= 0 || count == len(n.Choices) {
		return nil
	}
	best := make([]bool, len(n.Choices))
	for i, c := range n.Choices {
		best[i] = play.ChoiceWeights(n, c)[sa] == top
	}
	return best
}

func (ic *itemChecker) bestOptions() {
	ic.best = make([][]bool, len(ic.sc.Nodes))
	for i, n := range ic.sc.Nodes {
		if IsDecisionPoint(n) {
			ic.decision++
			ic.best[i] = BestOptions(n)
		}
	}
}

// bestIsLongest is check 1.
func (ic *itemChecker) bestIsLongest() {
	var lines []string
	first := 0
	for i, n := range ic.sc.Nodes {
		best := ic.best[i]
		if best == nil {
			continue
		}
		longest, bestLen := 0, 0
		for j, c := range n.Choices {
			l := utf8.RuneCountInString(c.Text)
			longest = max(longest, l)
			if best[j] {
				bestLen = max(bestLen, l)
			}
		}
		if bestLen < longest {
			continue
		}
		if first == 0 {
			first = n.Line
		}
		lines = append(lines, strconv.Itoa(n.Line))
	}
	if len(lines) < 2 || 2*len(lines) <= ic.decision {
		return
	}
	ic.warn(first, "the best option is also the longest at %d of %d decision points (lines %s): players learn to pick by length; make a wrong option the longest at some of them (the disperser's many fronts, the connector's big meeting read long naturally)",
		len(lines), ic.decision, strings.Join(lines, ", "))
}

// onlyOwner is check 2.
func (ic *itemChecker) onlyOwner() {
	for i, n := range ic.sc.Nodes {
		best := ic.best[i]
		if best == nil {
			continue
		}
		var owners []string
		wrongOwner := false
		for j, c := range n.Choices {
			if !scoring.Owns(c.FollowUp) {
				continue
			}
			owners = append(owners, strconv.Itoa(j+1))
			if !best[j] {
				wrongOwner = true
			}
		}
		if len(owners) == 0 || wrongOwner {
			continue
		}
		what := "the best option (choice " + owners[0] + ") is the only one"
		if len(owners) > 1 {
			what = "the best options (choices " + strings.Join(owners, ", ") + ") are the only ones"
		}
		ic.warn(n.Line, "at node %q %s with an owning follow-up (monitor or close): players learn to pick the one option that promises to follow up; give a wrong action an owning follow-up too (e.g. a disperser who personally chases every team)", n.ID, what)
	}
}

// Reading speeds, scaled from the IReST reading-speed norms (Trauzettel-
// Klosinski & Dietz, 2012) so that English reads at 200 words a minute.
// zh and ja are counted in characters, the rest in words.
var (
	wordsPerMinute = map[string]float64{
		"en": 200, "es": 191, "pt": 159, "fr": 171, "de": 157, "it": 165,
		"nl": 177, "sv": 191, "fi": 141, "pl": 146, "ru": 161, "tr": 146,
	}
	charsPerMinute = map[string]float64{"zh": 224, "ja": 313}
)

// defaultWordsPerMinute is the speed of a language the table lacks.
const defaultWordsPerMinute = 200

// thinkingSeconds is what a suggested time limit adds to the reading time.
const thinkingSeconds = 10

// ReadingSpeed returns how many units a reader of language (a BCP 47 tag,
// keyed by its primary subtag: "pt-BR" reads as "pt") reads in a minute,
// and whether the units are characters (Chinese and Japanese) rather than
// words (every other language, 200 a minute when the table lacks it).
func ReadingSpeed(language string) (perMinute float64, characters bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(language)), "-")
	if v, ok := charsPerMinute[primary]; ok {
		return v, true
	}
	if v, ok := wordsPerMinute[primary]; ok {
		return v, false
	}
	return defaultWordsPerMinute, false
}

// ReadingUnits counts what a reader of language reads in texts: words
// separated by white space, or, in Chinese and Japanese, CJK characters
// (Han, and in Japanese kana too), each run of other letters or digits in
// such a text (a name in Latin letters, a number) counting as one.
func ReadingUnits(language string, texts ...string) int {
	_, chars := ReadingSpeed(language)
	n := 0
	for _, t := range texts {
		if !chars {
			n += len(strings.Fields(t))
			continue
		}
		inRun := false
		for _, r := range t {
			switch {
			case isCJK(r):
				n++
				inRun = false
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if !inRun {
					n++
				}
				inRun = true
			default:
				inRun = false
			}
		}
	}
	return n
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー'
}

// ReadingSeconds returns how long a reader of language takes to read texts:
// ReadingUnits at ReadingSpeed.
func ReadingSeconds(language string, texts ...string) float64 {
	speed, _ := ReadingSpeed(language)
	return readingSeconds(ReadingUnits(language, texts...), speed)
}

func readingSeconds(units int, perMinute float64) float64 {
	return float64(units) * 60 / perMinute
}

// SuggestedTimeLimit is the time limit the reading-time check suggests:
// the reading time plus 10 seconds to think, rounded up to a multiple of 5.
func SuggestedTimeLimit(readingSeconds float64) int {
	return int(math.Ceil((readingSeconds+thinkingSeconds)/5-1e-9)) * 5
}

// readingTime is check 3.
func (ic *itemChecker) readingTime() {
	lang := ic.sc.Language
	speed, chars := ReadingSpeed(lang)
	unit := "words"
	if chars {
		unit = "characters"
	}
	for _, n := range ic.sc.Nodes {
		if n.TimeLimit <= 0 || n.IsEnding() {
			continue
		}
		texts := make([]string, 0, 1+len(n.Choices))
		texts = append(texts, n.Text)
		for _, c := range n.Choices {
			texts = append(texts, c.Text)
		}
		units := ReadingUnits(lang, texts...)
		secs := readingSeconds(units, speed)
		if float64(n.TimeLimit) >= secs {
			continue
		}
		ic.warn(n.Line, "node %q gives %d s to decide, but reading its text and %d choice(s) takes %.1f s (%d %s at %g %s a minute, language %s): raise time_limit to %d (the reading time plus %d s to think, rounded up to 5) or shorten the texts",
			n.ID, n.TimeLimit, len(n.Choices), secs, units, unit, speed, unit, lang, SuggestedTimeLimit(secs), thinkingSeconds)
	}
}

// fitNames are the names a spoiler can use for what fits: the actions (also
// as the game calls them in Portuguese and Spanish) and the archetypes.
var fitNames = []string{
	scoring.Assume, scoring.Derive, scoring.Connect, scoring.Escalate,
	"assumir", "asumir", "derivar", "conectar", "escalar",
	scoring.Pivot, scoring.Spring, scoring.Connector, scoring.Disperser, "shockabsorber",
}

// spoilerTag reports whether a tag names the fit: once lowercased and
// stripped of '-', '_' and spaces, it is an action or archetype
// ("escalate", "shock-absorber") or one prefixed with fit ("fit-assume",
// "fit_derive", "fitassume").
func spoilerTag(tag string) bool {
	t := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(tag))
	t = strings.TrimPrefix(t, "fit")
	for _, name := range fitNames {
		if t == name {
			return true
		}
	}
	return false
}

var (
	actionWords = strings.Join([]string{
		scoring.Assume, scoring.Derive, scoring.Connect, scoring.Escalate,
		"assumir", "asumir", "derivar", "conectar", "escalar"}, "|")
	// fit-derive, fit_derive, fitderive, fit: connect, fit = ["assume"],
	// fit-shock-absorber; not "fit derive" (plain prose).
	fitToken = regexp.MustCompile(`(?i)\bfit(?:[-_]|\s*[:=]\s*[\["']*\s*)?(?:` + actionWords + `|pivot|spring|connector|disperser|shock[-_ ]?absorber)\b`)
	// [escalate], (assume), [ derivar ]
	bracketed = regexp.MustCompile(`(?i)[\[(]\s*(?:` + actionWords + `)\s*[\])]`)
)

// spoilerText returns the token of text that names the fit, or "". The
// regular expressions run only on texts that have what they need ("fit",
// a bracket): most texts have neither, and this is most of check's work.
func spoilerText(text string) string {
	if hasFit(text) {
		if m := fitToken.FindString(text); m != "" {
			return m
		}
	}
	if strings.ContainsAny(text, "[(") {
		return bracketed.FindString(text)
	}
	return ""
}

// hasFit reports whether text contains "fit" in any case.
func hasFit(text string) bool {
	for i := 0; i+3 <= len(text); i++ {
		if text[i]|0x20 == 'f' && text[i+1]|0x20 == 'i' && text[i+2]|0x20 == 't' {
			return true
		}
	}
	return false
}

// spoilers is check 4.
func (ic *itemChecker) spoilers() {
	sc := ic.sc
	for i, tag := range sc.Tags {
		if spoilerTag(tag) {
			ic.warn(sc.Line(fmt.Sprintf("tags[%d]", i)), "tag %q names what fits: players see the tags before they choose, so it gives the answer away; remove it (tags say what the case is about: billing, outage, channel, industry)", tag)
		}
	}
	// Paths and descriptions are made only for the texts that need them.
	text := func(s string, path func() string, what string, args ...any) {
		if tok := spoilerText(s); tok != "" {
			ic.warn(sc.Line(path()), "%s names what fits (%q): players read it before they choose, so it gives the answer away; remove it", fmt.Sprintf(what, args...), tok)
		}
	}
	text(sc.Title, func() string { return "title" }, "the scenario's title")
	text(sc.Summary, func() string { return "summary" }, "the summary")
	for i, n := range sc.Nodes {
		text(n.Title, func() string { return fmt.Sprintf("node[%d].title", i) }, "the title of node %q", n.ID)
		text(n.Text, func() string { return fmt.Sprintf("node[%d].text", i) }, "the text of node %q", n.ID)
		for j, c := range n.Choices {
			text(c.Text, func() string { return fmt.Sprintf("node[%d].choice[%d].text", i, j) }, "the text of choice %d of node %q", j+1, n.ID)
		}
	}
}

// runs holds checks 5 to 8, which follow what runs can do.
func (ic *itemChecker) runs() {
	sc := ic.sc
	if sc.Node(sc.Start) == nil {
		return
	}
	reach := Explore(sc)
	stats, err := play.PathsWithLimits(sc, itemPathLimits)
	if err != nil {
		stats = nil // a cycle or too large: skip what needs the count
	}
	if stats != nil {
		ic.lostShockAbsorber(stats)
	}
	ic.weightlessWalkOuts(reach)
	ic.endingsNeverEntered(reach, stats)
	if stats != nil {
		ic.unreachableArchetypes(stats)
	}
}

// lostShockAbsorber is check 5.
func (ic *itemChecker) lostShockAbsorber(stats *play.PathStats) {
	ex := stats.LostExample
	if stats.LostShockAbsorber == nil || ex == nil || len(ex.Choices) == 0 {
		return
	}
	r, _, _ := play.Replay(ic.sc, ex.Choices)
	steps := r.Steps()
	if len(steps) == 0 {
		return
	}
	last := steps[len(steps)-1]
	line := 0
	if n := ic.sc.Node(last.Node); n != nil && last.Option >= 1 && last.Option <= len(n.Choices) {
		line = n.Choices[last.Option-1].Line
	}
	count := "1 path ends lost yet comes"
	if stats.LostShockAbsorber.Cmp(big.NewInt(1)) != 0 {
		count = stats.LostShockAbsorber.String() + " paths end lost yet come"
	}
	ic.warn(line, "%s out shock_absorber, e.g. --choose %s (%s): a customer who leaves has not been well served, but the debrief would call the player a shock absorber; make the owning, fitting choices on the way cost less mood, or give the choices that lose the customer more weight toward their archetype",
		count, joinInts(ex.Choices), strings.Join(ex.Path, " → "))
}

func joinInts(list []int) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

// weightlessWalkOuts is check 6.
func (ic *itemChecker) weightlessWalkOuts(reach *Reach) {
	for _, n := range ic.sc.Nodes {
		walk := reach.WalkOut[n.ID]
		for i, c := range n.Choices {
			if i >= len(walk) || !walk[i] || play.ChoiceWeights(n, c).Sum() != 0 {
				continue
			}
			ic.warn(c.Line, "choice %d of node %q carries no weight yet can bring the mood to 0: the run ends lost and the step says nothing about the player; give it weight (an action on a node with fit, a follow_up other than none, or a drift table) or a smaller mood drop", i+1, n.ID)
		}
	}
}

// endingsNeverEntered is check 7: by the exact node counts when there are
// some, else by what Explore found when it finished.
func (ic *itemChecker) endingsNeverEntered(reach *Reach, stats *play.PathStats) {
	sc := ic.sc
	if stats == nil && !reach.Complete {
		return
	}
	walkOuts := false
	for _, list := range reach.WalkOut {
		for _, w := range list {
			walkOuts = walkOuts || w
		}
	}
	for _, n := range sc.Nodes {
		if !n.IsEnding() || sc.Node(n.ID) != n || ic.checkCallsUnreachable(reach, n.ID) {
			continue
		}
		var entered bool
		switch {
		case stats != nil:
			entered = stats.Nodes[n.ID] != nil && stats.Nodes[n.ID].Sign() > 0
		case n.ID == sc.Walkout:
			entered = walkOuts || reach.Entered[n.ID]
		default:
			entered = reach.Entered[n.ID]
		}
		if entered {
			continue
		}
		if n.ID == sc.Walkout {
			ic.warn(n.Line, "the walkout scene %q is never entered: no path takes the mood to 0; let the choices that would really drive a customer away cost enough mood, or leave walkout and the scene out", n.ID)
			continue
		}
		ic.warn(n.Line, "ending node %q is never entered by a complete run: the flags (requires, unless) and moods on the way keep every player out; change the choices that lead there, or remove it", n.ID)
	}
}

// checkCallsUnreachable reports whether scenarios' own check already warns
// that a node is unreachable: no choice leads there from the start, and,
// for the walkout scene, no choice on the way lowers the mood (the same
// rule as scenarios' reachability).
func (ic *itemChecker) checkCallsUnreachable(reach *Reach, id string) bool {
	if reach.Static[id] {
		return false
	}
	sc := ic.sc
	if id != sc.Walkout {
		return true
	}
	for _, n := range sc.Nodes {
		if !reach.Static[n.ID] {
			continue
		}
		for _, c := range n.Choices {
			if c.Mood < 0 || sc.Customer.Mood <= 0 {
				return false
			}
		}
	}
	return true
}

// archetypeAdvice says, per archetype, which player a file without it
// misclassifies and what option to add.
var archetypeAdvice = map[string]string{
	scoring.Pivot:         "a player who passes cases on with a quick promise and nothing behind it would be classed as something else; add, at a decision point, an option that hands the case to another team with follow_up = \"promise\" (action = \"derive\")",
	scoring.Spring:        "a player who holds on to cases they cannot solve would be classed as something else; add, at a decision point where assume does not fit, an option that keeps the case (action = \"assume\"), sounding confident",
	scoring.Connector:     "a player who gathers people around every case with nobody in charge would be classed as something else; add, at a decision point where connect does not fit, an option that calls the big meeting (action = \"connect\")",
	scoring.Disperser:     "a player who opens several fronts at once would be classed as something else; add, at a decision point where escalate does not fit, an option that raises it on several fronts (action = \"escalate\")",
	scoring.ShockAbsorber: "a player who reads every case right and owns it would never be recognised; give each decision point an option with a fitting action and follow_up = \"monitor\" or \"close\", with a mood that keeps the customer",
}

// unreachableArchetypes is check 8.
func (ic *itemChecker) unreachableArchetypes(stats *play.PathStats) {
	if !someRunTakesTwoDecisions(ic.sc) {
		return
	}
	for _, a := range scoring.Archetypes {
		if c := stats.Archetypes[a]; c != nil && c.Sign() > 0 {
			continue
		}
		ic.warn(ic.sc.Line("id"), "no path comes out %s: %s", a, archetypeAdvice[a])
	}
}

// someRunTakesTwoDecisions reports whether some run takes at least two
// decision points, by exploring (node, mood, flags, decision points taken,
// up to 2) states with the engine's rules. Past maxExploreStates it answers
// false: a file that large is not one vignette, but nothing was found.
func someRunTakesTwoDecisions(sc *scenarios.Scenario) bool {
	type state struct {
		node      string
		mood      int
		flags     scenarios.FlagSet
		decisions int
	}
	start := state{sc.Start, play.NextMood(sc.Customer.Mood, 0), "", 0}
	seen := map[state]bool{start: true}
	stack := []state{start}
	var opts []play.Option
	for len(stack) > 0 {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := sc.Node(st.node)
		if n == nil || n.IsEnding() {
			continue
		}
		d := st.decisions
		if IsDecisionPoint(n) {
			d++
		}
		opts = play.VisibleOptions(n, st.flags.Has, opts[:0])
		if d >= 2 && len(opts) > 0 {
			return true
		}
		for _, o := range opts {
			mood := play.NextMood(st.mood, o.Choice.Mood)
			if play.WalksOut(mood) {
				continue
			}
			next := state{o.Choice.Next, mood, st.flags.With(o.Choice.Sets), d}
			if seen[next] || len(seen) >= maxExploreStates {
				continue
			}
			seen[next] = true
			stack = append(stack, next)
		}
	}
	return false
}
