package trainer

// Simulated players ("personas"): does an assessment tell the archetypes
// apart? A player who leans toward one archetype plays every scenario of
// the set, the run's weights are summed over all of them as the panel sums
// a submission's reports, and the result is classified as the panel would.
// The confusion matrix of personas against verdicts shows how often each
// leaning is recognised; fixed strategies (the longest answer, the first
// answer, pure chance) show what a player who games the test gets.

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// NoClearDrift is the verdict column of a run whose drift is not clear
// (scoring.Clear is false): a tie, a margin below scoring.ClearMargin, or
// no weight at all.
const NoClearDrift = "no_clear_drift"

// NumVerdicts is the number of verdict columns: the five archetypes and
// NoClearDrift.
const NumVerdicts = scoring.NumArchetypes + 1

// Verdicts lists the verdict columns in order: the archetypes in the
// contract's order, then NoClearDrift.
var Verdicts = [NumVerdicts]string{scoring.Pivot, scoring.Spring, scoring.Connector, scoring.Disperser, scoring.ShockAbsorber, NoClearDrift}

// The strategies: players who ignore the archetypes.
const (
	StrategyRandom  = "random"  // uniformly among the visible choices
	StrategyLongest = "longest" // the visible choice with the most characters
	StrategyFirst   = "first"   // the first visible choice in file order
)

// Strategies lists the strategies in the order reports show them.
var Strategies = []string{StrategyRandom, StrategyLongest, StrategyFirst}

// DefaultPersonaQ is how often, by default, a persona takes a choice that
// feeds its archetype when one is visible.
const DefaultPersonaQ = 0.8

// PersonaOptions sets up a persona playtest.
type PersonaOptions struct {
	// Runs is the number of runs per persona and for the random strategy.
	// The longest and first strategies are deterministic and run once.
	Runs int
	// Q is the probability, at each decision, that a persona takes a
	// choice feeding its archetype (when one is visible), 0..1.
	Q    float64
	Seed uint64
}

// Validate reports options that cannot run.
func (o PersonaOptions) Validate() error {
	if o.Runs < 1 {
		return fmt.Errorf("runs must be at least 1, not %d", o.Runs)
	}
	if !(o.Q >= 0 && o.Q <= 1) { // also false for NaN
		return fmt.Errorf("q must be from 0 to 1, not %v", o.Q)
	}
	return nil
}

// VerdictCounts counts runs per verdict column, in the order of Verdicts.
type VerdictCounts [NumVerdicts]int

// MarshalJSON writes the counts as an object keyed by verdict, in order.
func (c VerdictCounts) MarshalJSON() ([]byte, error) {
	return marshalOrdered(Verdicts[:], func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(c[i]), 10) }), nil
}

// VerdictShares holds each verdict's share of the runs, 0..1, in the
// order of Verdicts.
type VerdictShares [NumVerdicts]float64

// MarshalJSON writes the shares as an object keyed by verdict, in order.
func (s VerdictShares) MarshalJSON() ([]byte, error) {
	return marshalOrdered(Verdicts[:], floatAt(s[:])), nil
}

// ArchetypeShares holds one share per archetype, 0..1, in the contract's
// order.
type ArchetypeShares [scoring.NumArchetypes]float64

// MarshalJSON writes the shares as an object keyed by archetype, in order.
func (s ArchetypeShares) MarshalJSON() ([]byte, error) {
	return marshalOrdered(scoring.Archetypes[:], floatAt(s[:])), nil
}

// marshalOrdered writes a JSON object with the keys in order, each value
// appended by val.
func marshalOrdered(keys []string, val func(b []byte, i int) []byte) []byte {
	b := make([]byte, 0, 24*len(keys))
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, k)
		b = append(b, ':')
		b = val(b, i)
	}
	return append(b, '}')
}

func floatAt(v []float64) func([]byte, int) []byte {
	return func(b []byte, i int) []byte { return strconv.AppendFloat(b, v[i], 'g', -1, 64) }
}

// PersonaReport is the result of a persona playtest: one group per
// language, each group one assessment.
type PersonaReport struct {
	Runs   int             `json:"runs"`
	Q      float64         `json:"q"`
	Seed   uint64          `json:"seed"`
	Groups []*PersonaGroup `json:"groups"`
}

