package game

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// Library is what the title screen offers: the bundled scenarios and, once
// loaded, a trainer's file.
type Library struct {
	// Entries describe the bundled scenarios in the picker's order.
	Entries []scenarios.Entry
	// Bundled are the bundled scenarios loaded so far: all of them on the
	// desktop, only those played in the browser (Load).
	Bundled []*scenarios.Scenario
	// BundledProblems are diagnostics from the bundled files (their
	// author's to fix); the title screen mentions them without crashing.
	BundledProblems scenarios.Diagnostics
	// Trainer is a scenario loaded from a file (--scenario or a drop).
	Trainer *scenarios.Scenario
}

// newLibrary loads the bundled scenarios at once on the desktop, where it
// takes milliseconds and --scenario needs them. In the browser parsing them
// all takes a quarter of a second of the one WASM thread, so the picker
// starts from the catalog (the top of each file, a few milliseconds) and a
// scenario is loaded when it is picked; an assessment needs neither.
func newLibrary(opts Options) *Library {
	switch {
	case !isBrowser:
		return LoadLibrary()
	case opts.Mode == Assessment:
		return &Library{}
	}
	entries, diags := scenarios.Catalog()
	sortEntries(entries)
	return &Library{Entries: entries, BundledProblems: diags}
}

// LoadLibrary loads the bundled scenarios.
func LoadLibrary() *Library {
	set, diags := scenarios.Library()
	lib := &Library{Bundled: set.Scenarios, BundledProblems: diags.Errors()}
	for _, sc := range lib.Bundled {
		lib.Entries = append(lib.Entries, scenarios.EntryOf(sc))
	}
	sortEntries(lib.Entries)
	return lib
}

// Load returns the bundled scenario e describes, parsing its file the
// first time. The diagnostics say why a file cannot be played.
func (l *Library) Load(e scenarios.Entry) (*scenarios.Scenario, scenarios.Diagnostics) {
	for _, sc := range l.Bundled {
		if sc.File == e.File {
			return sc, nil
		}
	}
	set, diags := scenarios.LoadLibraryFiles([]string{e.File})
	if diags.HasErrors() || len(set.Scenarios) == 0 {
		return nil, diags
	}
	l.Bundled = append(l.Bundled, set.Scenarios[0])
	return set.Scenarios[0], diags
}

// sortEntries orders scenarios by language, first tag and title.
func sortEntries(list []scenarios.Entry) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if ta, tb := firstTag(a.Tags), firstTag(b.Tags); ta != tb {
			return ta < tb
		}
		return a.Title < b.Title
	})
}

func firstTag(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return tags[0]
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
