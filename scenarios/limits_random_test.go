package scenarios

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// tomlGen writes random valid TOML documents full of what could trick a
// pre-scan (brackets, quotes, dots, '=' and '#' inside strings and
// comments; multi-line strings and arrays; dotted and quoted keys; arrays
// of inline tables) and works out, as it writes, what CheckLimits should
// measure of them.
type tomlGen struct {
	rng  *rand.Rand
	b    strings.Builder
	want limitStats
	n    int // for unique key names
}

// tricky is text for strings and comments: everything the pre-scan must
// not read as structure.
var tricky = []string{"[", "]", "{", "}", "[[", "]]", ".", "=", "#", ",", " ", "a", "é", "x.y", "[[node]]", "{a=", "'", "\""}

func (g *tomlGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *tomlGen) text(n int, avoid string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		t := g.pick(tricky)
		if strings.ContainsAny(t, avoid) {
			continue
		}
		b.WriteString(t)
	}
	return b.String()
}

// part returns one key part, as written, unique.
func (g *tomlGen) part() string {
	g.n++
	switch g.rng.IntN(4) {
	case 0:
		return fmt.Sprintf(`"%s%d"`, g.text(3, `"\`), g.n)
	case 1:
		return fmt.Sprintf(`'%s%d'`, g.text(3, `'`), g.n)
	case 2:
		return fmt.Sprintf(`"q\"\\%d"`, g.n)
	}
	return fmt.Sprintf("k%d", g.n)
}

// key returns a dotted key of parts parts, as written.
func (g *tomlGen) key(parts int) string {
	var ps []string
	for i := 0; i < parts; i++ {
		ps = append(ps, g.part())
	}
	sep := "."
	if g.rng.IntN(4) == 0 {
		sep = " . "
	}
	return strings.Join(ps, sep)
}

// path records a key path of base plus own, written as text.
func (g *tomlGen) path(base keyPath, own string, parts int) keyPath {
	p := keyPath{base.bytes + len(own), base.parts + parts}
	if base.bytes > 0 {
		p.bytes++
	}
	g.want.items += parts
	g.want.parts = max(g.want.parts, p.parts)
	g.want.path = max(g.want.path, p.bytes)
	return p
}

func (g *tomlGen) comment() {
	if g.rng.IntN(3) == 0 {
		g.b.WriteString(" # " + g.text(4, "\n"))
	}
	g.b.WriteString("\n")
}

// value writes a value at nesting depth (arrays and inline tables around
// it) whose key path is base.
func (g *tomlGen) value(depth int, base keyPath) {
	r := g.rng.IntN(12)
	if depth >= 5 {
		r %= 8 // no deeper
	}
	switch r {
	case 0:
		g.b.WriteString(g.pick([]string{"1", "0x1f", "-1e3", "3.25", "inf", "nan", "true", "false", "1979-05-27", "1979-05-27 07:32:00Z", "07:32:00"}))
	case 1:
		fmt.Fprintf(&g.b, `"%s\"\\\u00e9%s"`, g.text(4, `"\`+"\n"), g.text(2, `"\`+"\n"))
	case 2:
		fmt.Fprintf(&g.b, `'%s'`, g.text(5, "'\n"))
	case 3:
		// A multi-line basic string, with escaped quotes, quotes in twos,
		// a line-ending backslash and brackets on lines of their own.
		fmt.Fprintf(&g.b, "\"\"\"\n%s\\\"\"\"\n[[%s\"\"x \\\n   %s\n]]\"\"\"", g.text(3, `"\`), g.text(2, `"\`), g.text(3, `"\`))
	case 4:
		fmt.Fprintf(&g.b, "'''%s\n[%s'' ]\n''''", g.text(3, "'"), g.text(2, "'"))
	case 5, 6, 7:
		g.b.WriteString(`""`)
	case 8, 9:
		g.want.depth = max(g.want.depth, depth+1)
		g.b.WriteString("[")
		n := g.rng.IntN(4)
		for i := 0; i < n; i++ {
			if g.rng.IntN(3) == 0 {
				g.comment()
			}
			g.want.items++
			g.value(depth+1, base)
			g.b.WriteString(",")
			if g.rng.IntN(2) == 0 {
				g.b.WriteString("\n")
			}
		}
		g.b.WriteString("]")
	default:
		g.want.depth = max(g.want.depth, depth+1)
		g.b.WriteString("{")
		n := g.rng.IntN(3)
		for i := 0; i < n; i++ {
			if i > 0 {
				g.b.WriteString(", ")
			}
			parts := 1 + g.rng.IntN(2)
			k := g.key(parts)
			p := g.path(base, k, parts)
			g.b.WriteString(" " + k + " = ")
			g.value(depth+1, p)
		}
		g.b.WriteString(" }")
	}
}

func (g *tomlGen) document() string {
	header := keyPath{}
	for i := 0; i < 3+g.rng.IntN(8); i++ {
		switch g.rng.IntN(6) {
		case 0:
			parts := 1 + g.rng.IntN(3)
			k := g.key(parts)
			header = g.path(keyPath{}, k, parts)
			if g.rng.IntN(2) == 0 {
				g.b.WriteString("[ " + k + " ]")
			} else {
				g.b.WriteString("[[" + k + "]]")
			}
			g.comment()
		case 1:
			g.b.WriteString("# " + g.text(5, "\n") + "\n\n")
		default:
			parts := 1 + g.rng.IntN(2)
			k := g.key(parts)
			p := g.path(header, k, parts)
			g.b.WriteString(k + " = ")
			g.value(0, p)
			g.comment()
		}
	}
	return g.b.String()
}

// On random valid documents, CheckLimits measures exactly the nesting, key
// paths and items they have: strings, comments and multi-line values do
// not fool it.
func TestCheckLimitsMeasuresRandomDocuments(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 3000; i++ {
		g := &tomlGen{rng: rng}
		doc := g.document()
		var v map[string]any
		if _, err := toml.Decode(doc, &v); err != nil {
			t.Fatalf("the generator wrote invalid TOML: %v\n%s", err, doc)
		}
		got, lim := measureLimits([]byte(doc))
		if lim != nil || got != g.want {
			t.Fatalf("measured %+v (%v), want %+v, in:\n%s", got, lim, g.want, doc)
		}
	}
}
