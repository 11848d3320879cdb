package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, every
// diagnostic must have a file and a message, and a file it accepts must
// play and count paths without trouble. Parse must also stay within a
// memory budget linear in the input, which catches work that grows faster
// than the file (nesting, long keys, suggestions, flags), and so must the
// size of its messages.
func FuzzLoad(f *testing.F) {
	for _, glob := range []string{"library/*.toml", "testdata/bad/*.toml", "testdata/warn/*.toml", "testdata/valid/*.toml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range hostileSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		sc, diags := scenarios.Parse("fuzz.toml", data)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20+1000*uint64(len(data)) {
			t.Fatalf("Parse allocated %d bytes for %d bytes of input", alloc, len(data))
		}
		size := 0
		for _, d := range diags {
			if d.File != "fuzz.toml" || d.Message == "" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("malformed diagnostic %+v", d)
			}
			size += len(d.Message)
		}
		// Messages quote names cut short and list a few of many things:
		// they grow with the file, not faster.
		if size > 64<<10+16*len(data) {
			t.Fatalf("%d bytes of messages for %d bytes of input", size, len(data))
		}
		if (sc == nil) != diags.HasErrors() {
			t.Fatalf("scenario %v with diagnostics %v", sc != nil, diags)
		}
		if sc == nil || os.Getenv("FUZZ_PARSE_ONLY") != "" {
			return
		}
		if p := os.Getenv("FUZZ_TRACE"); p != "" {
			os.WriteFile(p, data, 0o644)
		}
		r := play.New(sc)
		for i := 0; i < 50 && !r.Done() && len(r.Visible()) > 0; i++ {
			if _, err := r.Choose(i % len(r.Visible())); err != nil {
				t.Fatalf("choose: %v", err)
			}
		}
		_ = r.Report()
		// Errors (cycles, size limits) are fine; panics are not.
		play.PathsWithLimits(sc, play.Limits{States: 2000, Entries: 5000})
	})
}

// hostileSeeds are small files shaped like the ones that made the loader
// slow (see hostile_test.go): deep inline tables and arrays, long dotted
// keys and headers, many misspelt references and unknown keys, a long
// string, long ids, many flags, and strings that hide brackets.
func hostileSeeds() []string {
	const head = "id = \"h\"\ntitle = \"H\"\nlanguage = \"en\"\n"
	const end = "[[node]]\nid = \"end\"\ntext = \"t\"\nending = \"resolved\"\n"
	nest := func(n int, open, close string) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	tables := func(n int, open string) string { return strings.Repeat(open, n) + "1" + strings.Repeat("}", n) }
	var misspelt, unknown, flags strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&misspelt, "[[node]]\nid = \"n%03d\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"m%03d\"\n", i, i+1)
		fmt.Fprintf(&unknown, "txet%02d = 1\n", i)
	}
	for n := 0; n < 6; n++ {
		fmt.Fprintf(&flags, "[[node]]\nid = \"d%d\"\ntext = \"t\"\n[[node.choice]]\ntext = \"s\"\nnext = \"d%d\"\nsets = [\"a%d\", \"b%d\", \"c%d\"]\n[[node.choice]]\ntext = \"u\"\nnext = \"d%d\"\nunless = [\"a%d\"]\n", n, n+1, n, n, n, n+1, max(n-1, 0))
	}
	fmt.Fprintf(&flags, "[[node]]\nid = \"d6\"\ntext = \"t\"\nending = \"lost\"\n")
	return []string{
		head + "[[node]]\nid = \"a\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"end\"\ndrift = " + tables(12, "{a=") + "\n" + end,
		head + "[[node]]\nid = \"a\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"end\"\ndrift = " + tables(8, "{pivot=") + "\n" + end,
		head + "tags = " + nest(12, "[", "]") + "\n" + end,
		head + "tags = [" + nest(7, "[", "]") + ", [{a = [1, [2]]}]]\n" + end,
		head + strings.Repeat("a.", 14) + "a = 1\n" + end,
		head + end + "[" + strings.Repeat("node.", 13) + "x]\n",
		head + strings.Repeat("k", 300) + " = 1\n" + end,
		head + misspelt.String() + end,
		head + end + "[[node]]\nid = \"x\"\ntext = \"t\"\nending = \"lost\"\n" + unknown.String(),
		head + "[[node]]\nid = \"end\"\nending = \"resolved\"\ntext = \"" + strings.Repeat("é", 4000) + "\"\n",
		head + "start = \"" + strings.Repeat("x", 500) + "\"\n[[node]]\nid = \"" + strings.Repeat("x", 500) + "\"\ntext = \"t\"\n" + strings.Repeat("[[node.choice]]\ntext = \"c\"\nnext = \"nowhere\"\n", 20) + end,
		head + flags.String(),
		head + "tags = [\"[[[[[[[[[[\", '{{{{{{{{{{', \"\"\"]]]]]]]]]]\"\"\", '''[[[[[[[[[''', \"\\\"[[[[[[[[[\"]\n# [[[[[[[[[[\n" + end,
		head + "summary = \"\"\"\n[[node]]\nid = \"fake\"\n\"\"\"\n" + end,
	}
}
