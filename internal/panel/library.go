package panel

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// panelLibrary is the bundled library as the new-assessment form shows it:
// loaded once (it is embedded, so it never changes while the server runs),
// grouped by language, each scenario with how long it takes to play and
// each preset with its scenarios and total time per language.
type panelLibrary struct {
	all     []*scenarios.Scenario
	groups  []libraryGroup
	presets []presetView
}

type libraryGroup struct {
	Language  string
	Scenarios []libraryItem
}

type libraryItem struct {
	*scenarios.Scenario
	Vignette bool
	// Minutes is the estimated playing time ("3–5 min"), from reading
	// speed (trainer.Duration); "" when it has no bound.
	Minutes string
}

// presetView is one preset in one language, ready to offer.
type presetView struct {
	ID, Title, Language string
	IDs                 []string
	Vignettes, Full     int
	Minutes             string
	Problem             string // why it cannot be offered in that language
}

var (
	libOnce sync.Once
	libVal  *panelLibrary
	libErr  error
)

// library loads the bundled library once for every page that lists it.
func (s *Server) library() (*panelLibrary, error) {
	libOnce.Do(func() { libVal, libErr = loadPanelLibrary() })
	return libVal, libErr
}

func loadPanelLibrary() (*panelLibrary, error) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		return nil, fmt.Errorf("the bundled library does not validate: %s", diags.Errors().Error())
	}
	lib := &panelLibrary{all: set.Scenarios}
	type span struct{ lo, hi float64 }
	spans := map[string]span{}
	byLang := map[string][]libraryItem{}
	for _, sc := range set.Scenarios {
		item := libraryItem{Scenario: sc, Vignette: scenarios.IsVignette(sc.File)}
		if lo, hi, err := trainer.Duration(sc); err == nil {
			spans[sc.ID] = span{lo, hi}
			item.Minutes = minutes(lo, hi)
		}
		byLang[sc.Language] = append(byLang[sc.Language], item)
	}
	for lang, list := range byLang {
		// Full situations first, then the battery's vignettes, each by title.
		sort.Slice(list, func(i, j int) bool {
			if list[i].Vignette != list[j].Vignette {
				return !list[i].Vignette
			}
			return list[i].Title < list[j].Title
		})
		lib.groups = append(lib.groups, libraryGroup{Language: lang, Scenarios: list})
	}
	sort.Slice(lib.groups, func(i, j int) bool { return lib.groups[i].Language < lib.groups[j].Language })
	for _, p := range scenarios.Presets {
		for _, g := range lib.groups {
			v := presetView{ID: p.ID, Title: p.Title, Language: g.Language}
			list, err := p.Scenarios(set.Scenarios, g.Language)
			if err != nil {
				v.Problem = err.Error()
				lib.presets = append(lib.presets, v)
				continue
			}
			var total span
			for _, sc := range list {
				v.IDs = append(v.IDs, sc.ID)
				if scenarios.IsVignette(sc.File) {
					v.Vignettes++
				} else {
					v.Full++
				}
				total.lo += spans[sc.ID].lo
				total.hi += spans[sc.ID].hi
			}
			v.Minutes = minutes(total.lo, total.hi)
			lib.presets = append(lib.presets, v)
		}
	}
	return lib, nil
}

// languageName names a language tag in itself ("Português (Brasil)") when
// the game speaks it, or returns the tag.
func languageName(tag string) string {
	if n := assets.LanguageName(tag); n != "" {
		return n
	}
	return tag
}

// minutes formats a span of seconds as whole minutes, "4–6 min" or "5 min".
func minutes(lo, hi float64) string {
	a, b := int(math.Round(lo/60)), int(math.Round(hi/60))
	a, b = max(a, 1), max(b, 1)
	if a == b {
		return fmt.Sprintf("%d min", a)
	}
	return fmt.Sprintf("%d–%d min", a, b)
}

// preset returns the view of preset id in lang, or nil.
func (l *panelLibrary) preset(id, lang string) *presetView {
	for i := range l.presets {
		if l.presets[i].ID == id && l.presets[i].Language == lang {
			return &l.presets[i]
		}
	}
	return nil
}
