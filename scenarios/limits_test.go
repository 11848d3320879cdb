package scenarios

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// The bundled files stay far below every limit, so the limits can only
// refuse files made to be refused.
func TestLibraryFarWithinLimits(t *testing.T) {
	var most limitStats
	n := 0
	err := filepath.WalkDir("library", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsScenarioFile(path) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		st, lim := measureLimits(data)
		if lim != nil {
			t.Errorf("%s: %v", path, lim)
		}
		most = limitStats{max(most.depth, st.depth), max(most.parts, st.parts), max(most.path, st.path), max(most.items, st.items)}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("%d files, %v", n, err)
	}
	t.Logf("%d files: deepest nesting %d, most key parts %d, longest key path %d bytes, most items %d", n, most.depth, most.parts, most.path, most.items)
	if most.depth*3 > MaxNesting || most.parts*3 > MaxKeyParts || most.path*4 > MaxKeyPath || most.items*20 > MaxItems {
		t.Errorf("the library comes within reach of the limits: %+v", most)
	}
}

func TestCheckLimits(t *testing.T) {
	nest := func(n int, open, close string) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	key := func(n int) string { // a key path of n bytes
		return strings.Repeat("k", n)
	}
	dotted := func(parts int) string {
		return strings.TrimSuffix(strings.Repeat("a.", parts), ".")
	}
	for _, tc := range []struct {
		name, src string
		want      string // "" when accepted, else the whole message
		line, col int
	}{
		{"arrays 8 deep", "x = " + nest(8, "[", "]"), "", 0, 0},
		{"arrays 9 deep", "x = " + nest(9, "[", "]"), "arrays and inline tables nest 9 deep at line 1, column 13; a scenario needs at most 8", 1, 13},
		{"tables 8 deep", "x = " + nest(8, "{a=", "}"), "", 0, 0},
		{"tables 9 deep", "a = 1\nx = " + nest(9, "{a=", "}"), "arrays and inline tables nest 9 deep at line 2, column 29; a scenario needs at most 8", 2, 29},
		{"mixed 9 deep", "x = [{a=[{a=[{a=[{a=[1]}]}]}]}]", "arrays and inline tables nest 9 deep at line 1, column 21; a scenario needs at most 8", 1, 21},
		{"depth after a column of accents", "t = \"ééé\"\nx = [\"é\", " + nest(9, "[", "]") + "]", "arrays and inline tables nest 9 deep at line 2, column 18; a scenario needs at most 8", 2, 18},
		{"arrays across lines", "x = [\n" + strings.Repeat("[\n", 8) + strings.Repeat("]\n", 9), "arrays and inline tables nest 9 deep at line 9, column 1; a scenario needs at most 8", 9, 1},
		{"brackets in strings", `x = ["[[[[[[[[[[", '{{{{{{{{{{', """[[[[[[[[[[""", '''{{{{{{{{{{''']`, "", 0, 0},
		{"brackets in a multi-line string across lines", "x = \"\"\"\n[[[[[[[[[\n{{{{{{{{{\n\"\"\"\ny = 1", "", 0, 0},
		{"escaped quotes do not end strings", `x = ["\"[[[[[[[[[[", """\"""[[[[[[[[[[""", "\\"]`, "", 0, 0},
		{"quotes closing a multi-line string", "x = \"\"\"a\"\"\"\"\"\ny = " + nest(9, "[", "]"), "arrays and inline tables nest 9 deep at line 2, column 13; a scenario needs at most 8", 2, 13},
		{"a literal string has no escapes", `x = ['\', ` + nest(9, "[", "]") + "]", "arrays and inline tables nest 9 deep at line 1, column 18; a scenario needs at most 8", 1, 18},
		{"brackets in comments", "# [[[[[[[[[[\nx = [ # {{{{{{{{{{\n1]\n", "", 0, 0},
		{"table headers do not nest", "[[a]]\n[[a.b]]\n[ c ]\n[[d.e]]\nx = [[[[[[[[1]]]]]]]]", "", 0, 0},
		{"byte order mark", "\ufeff[[node]]\nx = " + nest(8, "[", "]"), "", 0, 0},
		{"dotted key 12 parts", dotted(12) + " = 1", "", 0, 0},
		{"dotted key 13 parts", "b = 2\n" + dotted(13) + " = 1", "a key path has 13 parts at line 2, column 1; a key path may have at most 12", 2, 1},
		{"dots in a quoted key", `"a.a.a.a.a.a.a.a.a.a" = 1`, "", 0, 0},
		{"dotted key in an inline table", "x = { " + dotted(12) + " = 1 }", "a key path has 13 parts at line 1, column 7 (counting its table header and the inline tables around it); a key path may have at most 12", 1, 7},
		{"header 13 parts", "[" + dotted(13) + "]", "a table header has 13 parts at line 1, column 1; a table header may have at most 12", 1, 1},
		{"array header 13 parts", "[[" + dotted(13) + "]]", "a table header has 13 parts at line 1, column 1; a table header may have at most 12", 1, 1},
		{"key path of 256 bytes", key(256) + " = 1", "", 0, 0},
		{"key path of 257 bytes", key(257) + " = 1", "a key path is 257 bytes long at line 1, column 1; a key path may be at most 256", 1, 1},
		{"quoted key path of 257 bytes", `"` + key(255) + `" = 1`, "a key path is 257 bytes long at line 1, column 1; a key path may be at most 256", 1, 1},
		{"key path with its header", "[" + key(100) + "]\n" + key(155) + " = 1", "", 0, 0},
		{"key path with its header, too long", "[" + key(100) + "]\n" + key(156) + " = 1", "a key path is 257 bytes long at line 2, column 1 (counting its table header and the inline tables around it); a key path may be at most 256", 2, 1},
		{"key path in inline tables", key(100) + " = { " + key(100) + " = [{ " + key(54) + " = 1 }] }", "", 0, 0},
		{"key path in inline tables, too long", key(100) + " = { " + key(100) + " = [{ " + key(10) + " = 1 }, { " + key(55) + " = 1 }] }", "a key path is 257 bytes long at line 1, column 232 (counting its table header and the inline tables around it); a key path may be at most 256", 1, 232},
		{"header path of 257 bytes", "[" + key(257) + "]", "a table header is 257 bytes long at line 1, column 1; a table header may be at most 256", 1, 1},
		{"items", "x = [" + strings.Repeat("1,", MaxItems-1) + "]", "", 0, 0},
		{"items, one too many", "x = [" + strings.Repeat("1,", MaxItems) + "]", "the file has more than 50000 keys, values and tables (counting each part of a dotted key; the next one is at line 1, column 100004); a scenario needs a few hundred", 1, 100004},
		{"items in keys", strings.Repeat("[[n]]\na = 1\n", MaxItems/2), "", 0, 0},
		{"items in keys, one too many", strings.Repeat("[[n]]\na = 1\n", MaxItems/2) + "b = 1", "the file has more than 50000 keys, values and tables (counting each part of a dotted key; the next one is at line 50001, column 1); a scenario needs a few hundred", 50001, 1},
		{"parts of a key path in inline tables", "[a.b.c.d]\nx = {e.f = {g.h = [{i.j.k = 1}]}}", "", 0, 0},
		{"parts of a key path in inline tables, too many", "[a.b.c.d]\nx = {e.f = {g.h = [{i.j.k = 1}, {i.j.k.l = 1}]}}", "a key path has 13 parts at line 2, column 34 (counting its table header and the inline tables around it); a key path may have at most 12", 2, 34},
		{"parts of dotted keys count as items", "a.b.c.d = 1\n" + strings.Repeat("[[n]]\n", MaxItems-4) + "x = 1", "the file has more than 50000 keys, values and tables (counting each part of a dotted key; the next one is at line 49998, column 1); a scenario needs a few hundred", 49998, 1},
		{"a key refused lines after it began", "[...\n0={0={.={0={...\n0=", "a key path has 13 parts at line 2, column 13 (counting its table header and the inline tables around it); a key path may have at most 12", 2, 13},
		{"byte order mark and a refusal on line 1", "\ufeffx = " + nest(9, "[", "]"), "arrays and inline tables nest 9 deep at line 1, column 13; a scenario needs at most 8", 1, 13},
		{"an empty array is no item", "x = [" + strings.Repeat("[],", MaxItems-1) + "]", "", 0, 0},
	} {
		lim := CheckLimits([]byte(tc.src))
		switch {
		case tc.want == "" && lim != nil:
			t.Errorf("%s: refused: %v", tc.name, lim)
		case tc.want != "" && lim == nil:
			t.Errorf("%s: accepted, want %q", tc.name, tc.want)
		case tc.want != "" && (lim.Message != tc.want || lim.Pos != Pos{Line: tc.line, Col: tc.col}):
			t.Errorf("%s:\n got %d:%d: %s\nwant %d:%d: %s", tc.name, lim.Pos.Line, lim.Pos.Col, lim.Message, tc.line, tc.col, tc.want)
		}
	}
}

