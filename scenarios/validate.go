package scenarios

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

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
		p.errValue("id", "scenario id %q must use only lowercase letters, digits and '-', starting with a letter or digit", sc.ID)
	}
	if _, given := p.pos.keys["situation"]; given && !idPattern.MatchString(sc.Situation) {
		p.errValue("situation", "situation %q must use only lowercase letters, digits and '-', starting with a letter or digit, like an id (the files of one situation in other languages share it)", sc.Situation)
	}
	if sc.Language != "" && !languagePattern.MatchString(sc.Language) {
		p.errValue("language", "language %q is not a BCP 47 tag such as en, pt-BR or es", sc.Language)
	}

	first := map[string]*Node{}
	var ids []string
	for _, n := range sc.Nodes {
		if n.ID == "" {
			continue
		}
		if prev, dup := first[n.ID]; dup {
			p.errValue(n.path+".id", "duplicate node id %q (first defined at line %d)", n.ID, prev.Line)
			continue
		}
		first[n.ID] = n
		ids = append(ids, n.ID)
	}
	sc.byID = first

	if _, given := p.pos.keys["start"]; given && sc.Start != "" && first[sc.Start] == nil {
		p.errValue("start", "start names node %q, which does not exist%s", sc.Start, suggest(sc.Start, ids))
	}

	if _, given := p.pos.keys["walkout"]; given {
		switch w := first[sc.Walkout]; {
		case w == nil:
			p.errValue("walkout", "walkout names node %q, which does not exist%s", sc.Walkout, suggest(sc.Walkout, ids))
		case w.Ending != scoring.Lost:
			p.errValue("walkout", "walkout names node %q, which is not an ending with ending = \"lost\": the customer walking out always ends the run lost", sc.Walkout)
		}
	}

	for _, n := range sc.Nodes {
		where := fmt.Sprintf("node %q", n.ID)
		switch {
		case n.Ending != "" && len(n.Choices) > 0:
			p.errAt(p.pos.Key(n.path+".ending"), "%s has ending %q and also %d choice(s): an ending node has no choices", where, n.Ending, len(n.Choices))
		case n.Ending == "" && len(n.Choices) == 0:
			p.errAt(p.pos.Key(n.path), "%s has neither choices nor an ending: add [[node.choice]] entries or ending = \"resolved\" (or unresolved, lost)", where)
		}
		for i, c := range n.Choices {
			if c.Next != "" && first[c.Next] == nil {
				p.errValue(c.path+".next", "choice %d of %s: next names node %q, which does not exist%s", i+1, where, c.Next, suggest(c.Next, ids))
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
		p.errAt(at, "no ending can be reached from start node %q: every run would go on forever", sc.Start)
	}
	for _, n := range sc.Nodes {
		if !seen[n.ID] && sc.byID[n.ID] == n {
			p.warnAt(Pos{Line: n.Line}, "node %q is unreachable from start node %q", n.ID, sc.Start)
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
					p.warnAt(Pos{Line: c.Line}, "choice %d of node %q requires flag %q, which no choice sets: it can never show", i+1, n.ID, f)
				}
			}
		}
	}

	// Explore (node, flags) states from the start. Mood does not change which
	// choices show, so it is left out.
	type state struct {
		node  string
		flags FlagSet
	}
	seen := map[state]bool{}
	stuck := map[string]FlagSet{}
	stack := []state{{sc.Start, ""}}
	seen[stack[0]] = true
	for len(stack) > 0 && len(seen) <= maxFlagStates {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := sc.byID[st.node]
		if n == nil || n.Ending != "" {
			continue
		}
		visible := 0
		for _, c := range n.Choices {
			if !c.VisibleWith(st.flags.Has) {
				continue
			}
			visible++
			next := state{c.Next, st.flags.With(c.Sets)}
			if !seen[next] {
				seen[next] = true
				stack = append(stack, next)
			}
		}
		if visible == 0 {
			if _, ok := stuck[n.ID]; !ok {
				stuck[n.ID] = st.flags
			}
		}
	}
	ids := make([]string, 0, len(stuck))
	for id := range stuck {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		desc := "no flags set"
		if stuck[id] != "" {
			desc = "flags " + strings.Join(stuck[id].List(), ", ") + " set"
		}
		p.warnAt(Pos{Line: sc.byID[id].Line}, "node %q can show no choice at all (reached with %s): the run would be stuck there", id, desc)
	}
}

// suggest returns ` (did you mean "x"?)` for the closest of ids, or "".
func suggest(name string, ids []string) string {
	if s := closest(name, ids); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// closest returns the candidate nearest to name by edit distance, when it is
// near enough to be a likely typo, or "".
func closest(name string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	// Allow about one typo per three letters, but never so many that a
	// short name "matches" anything.
	n := len([]rune(name))
	limit := min(max(n/3+1, 2), n-1)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 200 || len(rb) > 200 {
		// Ids that long are not typos of each other; avoid quadratic work.
		if a == b {
			return 0
		}
		return 1 << 20
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
