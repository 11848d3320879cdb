package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile inputs: files a trainer (or anyone who can upload to the hiring
// panel) could write to make the loader slow or hungry. Each is at most
// MaxFileSize; the tests in limits_test.go check what Parse says about them
// and the BenchmarkHostile* benchmarks measure what it costs.

const hostileHead = "id = \"hostile\"\ntitle = \"Hostile\"\nlanguage = \"en\"\n"

// hostileEnding is a node that makes the file otherwise valid.
const hostileEnding = "[[node]]\nid = \"end\"\ntext = \"t\"\nending = \"resolved\"\n"

// hostileDeepTables nests inline tables about size bytes deep in a choice's
// drift: drift = {a={a={a=...1}}}.
func hostileDeepTables(size int) []byte {
	head := hostileHead + "[[node]]\nid = \"a\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"end\"\ndrift = "
	tail := "\n" + hostileEnding
	n := (size - len(head) - len(tail) - 1) / len("{a=}")
	return []byte(head + strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) + tail)
}

// hostileDeepArrays nests arrays: tags = [[[[...]]]].
func hostileDeepArrays(size int) []byte {
	head := hostileHead + "tags = "
	tail := "\n" + hostileEnding
	n := (size - len(head) - len(tail)) / 2
	return []byte(head + strings.Repeat("[", n) + strings.Repeat("]", n) + tail)
}

// hostileMisspeltMax is the size of the largest hostileMisspeltNext file
// within MaxItems.
const hostileMisspeltMax = 540 << 10

// hostileMisspeltNext is a chain of nodes whose every next is misspelt, by
// one letter, so that each is a likely typo of many ids.
func hostileMisspeltNext(size int) []byte {
	var b strings.Builder
	b.WriteString(hostileHead)
	for i := 0; b.Len() < size-200; i++ {
		fmt.Fprintf(&b, "[[node]]\nid = \"n%06d\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"m%06d\"\n", i, i+1)
	}
	b.WriteString(hostileEnding)
	return []byte(b.String())
}

// hostileKeys is a file of nothing but top-level keys: k000001 = 1 ...
func hostileKeys(size int) []byte {
	var b strings.Builder
	b.WriteString(hostileHead)
	for i := 0; b.Len() < size-100; i++ {
		fmt.Fprintf(&b, "k%06d = 1\n", i)
	}
	b.WriteString(hostileEnding)
	return []byte(b.String())
}

// hostileUnknownKeys is a file with count unknown keys, each near "text",
// spread over nodes (within MaxItems, every one an error).
func hostileUnknownKeys(count int) []byte {
	var b strings.Builder
	b.WriteString(hostileHead)
	b.WriteString(hostileEnding)
	const letters = "abcdefghijklmnopqrstuvwxyz012345"
	for i := 0; i < count; i++ {
		if i%1000 == 0 {
			fmt.Fprintf(&b, "[[node]]\nid = \"x%d\"\ntext = \"t\"\nending = \"lost\"\n", i)
		}
		fmt.Fprintf(&b, "text%c%c = 1\n", letters[i/32%32], letters[i%32])
	}
	return []byte(b.String())
}

// hostileDottedKey is one key of size bytes: a.a.a.a... = 1
func hostileDottedKey(size int) []byte {
	n := (size - len(hostileHead) - len(hostileEnding) - 10) / 2
	return []byte(hostileHead + strings.Repeat("a.", n) + "a = 1\n" + hostileEnding)
}

// hostileDeepHeader is one table header of size bytes: [a.a.a...]
func hostileDeepHeader(size int) []byte {
	n := (size - len(hostileHead) - len(hostileEnding) - 10) / 2
	return []byte(hostileHead + hostileEnding + "[" + strings.Repeat("a.", n) + "a]\n")
}

// hostileHugeString is a valid scenario whose node text is nearly 1 MB.
func hostileHugeString(size int) []byte {
	head := hostileHead + "[[node]]\nid = \"end\"\nending = \"resolved\"\ntext = \""
	return []byte(head + strings.Repeat("é", (size-len(head)-10)/2) + "\"\n")
}

// hostileLongLine is an array of count strings on one line.
func hostileLongLine(count int) []byte {
	return []byte(hostileHead + "tags = [" + strings.Repeat(`"t", `, count) + "\"t\"]\n" + hostileEnding)
}

