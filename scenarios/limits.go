package scenarios

import "fmt"

// Limits on the structure of a scenario file. The TOML decoder's cost grows
// with the square of how deep values nest and how long key paths are, so a
// file within MaxFileSize can still take minutes and gigabytes to decode.
// CheckLimits refuses such files before decoding, with one linear pass over
// the bytes. Real scenarios stay far below every limit: the format needs
// nesting 2 deep at most (an array of drift tables), and key paths of 4
// parts (node.choice.drift.shock_absorber, 32 bytes); the bundled library's
// largest file has about 500 keys, values and tables.
const (
	// MaxNesting is how deep arrays and inline tables may nest inside one
	// another: fit = ["assume"] is 1, drift = { pivot = 1.0 } is 1, an
	// array of inline tables is 2.
	MaxNesting = 8
	// MaxKeyParts is how many parts a key path may have: those of its
	// table header, of the keys of the inline tables around it, and its
	// own. [[node.choice]] has 2 and the drift key pivot in it 4.
	// The decoder's work for each key grows with it.
	MaxKeyParts = 12
	// MaxKeyPath is the longest key path, in bytes as written, made of the
	// same parts, dots included.
	MaxKeyPath = 256
	// MaxItems is how many keys, table headers and array elements a file
	// may hold in all, each part of a dotted key or header counting as one
	// (a.b = 1 defines a table and a key).
	MaxItems = 50000
)

// LimitError says where and why CheckLimits refused a file.
type LimitError struct {
	Pos     Pos
	Message string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Message)
}

// CheckLimits reports the first place where data, a TOML document, goes past
// MaxNesting, MaxKeyParts, MaxKeyPath or MaxItems, or nil when it stays
// within them. It reads data once, understanding TOML just enough to skip
// strings (basic, literal, multi-line) and comments, so brackets or dots
// inside them count for nothing. It does not check the syntax: on invalid
// TOML it may refuse or accept, and the decoder reports the syntax error,
// having stopped there. Wherever the document is valid TOML up to some
// point, this pass reads that part exactly as the decoder does, so the
// decoder never sees more than the limits allow.
func CheckLimits(data []byte) *LimitError {
	_, err := measureLimits(data)
	return err
}

// limitStats is what CheckLimits measured of a file, up to where it
// stopped: the deepest nesting, the most parts and longest path of a key
// or header, and the number of items.
type limitStats struct {
	depth, parts, path, items int
}

func measureLimits(data []byte) (limitStats, *LimitError) {
	c := limitChecker{data: data, lineStartState: true}
	// A UTF-8 byte order mark is not part of the first key.
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		c.i = 3
	}
	err := c.run()
	c.stats.items = c.items
	return c.stats, err
}

// keyPath is the size of a key path.
type keyPath struct {
	bytes, parts int
}

// limitFrame is an open array or inline table.
type limitFrame struct {
	table bool    // an inline table (keys inside) rather than an array
	base  keyPath // the key path that holds it
	elem  bool    // an array waiting for its next element
}

type limitChecker struct {
	data   []byte
	i      int
	items  int
	frames []limitFrame

	// lineStartState is set at the start of a line outside any array or
	// inline table: there a '[' opens a table header.
	lineStartState bool
	header         keyPath // of the current [table]

	// The key being read, when inKey: where it starts (-1 before its
	// first character) and ends, and how many dots it has.
	inKey    bool
	keyStart int
	keyEnd   int
	keyDots  int
	keyBase  keyPath // of the table the key is in
	keyAt    int     // offset of the key, for messages

	valueBase keyPath // of the value being read

	stats limitStats
}

func (c *limitChecker) pos(off int) Pos {
	// Only called when refusing, so counting from the start is fine (a
	// key may have begun lines before the offset reached).
	p := offsetPos(c.data, off)
	if p.Line == 1 && c.data[0] == 0xEF && p.Col > 1 {
		p.Col-- // the byte order mark
	}
	return p
}

// refuse returns a LimitError at offset off; the message is made by msg
// from where the offset stands ("line 3, column 40").
func (c *limitChecker) refuse(off int, msg func(where string) string) *LimitError {
	p := c.pos(off)
	return &LimitError{Pos: p, Message: msg(fmt.Sprintf("line %d, column %d", p.Line, p.Col))}
}

