package trainer

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column in a file (column 0 when unknown).
type Pos struct{ Line, Col int }

// keyPositions finds where keys and table headers stand in a small TOML
// file, by path: "scenario", "case[0]", "case[1].ending". The TOML decoder
// does not report positions, so this lexical pass over an already valid file
// does; it is line-based and lenient (values spanning lines are skipped by
// counting brackets and triple quotes), and on anything it does not
// understand it simply records nothing, so lookups fall back to a parent.
type keyPositions struct {
	keys   map[string]Pos
	values map[string]Pos
}

func scanKeyPositions(src string) *keyPositions {
	kp := &keyPositions{keys: map[string]Pos{}, values: map[string]Pos{}}
	counts := map[string]int{}
	table := ""
	lines := strings.Split(src, "\n")
	depth := 0     // open brackets/braces of a value spanning lines
	inTriple := "" // the open triple quote of a multi-line string
	for i, line := range lines {
		ln := i + 1
		if inTriple != "" || depth > 0 {
			depth, inTriple = skipValue(line, depth, inTriple)
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		col := utf8.RuneCountInString(line[:indent]) + 1
		switch {
		case trimmed == "" || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "[["):
			end := strings.Index(trimmed, "]]")
			if end < 0 {
				continue
			}
			name := strings.TrimSpace(trimmed[2:end])
			n := counts[name]
			counts[name]++
			table = name + "[" + strconv.Itoa(n) + "]"
			kp.keys[table] = Pos{ln, col}
		case trimmed[0] == '[':
			end := strings.IndexByte(trimmed, ']')
			if end < 0 {
				continue
			}
			table = strings.TrimSpace(trimmed[1:end])
			kp.keys[table] = Pos{ln, col}
		default:
			eq := strings.IndexByte(trimmed, '=')
			if eq < 0 {
				continue
			}
			key := unquoteKey(strings.TrimSpace(trimmed[:eq]))
			path := key
			if table != "" {
				path = table + "." + key
			}
			kp.keys[path] = Pos{ln, col}
			rest := trimmed[eq+1:]
			valueStart := len(rest) - len(strings.TrimLeft(rest, " \t"))
			vcol := col + utf8.RuneCountInString(trimmed[:eq+1+valueStart])
			kp.values[path] = Pos{ln, vcol}
			depth, inTriple = skipValue(rest, 0, "")
		}
	}
	return kp
}

// skipValue follows a value's brackets and quotes across one line and
// returns the bracket depth and open triple quote left at its end.
func skipValue(s string, depth int, triple string) (int, string) {
	for i := 0; i < len(s); i++ {
		if triple != "" {
			if strings.HasPrefix(s[i:], triple) {
				i += 2
				triple = ""
			} else if triple == `"""` && s[i] == '\\' {
				i++
			}
			continue
		}
		switch c := s[i]; c {
		case '#':
			return depth, ""
		case '"', '\'':
			q := string([]byte{c, c, c})
			if strings.HasPrefix(s[i:], q) {
				triple = q
				i += 2
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth, triple
}

func unquoteKey(k string) string {
	if len(k) >= 2 && (k[0] == '"' || k[0] == '\'') && k[len(k)-1] == k[0] {
		if k[0] == '"' {
			if u, err := strconv.Unquote(k); err == nil {
				return u
			}
		}
		return k[1 : len(k)-1]
	}
	return k
}

// key returns where the key at path stands, or its nearest recorded
// parent, or line 1.
func (kp *keyPositions) key(path string) Pos { return kp.find(path, false) }

// value returns where the value at path starts, falling back like key.
func (kp *keyPositions) value(path string) Pos { return kp.find(path, true) }

func (kp *keyPositions) find(path string, value bool) Pos {
	if value {
		if p, ok := kp.values[path]; ok {
			return p
		}
	}
	for path != "" {
		if p, ok := kp.keys[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return Pos{Line: 1}
}
