package scoring

import "testing"

func TestCorrect(t *testing.T) {
	cases := []struct {
		name string
		step Step
		want bool
	}{
		{"fits and closes", Step{Action: Derive, FollowUp: Close, Fit: []string{Derive}}, true},
		{"fits and monitors", Step{Action: Assume, FollowUp: Monitor, Fit: []string{Assume, Derive}}, true},
		{"fits, empty promise", Step{Action: Derive, FollowUp: Promise, Fit: []string{Derive}}, false},
		{"fits, no follow-up", Step{Action: Derive, FollowUp: None, Fit: []string{Derive}}, false},
		{"does not fit, closes", Step{Action: Escalate, FollowUp: Close, Fit: []string{Derive}}, false},
		{"no fit, owns", Step{Action: Connect, FollowUp: Monitor}, true},
		{"no fit, promise", Step{Action: Connect, FollowUp: Promise}, false},
		{"no fit, none", Step{Action: Connect, FollowUp: None}, false},
		{"drift led by the shock absorber", Step{Drift: map[string]float64{ShockAbsorber: 2, Pivot: 1}}, true},
		{"drift tie with the shock absorber", Step{Drift: map[string]float64{ShockAbsorber: 1, Spring: 1}}, true},
		{"drift led by another", Step{Drift: map[string]float64{ShockAbsorber: 1, Spring: 2}}, false},
	}
	for _, c := range cases {
		if got := Correct(StepWeights(c.step)); got != c.want {
			t.Errorf("%s: Correct = %v, want %v", c.name, got, c.want)
		}
	}
}
