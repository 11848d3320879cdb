package scenarios

import (
	"fmt"
	"math/bits"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/scoring"
)

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	languagePattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
)

// maxFlagStates bounds the search for runs that get stuck because flags hide
// every choice of a node; past it the check is skipped rather than slow.
const maxFlagStates = 20000

// validate checks what the types alone cannot: ids, references, endings and
// reachability. It runs even when parsing found errors, so that a file's
// problems are all reported at once, and so it tolerates empty fields.
func (p *parser) validate(sc *Scenario) {
	if sc.ID != "" && !idPattern.MatchString(sc.ID) {
		p.errValue("id", "scenario id %q must use only lowercase letters, digits and '-', starting with a letter or digit", shown(sc.ID))
	}
	if _, given := p.pos.keys["situation"]; given && !idPattern.MatchString(sc.Situation) {
		p.errValue("situation", "situation %q must use only lowercase letters, digits and '-', starting with a letter or digit, like an id (the files of one situation in other languages share it)", shown(sc.Situation))
	}
	if sc.Language != "" && !languagePattern.MatchString(sc.Language) {
		p.errValue("language", "language %q is not a BCP 47 tag such as en, pt-BR or es", shown(sc.Language))
	}

	first := map[string]*Node{}
	var ids []string
	for _, n := range sc.Nodes {
		if n.ID == "" {
			continue
		}
		if prev, dup := first[n.ID]; dup {
			p.errValue(n.path+".id", "duplicate node id %q (first defined at line %d)", shown(n.ID), prev.Line)
			continue
		}
		first[n.ID] = n
		ids = append(ids, n.ID)
	}
	sc.byID = first
	// A node without a usable id is most likely the one a next, start or
	// walkout naming no node means: those errors follow from its own and
	// are listed after it, saying so.
	// The note names at most maxListed lines, so that thousands of such
	// errors do not each list thousands of lines.
	var idless []string
	idlessCount := 0
	for _, n := range sc.Nodes {
		if n.ID == "" {
			idlessCount++
			if len(idless) < maxListed {
				idless = append(idless, fmt.Sprint(n.Line))
			}
		}
	}
	var note string
	switch {
	case idlessCount == 1:
		note = fmt.Sprintf("; the [[node]] at line %s has no id: if it is that node, giving it its id fixes this too", idless[0])
	case idlessCount > len(idless):
		note = fmt.Sprintf("; the [[node]]s at lines %s and %d more have no id: if it is one of them, giving it its id fixes this too", strings.Join(idless, ", "), idlessCount-len(idless))
	case idlessCount > 1:
		note = fmt.Sprintf("; the [[node]]s at lines %s have no id: if it is one of them, giving it its id fixes this too", strings.Join(idless, ", "))
	}
	missing := func(path, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if idlessCount == 0 {
			p.errValue(path, "%s", msg)
			return
		}
		msg += note
		pos := p.pos.Value(path)
		p.diags = append(p.diags, Diagnostic{File: p.file, Line: pos.Line, Col: pos.Col, Message: msg, Consequence: true})
	}
	var idCands *candidates
	suggestID := func(name string) string {
		if idCands == nil {
			idCands = newCandidates(ids)
		}
		return p.suggest(name, idCands)
	}

	if _, given := p.pos.keys["start"]; given && sc.Start != "" && first[sc.Start] == nil {
		missing("start", "start names node %q, which does not exist%s", shown(sc.Start), suggestID(sc.Start))
	}

	if _, given := p.pos.keys["walkout"]; given {
		switch w := first[sc.Walkout]; {
		case w == nil:
			missing("walkout", "walkout names node %q, which does not exist%s", shown(sc.Walkout), suggestID(sc.Walkout))
		case w.Ending != scoring.Lost:
			p.errValue("walkout", "walkout names node %q, which is not an ending with ending = \"lost\": the customer walking out always ends the run lost", shown(sc.Walkout))
		}
	}

	for _, n := range sc.Nodes {
		where := fmt.Sprintf("node %q", shown(n.ID))
		switch {
		case n.Ending != "" && len(n.Choices) > 0:
			p.errAt(p.pos.Key(n.path+".ending"), "%s has ending %q and also %d choice(s): an ending node has no choices", where, shown(n.Ending), len(n.Choices))
		case n.Ending == "" && len(n.Choices) == 0:
			p.errAt(p.pos.Key(n.path), "%s has neither choices nor an ending: add [[node.choice]] entries or ending = \"resolved\" (or unresolved, lost)", where)
		}
		for i, c := range n.Choices {
			if c.Next != "" && first[c.Next] == nil {
				missing(c.path+".next", "choice %d of %s: next names node %q, which does not exist%s", i+1, where, shown(c.Next), suggestID(c.Next))
			}
		}
	}
	if p.diags.HasErrors() || sc.Start == "" {
		return
	}
	p.reachability(sc)
	p.flags(sc)
}

