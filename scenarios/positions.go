package scenarios

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a source file: 1-based line and column (column counted
// in characters, 0 when unknown).
type Pos struct {
	Line, Col int
}

// Positions maps key paths such as "node[2].choice[0].next" to where the key
// and its value stand in the file. The TOML decoder reports values but not
// where they came from, so a small lexical pass over the (already valid) file
// finds them. It is lenient: on anything it does not understand it stops
// recording, and it never reads past the input.
type Positions struct {
	keys   map[string]Pos // where each key starts
	values map[string]Pos // where each key's value starts
	tables map[string]Pos // where each [table] or [[array]] header starts
}

// Key returns the position of path's key, or of its nearest recorded
// parent, or line 1.
func (p *Positions) Key(path string) Pos {
	return p.find(path, false)
}

// Value returns where path's value starts, falling back like Key.
func (p *Positions) Value(path string) Pos {
	return p.find(path, true)
}

func (p *Positions) find(path string, value bool) Pos {
	if p == nil {
		return Pos{Line: 1}
	}
	if value {
		if pos, ok := p.values[path]; ok {
			return pos
		}
	}
	for path != "" {
		if pos, ok := p.keys[path]; ok {
			return pos
		}
		if pos, ok := p.tables[path]; ok {
			return pos
		}
		path = parentPath(path)
	}
	return Pos{Line: 1}
}

// parentPath strips the last ".key" or "[i]" from a path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

type scanner struct {
	src       string
	i         int
	line      int
	lineStart int
	out       *Positions
	arrays    map[string]int // array-of-tables path -> elements seen

	// The column of offset colAt on line colLine, so that positions
	// on a long line are counted from the last one, not from the line's
	// start each time (which made a long line quadratic).
	colLine, colAt, col int

	depth  int // arrays and inline tables open
	budget int // bytes of paths that may still be recorded
}

// Bounds that keep ScanPositions linear even on a file that CheckLimits
// has not seen: past them it stops recording, as on anything it does not
// understand.
const (
	scanMaxDepth = 2 * MaxNesting
	scanMaxPath  = 4 * MaxKeyPath
)

// ScanPositions finds where every key, value and table header of a valid
// TOML document stands. Other TOML files of the project (test plans) use it
// too.
func ScanPositions(src string) *Positions {
	// Size the maps up front: growing them was a good part of the cost.
	n := strings.Count(src, "=") + 8
	s := &scanner{
		src:    src,
		line:   1,
		out:    &Positions{keys: make(map[string]Pos, n), values: make(map[string]Pos, n), tables: make(map[string]Pos, n/4)},
		arrays: map[string]int{},
		// Real files record about twice their size in paths.
		budget: 16*len(src) + 1<<16,
	}
	// Bound the work: every loop below advances i, and this guard makes sure
	// a bug cannot turn into a hang on hostile input.
	table := ""
	for guard := 0; s.i < len(s.src) && guard <= len(s.src)+1; guard++ {
		s.skipBlank(true)
		if s.i >= len(s.src) {
			break
		}
		switch c := s.src[s.i]; c {
		case '#':
			s.skipComment()
		case '\n':
			s.newline()
		case '[':
			t, ok := s.header()
			if !ok {
				return s.out
			}
			table = t
		default:
			start := s.i
			if !s.keyValue(table) || s.i == start {
				return s.out
			}
		}
	}
	return s.out
}

func (s *scanner) pos() Pos {
	if s.colLine != s.line || s.colAt < s.lineStart || s.colAt > s.i {
		s.colLine, s.colAt, s.col = s.line, s.lineStart, 1
	}
	s.col += utf8.RuneCountInString(s.src[s.colAt:s.i])
	s.colAt = s.i
	return Pos{Line: s.line, Col: s.col}
}

// record reports whether a path may be recorded, charging it to the budget.
func (s *scanner) record(path string) bool {
	if len(path) > scanMaxPath || len(path) > s.budget {
		return false
	}
	s.budget -= len(path)
	return true
}

func (s *scanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

func (s *scanner) newline() {
	s.i++
	s.line++
	s.lineStart = s.i
}

// skipBlank skips spaces and tabs, and newlines and comments too when
// multiline is set.
func (s *scanner) skipBlank(multiline bool) {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			if !multiline {
				return
			}
			s.newline()
		case '#':
			if !multiline {
				return
			}
			s.skipComment()
		default:
			return
		}
	}
}

