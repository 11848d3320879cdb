package cli

import (
	"fmt"

	"github.com/shockabsorber/shockabsorber/trainer"
)

// runSchema prints the JSON Schema of the scenario format.
func runSchema(env *Env, args []string) int {
	fs := newFlags("schema")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario schema: %v\n", err)
		return ExitUsage
	}
	if len(fs.Args()) > 0 {
		fmt.Fprintf(env.Stderr, "scenario schema: takes no arguments (got %q); redirect the output to save it: scenario schema > scenario.schema.json\n", fs.Args()[0])
		return ExitUsage
	}
	out, err := trainer.SchemaJSON()
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario schema: %v\n", err)
		return ExitInvalid
	}
	env.Stdout.Write(out)
	return ExitOK
}