// Parse refuses a file past the limits with the limit's message at its
// place, and without decoding it: it allocates next to nothing.
func TestHostileFilesRefusedBeforeDecoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"deep inline tables, 48 KB", hostileDeepTables(48 << 10), "hostile.toml:10:33: arrays and inline tables nest 9 deep at line 10, column 33; a scenario needs at most 8"},
		{"deep inline tables, 1 MB", hostileDeepTables(MaxFileSize), "hostile.toml:10:33: arrays and inline tables nest 9 deep"},
		{"deep arrays, 400 KB", hostileDeepArrays(400 << 10), "hostile.toml:4:16: arrays and inline tables nest 9 deep at line 4, column 16"},
		{"deep arrays, 1 MB", hostileDeepArrays(MaxFileSize), "hostile.toml:4:16: arrays and inline tables nest 9 deep"},
		{"1 MB of misspelt references", hostileMisspeltNext(MaxFileSize), "hostile.toml:42859:1: the file has more than 50000 keys, values and tables (counting each part of a dotted key; the next one is at line 42859, column 1)"},
		{"1 MB of keys", hostileKeys(MaxFileSize), "hostile.toml:50001:1: the file has more than 50000 keys, values and tables (counting each part of a dotted key; the next one is at line 50001, column 1)"},
		{"a 1 MB dotted key", hostileDottedKey(MaxFileSize), "hostile.toml:4:1: a key path has 524234 parts at line 4, column 1; a key path may have at most 12"},
		{"a 1 MB table header", hostileDeepHeader(MaxFileSize), "hostile.toml:8:1: a table header has 524234 parts at line 8, column 1; a table header may have at most 12"},
		{"a 1 MB key", []byte(hostileHead + strings.Repeat("k", MaxFileSize-100) + " = 1\n"), "hostile.toml:4:1: a key path is 1048476 bytes long"},
		{"1 MB of one-line array", []byte(hostileHead + "tags = [" + strings.Repeat(`"",`, (MaxFileSize-100)/3) + "]\n"), "hostile.toml:4:149997: the file has more than 50000 keys, values and tables (counting each part of a dotted key; the next one is at line 4, column 149997); a scenario needs a few hundred"},
	} {
		if len(tc.data) > MaxFileSize {
			t.Fatalf("%s: %d bytes", tc.name, len(tc.data))
		}
		var sc *Scenario
		var diags Diagnostics
		alloc := allocated(func() { sc, diags = Parse("hostile.toml", tc.data) })
		if sc != nil || len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tc.want) {
			t.Errorf("%s: got %v, want one error starting %q", tc.name, diags, tc.want)
		}
		// Decoding would allocate at least the file again as a string;
		// the refusal comes before that.
		if alloc > 64<<10 {
			t.Errorf("%s: Parse allocated %d bytes: it decoded the file before refusing it", tc.name, alloc)
		}
	}
}

