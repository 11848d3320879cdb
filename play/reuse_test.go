package play

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TestResetPlaysAsNew plays the same random choices on a fresh run and on
// one Reset from another scenario's run, and wants the same report.
func TestResetPlaysAsNew(t *testing.T) {
	var list []*scenarios.Scenario
	for _, f := range []string{"testdata/flags.toml", "testdata/walkout.toml", "testdata/timed.toml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc, diags := scenarios.Parse(f, data)
		if sc == nil {
			t.Fatalf("%s: %v", f, diags)
		}
		list = append(list, sc)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	reused := New(list[0])
	for i := range 300 {
		sc := list[i%len(list)]
		fresh := New(sc)
		reused.Reset(sc)
		for step := 0; !fresh.Done() && step < 50; step++ {
			vis := fresh.Visible()
			if len(vis) != len(reused.Visible()) {
				t.Fatalf("run %d step %d: %d visible after New, %d after Reset", i, step, len(vis), len(reused.Visible()))
			}
			if len(vis) == 0 {
				break
			}
			k := rng.IntN(len(vis))
			if _, err := fresh.Choose(k); err != nil {
				t.Fatal(err)
			}
			if _, err := reused.Choose(k); err != nil {
				t.Fatal(err)
			}
		}
		a, _ := json.Marshal(fresh.Report())
		b, _ := json.Marshal(reused.Report())
		if string(a) != string(b) || fresh.Mood() != reused.Mood() || len(fresh.Flags()) != len(reused.Flags()) {
			t.Fatalf("run %d on %s: after Reset\n%s\nafter New\n%s", i, sc.ID, b, a)
		}
	}
}
