// Package scoring holds the pure scoring rules of the scenario contract
// (section 3): a step's archetype weights, the drift they add up to and the
// archetype a drift points at. It does no I/O and knows nothing of files.
package scoring

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Version is the scoring rules' version (the contract's section 3), written
// into every report so a stored result says which rules scored it.
const Version = 2

// ClearMargin is the smallest margin (largest drift minus the second
// largest) at which a drift is clear: below it front ends say there is no
// clear drift yet rather than name an archetype as the verdict.
const ClearMargin = 0.2

// The five archetypes, in the contract's order. Ties between archetypes are
// broken by this order, so it is part of the scoring rules.
const (
	Pivot         = "pivot"
	Spring        = "spring"
	Connector     = "connector"
	Disperser     = "disperser"
	ShockAbsorber = "shock_absorber"
)

// Archetypes lists the archetype ids in the contract's order.
var Archetypes = [NumArchetypes]string{Pivot, Spring, Connector, Disperser, ShockAbsorber}

// NumArchetypes is how many archetypes there are.
const NumArchetypes = 5

// The four actions an agent can take on a case.
const (
	Assume   = "assume"
	Derive   = "derive"
	Connect  = "connect"
	Escalate = "escalate"
)

// Actions lists the action ids in the contract's order.
var Actions = []string{Assume, Derive, Connect, Escalate}

// The four follow-up behaviours.
const (
	None    = "none"
	Promise = "promise"
	Monitor = "monitor"
	Close   = "close"
)

// FollowUps lists the follow-up ids in the contract's order.
var FollowUps = []string{None, Promise, Monitor, Close}

// The three kinds of ending.
const (
	Resolved   = "resolved"
	Unresolved = "unresolved"
	Lost       = "lost"
)

// Endings lists the ending kinds.
var Endings = []string{Resolved, Unresolved, Lost}

// Weights holds one number per archetype, indexed in the order of Archetypes.
type Weights [NumArchetypes]float64

// Index returns the position of archetype id in Archetypes, or -1.
func Index(id string) int {
	for i, a := range Archetypes {
		if a == id {
			return i
		}
	}
	return -1
}

// Shadow returns the archetype an action drifts toward when it does not fit
// the case, or -1 for an unknown action.
func Shadow(action string) int {
	switch action {
	case Assume:
		return 1 // spring
	case Derive:
		return 0 // pivot
	case Connect:
		return 2 // connector
	case Escalate:
		return 3 // disperser
	}
	return -1
}

// Owns reports whether a follow-up keeps ownership of the case.
func Owns(followUp string) bool { return followUp == Monitor || followUp == Close }