// The costliest files within the limits are decoded and checked in
// bounded memory (and in well under a second: see BenchmarkHostile).
func TestWorstAcceptedFilesBounded(t *testing.T) {
	for _, in := range hostileInputs {
		if !strings.HasPrefix(in.name, "Maxed") {
			continue
		}
		data := in.data()
		st, lim := measureLimits(data)
		if lim != nil || st.items < MaxItems-20 {
			t.Errorf("%s: %d items, %v: not at the limit", in.name, st.items, lim)
		}
		var diags Diagnostics
		alloc := allocated(func() { _, diags = Parse("hostile.toml", data) })
		if len(diags) == 0 {
			t.Errorf("%s: no diagnostics", in.name)
		}
		if alloc > 150<<20 {
			t.Errorf("%s: Parse allocated %d MB", in.name, alloc>>20)
		}
	}
}

// Every choice of a file as large as MaxItems allows names a missing node,
// a likely typo of thousands of ids: each is reported, the first ones with
// a suggestion, and the search for suggestions stops at its budget instead
// of measuring every name against every id.
func TestMisspeltReferencesBounded(t *testing.T) {
	data := hostileMisspeltNext(hostileMisspeltMax)
	if lim := CheckLimits(data); lim != nil {
		t.Fatal(lim)
	}
	var diags Diagnostics
	alloc := allocated(func() { _, diags = Parse("hostile.toml", data) })
	refs := strings.Count(string(data), "next = ")
	errs, suggested := 0, 0
	for _, d := range diags {
		if strings.Contains(d.Message, "which does not exist") {
			errs++
		}
		if strings.Contains(d.Message, "did you mean") {
			suggested++
		}
	}
	if errs != refs {
		t.Errorf("%d errors for %d references", errs, refs)
	}
	if want := "choice 1 of node \"n000000\": next names node \"m000001\", which does not exist (did you mean \"n000001\"?)"; diags[0].Message != want {
		t.Errorf("first error %q, want %q", diags[0].Message, want)
	}
	// Each suggestion measures a 7-letter name against thousands of ids of
	// the same length: a few hundred fit in the budget, not thousands.
	if suggested == 0 || suggested > 500 {
		t.Errorf("%d of %d errors have a suggestion", suggested, errs)
	}
	if alloc > 100<<20 {
		t.Errorf("Parse allocated %d MB", alloc>>20)
	}
	t.Logf("%d references, %d suggestions, %d MB allocated", refs, suggested, alloc>>20)
}

