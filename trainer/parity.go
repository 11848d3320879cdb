package trainer

// Translation parity: the files of one situation in different languages
// are one test item, and a candidate's score must not depend on the
// language they took it in. `scenario check` compares every translation
// with its situation's reference file and reports each place where they
// would score differently.

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// MaxParityDiagnostics is how many divergences are reported for one
// translation; past it one more line says how many were left out.
const MaxParityDiagnostics = 10

// SituationOf is the situation a scenario belongs to: its situation key,
// or its id when it has none (the first file of a situation need not name
// it; its translations name its id).
func SituationOf(sc *scenarios.Scenario) string {
	if sc.Situation != "" {
		return sc.Situation
	}
	return sc.ID
}

// IsEnglish reports whether a BCP 47 tag is English (en, en-GB ...).
func IsEnglish(lang string) bool {
	return strings.EqualFold(lang, "en") || len(lang) > 3 && strings.EqualFold(lang[:3], "en-")
}

// ParityReference picks the file the others of a situation are compared
// with: the English one when there is one, otherwise the first by path
// (the first English one by path when there are several).
func ParityReference(group []*scenarios.Scenario) *scenarios.Scenario {
	var ref *scenarios.Scenario
	for _, sc := range group {
		switch {
		case ref == nil,
			IsEnglish(sc.Language) && !IsEnglish(ref.Language),
			IsEnglish(sc.Language) == IsEnglish(ref.Language) && sc.File < ref.File:
			ref = sc
		}
	}
	return ref
}

// Parity compares the scenarios of list that share a situation (see
// SituationOf) and returns an error for every way a translation would
// score differently from its reference (ParityReference): node ids and
// their order, endings, fit, whether a node is timed, the choices' order,
// actions, follow-ups, moods, flags (sets, requires, unless), drift tables
// and next, and the scenario's start, walkout and customer mood and look. Only
// texts may differ, and time limits (they follow reading length). Each
// error stands at the translation's line and names the reference's; at
// most MaxParityDiagnostics per translation, then one saying how many more.
// Two files of one situation in the same language are an error too.
//
// read returns a file's bytes, to find the columns and lines of the keys
// concerned (os.ReadFile when nil); it is called only for files that
// diverge. The work is linear in the size of the files.
func Parity(list []*scenarios.Scenario, read func(file string) ([]byte, error)) scenarios.Diagnostics {
	if read == nil {
		read = os.ReadFile
	}
	groups := map[string][]*scenarios.Scenario{}
	var order []string
	for _, sc := range list {
		if sc == nil {
			continue
		}
		k := SituationOf(sc)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], sc)
	}
	var diags scenarios.Diagnostics
	files := map[*scenarios.Scenario]*parityFile{}
	file := func(sc *scenarios.Scenario) *parityFile {
		f := files[sc]
		if f == nil {
			f = &parityFile{sc: sc, read: read}
			files[sc] = f
		}
		return f
	}
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		sort.SliceStable(g, func(i, j int) bool { return g[i].File < g[j].File })
		ref := ParityReference(g)
		byLang := map[string]*scenarios.Scenario{}
		for _, sc := range g {
			lang := strings.ToLower(sc.Language)
			if first, dup := byLang[lang]; dup {
				f := file(sc)
				pos := f.key("language")
				diags = append(diags, scenarios.Diagnostic{File: sc.File, Line: pos.Line, Col: pos.Col, Message: fmt.Sprintf(
					"language %s is also the language of %s:%d, and both files belong to situation %s: a situation has one file per language (was language left unchanged in a translation?)",
					quote(sc.Language), first.File, file(first).key("language").Line, quote(k))})
				continue
			}
			byLang[lang] = sc
		}
		for _, sc := range g {
			if sc == ref {
				continue
			}
			c := &parityCheck{ref: file(ref), tr: file(sc)}
			c.compare()
			diags = append(diags, c.diags...)
			if c.more > 0 {
				diags = append(diags, scenarios.Diagnostic{File: sc.File, Line: c.morePos.Line, Col: c.morePos.Col, Message: fmt.Sprintf(
					"and %s from %s (%s, the same situation) not shown: fix these, then check again",
					pluralise(c.more, "more divergence"), ref.File, ref.Language)})
			}
		}
	}
	return diags
}

// pluralise counts n of a phrase whose last word takes an "s".
func pluralise(n int, phrase string) string {
	if n == 1 {
		return "1 " + phrase
	}
	return strconv.Itoa(n) + " " + phrase + "s"
}

// parityFile is one scenario and, once some divergence needs them, the
// positions of its keys.
type parityFile struct {
	sc      *scenarios.Scenario
	read    func(string) ([]byte, error)
	scanned bool
	pos     *scenarios.Positions
}

