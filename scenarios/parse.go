package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// MaxFileSize is the largest scenario file read. Real scenarios are a few
// kilobytes; anything near this is a mistake (a wrong file, a paste gone
// wrong) and deserves a clear message rather than a slow parse.
const MaxFileSize = 1 << 20

// The keys each table accepts, in the order the contract lists them.
var (
	topKeys      = []string{"id", "title", "language", "summary", "tags", "start", "situation", "walkout", "customer", "node"}
	customerKeys = []string{"name", "mood", "look"}
	nodeKeys     = []string{"id", "speaker", "title", "text", "fit", "time_limit", "choice", "ending"}
	choiceKeys   = []string{"text", "action", "follow_up", "mood", "feedback", "next", "sets", "requires", "unless", "drift"}
)

// Parse reads one scenario file. name is the path used in diagnostics. The
// scenario is nil when the diagnostics hold an error; warnings may come with
// a valid scenario.
func Parse(name string, data []byte) (*Scenario, Diagnostics) {
	r := parseFile(name, data)
	return r.sc, r.diags
}

// parsed is everything one parse learns, including the scenario id and
// where it stands even when the file has errors, for duplicate checks.
type parsed struct {
	sc    *Scenario
	diags Diagnostics
	id    string
	idPos Pos
}

func parseFile(name string, data []byte) parsed {
	p := &parser{file: name, work: suggestWork}
	sc := p.parse(data)
	p.diags.Sort()
	r := parsed{diags: p.diags}
	if sc != nil && p.pos != nil {
		r.id, r.idPos = sc.ID, p.pos.Value("id")
	}
	if !p.diags.HasErrors() {
		r.sc = sc
	}
	return r
}

type parser struct {
	file  string
	pos   *Positions
	diags Diagnostics
	work  int // what is left of suggestWork
}

func (p *parser) errAt(pos Pos, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{File: p.file, Line: pos.Line, Col: pos.Col, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) warnAt(pos Pos, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{File: p.file, Line: pos.Line, Col: pos.Col, Warning: true, Message: fmt.Sprintf(format, args...)})
}

// errKey reports a problem with the key at path; errValue one with its value.
func (p *parser) errKey(path string, format string, args ...any) {
	p.errAt(p.pos.Key(path), format, args...)
}

func (p *parser) errValue(path string, format string, args ...any) {
	p.errAt(p.pos.Value(path), format, args...)
}

func (p *parser) parse(data []byte) *Scenario {
	if len(data) > MaxFileSize {
		p.errAt(Pos{Line: 1}, "file is %s; a scenario file may be at most %s", humanSize(len(data)), humanSize(MaxFileSize))
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.errAt(Pos{Line: 1}, "file is empty: a scenario needs at least id, title, language and one [[node]]")
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		pos := offsetPos(data, i)
		p.errAt(pos, "file contains a NUL byte: this looks like a binary file, not a TOML scenario")
		return nil
	}
	if !utf8.Valid(data) {
		p.errAt(offsetPos(data, firstInvalidUTF8(data)), "file is not valid UTF-8 text; save it as UTF-8")
		return nil
	}
	// Refuse, before decoding, what would make the decoder slow: deep
	// nesting, long keys, too many keys (see CheckLimits).
	if lim := CheckLimits(data); lim != nil {
		p.errAt(lim.Pos, "%s", lim.Message)
		return nil
	}
	src := string(data)
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			p.errAt(Pos{Line: perr.Position.Line, Col: perr.Position.Col}, "TOML syntax: %s", cut(perr.Message, maxSyntaxMessage))
		} else {
			p.errAt(Pos{Line: 1}, "TOML syntax: %s", cut(err.Error(), maxSyntaxMessage))
		}
		return nil
	}
	p.pos = ScanPositions(src)
	sc := p.scenario(raw)
	p.keepLines(sc)
	p.validate(sc)
	return sc
}

