package game

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

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
	pending chan *Library
	started bool
}

// newLibrary loads the bundled scenarios at once on the desktop, where it
// takes milliseconds and --scenario needs them. In the browser parsing
// them takes a few hundred milliseconds, so it happens in the background
// once the first frame is up (Poll), and not at all for an assessment.
func newLibrary(opts Options) *Library {
	switch {
	case !isBrowser:
		return LoadLibrary()
	case opts.Mode == Assessment:
		return &Library{}
	}
	return &Library{pending: make(chan *Library, 1)}
}

// Poll starts a background load on its first call and reports whether
// the library is loaded. Call it from Update; it never blocks.
func (l *Library) Poll() bool {
	if l.pending == nil {
		return true
	}
	if !l.started {
		l.started = true
		go func() {
			// Let the first frame reach the screen before the parse,
			// which does not yield, holds the (single) WASM thread.
			time.Sleep(100 * time.Millisecond)
			l.pending <- LoadLibrary()
		}()
		return false
	}
	select {
	case got := <-l.pending:
		l.Bundled, l.BundledProblems, l.pending = got.Bundled, got.BundledProblems, nil
		return true
	default:
		return false
	}
}

// LoadLibrary loads the bundled scenarios.
func LoadLibrary() *Library {
	set, diags := scenarios.Library()
	lib := &Library{Bundled: set.Scenarios, BundledProblems: diags.Errors()}
	sort.SliceStable(lib.Bundled, func(i, j int) bool {
		a, b := lib.Bundled[i], lib.Bundled[j]
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if ta, tb := firstTag(a), firstTag(b); ta != tb {
			return ta < tb
		}
		return a.Title < b.Title
	})
	return lib
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