// A file of unknown keys (within the limits) gets each reported, with
// suggestions while the budget lasts.
func TestUnknownKeysBounded(t *testing.T) {
	data := hostileUnknownKeys(40000)
	var diags Diagnostics
	alloc := allocated(func() { _, diags = Parse("hostile.toml", data) })
	unknown, suggested := 0, 0
	for _, d := range diags {
		if strings.HasPrefix(d.Message, "unknown key") {
			unknown++
		}
		if strings.Contains(d.Message, `did you mean "text"`) {
			suggested++
		}
	}
	if unknown != 40000 || suggested == 0 {
		t.Errorf("%d unknown keys reported, %d with a suggestion", unknown, suggested)
	}
	if alloc > 150<<20 {
		t.Errorf("Parse allocated %d MB", alloc>>20)
	}
}

// A long node id quoted in a message for each of thousands of choices
// would make the messages hundreds of times the size of the file.
func TestMessagesQuoteLongNamesShort(t *testing.T) {
	data := hostileLongIDs(MaxFileSize)
	var diags Diagnostics
	alloc := allocated(func() { _, diags = Parse("hostile.toml", data) })
	total := 0
	for _, d := range diags {
		total += len(d.Message)
	}
	if len(diags) < 1000 || total > 2*len(data) || alloc > 100<<20 {
		t.Errorf("%d diagnostics, %d bytes of messages, %d MB allocated", len(diags), total, alloc>>20)
	}
	want := `choice 1 of node "` + strings.Repeat("x", maxShown) + `…": next names node "0", which does not exist`
	if diags[0].Message != want {
		t.Errorf("first message %q, want %q", diags[0].Message, want)
	}
}