// key returns where the key at path stands (or its nearest parent: a
// missing key gives its node's or choice's header).
func (f *parityFile) key(path string) scenarios.Pos {
	if !f.scanned {
		f.scanned = true
		if data, err := f.read(f.sc.File); err == nil {
			f.pos = scenarios.ScanPositions(string(data))
		}
	}
	if f.pos == nil {
		return scenarios.Pos{Line: max(f.sc.Line(path), 1)}
	}
	return f.pos.Key(path)
}

type parityCheck struct {
	ref, tr *parityFile
	diags   scenarios.Diagnostics
	more    int
	morePos scenarios.Pos
	renamed map[string]string // translation's node id -> reference's
}

// diverge reports that the translation's subject (at trPath) says trSays
// where the reference (at refPath; "" for no line) says refSays.
func (c *parityCheck) diverge(trPath, refPath, subject, trSays, refSays, why string) {
	c.report(trPath, func() string {
		return fmt.Sprintf("%s %s, but %s %s: %s", subject, trSays, c.refAt(refPath), refSays, why)
	})
}

// report adds an error at the translation's trPath, unless there are
// MaxParityDiagnostics already; message is called only when it is shown.
func (c *parityCheck) report(trPath string, message func() string) {
	pos := c.tr.key(trPath)
	if len(c.diags) >= MaxParityDiagnostics {
		if c.more == 0 {
			c.morePos = pos
		}
		c.more++
		return
	}
	c.diags = append(c.diags, scenarios.Diagnostic{File: c.tr.sc.File, Line: pos.Line, Col: pos.Col, Message: message()})
}

// refAt names the reference and the line of path in it ("" for none):
// "library/x.toml:38 (en, the same situation)".
func (c *parityCheck) refAt(path string) string {
	ref := c.ref.sc.File
	if path != "" {
		ref += ":" + strconv.Itoa(c.ref.key(path).Line)
	}
	return ref + " (" + c.ref.sc.Language + ", the same situation)"
}

const (
	whyScore = "translations must score the same"
	whyNodes = "translations must have the same nodes, in the same order"
)

func nodePath(i int) string      { return "node[" + strconv.Itoa(i) + "]" }
func choicePath(i, j int) string { return nodePath(i) + ".choice[" + strconv.Itoa(j) + "]" }

func (c *parityCheck) compare() {
	r, t := c.ref.sc, c.tr.sc
	refIndex := make(map[string]int, len(r.Nodes))
	for i, n := range r.Nodes {
		refIndex[n.ID] = i
	}
	trIndex := make(map[string]int, len(t.Nodes))
	for i, n := range t.Nodes {
		trIndex[n.ID] = i
	}
	// A node of the translation the reference lacks, standing where the
	// reference has a node the translation lacks, is that node renamed:
	// one error for it, and its new name elsewhere (in next, start,
	// walkout) is not reported again.
	c.renamed = map[string]string{}
	for ti, tn := range t.Nodes {
		if _, ok := refIndex[tn.ID]; ok || ti >= len(r.Nodes) {
			continue
		}
		if _, ok := trIndex[r.Nodes[ti].ID]; !ok {
			c.renamed[tn.ID] = r.Nodes[ti].ID
		}
	}

	const top = "the scenario"
	if r.Start != c.id(t.Start) {
		c.diverge("start", "start", top, "starts at node "+quote(t.Start), "starts at "+quote(r.Start), whyScore)
	}
	if r.Walkout != c.id(t.Walkout) {
		ts, rs := sayString("walkout", t.Walkout, r.Walkout)
		c.diverge("walkout", "walkout", top, ts, rs, whyScore)
	}
	if r.Customer.Mood != t.Customer.Mood {
		c.diverge("customer.mood", "customer.mood", "the customer", fmt.Sprintf("starts at mood %d", t.Customer.Mood), fmt.Sprintf("starts at %d", r.Customer.Mood), whyScore)
	}
	if tl, rl := givenLook(t.Customer.Look), givenLook(r.Customer.Look); tl != rl {
		c.diverge("customer.look", "customer.look", "the customer", "has look "+tl, "has "+rl, "translations show the same customer")
	}

	// Nodes of the reference the translation lacks, reported where they
	// would stand: at the translation's copy of the node before them.
	prev := -1
	for ri, rn := range r.Nodes {
		ti, ok := trIndex[rn.ID]
		if ok || ri < len(t.Nodes) && c.renamed[t.Nodes[ri].ID] == rn.ID {
			if ok {
				prev = ti
			} else {
				prev = ri
			}
			continue
		}
		at := "" // line 1 when no node before it is in the translation
		if prev >= 0 {
			at = nodePath(prev)
		} else if len(t.Nodes) > 0 {
			at = nodePath(0)
		}
		c.diverge(at, nodePath(ri), "node "+quote(rn.ID), "is missing", "has it", whyNodes)
	}
	last, lastID := -1, ""
	for ti, tn := range t.Nodes {
		ri, ok := refIndex[c.id(tn.ID)]
		if !ok {
			c.diverge(nodePath(ti), "", "node "+quote(tn.ID), "is here", "has no such node", whyNodes)
			continue
		}
		if tn.ID != c.id(tn.ID) {
			c.diverge(nodePath(ti)+".id", nodePath(ri)+".id", "node "+quote(tn.ID), "stands here",
				"has "+quote(r.Nodes[ri].ID), "node ids are not translated (the other files name them in next); rename it back")
		}
		if ri < last {
			c.diverge(nodePath(ti), nodePath(ri), "node "+quote(tn.ID), "comes after "+quote(lastID), "has it before", whyNodes)
		} else {
			last, lastID = ri, tn.ID
		}
		c.node(ti, ri)
	}
}