// reachability warns about nodes no run can enter and fails a scenario from
// whose start no ending can be reached.
func (p *parser) reachability(sc *Scenario) {
	seen := map[string]bool{sc.Start: true}
	queue := []string{sc.Start}
	endingReached := false
	for len(queue) > 0 {
		n := sc.byID[queue[0]]
		queue = queue[1:]
		if n == nil {
			continue
		}
		if n.Ending != "" {
			endingReached = true
		}
		for _, c := range n.Choices {
			if !seen[c.Next] {
				seen[c.Next] = true
				queue = append(queue, c.Next)
			}
			// A choice that can bring the mood to 0 can enter the walk-out
			// scene. (Whether some run really does is the item checks'
			// business: they follow the mood exactly.)
			if sc.Walkout != "" && !seen[sc.Walkout] && (c.Mood < 0 || sc.Customer.Mood <= 0) {
				seen[sc.Walkout] = true
				queue = append(queue, sc.Walkout)
			}
		}
	}
	if !endingReached {
		at := p.pos.Value("start")
		if _, given := p.pos.keys["start"]; !given {
			at = p.pos.Key(sc.byID[sc.Start].path)
		}
		p.errAt(at, "no ending can be reached from start node %q: every run would go on forever", shown(sc.Start))
	}
	for _, n := range sc.Nodes {
		if !seen[n.ID] && sc.byID[n.ID] == n {
			p.warnAt(Pos{Line: n.Line}, "node %q is unreachable from start node %q", shown(n.ID), shown(sc.Start))
		}
	}
}

// flags warns about flags that are tested but never set, and about runs in
// which flags hide every choice of a node, leaving the player stuck.
func (p *parser) flags(sc *Scenario) {
	set := map[string]bool{}
	for _, n := range sc.Nodes {
		for _, c := range n.Choices {
			for _, f := range c.Sets {
				set[f] = true
			}
		}
	}
	warned := map[string]bool{}
	for _, n := range sc.Nodes {
		for i, c := range n.Choices {
			for _, f := range c.Requires {
				if !set[f] && !warned[f] {
					warned[f] = true
					p.warnAt(Pos{Line: c.Line}, "choice %d of node %q requires flag %q, which no choice sets: it can never show", i+1, shown(n.ID), shown(f))
				}
			}
		}
	}

	p.stuckRuns(sc, set)
}

// flagWork bounds the work of the search for stuck runs, counting a unit
// for every choice looked at, flag tested or set, and word of a flag set
// copied; maxFlagStateBytes bounds the memory of the states it keeps. Like
// maxFlagStates, they let a real file be searched whole (a few dozen flags,
// a few hundred states) while a file made to explode is searched in part:
// past them the search stops, and only the stuck runs found so far are
// reported.
const (
	flagWork          = 20_000_000
	maxFlagStateBytes = 16 << 20
)

