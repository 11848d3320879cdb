package scenarios

import (
	"fmt"
	"sort"
)

// Preset is a ready-made assessment the hiring panel offers: the hiring
// battery's vignettes of one language, then some full situations in the
// same language. Presets name situations, not files, so one preset serves
// every language the library speaks.
type Preset struct {
	ID    string
	Title string
	// Vignettes puts every vignette of the language first, in file order.
	Vignettes bool
	// Situations are the full situations played after the vignettes, in
	// this order.
	Situations []string
}

// Presets are the assessments the panel offers ready-made. The standard
// assessment balances the battery, whose decisions fit assume and derive
// more often than connect and escalate, with a connector's good case
// (silent-reminders) and the disperser's exception (friday-outage).
var Presets = []Preset{{
	ID:         "standard",
	Title:      "Standard assessment",
	Vignettes:  true,
	Situations: []string{"silent-reminders", "friday-outage"},
}}

// PresetByID returns the preset with the given id, or nil.
func PresetByID(id string) *Preset {
	for i := range Presets {
		if Presets[i].ID == id {
			return &Presets[i]
		}
	}
	return nil
}

// Scenarios picks the preset's scenarios in language lang out of list (a
// loaded library), in the order they are played. It fails when the
// library lacks a situation in that language or has no vignette in it.
func (p *Preset) Scenarios(list []*Scenario, lang string) ([]*Scenario, error) {
	var vignettes []*Scenario
	bySituation := map[string]*Scenario{}
	for _, sc := range list {
		if sc.Language != lang {
			continue
		}
		if IsVignette(sc.File) {
			vignettes = append(vignettes, sc)
		} else if sc.Situation != "" {
			bySituation[sc.Situation] = sc
		}
	}
	var out []*Scenario
	if p.Vignettes {
		if len(vignettes) == 0 {
			return nil, fmt.Errorf("%s: the library has no vignettes in %s", p.Title, lang)
		}
		sort.Slice(vignettes, func(i, j int) bool { return vignettes[i].File < vignettes[j].File })
		out = append(out, vignettes...)
	}
	for _, id := range p.Situations {
		sc := bySituation[id]
		if sc == nil {
			return nil, fmt.Errorf("%s: the library has no %s file of situation %q", p.Title, lang, id)
		}
		out = append(out, sc)
	}
	return out, nil
}