// newline steps over a newline between values, or in a key.
func (c *limitChecker) newline() {
	c.countLine()
	if len(c.frames) == 0 {
		c.lineStartState = true
		c.inKey = false
	}
}

// countLine steps over a newline, inside a string or not.
func (c *limitChecker) countLine() {
	c.i++
}

// item counts n items (a key or table header of n parts, or an array
// element) at offset off.
func (c *limitChecker) item(off, n int) *LimitError {
	c.items += n
	if c.items > MaxItems {
		return c.refuse(off, func(where string) string {
			return fmt.Sprintf("the file has more than %d keys, values and tables (counting each part of a dotted key; the next one is at %s); a scenario needs a few hundred", MaxItems, where)
		})
	}
	return nil
}

// startKey begins a key at the current offset inside a table whose path
// is base.
func (c *limitChecker) startKey(base keyPath) {
	c.inKey = true
	c.keyStart = -1
	c.keyDots = 0
	c.keyBase = base
}

// keyChar notes that the key being read goes on to offset end.
func (c *limitChecker) keyChar(start, end int) {
	if c.keyStart < 0 {
		c.keyStart = start
		c.keyAt = start
	}
	c.keyEnd = end
}

// endKey checks the key just read (at '=') and returns its path.
func (c *limitChecker) endKey() (keyPath, *LimitError) {
	c.inKey = false
	if c.keyStart < 0 {
		return c.keyBase, nil // no key: the decoder reports it
	}
	return c.checkPath(c.keyAt, c.keyBase, keyPath{c.keyEnd - c.keyStart, c.keyDots + 1}, "key path")
}

// checkPath counts and checks a key path or table header (what) of the given
// size, written at offset at, in a table whose path is base.
func (c *limitChecker) checkPath(at int, base, own keyPath, what string) (keyPath, *LimitError) {
	path := keyPath{base.bytes + own.bytes, base.parts + own.parts}
	if base.bytes > 0 {
		path.bytes++ // the dot between
	}
	around := ""
	if base.parts > 0 {
		around = " (counting its table header and the inline tables around it)"
	}
	c.stats.parts = max(c.stats.parts, path.parts)
	if path.parts > MaxKeyParts {
		return keyPath{}, c.refuse(at, func(where string) string {
			return fmt.Sprintf("a %s has %d parts at %s%s; a %[1]s may have at most %[5]d", what, path.parts, where, around, MaxKeyParts)
		})
	}
	c.stats.path = max(c.stats.path, path.bytes)
	if path.bytes > MaxKeyPath {
		return keyPath{}, c.refuse(at, func(where string) string {
			return fmt.Sprintf("a %s is %d bytes long at %s%s; a %[1]s may be at most %[5]d", what, path.bytes, where, around, MaxKeyPath)
		})
	}
	return path, c.item(at, own.parts)
}

func (c *limitChecker) top() *limitFrame {
	if len(c.frames) == 0 {
		return nil
	}
	return &c.frames[len(c.frames)-1]
}

// value notes that a value starts at offset off: the next element of the
// array it is in, if any.
func (c *limitChecker) value(off int) *LimitError {
	if f := c.top(); f != nil && !f.table && f.elem {
		f.elem = false
		return c.item(off, 1)
	}
	return nil
}