// Thousands of errors that each note the nodes without an id name a few
// of them, not all.
func TestIdlessNoteBounded(t *testing.T) {
	data := hostileIdless()
	if lim := CheckLimits(data); lim != nil {
		t.Fatal(lim)
	}
	_, diags := Parse("hostile.toml", data)
	total, notes := 0, 0
	for _, d := range diags {
		total += len(d.Message)
		if strings.Contains(d.Message, "and 7990 more have no id") {
			notes++
		}
	}
	if notes != 6000 || total > 10*len(data) {
		t.Errorf("%d diagnostics, %d with the note, %d bytes of messages for %d bytes of file", len(diags), notes, total, len(data))
	}
}

func TestShown(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"end-ok":                        "end-ok",
		strings.Repeat("é", maxShown):   strings.Repeat("é", maxShown),
		strings.Repeat("é", maxShown+1): strings.Repeat("é", maxShown) + "…",
		strings.Repeat("x", 1000):       strings.Repeat("x", maxShown) + "…",
	} {
		if got := shown(in); got != want {
			t.Errorf("shown(%d bytes) = %q, want %q", len(in), got, want)
		}
	}
}

// A syntax error quoting a long value quotes the start of it.
func TestSyntaxErrorsCutShort(t *testing.T) {
	for _, src := range []string{
		"a = " + strings.Repeat("1", MaxFileSize-10),
		"a = 1979-05-27T" + strings.Repeat("1", MaxFileSize-20),
		"a = " + strings.Repeat("x", MaxFileSize-10),
	} {
		_, diags := Parse("s.toml", []byte(src))
		if len(diags) != 1 || !strings.HasPrefix(diags[0].Message, "TOML syntax: ") || utf8.RuneCountInString(diags[0].Message) > len("TOML syntax: ")+maxSyntaxMessage+1 {
			t.Errorf("%.40s…: %d diagnostics, the first %d bytes long", src, len(diags), len(diags[0].Message))
		}
	}
}

// A 1 MB string is fine: the decoder and the checks are linear in it.
func TestHugeStringAccepted(t *testing.T) {
	data := hostileHugeString(MaxFileSize)
	var sc *Scenario
	var diags Diagnostics
	alloc := allocated(func() { sc, diags = Parse("hostile.toml", data) })
	if sc == nil || diags.HasErrors() || len(sc.Nodes[0].Text) < MaxFileSize-200 {
		t.Fatalf("huge string: %v", diags)
	}
	if alloc > 32<<20 {
		t.Errorf("Parse allocated %d MB", alloc>>20)
	}
}

// Positions on a long line are counted from the previous one, not from the
// start of the line each time; they are still right.
func TestPositionsOnALongLine(t *testing.T) {
	const n = 40000
	data := hostileLongLine(n)
	sc, diags := Parse("hostile.toml", data)
	if sc == nil || diags.HasErrors() || len(sc.Tags) != n+1 {
		t.Fatalf("long line: %v", diags)
	}
	src := "x = [" + strings.Repeat(`"é", `, n) + "\"é\"]\n"
	p := ScanPositions(src)
	for _, i := range []int{0, 1, n / 2, n} {
		want := Pos{Line: 1, Col: 6 + 5*i}
		if got := p.Value(fmt.Sprintf("x[%d]", i)); got != want {
			t.Errorf("x[%d] at %v, want %v", i, got, want)
		}
	}
}