// IsAction, IsFollowUp and IsEnding report whether s is an allowed value.
func IsAction(s string) bool   { return contains(Actions, s) }
func IsFollowUp(s string) bool { return contains(FollowUps, s) }
func IsEnding(s string) bool   { return contains(Endings, s) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Step describes one choice taken, as far as scoring cares.
type Step struct {
	Fit      []string           // the node's fit list; nil when the node has none
	Action   string             // "" when the choice has none
	FollowUp string             // "" is read as "none"
	Drift    map[string]float64 // the choice's explicit drift table, or nil
}

// Fits reports whether the step's action is among its node's fitting actions.
func (s Step) Fits() bool { return len(s.Fit) > 0 && contains(s.Fit, s.Action) }

// StepWeights returns the archetype weights one step adds, following the
// contract (v2): an explicit drift table wins; then, on a node with fit, a
// fitting action whose follow-up owns the case is the shock absorber's and
// anything else the action's shadow's; otherwise the follow-up alone
// decides.
func StepWeights(s Step) Weights {
	var w Weights
	if s.Drift != nil {
		for k, v := range s.Drift {
			if i := Index(k); i >= 0 && v > 0 {
				w[i] += v
			}
		}
		return w
	}
	if len(s.Fit) > 0 {
		switch shadow := Shadow(s.Action); {
		case s.Fits() && Owns(s.FollowUp):
			w[4] = 1
		case shadow >= 0:
			// A right action nobody owns afterwards is the shadow's
			// behaviour too: the right team with an empty promise is the
			// source material's very picture of the pivot.
			w[shadow] = 1
		}
		return w
	}
	switch {
	case Owns(s.FollowUp):
		w[4] = 1
	case s.FollowUp == Promise:
		w[0] = 1
	}
	return w
}

// Add returns the element-wise sum of w and o.
func (w Weights) Add(o Weights) Weights {
	for i := range w {
		w[i] += o[i]
	}
	return w
}

// Sum returns the total weight over all archetypes.
func (w Weights) Sum() float64 {
	var s float64
	for _, v := range w {
		s += v
	}
	return s
}

// Drift returns each archetype's share of the total weight; all zero when the
// total is zero.
func Drift(w Weights) Weights {
	var d Weights
	sum := w.Sum()
	if sum <= 0 {
		return d
	}
	for i, v := range w {
		d[i] = v / sum
	}
	return d
}

// Winner returns the index of the archetype with the largest drift, ties
// going to the earlier one in Archetypes, or -1 when every weight is zero.
func Winner(w Weights) int {
	d := Drift(w)
	best := -1
	for i, v := range d {
		if v > 0 && (best < 0 || v > d[best]) {
			best = i
		}
	}
	return best
}

// Tied returns the archetypes sharing the largest drift, in the contract's
// order: one id normally, several on a tie, none when every weight is zero.
func Tied(w Weights) []string {
	win := Winner(w)
	if win < 0 {
		return []string{}
	}
	out := make([]string, 0, 1)
	for i, v := range w {
		if v == w[win] {
			out = append(out, Archetypes[i])
		}
	}
	return out
}

// Margin returns the largest drift minus the second largest: 0 on a tie and
// when every weight is zero, 1 when a single archetype has all the weight.
// It is computed from the weights in one division, (first - second) / sum,
// so 3 steps against 2 give exactly 0.2 rather than 0.6 - 0.4 in floating
// point (0.19999999999999996).
func Margin(w Weights) float64 {
	sum := w.Sum()
	if sum <= 0 {
		return 0
	}
	first, second := 0.0, 0.0
	for _, v := range w {
		switch {
		case v > first:
			first, second = v, first
		case v > second:
			second = v
		}
	}
	return (first - second) / sum
}

// Clear reports whether a drift points clearly at its archetype: some
// weight, no tie, and a margin of at least ClearMargin.
func Clear(w Weights) bool { return w.Sum() > 0 && Margin(w) >= ClearMargin }

// Archetype returns the id of the winning archetype, or "" when every weight
// is zero.
func Archetype(w Weights) string {
	if i := Winner(w); i >= 0 {
		return Archetypes[i]
	}
	return ""
}

// Map returns the weights as an object keyed by archetype id, all five keys
// present, as reports print them.
func (w Weights) Map() map[string]float64 {
	m := make(map[string]float64, NumArchetypes)
	for i, a := range Archetypes {
		m[a] = w[i]
	}
	return m
}

// String formats the weights for humans, in the contract's order.
func (w Weights) String() string {
	return fmt.Sprintf("pivot %.2f, spring %.2f, connector %.2f, disperser %.2f, shock_absorber %.2f",
		w[0], w[1], w[2], w[3], w[4])
}

// MarshalJSON writes the weights as an object with all five archetype keys,
// in the contract's order, so reports read the same everywhere.
func (w Weights) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 96)
	b = append(b, '{')
	for i, a := range Archetypes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, a...)
		b = append(b, '"', ':')
		b = strconv.AppendFloat(b, w[i], 'g', -1, 64)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads the object MarshalJSON writes; unknown keys are errors.
func (w *Weights) UnmarshalJSON(data []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*w = Weights{}
	for k, v := range m {
		i := Index(k)
		if i < 0 {
			return fmt.Errorf("unknown archetype %q", k)
		}
		w[i] = v
	}
	return nil
}
