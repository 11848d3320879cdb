package trainer

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// PlanSuffix ends the name of every transcript test plan.
const PlanSuffix = ".test.toml"

// DriftTolerance is how far a drift may be from the one a case expects.
const DriftTolerance = 1e-9

// Plan is a transcript test plan: a scenario and cases, each a list of
// choices and what the run must end with.
type Plan struct {
	File string
	// Scenario is the path of the scenario file as written in the plan, and
	// ScenarioPath the same resolved against the plan's folder.
	Scenario     string
	ScenarioPath string
	ScenarioPos  Pos
	Cases        []Case
}

// Case is one transcript: the choices and the expected outcome. Nil
// expectations are not checked.
type Case struct {
	Name      string
	Pos       Pos
	Choose    []int
	Ending    *string
	Archetype *string // "" expects no archetype at all
	Mood      *int
	WalkedOut *bool
	Drift     map[string]float64
	Path      []string
}

// PlanError is a problem in a plan file, at a position.
type PlanError struct {
	File    string
	Pos     Pos
	Message string
}

func (e PlanError) String() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Pos.Line)
		if e.Pos.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Pos.Col)
		}
	}
	return b.String() + ": " + e.Message
}

var (
	planKeys = []string{"scenario", "case"}
	caseKeys = []string{"name", "choose", "ending", "archetype", "mood", "walked_out", "drift", "path"}
)

type planParser struct {
	file string
	pos  *scenarios.Positions
	errs []PlanError
}

func (p *planParser) errAt(pos Pos, format string, args ...any) {
	p.errs = append(p.errs, PlanError{File: p.file, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// ParsePlan reads a test plan. name is the path used in messages and to
// resolve the scenario; the plan is nil when there are errors.
func ParsePlan(name string, data []byte) (*Plan, []PlanError) {
	p := &planParser{file: name}
	plan := p.parse(data)
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i].Pos, p.errs[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return plan, nil
}

func (p *planParser) parse(data []byte) *Plan {
	if len(data) > scenarios.MaxFileSize {
		p.errAt(Pos{Line: 1}, "file is too large for a test plan (%d bytes)", len(data))
		return nil
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		p.errAt(Pos{Line: 1}, "file is not UTF-8 text: a test plan is a TOML file")
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.errAt(Pos{Line: 1}, `file is empty: a test plan needs scenario = "FILE.toml" and at least one [[case]]`)
		return nil
	}
	// The scenario loader's structure limits, before decoding: a plan is
	// small, and a hostile one must not cost gigabytes.
	if lim := scenarios.CheckLimits(data); lim != nil {
		p.errAt(Pos{Line: lim.Pos.Line, Col: lim.Pos.Col}, "%s", lim.Message)
		return nil
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			p.errAt(Pos{Line: perr.Position.Line, Col: perr.Position.Col}, "TOML syntax: %s", perr.Message)
		} else {
			p.errAt(Pos{Line: 1}, "TOML syntax: %v", err)
		}
		return nil
	}
	p.pos = scenarios.ScanPositions(string(data))
	plan := &Plan{File: p.file}
	p.checkKeys(raw, "", planKeys, "the test plan")
	if v, ok := raw["scenario"]; !ok {
		p.errAt(Pos{Line: 1}, `missing key "scenario": name the scenario file, relative to this plan, such as scenario = "double-charge.toml"`)
	} else if s, ok := v.(string); !ok || strings.TrimSpace(s) == "" {
		p.errAt(p.pos.Value("scenario"), "scenario must be the path of a scenario file, not %s", describe(v))
	} else {
		plan.Scenario = s
		plan.ScenarioPos = p.pos.Value("scenario")
		plan.ScenarioPath = s
		if !filepath.IsAbs(s) {
			plan.ScenarioPath = filepath.Join(filepath.Dir(p.file), filepath.FromSlash(s))
		}
	}
	cases, ok := raw["case"]
	if !ok {
		p.errAt(Pos{Line: 1}, "the plan has no [[case]]: add at least one, with name and choose")
		return plan
	}
	tables, ok := asTables(cases)
	if !ok {
		p.errAt(p.pos.Value("case"), "case must be an array of tables ([[case]]), not %s", describe(cases))
		return plan
	}
	names := map[string]int{}
	for i, t := range tables {
		c := p.parseCase(t, fmt.Sprintf("case[%d]", i), i)
		if c.Name != "" {
			if prev, dup := names[c.Name]; dup {
				p.errAt(c.Pos, "duplicate case name %q (first used at line %d)", c.Name, prev)
			} else {
				names[c.Name] = c.Pos.Line
			}
		}
		plan.Cases = append(plan.Cases, c)
	}
	return plan
}

func asTables(v any) ([]map[string]any, bool) {
	switch arr := v.(type) {
	case []map[string]any:
		return arr, true
	case []any:
		out := make([]map[string]any, 0, len(arr))
		for _, e := range arr {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out = append(out, m)
		}
		return out, true
	}
	return nil, false
}

func (p *planParser) checkKeys(t map[string]any, prefix string, allowed []string, where string) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slices.Contains(allowed, k) {
			continue
		}
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		p.errAt(p.pos.Key(path), "unknown key %q in %s (allowed: %s)", k, where, strings.Join(allowed, ", "))
	}
}