// ScanPositions stays linear on a file CheckLimits has not seen: it stops
// recording past a depth or a path length rather than building longer and
// longer paths.
func TestScanPositionsBounded(t *testing.T) {
	for name, src := range map[string]string{
		"deep tables": "x = " + strings.Repeat("{a=", 100000) + "1" + strings.Repeat("}", 100000),
		"deep arrays": "x = " + strings.Repeat("[", 300000) + strings.Repeat("]", 300000),
		"long header": "[" + strings.Repeat("a.", 300000) + "a]\nb = 1\n",
		"long key":    strings.Repeat("a.", 300000) + "a = [" + strings.Repeat("1,", 10000) + "]",
		"long table":  "[" + strings.Repeat("a", 1000) + "]\nx = [" + strings.Repeat("1,", 300000) + "]",
	} {
		var p *Positions
		alloc := allocated(func() { p = ScanPositions(src) })
		if alloc > uint64(64*len(src)) {
			t.Errorf("%s: %d bytes of source, %d allocated", name, len(src), alloc)
		}
		if p.Key("x").Line != 1 && p.Key("b").Line != 2 {
			t.Errorf("%s: lost the first key", name)
		}
	}
}

// boundedDistance agrees with the plain Levenshtein distance, capped.
func TestBoundedDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() []rune {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = rune("abcé"[rng.IntN(3)]) // small alphabet: near words
			if rng.IntN(10) == 0 {
				r[i] = 'é'
			}
		}
		return r
	}
	for range 20000 {
		a, b := word(), word()
		k := rng.IntN(8)
		want := min(levenshtein(a, b), k+1)
		if got := boundedDistance(a, b, k, make([]int, 2*(len(b)+1))); got != want {
			t.Fatalf("boundedDistance(%q, %q, %d) = %d, want %d", string(a), string(b), k, got, want)
		}
	}
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// The budget makes closest give up rather than answer from part of the
// candidates, and costs nothing when there is no budget left.
func TestClosestBudget(t *testing.T) {
	cands := newCandidates([]string{"opening", "handoff", "end-ok", "end-lost"})
	work := suggestWork
	if got := cands.closest("handof", &work); got != "handoff" || work >= suggestWork {
		t.Errorf("closest = %q, work left %d", got, work)
	}
	work = 30 // enough for "opening" but not "handoff"
	if got := cands.closest("handof", &work); got != "" || work != 0 {
		t.Errorf("out of budget: closest = %q, work left %d", got, work)
	}
	work = 0
	if got := cands.closest("handof", &work); got != "" || work != 0 {
		t.Errorf("no budget: closest = %q, work left %d", got, work)
	}
	long := strings.Repeat("a", maxSuggestRunes+1)
	cands = newCandidates([]string{"b", strings.ToUpper(long)})
	work = suggestWork
	if got := cands.closest(long, &work); got != strings.ToUpper(long) {
		t.Errorf("a long name differing in case: %q", got)
	}
}

