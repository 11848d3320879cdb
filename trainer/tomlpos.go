package trainer

import "github.com/shockabsorber/shockabsorber/scenarios"

// Pos is a 1-based line and column in a file (column 0 when unknown). Test
// plans find positions with the same scanner as scenario files.
type Pos = scenarios.Pos
