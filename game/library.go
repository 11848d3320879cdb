package game

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"shockabsorber/scenarios"
)

// Library is what the title screen offers: the bundled scenarios and, once
// loaded, a trainer's file.
type Library struct {
	Bundled []*scenarios.Scenario
	// BundledProblems are diagnostics from the bundled files (their
	// author's to fix); the title screen mentions them without crashing.
	BundledProblems scenarios.Diagnostics
	// Trainer is a scenario loaded from a file (--scenario or a drop).
	Trainer *scenarios.Scenario

	// pending delivers a library being loaded in the background
	// (newLibrary); nil once it is here, or for one loaded at once.
	// Browser only: files still to parse, one per Poll.
	todo    []string
	loading bool
	calls   int
}

// newLibrary loads the bundled scenarios at once on the desktop, where it
// takes milliseconds and --scenario needs them. In the browser parsing them
// all takes a few hundred milliseconds of the one WASM thread, which would
// hold up the first frames; there Poll parses one file per frame instead,
// and an assessment does not load them at all.
func newLibrary(opts Options) *Library {
	switch {
	case !isBrowser:
		return LoadLibrary()
	case opts.Mode == Assessment:
		return &Library{}
	}
	return &Library{todo: scenarios.LibraryFiles(), loading: true}
}

// Poll parses the next bundled file, if any are left, and reports whether
// the library is complete. Call it once per Update; it never blocks for
// more than one file.
func (l *Library) Poll() bool {
	if !l.loading {
		return true
	}
	if l.calls++; l.calls <= 6 {
		return false // let the first frames reach the screen first (a frame may poll more than once)
	}
	if len(l.todo) > 0 {
		set, diags := scenarios.LoadLibraryFiles(l.todo[:1])
		l.todo = l.todo[1:]
		l.Bundled = append(l.Bundled, set.Scenarios...)
		l.BundledProblems = append(l.BundledProblems, diags.Errors()...)
		return false
	}
	l.loading = false
	l.Bundled = uniqueByID(l.Bundled)
	sortLibrary(l.Bundled)
	return true
}

// uniqueByID keeps the first scenario of each id: one file at a time, the
// loader cannot see duplicates across files (the library's tests do).
func uniqueByID(list []*scenarios.Scenario) []*scenarios.Scenario {
	seen := map[string]bool{}
	out := list[:0]
	for _, sc := range list {
		if !seen[sc.ID] {
			seen[sc.ID] = true
			out = append(out, sc)
		}
	}
	return out
}

// LoadLibrary loads the bundled scenarios.
func LoadLibrary() *Library {
	set, diags := scenarios.Library()
	lib := &Library{Bundled: set.Scenarios, BundledProblems: diags.Errors()}
	sortLibrary(lib.Bundled)
	return lib
}

// sortLibrary orders scenarios by language, first tag and title.
func sortLibrary(list []*scenarios.Scenario) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if ta, tb := firstTag(a), firstTag(b); ta != tb {
			return ta < tb
		}
		return a.Title < b.Title
	})
}

func firstTag(sc *scenarios.Scenario) string {
	if len(sc.Tags) == 0 {
		return ""
	}
	return sc.Tags[0]
}

// ByID returns the bundled scenario with id, or nil.
func (l *Library) ByID(id string) *scenarios.Scenario {
	for _, sc := range l.Bundled {
		if sc.ID == id {
			return sc
		}
	}
	return nil
}

// Resolve finds what --scenario names: a bundled id such as
// "double-charge", or a file. Diagnostics explain a file that cannot be
// used.
func (l *Library) Resolve(arg string) (*scenarios.Scenario, scenarios.Diagnostics) {
	if !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".toml") {
		if sc := l.ByID(arg); sc != nil {
			return sc, nil
		}
	}
	sc, diags := scenarios.LoadFile(arg)
	if diags.HasErrors() {
		return nil, diags
	}
	return sc, diags
}

// LoadDropped reads the first .toml file dropped onto the window.
// It returns found=false when no .toml file was dropped.
func LoadDropped(fsys fs.FS) (sc *scenarios.Scenario, diags scenarios.Diagnostics, name string, found bool) {
	var pick string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || pick != "" {
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".toml") {
			pick = p
		}
		return nil
	})
	if pick == "" {
		return nil, nil, "", false
	}
	name = path.Base(pick)
	data, err := fs.ReadFile(fsys, pick)
	if err != nil {
		return nil, scenarios.Diagnostics{{File: name, Message: err.Error()}}, name, true
	}
	if len(data) > scenarios.MaxFileSize {
		return nil, scenarios.Diagnostics{{File: name, Message: "file is too large for a scenario"}}, name, true
	}
	sc, diags = scenarios.Parse(name, data)
	if diags.HasErrors() {
		return nil, diags, name, true
	}
	return sc, diags, name, true
}