// hostileFlags makes the flag exploration work hard: a chain of decisions
// each of which sets (or not) many long flags, with choices that test
// them, so every reachable state holds a large set.
func hostileFlags(size int) []byte {
	var b strings.Builder
	b.WriteString(hostileHead)
	flag := func(node, i int) string { return fmt.Sprintf("%s-%03d-%04d", strings.Repeat("f", 40), node, i) }
	const perChoice = 400
	nodes := max(1, (size-1000)/(perChoice*(len(flag(0, 0))+3)+300))
	for n := 0; n < nodes; n++ {
		next := fmt.Sprintf("d%d", n+1)
		if n == nodes-1 {
			next = "end"
		}
		fmt.Fprintf(&b, "[[node]]\nid = \"d%d\"\ntext = \"t\"\n", n)
		b.WriteString("[[node.choice]]\ntext = \"set\"\nnext = \"" + next + "\"\nsets = [")
		for i := 0; i < perChoice; i++ {
			fmt.Fprintf(&b, "%q,", flag(n, i))
		}
		b.WriteString("]\n[[node.choice]]\ntext = \"skip\"\nnext = \"" + next + "\"\n")
		if n > 0 {
			fmt.Fprintf(&b, "unless = [%q]\n", flag(n-1, perChoice-1))
		}
		b.WriteString("[[node.choice]]\ntext = \"other\"\nfollow_up = \"close\"\nnext = \"" + next + "\"\n")
	}
	b.WriteString(hostileEnding)
	return []byte(b.String())
}

// hostileLongIDs is a node with a long id and 10,000 choices, each naming a
// missing node, so that a message quoting the node for every choice would
// repeat the long id thousands of times.
func hostileLongIDs(size int) []byte {
	const choices = 10000
	id := strings.Repeat("x", (size-choices*40)/2-200)
	var b strings.Builder
	b.WriteString(hostileHead + "start = \"" + id + "\"\n[[node]]\nid = \"" + id + "\"\ntext = \"t\"\n")
	for i := 0; i < choices; i++ {
		fmt.Fprintf(&b, "[[node.choice]]\ntext=\"c\"\nnext=\"%d\"\n", i)
	}
	b.WriteString(hostileEnding)
	return []byte(b.String())
}

// The worst files CheckLimits lets through: as many items as allowed, each
// as deep or as long as allowed. hostileItems counts the items of
// hostileHead and hostileEnding.
const hostileItems = 3 + 4

// hostileMaxedDotted is a table header of 8 parts, then keys of 4 parts
// each (the most costly mix within MaxKeyParts), as many as MaxItems allows.
func hostileMaxedDotted() []byte {
	var b strings.Builder
	b.WriteString(hostileHead + hostileEnding + "[h.h.h.h.h.h.h.h]\n")
	for i, items := 0, hostileItems+8; items+4 <= MaxItems; i, items = i+1, items+4 {
		fmt.Fprintf(&b, "a.b.c.k%x=1\n", i)
	}
	return []byte(b.String())
}

// hostileMaxedInline is arrays nested MaxNesting-1 deep under a long table
// name, holding as many inline tables with dotted keys as MaxItems allows.
func hostileMaxedInline() []byte {
	var b strings.Builder
	b.WriteString(hostileHead + hostileEnding + "[" + strings.Repeat("t", 200) + "]\nx=" + strings.Repeat("[", MaxNesting-1))
	for items := hostileItems + 2 + MaxNesting - 1; items+4 <= MaxItems; items += 4 {
		b.WriteString("{a.b.c=1},")
	}
	b.WriteString(strings.Repeat("]", MaxNesting-1) + "\n")
	return []byte(b.String())
}

// hostileMaxedArrayTables is as many [[a.b.c.d.e.f.g.h.i.j.k.l]] as
// MaxItems allows.
func hostileMaxedArrayTables() []byte {
	var b strings.Builder
	b.WriteString(hostileHead + hostileEnding)
	for items := hostileItems; items+MaxKeyParts <= MaxItems; items += MaxKeyParts {
		b.WriteString("[[a.b.c.d.e.f.g.h.i.j.k.l]]\n")
	}
	return []byte(b.String())
}