// stuckRuns warns about runs in which flags hide every choice of a node,
// leaving the player stuck. set holds the flags some choice sets.
func (p *parser) stuckRuns(sc *Scenario, set map[string]bool) {
	// Without requires or unless every choice always shows, and every node
	// that is not an ending has one (validate checked).
	tested := false
	for _, n := range sc.Nodes {
		for _, c := range n.Choices {
			tested = tested || len(c.Requires) > 0 || len(c.Unless) > 0
		}
	}
	if !tested {
		return
	}
	// Number the flags in sorted order, so that a state's flags are a
	// bitset whose bits list them sorted.
	names := make([]string, 0, len(set))
	for f := range set {
		names = append(names, f)
	}
	sort.Strings(names)
	bit := make(map[string]int, len(names))
	for i, f := range names {
		bit[f] = i
	}
	words := (len(names) + 63) / 64

	type choiceFlags struct {
		next             int
		missing          bool // next names no node (only after errors)
		never            bool // requires a flag that no choice sets
		requires, unless []int
		sets             []int
	}
	index := make(map[string]int, len(sc.Nodes))
	for i, n := range sc.Nodes {
		if sc.byID[n.ID] == n {
			index[n.ID] = i
		}
	}
	choices := make([][]choiceFlags, len(sc.Nodes))
	for i, n := range sc.Nodes {
		if n.Ending != "" || sc.byID[n.ID] != n {
			continue
		}
		for _, c := range n.Choices {
			next, ok := index[c.Next]
			cf := choiceFlags{next: next, missing: !ok}
			for _, f := range c.Requires {
				if b, ok := bit[f]; ok {
					cf.requires = append(cf.requires, b)
				} else {
					cf.never = true
				}
			}
			for _, f := range c.Unless {
				if b, ok := bit[f]; ok {
					cf.unless = append(cf.unless, b)
				}
			}
			for _, f := range c.Sets {
				cf.sets = append(cf.sets, bit[f])
			}
			choices[i] = append(choices[i], cf)
		}
	}

	// Explore (node, flags) states from the start, depth first. Mood does
	// not change which choices show, so it is left out. A state is kept as
	// a string: the node's index, then the bitset.
	keyLen := 4 + 8*words
	key := func(node int, flags []uint64) string {
		b := make([]byte, 0, keyLen)
		b = append(b, byte(node), byte(node>>8), byte(node>>16), byte(node>>24))
		for _, w := range flags {
			for k := 0; k < 64; k += 8 {
				b = append(b, byte(w>>k))
			}
		}
		return string(b)
	}
	decode := func(k string, flags []uint64) int {
		for i := range flags {
			var w uint64
			for j := 7; j >= 0; j-- {
				w = w<<8 | uint64(k[4+8*i+j])
			}
			flags[i] = w
		}
		return int(k[0]) | int(k[1])<<8 | int(k[2])<<16 | int(k[3])<<24
	}
	has := func(flags []uint64, b int) bool { return flags[b/64]&(1<<(b%64)) != 0 }

	flags := make([]uint64, words)
	next := make([]uint64, words)
	start := key(index[sc.Start], flags)
	seen := map[string]bool{start: true}
	stack := []string{start}
	stuck := map[int][]uint64{}
	work := 0
	for len(stack) > 0 && len(seen) <= maxFlagStates && work <= flagWork && len(seen)*keyLen <= maxFlagStateBytes {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		node := decode(st, flags)
		work += words
		if sc.Nodes[node].Ending != "" {
			continue
		}
		visible := 0
	choices:
		for _, c := range choices[node] {
			work += 1 + len(c.requires) + len(c.unless)
			if c.never {
				continue
			}
			for _, b := range c.requires {
				if !has(flags, b) {
					continue choices
				}
			}
			for _, b := range c.unless {
				if has(flags, b) {
					continue choices
				}
			}
			visible++
			if c.missing {
				continue
			}
			copy(next, flags)
			for _, b := range c.sets {
				next[b/64] |= 1 << (b % 64)
			}
			work += words + len(c.sets)
			if k := key(c.next, next); !seen[k] {
				seen[k] = true
				stack = append(stack, k)
			}
		}
		if visible == 0 {
			if _, ok := stuck[node]; !ok {
				stuck[node] = append([]uint64(nil), flags...)
			}
		}
	}
	ids := make([]string, 0, len(stuck))
	at := map[string][]uint64{}
	for node, f := range stuck {
		id := sc.Nodes[node].ID
		ids = append(ids, id)
		at[id] = f
	}
	sort.Strings(ids)
	for _, id := range ids {
		// The first maxListed flags set, and how many in all.
		var list []string
		count := 0
		for i, w := range at[id] {
			count += bits.OnesCount64(w)
			for ; w != 0 && len(list) < maxListed; w &= w - 1 {
				list = append(list, shown(names[64*i+bits.TrailingZeros64(w)]))
			}
		}
		desc := "no flags set"
		if count > len(list) {
			desc = fmt.Sprintf("flags %s and %d more set", strings.Join(list, ", "), count-len(list))
		} else if len(list) > 0 {
			desc = "flags " + strings.Join(list, ", ") + " set"
		}
		p.warnAt(Pos{Line: sc.byID[id].Line}, "node %q can show no choice at all (reached with %s): the run would be stuck there", shown(id), desc)
	}
}

// maxListed is how many flags a message lists.
const maxListed = 10

// suggestWork bounds the work of one file's "did you mean" suggestions,
// in cells of edit-distance tables: a real file spends a few thousand (a
// handful of typos, each measured against its file's ids or a table's
// keys), while 1 MB of misspelt names against thousands of ids would spend
// hundreds of billions. Past it, suggestions are left out rather than
// computed.
const suggestWork = 4_000_000