// The stuck-run search finds what the search over FlagSet strings it
// replaced found, on random scenarios small enough to search whole.
func TestStuckRunsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	flags := []string{"a", "b", "c", "d", "e"}
	pick := func() []string {
		var out []string
		for _, f := range flags {
			if rng.IntN(4) == 0 {
				out = append(out, f)
			}
		}
		return out
	}
	for range 500 {
		var b strings.Builder
		b.WriteString("id = \"r\"\ntitle = \"R\"\nlanguage = \"en\"\n")
		nodes := 2 + rng.IntN(6)
		for n := 0; n < nodes; n++ {
			fmt.Fprintf(&b, "[[node]]\nid = \"n%d\"\ntext = \"t\"\n", n)
			for c := 0; c < 1+rng.IntN(3); c++ {
				next := "end"
				if r := rng.IntN(nodes + 1); r < nodes {
					next = fmt.Sprintf("n%d", r)
				}
				fmt.Fprintf(&b, "[[node.choice]]\ntext = \"c\"\nnext = %q\n", next)
				for _, k := range []string{"sets", "requires", "unless"} {
					if l := pick(); len(l) > 0 {
						fmt.Fprintf(&b, "%s = [\"%s\"]\n", k, strings.Join(l, `", "`))
					}
				}
			}
		}
		b.WriteString("[[node]]\nid = \"end\"\ntext = \"t\"\nending = \"resolved\"\n")
		sc, diags := Parse("r.toml", []byte(b.String()))
		if diags.HasErrors() {
			continue // no ending reachable
		}
		var got []string
		for _, d := range diags {
			if strings.Contains(d.Message, "can show no choice") {
				got = append(got, d.String())
			}
		}
		want := stuckReference(sc)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s\ngot:\n%s\nwant:\n%s", b.String(), strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// stuckReference is the stuck-run search as it was, over FlagSet strings.
func stuckReference(sc *Scenario) []string {
	type state struct {
		node  string
		flags FlagSet
	}
	seen := map[state]bool{}
	stuck := map[string]FlagSet{}
	stack := []state{{sc.Start, ""}}
	seen[stack[0]] = true
	for len(stack) > 0 {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := sc.byID[st.node]
		if n == nil || n.Ending != "" {
			continue
		}
		visible := 0
		for _, c := range n.Choices {
			if !c.VisibleWith(st.flags.Has) {
				continue
			}
			visible++
			next := state{c.Next, st.flags.With(c.Sets)}
			if !seen[next] {
				seen[next] = true
				stack = append(stack, next)
			}
		}
		if visible == 0 {
			if _, ok := stuck[n.ID]; !ok {
				stuck[n.ID] = st.flags
			}
		}
	}
	var out []string
	for _, n := range sc.Nodes {
		f, ok := stuck[n.ID]
		if !ok {
			continue
		}
		desc := "no flags set"
		if f != "" {
			desc = "flags " + strings.Join(f.List(), ", ") + " set"
		}
		out = append(out, fmt.Sprintf("r.toml:%d: warning: node %q can show no choice at all (reached with %s): the run would be stuck there", n.Line, n.ID, desc))
	}
	return out
}

// A file made to blow up the stuck-run search (every decision sets or not
// hundreds of long flags: 2^n states of ever larger sets) is searched in
// part, within bounds.
func TestStuckRunsBounded(t *testing.T) {
	data := hostileFlags(MaxFileSize)
	var sc *Scenario
	var diags Diagnostics
	alloc := allocated(func() { sc, diags = Parse("hostile.toml", data) })
	if sc == nil {
		t.Fatalf("flags file: %v", diags)
	}
	if alloc > 100<<20 {
		t.Errorf("Parse allocated %d MB", alloc>>20)
	}
	// A stuck node found with many flags set lists a few of them.
	src := "id = \"s\"\ntitle = \"S\"\nlanguage = \"en\"\n[[node]]\nid = \"a\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"b\"\nsets = [" +
		strings.TrimSuffix(strings.Repeat(`"f", `, 1), ", ")
	for i := 0; i < 12; i++ {
		src += fmt.Sprintf(`, "f%02d"`, i)
	}
	src += "]\n[[node]]\nid = \"b\"\ntext = \"t\"\n[[node.choice]]\ntext = \"c\"\nnext = \"end\"\nunless = [\"f\"]\n[[node]]\nid = \"end\"\ntext = \"t\"\nending = \"lost\"\n"
	_, diags = Parse("s.toml", []byte(src))
	want := `s.toml:11: warning: node "b" can show no choice at all (reached with flags f, f00, f01, f02, f03, f04, f05, f06, f07, f08 and 3 more set): the run would be stuck there`
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("got %v\nwant %s", diags, want)
	}
}