// hostileMaxedNodes is as many nodes as MaxItems allows, a chain of
// choices each of which can make the customer walk out, with an
// unreachable ending beside each: thousands of warnings.
func hostileMaxedNodes() []byte {
	var b strings.Builder
	b.WriteString(hostileHead)
	n := (MaxItems - hostileItems - 4) / 12
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[node]]\nid=\"n%x\"\ntext=\"t\"\n[[node.choice]]\ntext=\"c\"\nnext=\"n%x\"\nmood=-1\n[[node]]\nid=\"e%x\"\ntext=\"t\"\nending=\"lost\"\n", i, i+1, i)
	}
	fmt.Fprintf(&b, "[[node]]\nid=\"n%x\"\ntext=\"t\"\nending=\"lost\"\n", n)
	b.WriteString("[[node]]\nid=\"end\"\ntext=\"t\"\nending=\"lost\"\n")
	return []byte(b.String())
}

// hostileIdless is thousands of nodes without an id and thousands of
// choices naming missing nodes: each of those errors notes the nodes
// without an id (the missing node may be one of them).
func hostileIdless() []byte {
	var b strings.Builder
	b.WriteString(hostileHead + "[[node]]\nid = \"a\"\ntext = \"t\"\n")
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&b, "[[node.choice]]\ntext=\"c\"\nnext=\"x%d\"\n", i)
	}
	for i := 0; i < 8000; i++ {
		b.WriteString("[[node]]\ntext=\"t\"\nending=\"lost\"\n")
	}
	return []byte(b.String())
}

// largestLibraryFile returns the biggest bundled scenario.
func largestLibraryFile(tb testing.TB) (string, []byte) {
	files, _ := filepath.Glob("library/*.toml")
	vignettes, _ := filepath.Glob("library/vignettes/*.toml")
	var name string
	var data []byte
	for _, f := range append(files, vignettes...) {
		d, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if len(d) > len(data) {
			name, data = f, d
		}
	}
	if data == nil {
		tb.Fatal("no library files")
	}
	return name, data
}

type hostileInput struct {
	name string
	data func() []byte
}

var hostileInputs = []hostileInput{
	{"DeepTables48K", func() []byte { return hostileDeepTables(48 << 10) }},
	{"DeepTables1M", func() []byte { return hostileDeepTables(MaxFileSize) }},
	{"DeepArrays400K", func() []byte { return hostileDeepArrays(400 << 10) }},
	{"DeepArrays1M", func() []byte { return hostileDeepArrays(MaxFileSize) }},
	{"MisspeltNext156K", func() []byte { return hostileMisspeltNext(156 << 10) }},
	{"MisspeltNext540K", func() []byte { return hostileMisspeltNext(hostileMisspeltMax) }},
	{"MisspeltNext1M", func() []byte { return hostileMisspeltNext(MaxFileSize) }},
	{"Keys1M", func() []byte { return hostileKeys(MaxFileSize) }},
	{"UnknownKeys", func() []byte { return hostileUnknownKeys(40000) }},
	{"DottedKey1M", func() []byte { return hostileDottedKey(MaxFileSize) }},
	{"DeepHeader1M", func() []byte { return hostileDeepHeader(MaxFileSize) }},
	{"HugeString1M", func() []byte { return hostileHugeString(MaxFileSize) }},
	{"LongLine", func() []byte { return hostileLongLine(40000) }},
	{"Flags1M", func() []byte { return hostileFlags(MaxFileSize) }},
	{"LongIDs1M", func() []byte { return hostileLongIDs(MaxFileSize) }},
	{"Idless", hostileIdless},
	{"MaxedDotted", hostileMaxedDotted},
	{"MaxedInline", hostileMaxedInline},
	{"MaxedArrayTables", hostileMaxedArrayTables},
	{"MaxedNodes", hostileMaxedNodes},
}

// BenchmarkHostile parses each hostile input (run with -benchmem); the
// largest bundled scenario is the yardstick.
func BenchmarkHostile(b *testing.B) {
	for _, in := range hostileInputs {
		data := in.data()
		if len(data) > MaxFileSize {
			b.Fatalf("%s is %d bytes", in.name, len(data))
		}
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				Parse("hostile.toml", data)
			}
		})
	}
	name, data := largestLibraryFile(b)
	b.Run("Library", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, diags := Parse(name, data); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
}