// describe names a decoded TOML value for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case int64:
		return fmt.Sprintf("the integer %d", x)
	case float64:
		return "the float " + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	}
	return scenarios.TypeName(v)
}

func (p *planParser) parseCase(t map[string]any, prefix string, i int) Case {
	c := Case{Pos: p.pos.Key(prefix)}
	where := fmt.Sprintf("case %d", i+1)
	if name, ok := t["name"].(string); ok && strings.TrimSpace(name) != "" {
		c.Name = name
		where = fmt.Sprintf("case %q", name)
	} else if v, present := t["name"]; present {
		p.errAt(p.pos.Value(prefix+".name"), "name of %s must be a non-empty string, not %s", where, describe(v))
	} else {
		p.errAt(c.Pos, `%s has no name: add name = "what this transcript shows"`, where)
	}
	p.checkKeys(t, prefix, caseKeys, where)
	at := func(key string) Pos { return p.pos.Value(prefix + "." + key) }

	if v, ok := t["choose"]; !ok {
		p.errAt(c.Pos, "%s has no choose: list the 1-based choice numbers, such as choose = [2, 1, 3]", where)
	} else if arr, ok := v.([]any); !ok {
		p.errAt(at("choose"), "choose of %s must be an array of choice numbers such as [2, 1, 3], not %s", where, describe(v))
	} else {
		c.Choose = []int{}
		for k, e := range arr {
			n, ok := e.(int64)
			if !ok || n < 1 || n > math.MaxInt32 {
				p.errAt(at("choose"), "choose of %s: item %d is %s; use 1-based choice numbers", where, k+1, describe(e))
				continue
			}
			c.Choose = append(c.Choose, int(n))
		}
	}
	if v, ok := t["ending"]; ok {
		s, isStr := v.(string)
		if !isStr || !scoring.IsEnding(s) {
			p.errAt(at("ending"), "ending of %s must be one of %s, not %s", where, strings.Join(scoring.Endings, ", "), describe(v))
		} else {
			c.Ending = &s
		}
	}
	if v, ok := t["archetype"]; ok {
		s, isStr := v.(string)
		if s == play.NoArchetype {
			s = ""
		}
		if !isStr || s != "" && scoring.Index(s) < 0 {
			p.errAt(at("archetype"), "archetype of %s must be one of %s or %q (no weight at all), not %s", where, strings.Join(scoring.Archetypes[:], ", "), play.NoArchetype, describe(v))
		} else {
			c.Archetype = &s
		}
	}
	if v, ok := t["mood"]; ok {
		n, isInt := v.(int64)
		if !isInt || n < 0 || n > 100 {
			p.errAt(at("mood"), "mood of %s is the final mood, an integer 0..100, not %s", where, describe(v))
		} else {
			m := int(n)
			c.Mood = &m
		}
	}
	if v, ok := t["walked_out"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			p.errAt(at("walked_out"), "walked_out of %s must be true or false, not %s", where, describe(v))
		} else {
			c.WalkedOut = &b
		}
	}
	if v, ok := t["drift"]; ok {
		m, isMap := v.(map[string]any)
		if !isMap {
			p.errAt(at("drift"), "drift of %s must be a table such as { shock_absorber = 0.75 }, not %s", where, describe(v))
		} else {
			c.Drift = map[string]float64{}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if scoring.Index(k) < 0 {
					p.errAt(at("drift"), "drift of %s: unknown archetype %q (allowed: %s)", where, k, strings.Join(scoring.Archetypes[:], ", "))
					continue
				}
				var f float64
				switch x := m[k].(type) {
				case int64:
					f = float64(x)
				case float64:
					f = x
				default:
					p.errAt(at("drift"), "drift of %s: %s must be a number 0..1, not %s", where, k, describe(m[k]))
					continue
				}
				if f < 0 || f > 1 || math.IsNaN(f) {
					p.errAt(at("drift"), "drift of %s: %s is a share, 0..1, not %s", where, k, strconv.FormatFloat(f, 'g', -1, 64))
					continue
				}
				c.Drift[k] = f
			}
		}
	}
	if v, ok := t["path"]; ok {
		arr, isArr := v.([]any)
		if !isArr {
			p.errAt(at("path"), "path of %s must be an array of node ids, not %s", where, describe(v))
		} else {
			c.Path = []string{}
			for k, e := range arr {
				s, ok := e.(string)
				if !ok {
					p.errAt(at("path"), "path of %s: item %d is %s, not a node id", where, k+1, describe(e))
					continue
				}
				c.Path = append(c.Path, s)
			}
		}
	}
	return c
}

