package game

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// Library is what the title screen offers: the bundled scenarios and, once
// loaded, a trainer's file.
type Library struct {
	// Entries describe the bundled scenarios, in file order.
	Entries []scenarios.Entry
	// Bundled are the bundled scenarios loaded so far: all of them on the
	// desktop, only those played in the browser (Load).
	Bundled []*scenarios.Scenario
	// BundledProblems are diagnostics from the bundled files (their
	// author's to fix); the title screen mentions them without crashing.
	BundledProblems scenarios.Diagnostics
	// Trainer is a scenario loaded from a file (--scenario or a drop).
	Trainer *scenarios.Scenario

	situations []*situation
	grouped    int // len(Entries) when situations were grouped

	// remote is the URL folder the bundled files are fetched from when
	// this build carries only their catalog (scenarios.RemoteLibrary).
	remote string
	// course is set when Entries are a course package's files, which are
	// always fetched (course.go).
	course bool
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
	case opts.courseCatalog != nil:
		// A course package: its scenarios only, fetched beside the page.
		return &Library{Entries: opts.courseCatalog, remote: opts.libraryBase, course: true}
	}
	entries, diags := scenarios.Catalog()
	return &Library{Entries: entries, BundledProblems: diags, remote: opts.libraryBase}
}

// LoadLibrary loads the bundled scenarios.
func LoadLibrary() *Library {
	set, diags := scenarios.Library()
	lib := &Library{Bundled: set.Scenarios, BundledProblems: diags.Errors()}
	for _, sc := range lib.Bundled {
		lib.Entries = append(lib.Entries, scenarios.EntryOf(sc))
	}
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

// Fetch starts getting the bytes of the bundled file e describes, when
// this build does not carry them (scenarios.RemoteLibrary), and returns
// the channel its answer arrives on; nil when Load can be called at once.
// The browser's fetch answers asynchronously, so the picker polls the
// channel from Update and calls Loaded with the answer.
func (l *Library) Fetch(e scenarios.Entry) <-chan httpResult {
	if !scenarios.RemoteLibrary && !l.course {
		return nil
	}
	for _, sc := range l.Bundled {
		if sc.File == e.File {
			return nil
		}
	}
	return startRequest("GET", l.remote+scenarios.LibraryPath(e.File), nil)
}

// Loaded parses the fetched bytes of the bundled file e describes and
// keeps the scenario, as Load does.
func (l *Library) Loaded(e scenarios.Entry, res httpResult) (*scenarios.Scenario, scenarios.Diagnostics) {
	switch {
	case res.Err != nil:
		return nil, scenarios.Diagnostics{{File: e.File, Message: "could not be fetched from the server: " + res.Err.Error()}}
	case res.Status != 200:
		return nil, scenarios.Diagnostics{{File: e.File, Message: fmt.Sprintf("could not be fetched from the server (HTTP %d): %s", res.Status, strings.TrimSpace(string(res.Body)))}}
	}
	sc, diags := scenarios.Parse(e.File, res.Body)
	if sc == nil {
		return nil, diags
	}
	l.Bundled = append(l.Bundled, sc)
	return sc, diags
}

// situation is one card of the picker: a situation of the library in
// every language it is written in (the files that share its situation
// key), or a file of its own when it names no situation.
type situation struct {
	// key tells situations apart: the situation key, or the file's id
	// when it names none, marked so the two never meet; vignettes are
	// marked too.
	key string
	// vignette is set for the hiring battery's short vignettes.
	vignette bool
	// files has one entry per language: the UI languages first, in the
	// settings' order, then any other by tag.
	files []scenarios.Entry
}

// in returns the situation's file in lang.
func (s *situation) in(lang string) (scenarios.Entry, bool) {
	for _, e := range s.files {
		if e.Language == lang {
			return e, true
		}
	}
	return scenarios.Entry{}, false
}

// Situations groups the entries by situation, in the order their first
// files come. It is computed once: the picker asks on every layout.
func (l *Library) Situations() []*situation {
	if l.situations == nil || l.grouped != len(l.Entries) {
		l.situations, l.grouped = groupSituations(l.Entries), len(l.Entries)
	}
	return l.situations
}

func groupSituations(entries []scenarios.Entry) []*situation {
	var out []*situation
	byKey := map[string]*situation{}
	for _, e := range entries {
		key := e.Situation
		if key == "" {
			key = "\x00" + e.ID // a file of its own, never merged with a situation
		}
		vig := scenarios.IsVignette(e.File)
		if vig {
			key = "v\x00" + key // a vignette is never the same card as a full situation
		}
		s := byKey[key]
		if s == nil {
			s = &situation{key: key, vignette: vig}
			byKey[key] = s
			out = append(out, s)
		}
		s.files = append(s.files, e)
	}
	for _, s := range out {
		sort.SliceStable(s.files, func(i, j int) bool {
			return languageRank(s.files[i].Language) < languageRank(s.files[j].Language) ||
				languageRank(s.files[i].Language) == languageRank(s.files[j].Language) && s.files[i].Language < s.files[j].Language
		})
	}
	return out
}

// languageRank orders languages: the UI languages as the settings list
// them, then every other.
func languageRank(tag string) int {
	for i, l := range assets.Languages {
		if strings.EqualFold(l, tag) {
			return i
		}
	}
	return len(assets.Languages)
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

// libraryLanguages lists the languages of the library's situations, the
// UI languages first, each with how many situations exist in it.
func libraryLanguages(sits []*situation) (langs []string, counts map[string]int) {
	counts = map[string]int{}
	for _, s := range sits {
		for _, e := range s.files {
			if counts[e.Language] == 0 {
				langs = append(langs, e.Language)
			}
			counts[e.Language]++
		}
	}
	sort.SliceStable(langs, func(i, j int) bool {
		ri, rj := languageRank(langs[i]), languageRank(langs[j])
		return ri < rj || ri == rj && langs[i] < langs[j]
	})
	return langs, counts
}
