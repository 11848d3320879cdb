package panel

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// ---- names and labels ----

// bidiControls are the bidirectional embedding, override and isolate
// characters: in a name they reorder what is shown around it (an export
// row, a page), so names may not hold them. The marks (U+200E, U+200F,
// U+061C) stay allowed.
var bidiControls = map[rune]string{
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

// forbiddenRune reports whether r may not appear in a name or label:
// control characters (C0, DEL, C1), the line and paragraph separators,
// and the bidi controls above.
func forbiddenRune(r rune) bool {
	return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || bidiControls[r] != ""
}

func runeName(r rune) string {
	if n := bidiControls[r]; n != "" {
		return n
	}
	switch r {
	case 0x2028:
		return "LINE SEPARATOR"
	case 0x2029:
		return "PARAGRAPH SEPARATOR"
	}
	return "a control character"
}

// checkText returns why a name or label (what says field, e.g. `the
// field "candidate"`) cannot be stored, or "".
func checkText(what, s string) string {
	if !utf8.ValidString(s) {
		return what + " is not valid UTF-8"
	}
	pos := 0
	for _, r := range s {
		pos++
		if forbiddenRune(r) {
			return fmt.Sprintf("%s contains %U (%s) at character %d: names and labels may not contain control characters or bidirectional embedding, override or isolate characters", what, r, runeName(r), pos)
		}
	}
	return ""
}

// escapeText shows the characters names may not hold as [U+XXXX], for
// exports of rows stored before they were refused.
func escapeText(s string) string {
	if !strings.ContainsFunc(s, forbiddenRune) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if forbiddenRune(r) {
			fmt.Fprintf(&b, "[%U]", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ---- how long a transcript may be ----

const (
	// loopFactor and loopMinSteps cap the steps of a scenario that can loop:
	// loopFactor times its decision nodes, at least loopMinSteps.
	loopFactor   = 4
	loopMinSteps = 16
	// MaxReportBytes caps one stored report, MaxSubmissionReportBytes the
	// reports of one submission together. The bundled library's reports
	// are under 12 KB.
	MaxReportBytes           = 256 << 10
	MaxSubmissionReportBytes = 2 << 20
)

// stepCap returns the most steps a run of sc can take, and whether sc can
// loop. Without a loop it is the longest path, in choices, from the start
// to an ending (flags can only hide choices, so no run is longer). With
// one, runs are unbounded and the cap is loopFactor steps per decision
// node reachable from the start, at least loopMinSteps.
func stepCap(sc *scenarios.Scenario) (steps int, loops bool) {
	index := make(map[string]int, len(sc.Nodes))
	for i, n := range sc.Nodes {
		index[n.ID] = i
	}
	start, ok := index[sc.Start]
	if !ok {
		return 0, false
	}
	succ := make([][]int, len(sc.Nodes))
	for i, n := range sc.Nodes {
		if n.IsEnding() {
			continue
		}
		for _, c := range n.Choices {
			if j, ok := index[c.Next]; ok {
				succ[i] = append(succ[i], j)
			}
		}
	}
	const (
		unseen = iota
		open
		closed
	)
	state := make([]uint8, len(sc.Nodes))
	longest := make([]int, len(sc.Nodes))
	type frame struct{ n, next int }
	stack := []frame{{start, 0}}
	state[start] = open
	decisions := 0
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next < len(succ[f.n]) {
			c := succ[f.n][f.next]
			f.next++
			switch state[c] {
			case unseen:
				state[c] = open
				stack = append(stack, frame{c, 0})
			case open:
				loops = true
			}
			continue
		}
		n := f.n
		if len(sc.Nodes[n].Choices) > 0 && !sc.Nodes[n].IsEnding() {
			decisions++
			best := 0
			for _, c := range succ[n] {
				if state[c] == closed {
					best = max(best, longest[c])
				}
			}
			longest[n] = best + 1
		}
		state[n] = closed
		stack = stack[:len(stack)-1]
	}
	if loops {
		return max(loopMinSteps, loopFactor*decisions), true
	}
	return longest[start], false
}

// checkTranscript refuses, before it is re-played, a transcript longer than
// its scenario allows or, with time limits on, without one time per step.
// i is the transcript's 0-based position.
func checkTranscript(i int, sc *AssessmentScenario, t play.Transcript, timeLimits bool) *play.APIError {
	if len(t.Choices) > sc.MaxSteps {
		why := "its longest path"
		if sc.Loops {
			why = fmt.Sprintf("it can loop, so %d steps for each of its decision nodes, at least %d", loopFactor, loopMinSteps)
		}
		return errf(http.StatusUnprocessableEntity, "transcript_too_long", "transcript %d (scenario %q) has %d steps; this scenario allows at most %d (%s)", i+1, t.Scenario, len(t.Choices), sc.MaxSteps, why)
	}
	if n := len(t.FocusLost); n != 0 && n != len(t.Choices) {
		return errf(http.StatusUnprocessableEntity, "impossible_transcript", "transcript %d (scenario %q) has %d choices and %d \"focus_lost\" counts: send one count per choice, or none", i+1, t.Scenario, len(t.Choices), n)
	}
	for k, c := range t.FocusLost {
		if c < 0 || c > MaxFocusLost {
			return errf(http.StatusUnprocessableEntity, "impossible_transcript", "transcript %d (scenario %q): \"focus_lost\" of step %d is %d; a count runs from 0 to %d", i+1, t.Scenario, k+1, c, MaxFocusLost)
		}
	}
	if timeLimits && len(t.TimingsMS) != len(t.Choices) {
		return errf(http.StatusUnprocessableEntity, "timings_required", "transcript %d (scenario %q) has %d choices and %d times: this assessment has time limits, so \"timings_ms\" must hold the time of every step", i+1, t.Scenario, len(t.Choices), len(t.TimingsMS))
	}
	return nil
}

// forReplay returns the transcript to re-play: negative times, which the
// engine refuses, count as 0 there (they are kept as sent, and flagged).
func forReplay(t play.Transcript) play.Transcript {
	neg := false
	for _, ms := range t.TimingsMS {
		neg = neg || ms < 0
	}
	if !neg {
		return t
	}
	c := t
	c.TimingsMS = make([]int64, len(t.TimingsMS))
	for k, ms := range t.TimingsMS {
		c.TimingsMS[k] = max(ms, 0)
	}
	return c
}

// ---- implausible timings ----

// Timing flag kinds.
const (
	FlagMissing      = "missing"       // no times at all (time limits off)
	FlagAllZero      = "all_zero"      // every time is 0
	FlagNegative     = "negative"      // a time below 0
	FlagTooFast      = "too_fast"      // quicker than reading the node
	FlagEarlyTimeout = "early_timeout" // a timeout recorded before the limit ran out
	FlagFocusLost    = "focus_lost"    // the candidate left the assessment during the decision
)

// MaxFocusLost bounds a step's count of focus losses in a transcript.
const MaxFocusLost = 1000

// ReadingSpeedup is how many times faster than the language's reading
// speed (trainer.ReadingSeconds) a step may be answered before it is
// flagged: about 700 words a minute in English, past which readers skim
// rather than read.
const ReadingSpeedup = 3

// TimingFlag marks a time a reviewer should look at: the transcript was
// stored and scored, but its times are not plausible for a person reading
// the scenario.
type TimingFlag struct {
	// Step is the 1-based step, 0 for the transcript as a whole.
	Step int    `json:"step"`
	Node string `json:"node,omitempty"`
	Kind string `json:"kind"`
	// TimeMS is the time sent; MinMS the least time plausible there.
	TimeMS  int64  `json:"time_ms"`
	MinMS   int64  `json:"min_ms,omitempty"`
	Message string `json:"message"`
}

// TimingFlags checks the times of a stored transcript against its
// scenario: steps answered faster than anyone reads the node and the
// choices shown (at ReadingSpeedup times the reading speed), negative
// times, timeouts before the limit ran out, all times 0, no times at all,
// and the steps during which the candidate left the assessment (focus_lost).
func TimingFlags(sc *scenarios.Scenario, t play.Transcript, timeLimits bool) []TimingFlag {
	var flags []TimingFlag
	if len(t.Choices) == 0 || sc == nil {
		return nil
	}
	if len(t.TimingsMS) == 0 {
		return []TimingFlag{{Kind: FlagMissing, Message: "no times were sent for this scenario"}}
	}
	allZero := true
	for _, ms := range t.TimingsMS {
		allZero = allZero && ms == 0
	}
	if allZero {
		flags = append(flags, TimingFlag{Kind: FlagAllZero, Message: fmt.Sprintf("every one of the %d times is 0 ms", len(t.TimingsMS))})
	}
	r := play.New(sc)
	for k, c := range t.Choices {
		if r.Done() || k >= len(t.TimingsMS) {
			break
		}
		node := r.Node()
		ms := t.TimingsMS[k]
		texts := []string{node.Text}
		for _, o := range r.Visible() {
			texts = append(texts, o.Choice.Text)
		}
		minMS := int64(trainer.ReadingSeconds(sc.Language, texts...) * 1000 / ReadingSpeedup)
		if timeLimits && node.TimeLimit > 0 {
			// A limit too short to read the node in (scenario check warns
			// about those) makes everyone quick: hold answers to the limit.
			minMS = min(minMS, int64(node.TimeLimit)*1000/ReadingSpeedup)
		}
		if k < len(t.FocusLost) && t.FocusLost[k] > 0 {
			flags = append(flags, TimingFlag{Step: k + 1, Node: node.ID, Kind: FlagFocusLost, TimeMS: ms,
				Message: fmt.Sprintf("step %d: the candidate left the assessment (another tab, window or app) %s while deciding", k+1, times(t.FocusLost[k]))})
		}
		switch {
		case ms < 0:
			flags = append(flags, TimingFlag{Step: k + 1, Node: node.ID, Kind: FlagNegative, TimeMS: ms, Message: fmt.Sprintf("step %d has a negative time, %d ms", k+1, ms)})
		case c == 0 && timeLimits && node.TimeLimit > 0 && ms < int64(node.TimeLimit)*1000-play.TimingGraceMS:
			limit := int64(node.TimeLimit) * 1000
			flags = append(flags, TimingFlag{Step: k + 1, Node: node.ID, Kind: FlagEarlyTimeout, TimeMS: ms, MinMS: limit - play.TimingGraceMS,
				Message: fmt.Sprintf("step %d records a timeout after %d ms, but its time limit is %d s", k+1, ms, node.TimeLimit)})
		case c != 0 && !allZero && ms < minMS:
			flags = append(flags, TimingFlag{Step: k + 1, Node: node.ID, Kind: FlagTooFast, TimeMS: ms, MinMS: minMS,
				Message: fmt.Sprintf("step %d was answered in %d ms; reading the node and its choices takes at least %d ms even at %d times the reading speed", k+1, ms, minMS, ReadingSpeedup)})
		}
		var err error
		if c == 0 {
			_, err = r.Timeout()
		} else {
			_, err = r.Choose(c - 1)
		}
		if err != nil {
			break
		}
	}
	return flags
}

// times writes a count of occasions: "once", "twice", "3 times".
func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// flagSummary is a short text of a transcript's flags, for a table cell:
// "too_fast: steps 2, 3; all_zero".
func flagSummary(flags []TimingFlag) string {
	var parts []string
	steps := map[string][]string{}
	var order []string
	for _, f := range flags {
		if _, seen := steps[f.Kind]; !seen {
			order = append(order, f.Kind)
			steps[f.Kind] = nil
		}
		if f.Step > 0 {
			steps[f.Kind] = append(steps[f.Kind], fmt.Sprint(f.Step))
		}
	}
	for _, k := range order {
		s := steps[k]
		switch len(s) {
		case 0:
			parts = append(parts, k)
		case 1:
			parts = append(parts, k+": step "+s[0])
		default:
			parts = append(parts, k+": steps "+strings.Join(s, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

// resultFlags returns the timing flags of a stored result of assessment a.
func resultFlags(a *Assessment, res Result) []TimingFlag {
	var t play.Transcript
	if a == nil || json.Unmarshal(res.Transcript, &t) != nil {
		return nil
	}
	sc := a.Scenario(res.ScenarioID)
	if sc == nil {
		return nil
	}
	return TimingFlags(sc.Scenario, t, a.TimeLimits)
}