func (c *limitChecker) run() *LimitError {
	data := c.data
	for c.i < len(data) {
		ch := data[c.i]
		switch ch {
		case '\n':
			c.newline()
			continue
		case ' ', '\t', '\r':
			c.i++
			continue
		case '#':
			c.skipComment()
			continue
		}
		start := c.i
		if c.lineStartState {
			c.lineStartState = false
			if ch == '[' {
				if err := c.tableHeader(); err != nil {
					return err
				}
				continue
			}
			c.startKey(c.header)
		}
		switch ch {
		case '"', '\'':
			if !c.inKey {
				if err := c.value(start); err != nil {
					return err
				}
			}
			c.skipString()
			if c.inKey {
				c.keyChar(start, c.i)
			}
		case '[', '{':
			if err := c.value(start); err != nil {
				return err
			}
			base := c.valueBase
			if f := c.top(); f != nil && !f.table {
				base = f.base
			}
			if len(c.frames) >= MaxNesting {
				return c.refuse(start, func(where string) string {
					return fmt.Sprintf("arrays and inline tables nest %d deep at %s; a scenario needs at most %d", len(c.frames)+1, where, MaxNesting)
				})
			}
			c.frames = append(c.frames, limitFrame{table: ch == '{', base: base, elem: ch == '['})
			c.stats.depth = max(c.stats.depth, len(c.frames))
			c.inKey = false
			if ch == '{' {
				c.startKey(base)
			}
			c.i++
		case ']', '}':
			if len(c.frames) > 0 {
				c.frames = c.frames[:len(c.frames)-1]
			}
			c.inKey = false
			c.i++
		case ',':
			if f := c.top(); f != nil {
				if f.table {
					c.startKey(f.base)
				} else {
					f.elem = true
				}
			}
			c.i++
		case '=':
			if c.inKey {
				path, err := c.endKey()
				if err != nil {
					return err
				}
				c.valueBase = path
			}
			c.i++
		default:
			if c.inKey {
				if ch == '.' {
					c.keyDots++
				}
				c.keyChar(start, c.i+1)
			} else if err := c.value(start); err != nil {
				return err
			}
			c.i++
		}
	}
	return nil
}

func (c *limitChecker) skipComment() {
	for c.i < len(c.data) && c.data[c.i] != '\n' {
		c.i++
	}
}

// tableHeader reads [a.b] or [[a.b]], starting at its first '['.
func (c *limitChecker) tableHeader() *LimitError {
	at := c.i
	c.i++
	if c.i < len(c.data) && c.data[c.i] == '[' {
		c.i++
	}
	keyStart, keyEnd, dots := -1, -1, 0
	for c.i < len(c.data) {
		ch := c.data[c.i]
		if ch == ']' || ch == '\n' || ch == '#' {
			break
		}
		start := c.i
		switch ch {
		case ' ', '\t', '\r':
			c.i++
			continue
		case '"', '\'':
			c.skipString()
		case '.':
			dots++
			c.i++
		default:
			c.i++
		}
		if keyStart < 0 {
			keyStart = start
		}
		keyEnd = c.i
	}
	for n := 0; n < 2 && c.i < len(c.data) && c.data[c.i] == ']'; n++ {
		c.i++
	}
	if keyStart < 0 {
		c.header = keyPath{} // no key: the decoder reports it
		return nil
	}
	path, err := c.checkPath(at, keyPath{}, keyPath{keyEnd - keyStart, dots + 1}, "table header")
	c.header = path
	return err
}

// skipString skips the string starting at the current offset, a quote:
// basic ("), literal ('), multi-line basic or multi-line literal (three
// of either quote).
// A single-line string also ends at a newline (which the decoder refuses),
// and any string at the end of the data.
func (c *limitChecker) skipString() {
	data := c.data
	q := data[c.i]
	if c.i+2 < len(data) && data[c.i+1] == q && data[c.i+2] == q {
		c.i += 3
		for c.i < len(data) {
			switch ch := data[c.i]; {
			case ch == '\\' && q == '"':
				c.i++
				if c.i < len(data) {
					if data[c.i] == '\n' {
						c.countLine()
					} else {
						c.i++
					}
				}
			case ch == '\n':
				c.countLine()
			case ch == q:
				// Three quotes or more close the string; up to two more
				// before the last three belong to it.
				n := 0
				for c.i < len(data) && data[c.i] == q && n < 5 {
					c.i++
					n++
				}
				if n >= 3 {
					return
				}
			default:
				c.i++
			}
		}
		return
	}
	c.i++
	for c.i < len(data) {
		switch ch := data[c.i]; {
		case ch == q:
			c.i++
			return
		case ch == '\n':
			return
		case ch == '\\' && q == '"':
			c.i++
			if c.i < len(data) && data[c.i] != '\n' {
				c.i++
			}
		default:
			c.i++
		}
	}
}
