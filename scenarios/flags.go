package scenarios

import (
	"sort"
	"strings"
)

// FlagSet is a set of flags kept as a sorted, NUL-joined string, so that
// explorations of a scenario's states can use it in map keys.
type FlagSet string

// Has reports whether f is in the set.
func (s FlagSet) Has(f string) bool {
	if s == "" {
		return false
	}
	list := strings.Split(string(s), "\x00")
	i := sort.SearchStrings(list, f)
	return i < len(list) && list[i] == f
}

// With returns the set with the flags of add added.
func (s FlagSet) With(add []string) FlagSet {
	if len(add) == 0 {
		return s
	}
	var list []string
	if s != "" {
		list = strings.Split(string(s), "\x00")
	}
	for _, f := range add {
		i := sort.SearchStrings(list, f)
		if i < len(list) && list[i] == f {
			continue
		}
		list = append(list, "")
		copy(list[i+1:], list[i:])
		list[i] = f
	}
	return FlagSet(strings.Join(list, "\x00"))
}

// List returns the flags in the set, sorted.
func (s FlagSet) List() []string {
	if s == "" {
		return nil
	}
	return strings.Split(string(s), "\x00")
}