// id is the reference's id of a node of the translation: the same, unless
// the translation renamed it.
func (c *parityCheck) id(tr string) string {
	if r, ok := c.renamed[tr]; ok {
		return r
	}
	return tr
}

// node compares the translation's node ti with the reference's node ri
// (the same id).
func (c *parityCheck) node(ti, ri int) {
	tn, rn := c.tr.sc.Nodes[ti], c.ref.sc.Nodes[ri]
	tp, rp := nodePath(ti), nodePath(ri)
	subject := "node " + quote(tn.ID)
	if tn.Ending != rn.Ending {
		ts, rs := sayString("ending", tn.Ending, rn.Ending)
		c.diverge(tp+".ending", rp+".ending", subject, ts, rs, whyScore)
	}
	if !sameSet(tn.Fit, rn.Fit) {
		ts, rs := sayList("fit", tn.Fit, rn.Fit)
		c.diverge(tp+".fit", rp+".fit", subject, ts, rs, whyScore)
	}
	if (tn.TimeLimit > 0) != (rn.TimeLimit > 0) {
		ts, rs := "has no time_limit", "has one"
		if tn.TimeLimit > 0 {
			ts, rs = "has time_limit "+strconv.Itoa(tn.TimeLimit), "has none"
		}
		c.diverge(tp+".time_limit", rp+".time_limit", subject, ts, rs, "a node timed in one language must be timed in all (the limits may differ, with the reading time)")
	}
	if len(tn.Choices) != len(rn.Choices) {
		c.diverge(tp, rp, subject, "has "+pluralise(len(tn.Choices), "choice"), "has "+strconv.Itoa(len(rn.Choices)),
			"translations must have the same choices, in the same order")
		return // comparing them one by one would report every shift
	}
	if c.reordered(tn, rn, ti, ri) {
		return
	}
	for j, tc := range tn.Choices {
		rc := rn.Choices[j]
		tcp, rcp := choicePath(ti, j), choicePath(ri, j)
		subject := fmt.Sprintf("choice %d of node %q", j+1, tn.ID)
		field := func(key, ts, rs string) {
			c.diverge(tcp+"."+key, rcp+"."+key, subject, ts, rs, whyScore)
		}
		str := func(key, t, r string) {
			if t != r {
				ts, rs := sayString(key, t, r)
				field(key, ts, rs)
			}
		}
		str("action", tc.Action, rc.Action)
		str("follow_up", tc.FollowUp, rc.FollowUp)
		if tc.Mood != rc.Mood {
			field("mood", fmt.Sprintf("has mood %d", tc.Mood), fmt.Sprintf("has %d", rc.Mood))
		}
		if c.id(tc.Next) != rc.Next {
			ts, rs := sayString("next", tc.Next, rc.Next)
			field("next", ts, rs)
		}
		list := func(key string, t, r []string) {
			if !sameSet(t, r) {
				ts, rs := sayList(key, t, r)
				field(key, ts, rs)
			}
		}
		list("sets", tc.Sets, rc.Sets)
		list("requires", tc.Requires, rc.Requires)
		list("unless", tc.Unless, rc.Unless)
		if !sameDrift(tc.Drift, rc.Drift) {
			field("drift", sayDrift(tc.Drift), sayDriftRef(rc.Drift))
		}
	}
}