// CaseResult is the outcome of one case.
type CaseResult struct {
	Case Case
	// Diffs lists every mismatch as "what: got X, want Y"; empty when the
	// case passed.
	Diffs []string
	// Report is the run's report, as far as it got (nil when the play
	// could not start).
	Report *play.Report
}

// Passed reports whether the case passed.
func (r CaseResult) Passed() bool { return len(r.Diffs) == 0 }

// RunCase replays a case through the engine and compares the outcome with
// what the case expects.
func RunCase(sc *scenarios.Scenario, c Case) CaseResult {
	res := CaseResult{Case: c}
	run, extra, err := play.Replay(sc, c.Choose)
	if run != nil {
		rep := run.Report()
		res.Report = &rep
	}
	if err != nil {
		res.Diffs = append(res.Diffs, "choose: "+err.Error())
		return res
	}
	if extra > 0 {
		res.Diffs = append(res.Diffs, fmt.Sprintf("choose: the run ended after %d choice(s); the last %d of %d are not used (remove them, or the ending came too early)", len(c.Choose)-extra, extra, len(c.Choose)))
	}
	rep := res.Report
	if c.Ending != nil && rep.Ending != *c.Ending {
		res.Diffs = append(res.Diffs, fmt.Sprintf("ending: got %q, want %q", rep.Ending, *c.Ending))
	}
	if c.Archetype != nil && rep.Archetype != *c.Archetype {
		res.Diffs = append(res.Diffs, fmt.Sprintf("archetype: got %s, want %s", archName(rep.Archetype), archName(*c.Archetype)))
	}
	if c.Mood != nil && rep.Mood != *c.Mood {
		res.Diffs = append(res.Diffs, fmt.Sprintf("mood: got %d, want %d", rep.Mood, *c.Mood))
	}
	if c.WalkedOut != nil && rep.WalkedOut != *c.WalkedOut {
		res.Diffs = append(res.Diffs, fmt.Sprintf("walked_out: got %v, want %v", rep.WalkedOut, *c.WalkedOut))
	}
	for i, a := range scoring.Archetypes {
		want, ok := c.Drift[a]
		if !ok {
			continue
		}
		if got := rep.Drift[i]; math.Abs(got-want) > DriftTolerance {
			res.Diffs = append(res.Diffs, fmt.Sprintf("drift.%s: got %s, want %s", a, fmtFloat(got), fmtFloat(want)))
		}
	}
	if c.Path != nil {
		if d := pathDiff(rep.Path, c.Path); d != "" {
			res.Diffs = append(res.Diffs, d)
		}
	}
	return res
}

func archName(a string) string {
	if a == "" {
		return `"none" (no weight)`
	}
	return strconv.Quote(a)
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', 10, 64) }

func pathDiff(got, want []string) string {
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			return fmt.Sprintf("path: got %s, want %s (the run ended before node %d, %q)", quoteList(got), quoteList(want), i+1, want[i])
		case i >= len(want):
			return fmt.Sprintf("path: got %s, want %s (the run went on to %q)", quoteList(got), quoteList(want), got[i])
		case got[i] != want[i]:
			return fmt.Sprintf("path: got %s, want %s (node %d: got %q, want %q)", quoteList(got), quoteList(want), i+1, got[i], want[i])
		}
	}
	return ""
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