// PersonaGroup is the playtest of one assessment: the scenarios of one
// language, played in order.
type PersonaGroup struct {
	Language string `json:"language"`
	// Scenarios lists the ids in the order played.
	Scenarios []string `json:"scenarios"`
	// DecisionPoints counts the nodes with choices over all the scenarios.
	DecisionPoints int `json:"decision_points"`
	// Matrix has one row per persona, in the contract's order of
	// archetypes.
	Matrix []PersonaRow `json:"matrix"`
	// Recall is, per archetype, the share of its persona's runs classified
	// clearly as that archetype: the matrix's diagonal.
	Recall ArchetypeShares `json:"recall"`
	// MeanScored and MeanSteps are, over every persona run, the mean
	// number of steps that carried weight and of steps taken.
	MeanScored float64 `json:"mean_scored"`
	MeanSteps  float64 `json:"mean_steps"`
	// Strategies holds random, longest and first, in that order.
	Strategies []StrategyResult `json:"strategies"`
	// Unfinished counts the scenario plays, over every run of the group,
	// that stopped without an ending: no visible choice, or MaxSteps steps.
	Unfinished int `json:"unfinished"`
}

// PersonaRow is one persona's row of the confusion matrix.
type PersonaRow struct {
	Persona    string        `json:"persona"`
	Runs       int           `json:"runs"`
	Counts     VerdictCounts `json:"counts"`
	Shares     VerdictShares `json:"shares"`
	Recall     float64       `json:"recall"`
	MeanScored float64       `json:"mean_scored"`
	MeanSteps  float64       `json:"mean_steps"`
}

// StrategyResult is what one strategy's runs were classified as, and how
// clearly.
type StrategyResult struct {
	Strategy string `json:"strategy"`
	Runs     int    `json:"runs"`
	// Deterministic strategies (longest, first) are run once: every run
	// would be the same.
	Deterministic bool          `json:"deterministic"`
	Counts        VerdictCounts `json:"counts"`
	Shares        VerdictShares `json:"shares"`
	// MeanMargin is the mean of scoring.Margin over the runs.
	MeanMargin float64 `json:"mean_margin"`
	// ClearShockAbsorber is the share of runs classed a clear shock
	// absorber.
	ClearShockAbsorber float64 `json:"clear_shock_absorber"`
	MeanScored         float64 `json:"mean_scored"`
	MeanSteps          float64 `json:"mean_steps"`
	// Weights and Tied are those of the one run of a deterministic
	// strategy (absent for random): the summed weights and the archetypes
	// sharing the largest drift (scoring.Tied).
	Weights *scoring.Weights `json:"weights,omitempty"`
	Tied    []string         `json:"tied,omitempty"`
}

// Verdict classifies summed weights: the archetype's index when the drift
// is clear, otherwise the index of NoClearDrift.
func Verdict(w scoring.Weights) int {
	if scoring.Clear(w) {
		if i := scoring.Winner(w); i >= 0 {
			return i
		}
	}
	return NumVerdicts - 1
}

// GroupByLanguage splits a set into one assessment per language, keeping
// the order of the set inside each group; groups come in the order their
// language first appears. Tags that differ only in case are one language,
// named as first seen.
func GroupByLanguage(list []*scenarios.Scenario) [][]*scenarios.Scenario {
	var groups [][]*scenarios.Scenario
	for _, sc := range list {
		found := false
		for i, g := range groups {
			if strings.EqualFold(g[0].Language, sc.Language) {
				groups[i] = append(g, sc)
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, []*scenarios.Scenario{sc})
		}
	}
	return groups
}

// RunPersonas plays every group of the set (see GroupByLanguage) with the
// personas and strategies. The same options give the same report, and a
// group's numbers do not depend on the other groups.
func RunPersonas(list []*scenarios.Scenario, opt PersonaOptions) (*PersonaReport, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errors.New("no scenarios to play")
	}
	groups := GroupByLanguage(list)
	rep := &PersonaReport{Runs: opt.Runs, Q: opt.Q, Seed: opt.Seed, Groups: make([]*PersonaGroup, len(groups))}
	// Groups share nothing but the read-only scenarios, and each draws from
	// its own random streams, so they play side by side on the cores with
	// the same numbers as one after the other.
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, g := range groups {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			rep.Groups[i] = RunPersonaGroup(g, opt)
		}()
	}
	wg.Wait()
	return rep, nil
}