// reordered reports, when the choices of the translation's node are the
// reference's in another order, each choice out of place, and returns
// true; otherwise it reports nothing and returns false (the choices are
// then compared one by one).
func (c *parityCheck) reordered(tn, rn *scenarios.Node, ti, ri int) bool {
	tsig := make([]string, len(tn.Choices))
	rsig := make([]string, len(rn.Choices))
	places := make(map[string][]int, len(rn.Choices))
	moved := false
	for j := range rn.Choices {
		rsig[j] = choiceSignature(rn.Choices[j], nil)
		tsig[j] = choiceSignature(tn.Choices[j], c.renamed)
		places[rsig[j]] = append(places[rsig[j]], j)
		moved = moved || tsig[j] != rsig[j]
	}
	if !moved {
		return false
	}
	for _, sig := range tsig {
		if len(places[sig]) == 0 {
			return false // not a permutation: some choice really differs
		}
		places[sig] = places[sig][1:]
	}
	for j := range rn.Choices {
		places[rsig[j]] = append(places[rsig[j]], j)
	}
	for j, sig := range tsig {
		k := places[sig][0]
		places[sig] = places[sig][1:]
		if sig != rsig[j] {
			c.report(choicePath(ti, j), func() string {
				return fmt.Sprintf("choice %d of node %q is choice %d of %s, moved: translations must keep the choices in the same order (play --choose, test plans and transcripts name them by their place)",
					j+1, tn.ID, k+1, c.refAt(choicePath(ri, k)))
			})
		}
	}
	return true
}

// choiceSignature is everything about a choice that scoring and play read,
// its text and feedback aside, with the node ids of next read through
// renamed.
func choiceSignature(ch *scenarios.Choice, renamed map[string]string) string {
	next := ch.Next
	if r, ok := renamed[next]; ok {
		next = r
	}
	set := func(l []string) string {
		l = slices.Clone(l)
		slices.Sort(l)
		return strings.Join(slices.Compact(l), "\x00")
	}
	drift := "-"
	if ch.Drift != nil {
		drift = formatDrift(ch.Drift)
	}
	return strings.Join([]string{ch.Action, ch.FollowUp, strconv.Itoa(ch.Mood), next, set(ch.Sets), set(ch.Requires), set(ch.Unless), drift}, "\x01")
}

// maxQuoted is how many characters of a value from a file, and how many
// items of a list, a parity message quotes.
const maxQuoted = 60

// quote quotes a value from a file for a message, cut to maxQuoted
// characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		s = string([]rune(s)[:maxQuoted]) + "…"
	}
	return strconv.Quote(s)
}

// quoteSome quotes the items of a list, the first ten of a longer one.
func quoteSome(l []string) string {
	q := make([]string, 0, min(len(l), 10)+1)
	for i, s := range l {
		if i == 10 {
			q = append(q, fmt.Sprintf("and %d more", len(l)-10))
			break
		}
		q = append(q, quote(s))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// sayString describes a string value of the translation and of the
// reference: `has walkout "x"` and `has "y"`, or `has no walkout` and
// `has none`.
func sayString(key, t, r string) (string, string) {
	ts, rs := "has no "+key, "has none"
	if t != "" {
		ts = "has " + key + " " + quote(t)
	}
	if r != "" {
		rs = "has " + quote(r)
	}
	return ts, rs
}

func sayList(key string, t, r []string) (string, string) {
	ts, rs := "has no "+key, "has none"
	if len(t) > 0 {
		ts = "has " + key + " " + quoteSome(t)
	}
	if len(r) > 0 {
		rs = "has " + quoteSome(r)
	}
	return ts, rs
}

// sameSet reports whether two lists hold the same strings, in any order
// and however often (fit and flags are sets to the scoring).
func sameSet(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	in := make(map[string]int8, len(a)+len(b))
	for _, s := range a {
		in[s] |= 1
	}
	for _, s := range b {
		in[s] |= 2
	}
	for _, v := range in {
		if v != 3 {
			return false
		}
	}
	return true
}

// sameDrift reports whether two drift tables weigh alike. No table and an
// empty one differ: without a table the rules score the choice.
func sameDrift(a, b map[string]float64) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	for _, k := range scoring.Archetypes {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func formatDrift(d map[string]float64) string {
	var parts []string
	for _, k := range scoring.Archetypes {
		if v, ok := d[k]; ok {
			parts = append(parts, k+" = "+strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	if len(parts) == 0 {
		return "{}"
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

func sayDrift(d map[string]float64) string {
	if d == nil {
		return "has no drift table"
	}
	return "has drift " + formatDrift(d)
}

func sayDriftRef(d map[string]float64) string {
	if d == nil {
		return "has none"
	}
	return "has " + formatDrift(d)
}

// givenLook describes the keys a [customer.look] gives, in file order:
// "{ hair = "bun", glasses = true }", or "none" when there is no table.
func givenLook(l *scenarios.Look) string {
	if l == nil {
		return "none"
	}
	var parts []string
	add := func(key, v string) {
		if v != "" {
			parts = append(parts, key+" = "+strconv.Quote(v))
		}
	}
	add("hair", l.Hair)
	add("hair_color", l.HairColor)
	add("skin", l.Skin)
	add("age", l.Age)
	add("build", l.Build)
	add("facial_hair", l.FacialHair)
	if l.Glasses != nil {
		parts = append(parts, "glasses = "+strconv.FormatBool(*l.Glasses))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}