// keepLines records for Scenario.Line where the keys shown to the player
// stand (the positions themselves are not kept: they cost more than the
// scenario).
func (p *parser) keepLines(sc *Scenario) {
	sc.lines = make(map[string]int, 8+len(sc.Tags)+3*len(sc.Nodes))
	keep := func(path string) {
		if pos, ok := p.pos.values[path]; ok {
			sc.lines[path] = pos.Line
		}
	}
	for _, k := range []string{"id", "title", "summary", "tags"} {
		keep(k)
	}
	for i := range sc.Tags {
		keep("tags[" + strconv.Itoa(i) + "]")
	}
	for _, n := range sc.Nodes {
		sc.lines[n.path] = n.Line
		keep(n.path + ".title")
		keep(n.path + ".text")
		for _, c := range n.Choices {
			sc.lines[c.path] = c.Line
			keep(c.path + ".text")
		}
	}
}

// maxShown is how many characters of a name or value from the file a
// message quotes: enough to recognise it, and a long one quoted in many
// messages cannot make them many times the size of the file.
const maxShown = 60

// shown returns s for a message, cut to its first maxShown characters and
// "…" when it is longer.
func shown(s string) string {
	return cut(s, maxShown)
}

// cut returns s cut to its first n characters and "…" when it is longer.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

// maxSyntaxMessage is how many characters of the decoder's message a
// syntax error keeps: some quote a whole value, which may be 1 MB long.
const maxSyntaxMessage = 300

func humanSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func offsetPos(data []byte, off int) Pos {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return Pos{Line: line, Col: utf8.RuneCount(data[start:off]) + 1}
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// checkKeys reports every key of table not in allowed, with a suggestion.
func (p *parser) checkKeys(table map[string]any, prefix string, allowed *candidates, where string) {
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if contains(allowed.names, k) {
			continue
		}
		msg := fmt.Sprintf("unknown key %q in %s", shown(k), where)
		if s := p.suggest(k, allowed); s != "" {
			msg += s
		} else {
			msg += " (allowed: " + strings.Join(allowed.names, ", ") + ")"
		}
		p.errKey(joinPath(prefix, k), "%s", msg)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TypeName names a decoded TOML value's type for messages ("a string",
// "an array of tables"...). Other TOML files of the project use it too.
func TypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date/time"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// str reads an optional string; ok is false when the key is absent or bad.
func (p *parser) str(table map[string]any, prefix, key string) (string, bool) {
	v, present := table[key]
	if !present {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		p.errValue(joinPath(prefix, key), "%s must be a string, not %s", key, TypeName(v))
		return "", false
	}
	return s, true
}

// required reads a string that must be present and not blank.
func (p *parser) required(table map[string]any, prefix, key, where string) string {
	s, ok := p.str(table, prefix, key)
	if _, present := table[key]; !present {
		p.errKey(prefix, "missing required key %q in %s", key, where)
		return ""
	}
	if ok && strings.TrimSpace(s) == "" {
		p.errValue(joinPath(prefix, key), "%s must not be empty", key)
	}
	return s
}

// integer reads an optional integer.
func (p *parser) integer(table map[string]any, prefix, key string) (int, bool) {
	v, present := table[key]
	if !present {
		return 0, false
	}
	switch n := v.(type) {
	case int64:
		if n > math.MaxInt32 || n < math.MinInt32 {
			p.errValue(joinPath(prefix, key), "%s is out of range: %d", key, n)
			return 0, false
		}
		return int(n), true
	case float64:
		p.errValue(joinPath(prefix, key), "%s must be an integer, not a float (%s)", key, strconv.FormatFloat(n, 'g', -1, 64))
	default:
		p.errValue(joinPath(prefix, key), "%s must be an integer, not %s", key, TypeName(v))
	}
	return 0, false
}

// strings reads an optional array of strings.
func (p *parser) strList(table map[string]any, prefix, key string) []string {
	v, present := table[key]
	if !present {
		return nil
	}
	path := joinPath(prefix, key)
	arr, ok := v.([]any)
	if !ok {
		p.errValue(path, "%s must be an array of strings, not %s", key, TypeName(v))
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			p.errValue(fmt.Sprintf("%s[%d]", path, i), "%s must hold only strings; item %d is %s", key, i+1, TypeName(e))
			continue
		}
		out = append(out, s)
	}
	return out
}

// tables reads an array of tables (both [[x]] and x = [{...}] forms).
func (p *parser) tables(table map[string]any, prefix, key string) []map[string]any {
	v, present := table[key]
	if !present {
		return nil
	}
	switch arr := v.(type) {
	case []map[string]any:
		return arr
	case []any:
		out := make([]map[string]any, 0, len(arr))
		for i, e := range arr {
			m, ok := e.(map[string]any)
			if !ok {
				p.errValue(fmt.Sprintf("%s[%d]", joinPath(prefix, key), i), "%s must be an array of tables ([[%s]]); item %d is %s", key, key, i+1, TypeName(e))
				continue
			}
			out = append(out, m)
		}
		return out
	}
	p.errValue(joinPath(prefix, key), "%s must be an array of tables ([[%s]]), not %s", key, key, TypeName(v))
	return nil
}

func (p *parser) scenario(raw map[string]any) *Scenario {
	sc := &Scenario{File: p.file, Customer: Customer{Mood: DefaultMood}}
	p.checkKeys(raw, "", topCandidates, "the scenario")
	sc.ID = p.required(raw, "", "id", "the scenario")
	sc.Title = p.required(raw, "", "title", "the scenario")
	sc.Language = p.required(raw, "", "language", "the scenario")
	sc.Summary, _ = p.str(raw, "", "summary")
	sc.Tags = p.strList(raw, "", "tags")
	start, hasStart := p.str(raw, "", "start")
	sc.Situation, _ = p.str(raw, "", "situation")
	sc.Walkout, _ = p.str(raw, "", "walkout")

	if v, ok := raw["customer"]; ok {
		if cust, ok := v.(map[string]any); ok {
			p.checkKeys(cust, "customer", customerCandidates, "[customer]")
			sc.Customer.Name, _ = p.str(cust, "customer", "name")
			if m, ok := p.integer(cust, "customer", "mood"); ok {
				if m < 0 || m > 100 {
					p.errValue("customer.mood", "customer mood %d is outside 0..100 (0 furious, 100 delighted)", m)
				}
				sc.Customer.Mood = m
			}
			if lv, ok := cust["look"]; ok {
				sc.Customer.Look = p.look(lv)
			}
		} else {
			p.errValue("customer", "customer must be a table ([customer]), not %s", TypeName(v))
		}
	}

	nodes := p.tables(raw, "", "node")
	if _, ok := raw["node"]; !ok {
		p.errAt(Pos{Line: 1}, "the scenario has no [[node]]: it needs at least a start node and an ending")
	}
	for i, t := range nodes {
		sc.Nodes = append(sc.Nodes, p.node(t, fmt.Sprintf("node[%d]", i)))
	}
	if hasStart {
		sc.Start = start
	} else if len(sc.Nodes) > 0 {
		sc.Start = sc.Nodes[0].ID
	}
	return sc
}

func (p *parser) node(t map[string]any, prefix string) *Node {
	n := &Node{Speaker: DefaultSpeaker, Line: p.pos.Key(prefix).Line, path: prefix}
	p.checkKeys(t, prefix, nodeCandidates, "[[node]]")
	n.ID = p.required(t, prefix, "id", "[[node]]")
	where := "[[node]]"
	if n.ID != "" {
		where = fmt.Sprintf("node %q", shown(n.ID))
	}
	if s, ok := p.str(t, prefix, "speaker"); ok {
		n.Speaker = s
	}
	if s, ok := p.str(t, prefix, "title"); ok {
		if strings.TrimSpace(s) == "" {
			p.errValue(prefix+".title", "title of %s is empty: give the step a short title, or leave title out", where)
		}
		n.Title = s
	}
	n.Text = p.required(t, prefix, "text", where)
	n.Fit = p.strList(t, prefix, "fit")
	for i, a := range n.Fit {
		if !scoring.IsAction(a) {
			p.errValue(fmt.Sprintf("%s.fit[%d]", prefix, i), "unknown action %q in fit of %s (allowed: %s)", shown(a), where, strings.Join(scoring.Actions, ", "))
		}
	}
	if arr, ok := t["fit"].([]any); ok && len(arr) == 0 {
		p.errValue(prefix+".fit", "fit of %s is empty: list the action(s) that fit, or leave fit out", where)
	}
	if tl, ok := p.integer(t, prefix, "time_limit"); ok {
		if tl <= 0 {
			p.errValue(prefix+".time_limit", "time_limit of %s must be a positive number of seconds, not %d", where, tl)
		}
		n.TimeLimit = tl
	}
	if e, ok := p.str(t, prefix, "ending"); ok {
		if !scoring.IsEnding(e) {
			p.errValue(prefix+".ending", "unknown ending %q on %s (allowed: %s)", shown(e), where, strings.Join(scoring.Endings, ", "))
		}
		n.Ending = e
	}
	for i, ct := range p.tables(t, prefix, "choice") {
		n.Choices = append(n.Choices, p.choice(ct, fmt.Sprintf("%s.choice[%d]", prefix, i), n, where, i))
	}
	return n
}

func (p *parser) choice(t map[string]any, prefix string, n *Node, where string, i int) *Choice {
	c := &Choice{FollowUp: scoring.None, Line: p.pos.Key(prefix).Line, path: prefix}
	cwhere := fmt.Sprintf("choice %d of %s", i+1, where)
	p.checkKeys(t, prefix, choiceCandidates, "[[node.choice]]")
	c.Text = p.required(t, prefix, "text", cwhere)
	if a, ok := p.str(t, prefix, "action"); ok {
		if !scoring.IsAction(a) {
			p.errValue(prefix+".action", "unknown action %q in %s (allowed: %s)", shown(a), cwhere, strings.Join(scoring.Actions, ", "))
		}
		c.Action = a
	} else if _, present := t["action"]; !present && len(n.Fit) > 0 {
		p.errKey(prefix, "%s has no action, but its node has fit: every choice there needs an action (%s)", cwhere, strings.Join(scoring.Actions, ", "))
	}
	if f, ok := p.str(t, prefix, "follow_up"); ok {
		if !scoring.IsFollowUp(f) {
			p.errValue(prefix+".follow_up", "unknown follow_up %q in %s (allowed: %s)", shown(f), cwhere, strings.Join(scoring.FollowUps, ", "))
		}
		c.FollowUp = f
	}
	if m, ok := p.integer(t, prefix, "mood"); ok {
		if m < -100 || m > 100 {
			p.warnAt(p.pos.Value(prefix+".mood"), "mood change %d in %s is outside -100..100; mood is clamped to 0..100 anyway", m, cwhere)
		}
		c.Mood = m
	}
	c.Feedback, _ = p.str(t, prefix, "feedback")
	c.Next = p.required(t, prefix, "next", cwhere)
	c.Sets = p.strList(t, prefix, "sets")
	c.Requires = p.strList(t, prefix, "requires")
	c.Unless = p.strList(t, prefix, "unless")
	if v, ok := t["drift"]; ok {
		c.Drift = p.drift(v, prefix+".drift", cwhere)
	}
	return c
}

func (p *parser) drift(v any, path, cwhere string) map[string]float64 {
	table, ok := v.(map[string]any)
	if !ok {
		p.errValue(path, "drift must be a table of archetype weights such as { pivot = 1.0 }, not %s", TypeName(v))
		return nil
	}
	out := make(map[string]float64, len(table))
	allowed := scoring.Archetypes[:]
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kp := path + "." + k
		if scoring.Index(k) < 0 {
			msg := fmt.Sprintf("unknown archetype %q in drift of %s", shown(k), cwhere)
			msg += p.suggest(k, archetypeCandidates)
			msg += " (allowed: " + strings.Join(allowed, ", ") + ")"
			p.errKey(kp, "%s", msg)
			continue
		}
		var f float64
		switch n := table[k].(type) {
		case int64:
			f = float64(n)
		case float64:
			f = n
		default:
			p.errValue(kp, "drift weight %s must be a number, not %s", k, TypeName(table[k]))
			continue
		}
		if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			p.errValue(kp, "drift weight %s must be a finite number >= 0, not %s", k, strconv.FormatFloat(f, 'g', -1, 64))
			continue
		}
		out[k] = f
	}
	return out
}
