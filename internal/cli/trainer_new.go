package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// runNew writes a commented starter scenario, or with --from the starter
// of a translation.
func runNew(env *Env, args []string) int {
	fl := newFlags("new")
	title := fl.String("title", "")
	lang := fl.String("lang", "en")
	out := fl.String("o", "")
	schema := fl.String("schema", "")
	from := fl.String("from", "")
	if err := fl.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %v\n", err)
		return ExitUsage
	}
	if fl.IsSet("from") {
		return runNewTranslation(env, fl.Args(), *from, *lang, fl.IsSet("lang"), fl.IsSet("title"), *out, *schema)
	}
	if len(fl.Args()) != 1 {
		fmt.Fprintf(env.Stderr, "scenario new: name exactly one scenario id (usage: scenario new ID [--title T] [--lang L] [-o FILE], or scenario new --from FILE --lang L), got %d arguments\n", len(fl.Args()))
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
	return writeStarter(env, name, text, fmt.Sprintf("wrote %s\nnext: edit it, then run  scenario check %s  and  scenario play %s\n", name, name, name))
}

// runNewTranslation is `scenario new --from FILE --lang L [-o OUT]`.
func runNewTranslation(env *Env, args []string, from, lang string, langSet, titleSet bool, out, schema string) int {
	const usage = "usage: scenario new --from FILE --lang L [-o OUT]"
	switch {
	case len(args) > 0:
		fmt.Fprintf(env.Stderr, "scenario new: --from takes the id from FILE (%s); drop %q\n", usage, args[0])
		return ExitUsage
	case !langSet:
		fmt.Fprintf(env.Stderr, "scenario new: --from needs the language to translate into, such as --lang es (%s)\n", usage)
		return ExitUsage
	case titleSet:
		fmt.Fprintln(env.Stderr, "scenario new: --title goes without --from: a translation's title is translated in the file, like every text")
		return ExitUsage
	case from == "":
		fmt.Fprintf(env.Stderr, "scenario new: --from needs a scenario file (%s)\n", usage)
		return ExitUsage
	}
	sc, diags := scenarios.LoadFile(from)
	if sc == nil {
		printDiagnostics(env, diags)
		fmt.Fprintf(env.Stderr, "scenario new: %s has errors; fix them before translating it\n", from)
		return ExitInvalid
	}
	data, err := os.ReadFile(from)
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %s: %v\n", from, err)
		return ExitInvalid
	}
	if err := trainer.CheckLanguage(lang); err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %v\n", err)
		return ExitUsage
	}
	name := out
	if name == "" {
		name = filepath.Join(filepath.Dir(from), trainer.TranslationID(sc, lang)+".toml")
	}
	text, err := trainer.TranslationStarter(sc, data, trainer.TranslationOptions{Language: lang, Source: from, Output: name, Schema: schema})
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %v\n", err)
		return ExitUsage
	}
	// The starter must pass check and score as FILE does; a failure here
	// is a bug (or a file the rewriting does not understand).
	tr, diags := scenarios.Parse(name, []byte(text))
	if tr == nil {
		printDiagnostics(env, diags)
		fmt.Fprintln(env.Stderr, "scenario new: internal error: the translation starter does not pass check")
		return ExitInvalid
	}
	read := func(f string) ([]byte, error) {
		if f == name {
			return []byte(text), nil
		}
		return data, nil
	}
	if diags := trainer.Parity([]*scenarios.Scenario{sc, tr}, read); len(diags) > 0 {
		printDiagnostics(env, diags)
		fmt.Fprintln(env.Stderr, "scenario new: internal error: the translation starter does not score as its original")
		return ExitInvalid
	}
	return writeStarter(env, name, text, fmt.Sprintf("wrote %s, a translation of %s (%s) into %s\nnext: translate each text marked %q, delete the mark, then run  scenario check --strict %s %s\n",
		name, from, sc.Language, lang, strings.TrimSpace(trainer.TranslateMarker(sc.Language)), from, name))
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

// writeStarter writes a starter to stdout ("-") or to a new file, never
// over an existing one, and then prints what to do next.
func writeStarter(env *Env, name, text, next string) int {
	if name == "-" {
		fmt.Fprint(env.Stdout, text)
		return ExitOK
	}
	if err := createNew(name, []byte(text)); err != nil {
		fmt.Fprintf(env.Stderr, "scenario new: %s: %v\n", name, err)
		return ExitUsage
	}
	fmt.Fprint(env.Stdout, next)
	return ExitOK
}