// RunPersonaGroup plays one assessment (scenarios in order, of one
// language) with every persona and strategy. opt must be valid.
func RunPersonaGroup(list []*scenarios.Scenario, opt PersonaOptions) *PersonaGroup {
	g := &PersonaGroup{Scenarios: make([]string, 0, len(list)), Matrix: make([]PersonaRow, 0, scoring.NumArchetypes)}
	if len(list) > 0 {
		g.Language = list[0].Language
	}
	for _, sc := range list {
		g.Scenarios = append(g.Scenarios, sc.ID)
		g.DecisionPoints += decisionPoints(sc)
	}
	p := &player{q: opt.Q, set: list}
	var scored, steps, runs int
	for a, name := range scoring.Archetypes {
		p.reset(personaPersona, a, opt.Seed, stream(g.Language, name))
		t := p.runs(opt.Runs)
		row := PersonaRow{Persona: name, Runs: opt.Runs, Counts: t.counts}
		row.Shares = t.shares(opt.Runs)
		row.Recall = row.Shares[a]
		row.MeanScored = float64(t.scored) / float64(opt.Runs)
		row.MeanSteps = float64(t.steps) / float64(opt.Runs)
		g.Matrix = append(g.Matrix, row)
		g.Recall[a] = row.Recall
		g.Unfinished += t.unfinished
		scored, steps, runs = scored+t.scored, steps+t.steps, runs+opt.Runs
	}
	g.MeanScored = float64(scored) / float64(runs)
	g.MeanSteps = float64(steps) / float64(runs)
	for _, name := range Strategies {
		n, kind := opt.Runs, strategyRandom
		switch name {
		case StrategyLongest:
			n, kind = 1, strategyLongest
		case StrategyFirst:
			n, kind = 1, strategyFirst
		}
		p.reset(kind, -1, opt.Seed, stream(g.Language, name))
		t := p.runs(n)
		s := StrategyResult{Strategy: name, Runs: n, Deterministic: kind != strategyRandom, Counts: t.counts}
		s.Shares = t.shares(n)
		s.MeanMargin = t.margin / float64(n)
		s.ClearShockAbsorber = s.Shares[scoring.Index(scoring.ShockAbsorber)]
		s.MeanScored = float64(t.scored) / float64(n)
		s.MeanSteps = float64(t.steps) / float64(n)
		if s.Deterministic {
			w := t.last
			s.Weights, s.Tied = &w, scoring.Tied(w)
		}
		g.Strategies = append(g.Strategies, s)
		g.Unfinished += t.unfinished
	}
	return g
}

// decisionPoints counts the nodes of a scenario that offer choices.
func decisionPoints(sc *scenarios.Scenario) int {
	n := 0
	seen := make(map[string]bool, len(sc.Nodes))
	for _, nd := range sc.Nodes {
		if !seen[nd.ID] && len(nd.Choices) > 0 {
			n++
		}
		seen[nd.ID] = true
	}
	return n
}

// stream gives every (language, player) its own random stream, so a
// group's numbers are the same whether or not other groups are played.
func stream(language, who string) uint64 {
	h := fnv.New64a()
	io.WriteString(h, strings.ToLower(language))
	h.Write([]byte{0})
	io.WriteString(h, who)
	return h.Sum64() ^ 0x9e3779b97f4a7c15
}

// Kinds of player.
const (
	personaPersona = iota
	strategyRandom
	strategyLongest
	strategyFirst
)

// player plays a set of scenarios again and again; its slices are reused
// from step to step.
type player struct {
	set  []*scenarios.Scenario
	q    float64
	kind int
	arch int // the persona's archetype index
	rng  *rand.Rand
	pcg  *rand.PCG
	cand []int     // indices of the visible choices a persona may take
	run  *play.Run // reused from scenario to scenario
}