func (s *scanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// header reads a [table] or [[array]] header and returns the resolved path
// of the table it opens.
func (s *scanner) header() (string, bool) {
	at := s.pos()
	array := s.peek(1) == '['
	s.i++
	if array {
		s.i++
	}
	s.skipBlank(false)
	parts, ok := s.key()
	if !ok {
		return "", false
	}
	s.skipBlank(false)
	for n := 0; n < 2 && s.i < len(s.src) && s.src[s.i] == ']'; n++ {
		s.i++
	}
	var b strings.Builder
	for k, part := range parts {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(part)
		if b.Len() > scanMaxPath {
			return "", false
		}
		if k == len(parts)-1 {
			break
		}
		if n, ok := s.arrays[b.String()]; ok && n > 0 {
			b.WriteString("[" + strconv.Itoa(n-1) + "]")
		}
	}
	resolved := b.String()
	if array {
		n := s.arrays[resolved]
		s.arrays[resolved] = n + 1
		resolved += "[" + strconv.Itoa(n) + "]"
	}
	if !s.record(resolved) {
		return "", false
	}
	s.out.tables[resolved] = at
	return resolved, true
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// key reads a possibly dotted, possibly quoted key.
func (s *scanner) key() ([]string, bool) {
	var parts []string
	for {
		s.skipBlank(false)
		if s.i >= len(s.src) {
			return nil, false
		}
		switch s.src[s.i] {
		case '"', '\'':
			q := s.src[s.i]
			s.i++
			var b strings.Builder
			for s.i < len(s.src) && s.src[s.i] != q && s.src[s.i] != '\n' {
				if q == '"' && s.src[s.i] == '\\' && s.i+1 < len(s.src) {
					s.i++
				}
				b.WriteByte(s.src[s.i])
				s.i++
			}
			s.i++
			parts = append(parts, b.String())
		default:
			start := s.i
			for s.i < len(s.src) && isBareKeyChar(s.src[s.i]) {
				s.i++
			}
			if s.i == start {
				return nil, false
			}
			parts = append(parts, s.src[start:s.i])
		}
		s.skipBlank(false)
		if s.peek(0) != '.' {
			return parts, true
		}
		s.i++
	}
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyValue reads "key = value" and records the key's position under prefix.
func (s *scanner) keyValue(prefix string) bool {
	at := s.pos()
	parts, ok := s.key()
	if !ok {
		return false
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, p := range parts {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
		if b.Len() > scanMaxPath {
			return false
		}
	}
	path := b.String()
	if !s.record(path) {
		return false
	}
	s.out.keys[path] = at
	s.skipBlank(false)
	if s.peek(0) != '=' {
		return false
	}
	s.i++
	s.skipBlank(false)
	s.out.values[path] = s.pos()
	return s.value(path)
}

// value skips one value, recording the keys of inline tables inside it.
func (s *scanner) value(path string) bool {
	switch {
	case strings.HasPrefix(s.src[s.i:], `"""`), strings.HasPrefix(s.src[s.i:], `'''`):
		q := s.src[s.i : s.i+3]
		s.i += 3
		for s.i < len(s.src) {
			if q == `"""` && s.src[s.i] == '\\' {
				s.i++
				if s.peek(0) == '\n' {
					s.newline()
					continue
				}
				s.i++
				continue
			}
			if strings.HasPrefix(s.src[s.i:], q) {
				s.i += 3
				// A closing delimiter may be preceded by up to two quotes
				// that belong to the string.
				for n := 0; n < 2 && s.i < len(s.src) && s.src[s.i] == q[0]; n++ {
					s.i++
				}
				return true
			}
			if s.src[s.i] == '\n' {
				s.newline()
				continue
			}
			s.i++
		}
		return true
	case s.peek(0) == '"' || s.peek(0) == '\'':
		q := s.src[s.i]
		s.i++
		for s.i < len(s.src) && s.src[s.i] != q && s.src[s.i] != '\n' {
			if q == '"' && s.src[s.i] == '\\' {
				s.i++
			}
			s.i++
		}
		s.i++
		return true
	case s.peek(0) == '[':
		if s.depth >= scanMaxDepth {
			return false
		}
		s.depth++
		defer func() { s.depth-- }()
		s.i++
		for n := 0; ; n++ {
			s.skipBlank(true)
			if s.i >= len(s.src) {
				return false
			}
			if s.src[s.i] == ']' {
				s.i++
				return true
			}
			elem := path + "[" + strconv.Itoa(n) + "]"
			if !s.record(elem) {
				return false
			}
			s.out.values[elem] = s.pos()
			start := s.i
			if !s.value(elem) || s.i == start {
				return false
			}
			s.skipBlank(true)
			if s.peek(0) == ',' {
				s.i++
			}
		}
	case s.peek(0) == '{':
		if s.depth >= scanMaxDepth {
			return false
		}
		s.depth++
		defer func() { s.depth-- }()
		s.i++
		for {
			s.skipBlank(false)
			if s.i >= len(s.src) {
				return false
			}
			if s.src[s.i] == '}' {
				s.i++
				return true
			}
			start := s.i
			if !s.keyValue(path) || s.i == start {
				return false
			}
			s.skipBlank(false)
			if s.peek(0) == ',' {
				s.i++
			}
		}
	default:
		start := s.i
		for s.i < len(s.src) {
			c := s.src[s.i]
			if c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' {
				break
			}
			s.i++
		}
		return s.i > start
	}
}