// maxSuggestRunes is the longest name a suggestion is looked for by edit
// distance; longer ones only match a candidate that differs in case.
const maxSuggestRunes = 200

// candidates are the names a suggestion may name, prepared once.
type candidates struct {
	names []string
	lower []string // strings.ToLower of each name
	runes [][]rune // lower, as runes; nil when longer than maxSuggestRunes
}

func newCandidates(names []string) *candidates {
	c := &candidates{names: names, lower: make([]string, len(names)), runes: make([][]rune, len(names))}
	for i, n := range names {
		c.lower[i] = strings.ToLower(n)
		if utf8.RuneCountInString(c.lower[i]) <= maxSuggestRunes {
			c.runes[i] = []rune(c.lower[i])
		}
	}
	return c
}

// The keys each table accepts, and the archetypes, prepared for
// suggestions.
var (
	topCandidates       = newCandidates(topKeys)
	customerCandidates  = newCandidates(customerKeys)
	lookCandidates      = newCandidates(lookKeys)
	nodeCandidates      = newCandidates(nodeKeys)
	choiceCandidates    = newCandidates(choiceKeys)
	archetypeCandidates = newCandidates(scoring.Archetypes[:])
)

// suggest returns ` (did you mean "x"?)` for the closest of cands, or "".
func (p *parser) suggest(name string, cands *candidates) string {
	if s := cands.closest(name, &p.work); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// closest returns the candidate nearest to name by edit distance, when it is
// near enough to be a likely typo, or "".
func closest(name string, cands []string) string {
	work := suggestWork
	return newCandidates(cands).closest(name, &work)
}

// closest returns the candidate nearest to name by edit distance (ignoring
// case; the first of several equally near), when it is near enough to be a
// likely typo, or "". It spends at most *work cells of distance tables,
// taking them off *work; when they would not be enough, it gives no
// suggestion at all rather than one from part of the candidates.
func (c *candidates) closest(name string, work *int) string {
	if *work <= 0 {
		return ""
	}
	// Allow about one typo per three letters, but never so many that a
	// short name "matches" anything.
	n := utf8.RuneCountInString(name)
	limit := min(max(n/3+1, 2), n-1)
	if limit < 0 {
		return ""
	}
	lower := strings.ToLower(name)
	if n > maxSuggestRunes || utf8.RuneCountInString(lower) > maxSuggestRunes {
		// Names that long are not typos of each other.
		*work -= len(c.names)
		for i, l := range c.lower {
			if l == lower {
				return c.names[i]
			}
		}
		return ""
	}
	a := []rune(lower)
	best, bestD := -1, limit+1
	var rows []int
	for i, b := range c.runes {
		k := min(limit, bestD-1)
		if k < 0 {
			break
		}
		*work--
		if b == nil || len(a)-len(b) > k || len(b)-len(a) > k {
			continue
		}
		cost := len(a) * (2*k + 1)
		if cost > *work {
			*work = 0
			return ""
		}
		*work -= cost
		if need := 2 * (len(b) + 1); len(rows) < need {
			rows = make([]int, need)
		}
		if d := boundedDistance(a, b, k, rows); d <= k {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return ""
	}
	return c.names[best]
}

// boundedDistance is the Levenshtein distance between a and b when it is at
// most k, and k+1 otherwise. It computes only the cells within k of the
// diagonal, and stops as soon as a whole row exceeds k: at most
// len(a)*(2k+1) cells. rows must hold 2*(len(b)+1) ints.
func boundedDistance(a, b []rune, k int, rows []int) int {
	la, lb := len(a), len(b)
	inf := k + 1
	if la-lb > k || lb-la > k {
		return inf
	}
	prev, cur := rows[:lb+1], rows[lb+1:2*(lb+1)]
	for j := range prev {
		prev[j] = min(j, inf)
	}
	for i := 1; i <= la; i++ {
		lo, hi := max(1, i-k), min(lb, i+k)
		if lo == 1 {
			cur[0] = min(i, inf)
		} else {
			cur[lo-1] = inf
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			v := prev[j-1]
			if a[i-1] != b[j-1] {
				v++
			}
			v = min(v, prev[j]+1, cur[j-1]+1, inf)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < lb {
			cur[hi+1] = inf // the next row reads it as the cell above
		}
		if rowMin > k {
			return inf
		}
		prev, cur = cur, prev
	}
	return prev[lb]
}