// Where CheckLimits accepts a file the decoder reads, the decoded document
// is within the limits too: a differential check for FuzzLoad, and here on
// the bundled files and tricky strings.
func checkDecodedWithinLimits(t *testing.T, data []byte) {
	t.Helper()
	if CheckLimits(data) != nil {
		return
	}
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return
	}
	keys := md.Keys()
	if len(keys) > MaxItems {
		t.Fatalf("decoded %d keys", len(keys))
	}
	for _, k := range keys {
		if len(k) > 3*MaxKeyParts+MaxNesting || len(k.String()) > MaxKeyPath {
			t.Fatalf("decoded key %q (%d parts)", k.String(), len(k))
		}
	}
	if d := arrayDepth(raw); d > MaxNesting {
		t.Fatalf("decoded arrays nest %d deep", d)
	}
}

// arrayDepth is how deep arrays, and the inline tables in them, nest in v.
func arrayDepth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, arrayDepth(e))
		}
	case []map[string]any:
		for _, e := range v {
			d = max(d, arrayDepth(e))
		}
	case []any:
		for _, e := range v {
			inner := arrayDepth(e)
			if _, ok := e.(map[string]any); ok {
				inner++ // an inline table in an array
			}
			d = max(d, inner)
		}
		d++
	}
	return d
}

// FuzzLimits checks CheckLimits against the decoder: whatever it accepts
// and the decoder reads is within the limits once decoded.
func FuzzLimits(f *testing.F) {
	for _, s := range limitSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Parse refuses these before decoding.
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return
		}
		checkDecodedWithinLimits(t, data)
	})
}

// limitSeeds are small files at and around the limits, and strings and
// comments that hide brackets, quotes and dots.
func limitSeeds() []string {
	nest := func(n int, open, close string) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	return []string{
		"x = " + nest(8, "[", "]"),
		"x = " + nest(9, "[", "]"),
		"x = " + nest(8, "{a=", "}"),
		"x = " + nest(9, "{a=", "}"),
		"x = [{a=[{a=[{a=[{a=[1]}]}]}]}]",
		"[a.b.c.d]\nx = {e.f = {g.h = [{i.j.k = 1}, {i.j.k.l = 1}]}}",
		"[[a.b]]\n[[a.b]]\n[a.b.c]\nd.e = 1\n",
		`x = ["[[[[", '{{{{', """]]]""", '''[[[''', "\"[", """\"""[[""", '\', [[1]]]`,
		"x = \"\"\"a\"\"\"\"\"\ny = [[[[[[[[[1]]]]]]]]]",
		"x = '''a'''''\ny = [[[[[[[[[1]]]]]]]]]",
		"# [[[[[[[[[\nx = [ # {{{{{{{{{\n1]\n",
		"\ufeff[[node]]\nx = [[1]]",
		`"a.b.c.d.e.f.g.h.i.j.k.l.m" = 1`,
		"a.b.c.d.e.f.g.h.i.j.k.l = 1",
		"a . b . 'c.d' . \"e\" = 1",
		strings.Repeat("k", 256) + " = 1",
		"[" + strings.Repeat("k", 257) + "]",
		"x = { a = 1,\n b = [\n1,\n2,\n],\n}\n",
		"x = [\n[\n[\n[\n[\n[\n[\n[\n[\n]]]]]]]]]",
		"[x]\ny = 1979-05-27 07:32:00Z\nz = [1979-05-27, 0x1f, 1e3, inf, -nan, true]\n",
	}
}

func TestDecodedWithinLimits(t *testing.T) {
	files, _ := filepath.Glob("library/*.toml")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		checkDecodedWithinLimits(t, data)
	}
	for _, src := range limitSeeds() {
		checkDecodedWithinLimits(t, []byte(src))
	}
}