// reset makes p the given kind of player, with a fresh random stream.
func (p *player) reset(kind, arch int, seed, stream uint64) {
	p.kind, p.arch = kind, arch
	if p.pcg == nil {
		p.pcg = rand.NewPCG(0, 0)
		p.rng = rand.New(p.pcg)
	}
	p.pcg.Seed(seed, stream)
}

// tally accumulates the runs of one player.
type tally struct {
	counts        VerdictCounts
	margin        float64
	scored, steps int
	unfinished    int
	last          scoring.Weights // the weights of the last run
}

func (t *tally) shares(n int) VerdictShares {
	var s VerdictShares
	for i, c := range t.counts {
		s[i] = float64(c) / float64(n)
	}
	return s
}

// runs plays the whole set n times.
func (p *player) runs(n int) tally {
	var t tally
	for range n {
		w := p.playSet(&t)
		t.last = w
		t.counts[Verdict(w)]++
		t.margin += scoring.Margin(w)
	}
	return t
}

// playSet plays every scenario of the set once, in order, and returns the
// summed weights.
func (p *player) playSet(t *tally) scoring.Weights {
	var total scoring.Weights
	for _, sc := range p.set {
		if p.run == nil {
			p.run = play.New(sc)
		} else {
			p.run.Reset(sc)
		}
		r := p.run
		for steps := 0; !r.Done(); steps++ {
			vis := r.Visible()
			if len(vis) == 0 || steps >= MaxSteps {
				t.unfinished++
				break
			}
			st, err := r.Choose(p.pick(r.Node(), vis))
			if err != nil {
				t.unfinished++
				break
			}
			t.steps++
			if st.Weights.Sum() > 0 {
				t.scored++
			}
		}
		total = total.Add(r.Weights())
	}
	return total
}

// pick returns the 0-based index, among vis, of the choice to take.
func (p *player) pick(n *scenarios.Node, vis []play.Option) int {
	switch p.kind {
	case strategyFirst:
		return 0
	case strategyLongest:
		best, bestLen := 0, -1
		for i, o := range vis {
			if l := utf8.RuneCountInString(o.Choice.Text); l > bestLen {
				best, bestLen = i, l
			}
		}
		return best
	case strategyRandom:
		return p.rng.IntN(len(vis))
	}
	// A persona: with probability q, a choice that feeds its archetype
	// most among those visible.
	if p.q > 0 && (p.q >= 1 || p.rng.Float64() < p.q) {
		p.cand = p.cand[:0]
		most := 0.0
		for i, o := range vis {
			w := play.ChoiceWeights(n, o.Choice)[p.arch]
			switch {
			case w <= 0 || w < most:
			case w > most:
				most = w
				p.cand = append(p.cand[:0], i)
			default:
				p.cand = append(p.cand, i)
			}
		}
		switch len(p.cand) {
		case 0:
		case 1:
			return p.cand[0]
		default:
			return p.cand[p.rng.IntN(len(p.cand))]
		}
	}
	return p.rng.IntN(len(vis))
}

// MaxConfigSize bounds an assessment configuration file.
const MaxConfigSize = 64 << 20

// IsAssessmentConfig reports whether a path names an assessment
// configuration rather than a scenario file or folder: a .json file.
func IsAssessmentConfig(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), ".json")
}

