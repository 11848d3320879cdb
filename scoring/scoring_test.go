package scoring

import (
	"encoding/json"
	"testing"
)

func TestStepWeights(t *testing.T) {
	fitDerive := []string{Derive}
	for _, tc := range []struct {
		name string
		step Step
		want Weights
	}{
		{"fit and owns (monitor)", Step{Fit: fitDerive, Action: Derive, FollowUp: Monitor}, Weights{0, 0, 0, 0, 1}},
		{"fit and owns (close)", Step{Fit: fitDerive, Action: Derive, FollowUp: Close}, Weights{0, 0, 0, 0, 1}},
		{"fit, promise: the shadow's (v2)", Step{Fit: fitDerive, Action: Derive, FollowUp: Promise}, Weights{1, 0, 0, 0, 0}},
		{"fit, none: the shadow's (v2)", Step{Fit: fitDerive, Action: Derive, FollowUp: None}, Weights{1, 0, 0, 0, 0}},
		{"fit, empty follow-up reads as none", Step{Fit: fitDerive, Action: Derive}, Weights{1, 0, 0, 0, 0}},
		{"fit, assume with promise: spring", Step{Fit: []string{Assume}, Action: Assume, FollowUp: Promise}, Weights{0, 1, 0, 0, 0}},
		{"assume does not fit: spring", Step{Fit: fitDerive, Action: Assume, FollowUp: Close}, Weights{0, 1, 0, 0, 0}},
		{"connect does not fit: connector", Step{Fit: fitDerive, Action: Connect, FollowUp: Monitor}, Weights{0, 0, 1, 0, 0}},
		{"escalate does not fit: disperser", Step{Fit: fitDerive, Action: Escalate, FollowUp: None}, Weights{0, 0, 0, 1, 0}},
		{"derive does not fit: pivot", Step{Fit: []string{Assume}, Action: Derive, FollowUp: Promise}, Weights{1, 0, 0, 0, 0}},
		{"several fitting actions", Step{Fit: []string{Assume, Connect}, Action: Connect, FollowUp: Close}, Weights{0, 0, 0, 0, 1}},
		{"fit, not owned: shadow connector", Step{Fit: []string{Assume, Connect}, Action: Connect, FollowUp: Promise}, Weights{0, 0, 1, 0, 0}},
		{"fit node, no action (a bad file): nothing", Step{Fit: fitDerive, FollowUp: Close}, Weights{}},
		{"no fit, monitor", Step{Action: Derive, FollowUp: Monitor}, Weights{0, 0, 0, 0, 1}},
		{"no fit, close without action", Step{FollowUp: Close}, Weights{0, 0, 0, 0, 1}},
		{"no fit, promise", Step{Action: Assume, FollowUp: Promise}, Weights{1, 0, 0, 0, 0}},
		{"no fit, none", Step{Action: Escalate, FollowUp: None}, Weights{}},
		{"explicit drift overrides fit", Step{Fit: fitDerive, Action: Derive, FollowUp: Close, Drift: map[string]float64{Pivot: 1, Disperser: 0.25}}, Weights{1, 0, 0, 0.25, 0}},
		{"explicit drift overrides follow-up", Step{FollowUp: Close, Drift: map[string]float64{Spring: 2}}, Weights{0, 2, 0, 0, 0}},
		{"empty drift table: no weight", Step{FollowUp: Close, Drift: map[string]float64{}}, Weights{}},
	} {
		if got := StepWeights(tc.step); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFits(t *testing.T) {
	for _, tc := range []struct {
		step Step
		want bool
	}{
		{Step{Fit: []string{Derive}, Action: Derive}, true},
		{Step{Fit: []string{Derive}, Action: Assume}, false},
		{Step{Action: Derive}, false}, // no fit on the node: never fits
		{Step{Fit: []string{Derive}}, false},
	} {
		if got := tc.step.Fits(); got != tc.want {
			t.Errorf("%+v: got %v, want %v", tc.step, got, tc.want)
		}
	}
}

func TestDriftAndArchetype(t *testing.T) {
	for _, tc := range []struct {
		name  string
		w     Weights
		drift Weights
		arch  string
	}{
		{"all zero", Weights{}, Weights{}, ""},
		{"single", Weights{0, 0, 0, 0, 2}, Weights{0, 0, 0, 0, 1}, ShockAbsorber},
		{"mixed", Weights{1, 0, 0, 0, 3}, Weights{0.25, 0, 0, 0, 0.75}, ShockAbsorber},
		{"tie pivot/spring goes to pivot", Weights{1, 1, 0, 0, 0}, Weights{0.5, 0.5, 0, 0, 0}, Pivot},
		{"tie connector/disperser goes to connector", Weights{0, 0, 2, 2, 1}, Weights{0, 0, 0.4, 0.4, 0.2}, Connector},
		{"tie never favours shock absorber", Weights{0, 0, 0, 1.5, 1.5}, Weights{0, 0, 0, 0.5, 0.5}, Disperser},
		{"tie of all five goes to pivot", Weights{1, 1, 1, 1, 1}, Weights{0.2, 0.2, 0.2, 0.2, 0.2}, Pivot},
		{"spring wins", Weights{0.5, 2, 0, 0, 1.5}, Weights{0.125, 0.5, 0, 0, 0.375}, Spring},
	} {
		if got := Drift(tc.w); got != tc.drift {
			t.Errorf("%s: Drift = %v, want %v", tc.name, got, tc.drift)
		}
		if got := Archetype(tc.w); got != tc.arch {
			t.Errorf("%s: Archetype = %q, want %q", tc.name, got, tc.arch)
		}
	}
}

func TestShadowAndOwns(t *testing.T) {
	want := map[string]string{Assume: Spring, Derive: Pivot, Connect: Connector, Escalate: Disperser}
	for action, arch := range want {
		if got := Archetypes[Shadow(action)]; got != arch {
			t.Errorf("Shadow(%s) = %s, want %s", action, got, arch)
		}
	}
	if Shadow("delegate") != -1 {
		t.Error("unknown action should have no shadow")
	}
	for f, owns := range map[string]bool{None: false, Promise: false, Monitor: true, Close: true, "": false} {
		if Owns(f) != owns {
			t.Errorf("Owns(%q) = %v, want %v", f, !owns, owns)
		}
	}
}

func TestWeightsJSON(t *testing.T) {
	w := Weights{0.5, 0, 0, 0.25, 1}
	data, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), `{"pivot":0.5,"spring":0,"connector":0,"disperser":0.25,"shock_absorber":1}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var back Weights
	if err := json.Unmarshal(data, &back); err != nil || back != w {
		t.Errorf("round trip: got %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"pivto":1}`), &back); err == nil {
		t.Error("unknown archetype key should fail")
	}
}

