package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// runNew writes a commented starter scenario.
func runNew(env *Env, args []string) int {
	fl := newFlags("new")
	title := fl.String("title", "")
	lang := fl.String("lang", "en")
	out := fl.String("o", "")
	schema := fl.String("schema", "")
	if err := fl.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %v\n", err)
		return ExitUsage
	}
	if len(fl.Args()) != 1 {
		fmt.Fprintf(env.Stderr, "scenario new: name exactly one scenario id (usage: scenario new ID [--title T] [--lang L] [-o FILE]), got %d arguments\n", len(fl.Args()))
		return ExitUsage
	}
	id := fl.Args()[0]
	text, err := trainer.Starter(trainer.StarterOptions{ID: id, Title: *title, Language: *lang, Schema: *schema})
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %v\n", err)
		return ExitUsage
	}
	name := *out
	if name == "" {
		name = id + ".toml"
	}
	// The starter must pass check; a failure here is a bug in the template.
	if _, diags := scenarios.Parse(name, []byte(text)); diags.HasErrors() {
		printDiagnostics(env, diags)
		fmt.Fprintln(env.Stderr, "scenario new: internal error: the starter file does not pass check")
		return ExitInvalid
	}
	if name == "-" {
		fmt.Fprint(env.Stdout, text)
		return ExitOK
	}
	if err := createNew(name, []byte(text)); err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %s: %v\n", name, err)
		return ExitUsage
	}
	fmt.Fprintf(env.Stdout, "wrote %s\nnext: edit it, then run  scenario check %s  and  scenario play %s\n", name, name, name)
	return ExitOK
}

// createNew writes a file that must not exist yet.
func createNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrExist):
			return errors.New("already exists; refusing to overwrite it (choose another name with -o, or delete it first)")
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("folder %s does not exist", filepath.Dir(name))
		case errors.Is(err, fs.ErrPermission):
			return errors.New("permission denied")
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	return f.Close()
}
