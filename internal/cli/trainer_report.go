package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// maxReportSize bounds one report file; real ones are a few kilobytes.
const maxReportSize = 8 << 20

// runReport turns play reports (scenario play --json) into xAPI
// statements for a learning record store.
func runReport(env *Env, args []string) int {
	fl := newFlags("report")
	actorArg := fl.String("actor", "")
	out := fl.String("o", "")
	base := fl.String("base", trainer.DefaultXAPIBase)
	stamp := fl.String("timestamp", "")
	scenarioPaths := fl.String("scenarios", "")
	if err := fl.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "scenario report: %v\n", err)
		return ExitUsage
	}
	if len(fl.Args()) == 0 {
		fmt.Fprintln(env.Stderr, "scenario report: name play report files (the output of scenario play --json) or folders of them (usage: scenario report PATH... [--actor mailto:x@y] [-o out.json])")
		return ExitUsage
	}
	if err := trainer.CheckBase(*base); err != nil {
		fmt.Fprintf(env.Stderr, "scenario report: --base: %v\n", err)
		return ExitUsage
	}
	*base = strings.TrimRight(*base, "/")
	actor := trainer.AnonymousActor(*base)
	if fl.IsSet("actor") {
		a, err := trainer.ParseActor(*actorArg)
		if err != nil {
			fmt.Fprintf(env.Stderr, "scenario report: --actor: %v\n", err)
			return ExitUsage
		}
		actor = a
	}
	var fixed time.Time
	if *stamp != "" {
		t, err := time.Parse(time.RFC3339, *stamp)
		if err != nil {
			fmt.Fprintf(env.Stderr, "scenario report: --timestamp must be an RFC 3339 time such as 2026-11-23T14:05:00Z, not %q\n", *stamp)
			return ExitUsage
		}
		fixed = t
	}
	files, ok := findReports(env, fl.Args())
	if !ok {
		return ExitUsage
	}
	// The reports' scenarios: the bundled library, and the files given.
	byID := map[string]*scenarios.Scenario{}
	lib, _ := scenarios.Library()
	for _, sc := range lib.Scenarios {
		byID[sc.ID] = sc
	}
	if *scenarioPaths != "" {
		set, diags := scenarios.LoadPaths(strings.Split(*scenarioPaths, ","))
		if errs := diags.Errors(); len(errs) > 0 {
			for _, d := range errs {
				fmt.Fprintln(env.Stderr, d.String())
			}
			fmt.Fprintln(env.Stderr, "scenario report: --scenarios: fix the files above")
			return ExitInvalid
		}
		for _, sc := range set.Scenarios {
			byID[sc.ID] = sc
		}
	}
	statements := []trainer.Statement{}
	failed := false
	for _, name := range files {
		data, mtime, err := readReportFile(name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", name, err)
			failed = true
			continue
		}
		when := mtime
		if !fixed.IsZero() {
			when = fixed
		}
		var runs []trainer.ExportedRun
		if trainer.IsPanelExport(data) {
			runs, err = trainer.ReadPanelExport(data)
		} else {
			var reps []play.Report
			reps, err = trainer.ReadReports(data)
			for _, rep := range reps {
				runs = append(runs, trainer.ExportedRun{Report: rep})
			}
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", name, err)
			failed = true
			continue
		}
		for _, run := range runs {
			rep := run.Report
			opt := trainer.XAPIOptions{Actor: actor, Base: *base, Time: when, Scenario: byID[rep.Scenario], TimingsMS: run.TimingsMS, Start: run.Start}
			if !run.End.IsZero() && fixed.IsZero() {
				opt.Time = run.End
			}
			if run.Candidate != "" && !fl.IsSet("actor") {
				opt.Actor = trainer.Agent{ObjectType: "Agent", Name: run.Candidate, Account: &trainer.Account{HomePage: *base, Name: run.Candidate}}
			}
			st, err := trainer.Statements(rep, opt)
			if err != nil {
				fmt.Fprintf(env.Stderr, "%s: %v\n", name, err)
				failed = true
				continue
			}
			statements = append(statements, st...)
		}
	}
	if failed {
		fmt.Fprintln(env.Stderr, "scenario report: no statements written: fix or leave out the files above")
		return ExitInvalid
	}
	if *out == "" || *out == "-" {
		writeJSON(env, statements)
		return ExitOK
	}
	data, err := play.MarshalJSON(statements)
	if err != nil {
		fmt.Fprintf(env.Stderr, "scenario report: %v\n", err)
		return ExitInvalid
	}
	if err := writeFileAtomic(*out, data); err != nil {
		fmt.Fprintf(env.Stderr, "scenario report: %s: %v\n", *out, err)
		return ExitUsage
	}
	fmt.Fprintf(env.Stderr, "wrote %d statements from %d report file(s) to %s\n", len(statements), len(files), *out)
	return ExitOK
}

func readReportFile(name string) ([]byte, time.Time, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	if !info.Mode().IsRegular() {
		return nil, time.Time{}, fmt.Errorf("is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxReportSize+1))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("cannot read: %v", err)
	}
	if len(data) > maxReportSize {
		return nil, time.Time{}, fmt.Errorf("is larger than %d MB: not a play report", maxReportSize>>20)
	}
	return data, info.ModTime(), nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// findReports lists report files: files as given, folders searched
// recursively for *.json.
func findReports(env *Env, args []string) ([]string, bool) {
	var files []string
	ok := true
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			fmt.Fprintf(env.Stderr, "scenario report: %s: no such file or folder\n", a)
			ok = false
			continue
		}
		if !info.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != a && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				found = append(found, p)
			}
			return nil
		})
		if len(found) == 0 {
			fmt.Fprintf(env.Stderr, "scenario report: %s: no .json report files in this folder\n", a)
			ok = false
			continue
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, ok
}

// writeFileAtomic writes data to name through a temporary file, so that a
// reader never sees half a file.
func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, ".scenario-report-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %v", dir, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
