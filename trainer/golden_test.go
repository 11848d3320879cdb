package trainer

import "flag"

// update makes the package's golden-file tests rewrite their golden files
// (go test ./trainer -update); every golden test of the package shares it.
var update = flag.Bool("update", false, "rewrite golden files")
