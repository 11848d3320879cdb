package trainer

import (
	"errors"
	"math"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

func TestDuration(t *testing.T) {
	// Ten words a node at 200 words a minute is 3 s of reading: the short
	// way reads "opening" and "end-a"; the long way "opening", "middle"
	// and "end-b", thinking at the two decisions.
	src := `id = "d"
title = "D"
language = "en"
[[node]]
id = "opening"
text = "one two three four five six"
  [[node.choice]]
  text = "seven eight"
  next = "end-a"
  [[node.choice]]
  text = "nine ten"
  next = "middle"
[[node]]
id = "middle"
text = "one two three four five six seven eight nine"
  [[node.choice]]
  text = "ten"
  next = "end-b"
[[node]]
id = "end-a"
text = "one two three four five six seven eight nine ten"
ending = "resolved"
[[node]]
id = "end-b"
text = "one two three four five six seven eight nine ten"
ending = "resolved"
`
	sc, diags := scenarios.Parse("d.toml", []byte(src))
	if sc == nil {
		t.Fatal(diags)
	}
	lo, hi, err := Duration(sc)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 + ThinkingSeconds + 3; math.Abs(lo-want) > 1e-9 {
		t.Errorf("shortest = %v, want %v", lo, want)
	}
	if want := 3 + ThinkingSeconds + 3 + ThinkingSeconds + 3; math.Abs(hi-want) > 1e-9 {
		t.Errorf("longest = %v, want %v", hi, want)
	}

	cyclic, _ := scenarios.Parse("c.toml", []byte(`id = "c"
title = "C"
language = "en"
[[node]]
id = "a"
text = "x"
  [[node.choice]]
  text = "again"
  next = "a"
  [[node.choice]]
  text = "stop"
  next = "end"
[[node]]
id = "end"
text = "x"
ending = "resolved"
`))
	if _, _, err := Duration(cyclic); !errors.Is(err, ErrDurationCycle) {
		t.Errorf("cyclic: err = %v, want ErrDurationCycle", err)
	}
}
