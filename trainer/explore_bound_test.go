package trainer

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// manyLongFlags builds a valid scenario of chained nodes, each with a choice
// that sets hundreds of long flags, a choice that skips them and one hidden
// by the previous node's last flag: the flag sets of its states grow to
// hundreds of kilobytes, and there are many of them.
func manyLongFlags(nodes, perChoice int) []byte {
	var b strings.Builder
	b.WriteString("id = \"flags\"\ntitle = \"Flags\"\nlanguage = \"en\"\n")
	flag := func(node, i int) string { return fmt.Sprintf("%s-%03d-%04d", strings.Repeat("f", 40), node, i) }
	for n := 0; n < nodes; n++ {
		next := fmt.Sprintf("d%d", n+1)
		if n == nodes-1 {
			next = "end"
		}
		fmt.Fprintf(&b, "[[node]]\nid = \"d%d\"\ntext = \"t\"\n[[node.choice]]\ntext = \"set\"\nmood = -1\nnext = %q\nsets = [", n, next)
		for i := 0; i < perChoice; i++ {
			fmt.Fprintf(&b, "%q,", flag(n, i))
		}
		fmt.Fprintf(&b, "]\n[[node.choice]]\ntext = \"skip\"\nnext = %q\n", next)
		if n > 0 {
			fmt.Fprintf(&b, "unless = [%q]\n", flag(n-1, perChoice-1))
		}
		fmt.Fprintf(&b, "[[node.choice]]\ntext = \"other\"\nfollow_up = \"close\"\nnext = %q\n", next)
	}
	b.WriteString("[[node]]\nid = \"end\"\ntext = \"e\"\nending = \"resolved\"\n")
	return []byte(b.String())
}

// TestExploreIsBoundedByBytes checks that Explore, which `scenario check`
// runs on every valid file, stops at its byte budgets on a file of many
// long flags instead of keeping a copy of a huge flag set per state (such a
// file of 1 MB once took 13 GB).
func TestExploreIsBoundedByBytes(t *testing.T) {
	data := manyLongFlags(40, 400)
	sc, diags := scenarios.Parse("flags.toml", data)
	if sc == nil {
		t.Fatal(diags.Error())
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := Explore(sc)
	ItemChecks(sc)
	runtime.ReadMemStats(&after)
	t.Logf("allocated %d MB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("Explore and the item checks allocated %d MB on a %d KB file", alloc>>20, len(data)>>10)
	}
	if r.Complete {
		t.Errorf("the exploration of %d states claims to be complete", r.States)
	}
}