// LoadAssessmentConfig reads an assessment configuration (play.AssessmentConfig)
// and parses its scenarios, in its order. Diagnostics of a scenario name it as
// PATH[id].
func LoadAssessmentConfig(path string) ([]*scenarios.Scenario, scenarios.Diagnostics) {
	fail := func(format string, a ...any) ([]*scenarios.Scenario, scenarios.Diagnostics) {
		return nil, scenarios.Diagnostics{{File: path, Message: fmt.Sprintf(format, a...)}}
	}
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return fail("no such file or folder")
		case errors.Is(err, os.ErrPermission):
			return fail("permission denied")
		}
		return fail("cannot open: %v", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		return fail("is not a regular file; an assessment configuration is a .json file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigSize+1))
	if err != nil {
		return fail("cannot read: %v", err)
	}
	if len(data) > MaxConfigSize {
		return fail("file is larger than %d MiB; an assessment configuration may be at most that", MaxConfigSize>>20)
	}
	return ParseAssessmentConfig(path, data)
}

// ParseAssessmentConfig parses the bytes of an assessment configuration;
// name is used in diagnostics.
func ParseAssessmentConfig(name string, data []byte) ([]*scenarios.Scenario, scenarios.Diagnostics) {
	// The body of the panel's GET /api/a/{token}, as the game's
	// --assessment-file takes it (internal/panel/API.md, section 2). Like
	// the game, fields it does not know are ignored.
	var cfg play.AssessmentConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := offsetPos(data, se.Offset)
			return nil, scenarios.Diagnostics{{File: name, Line: line, Col: col, Message: "not a valid assessment configuration: " + se.Error()}}
		case errors.As(err, &te):
			line, col := offsetPos(data, te.Offset)
			return nil, scenarios.Diagnostics{{File: name, Line: line, Col: col,
				Message: fmt.Sprintf("not a valid assessment configuration: %s is %s, where it takes %s", jsonField(te.Field), jsonValue(te.Value), jsonKind(te.Type))}}
		}
		return nil, scenarios.Diagnostics{{File: name, Message: "not a valid assessment configuration: " + err.Error()}}
	}
	if len(cfg.Scenarios) == 0 {
		return nil, scenarios.Diagnostics{{File: name, Message: `the assessment configuration lists no scenarios (it needs "scenarios": [{"id", "title", "language", "toml"}, ...])`}}
	}
	var diags scenarios.Diagnostics
	list := make([]*scenarios.Scenario, 0, len(cfg.Scenarios))
	for i, s := range cfg.Scenarios {
		label := s.ID
		if label == "" {
			label = fmt.Sprintf("scenario %d", i+1)
		}
		file := fmt.Sprintf("%s[%s]", name, label)
		if strings.TrimSpace(s.TOML) == "" {
			diags = append(diags, scenarios.Diagnostic{File: file, Message: `the scenario has no "toml" text`})
			continue
		}
		sc, ds := scenarios.Parse(file, []byte(s.TOML))
		diags = append(diags, ds...)
		if sc != nil && !ds.HasErrors() {
			list = append(list, sc)
		}
	}
	return list, diags
}

// jsonValue names a JSON value kind as encoding/json reports it
// ("array", "number", ...), with its article.
func jsonValue(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "":
		return "a value"
	}
	if strings.HasPrefix(v, "number") {
		return "a number"
	}
	return "a " + v
}

// jsonKind names, in JSON's words, what a Go type takes.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

func jsonField(f string) string {
	if f == "" {
		return "the whole file"
	}
	return strconv.Quote(f)
}

// offsetPos turns a byte offset into a 1-based line and column.
func offsetPos(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	line, col = 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// LoadAssessmentSet reads the scenarios named by paths as one set, in
// order: scenario files, folders (searched recursively as check does) and
// assessment configurations (.json). Besides each file's diagnostics it
// reports a scenario id that comes twice. Only valid scenarios are
// returned.
func LoadAssessmentSet(paths []string) ([]*scenarios.Scenario, scenarios.Diagnostics) {
	var list []*scenarios.Scenario
	var diags scenarios.Diagnostics
	where := map[string]string{}
	add := func(scs []*scenarios.Scenario) {
		for _, sc := range scs {
			if prev, dup := where[sc.ID]; dup {
				diags = append(diags, scenarios.Diagnostic{File: sc.File,
					Message: fmt.Sprintf("duplicate scenario id %q: already in %s; an assessment plays each scenario once", sc.ID, prev)})
				continue
			}
			where[sc.ID] = sc.File
			list = append(list, sc)
		}
	}
	for _, p := range paths {
		if IsAssessmentConfig(p) {
			if info, err := os.Stat(p); err != nil || !info.IsDir() {
				scs, ds := LoadAssessmentConfig(p)
				diags = append(diags, ds...)
				add(scs)
				continue
			}
		}
		set, ds := scenarios.LoadPaths([]string{p})
		diags = append(diags, ds...)
		add(set.Scenarios)
	}
	return list, diags
}
