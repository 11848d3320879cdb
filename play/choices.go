package play

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseChoices reads a choice list as `scenario play --choose` takes it:
// 1-based indices among the visible choices, separated by commas, such as
// "2,1,3". An empty list is allowed.
func ParseChoices(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []int{}, nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, 0, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("item %d is %q; give 1-based choice numbers separated by commas, such as 2,1,3", i+1, p)
		}
		out = append(out, n)
	}
	return out, nil
}
