// Package args parses the command lines of the project's programs: unlike
// package flag it accepts flags before and after positional arguments
// (`scenario play FILE --json`, `shockabsorber FILE --lang es`), as --name
// value or --name=value, with one or two dashes; "--" ends the flags.
package args

import (
	"fmt"
	"sort"
	"strings"
)

// Set is a set of flags and, after Parse, the positional arguments.
type Set struct {
	name  string
	bools map[string]*bool
	strs  map[string]*string
	seen  map[string]bool
	args  []string
	// Hint follows "unknown flag X" in errors; by default it lists the
	// flags the set takes.
	Hint string
}

// New returns an empty set for the command called name (used in messages).
func New(name string) *Set {
	return &Set{name: name, bools: map[string]*bool{}, strs: map[string]*string{}, seen: map[string]bool{}}
}

// Bool defines a flag that takes no value (or true/false after =).
func (s *Set) Bool(name string) *bool {
	p := new(bool)
	s.BoolVar(p, name)
	return p
}

// BoolVar defines boolean flags stored in p, under one or more names.
func (s *Set) BoolVar(p *bool, names ...string) {
	for _, n := range names {
		s.bools[n] = p
	}
}

// String defines a flag with a value, def until it is given.
func (s *Set) String(name, def string) *string {
	p := &def
	s.StringVar(p, name)
	return p
}

// StringVar defines a flag with a value stored in p.
func (s *Set) StringVar(p *string, name string) { s.strs[name] = p }

// IsSet reports whether the flag was given.
func (s *Set) IsSet(name string) bool { return s.seen[name] }

// Args returns the positional arguments.
func (s *Set) Args() []string { return s.args }

// Parse reads args.
func (s *Set) Parse(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			s.args = append(s.args, args[i+1:]...)
			return nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			s.args = append(s.args, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if b, ok := s.bools[name]; ok {
			switch {
			case !hasValue, value == "true", value == "1":
				*b = true
			case value == "false", value == "0":
				*b = false
			default:
				return fmt.Errorf("--%s takes no value (or true/false), got %q", name, value)
			}
			s.seen[name] = true
			continue
		}
		p, ok := s.strs[name]
		if !ok {
			return fmt.Errorf("unknown flag %s %s", a, s.hint())
		}
		if !hasValue {
			if i+1 >= len(args) {
				return fmt.Errorf("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		*p, s.seen[name] = value, true
	}
	return nil
}

func (s *Set) hint() string {
	if s.Hint != "" {
		return s.Hint
	}
	known := make([]string, 0, len(s.bools)+len(s.strs))
	for k := range s.bools {
		known = append(known, "--"+k)
	}
	for k := range s.strs {
		known = append(known, "--"+k)
	}
	sort.Strings(known)
	return fmt.Sprintf("(%s takes %s)", s.name, strings.Join(known, ", "))
}