func TestTiedMarginClear(t *testing.T) {
	for _, tc := range []struct {
		name   string
		w      Weights
		tied   []string
		margin float64
		clear  bool
	}{
		{"no weight", Weights{}, []string{}, 0, false},
		{"all shock absorber", Weights{0, 0, 0, 0, 3}, []string{ShockAbsorber}, 1, true},
		{"3 against 2 is exactly 0.2: clear", Weights{2, 0, 0, 0, 3}, []string{ShockAbsorber}, 0.2, true},
		{"4 against 3 is under 0.2: not clear", Weights{3, 0, 0, 0, 4}, []string{ShockAbsorber}, 1.0 / 7, false},
		{"tie of two", Weights{0, 0, 0, 1.5, 1.5}, []string{Disperser, ShockAbsorber}, 0, false},
		{"tie of three, contract order", Weights{1, 0, 1, 0, 1}, []string{Pivot, Connector, ShockAbsorber}, 0, false},
		{"second place counts, not the rest", Weights{1, 1, 0, 0, 3}, []string{ShockAbsorber}, 0.4, true},
	} {
		if got := Tied(tc.w); !equalStrings(got, tc.tied) {
			t.Errorf("%s: Tied = %q, want %q", tc.name, got, tc.tied)
		}
		if got := Margin(tc.w); got != tc.margin {
			t.Errorf("%s: Margin = %v, want %v", tc.name, got, tc.margin)
		}
		if got := Clear(tc.w); got != tc.clear {
			t.Errorf("%s: Clear = %v, want %v", tc.name, got, tc.clear)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
