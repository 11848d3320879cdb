package game

import (
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Strings is the UI text of one language, indexed by Str so a lookup is an
// array read (no map, no allocation in a frame).
type Strings struct {
	Lang string
	text [numStrs]string
	// tags name the library's tags (the tag_ keys), by tag.
	tags map[string]string
	// Missing lists the keys the language lacks; they show in English.
	Missing []string
}

// tagPrefix starts the keys that name a tag of the library's vocabulary
// (scenarios.VocabularyTags): "tag_channel-phone", "tag_billing".
const tagPrefix = "tag_"

// T returns the text for id.
func (s *Strings) T(id Str) string { return s.text[id] }

// F formats the text for id with args. It allocates: call it when a scene
// is built or its state changes, never in every frame.
func (s *Strings) F(id Str, args ...any) string { return fmt.Sprintf(s.text[id], args...) }

// N formats a count n with the text of one or other, as the language's
// plural rule picks: "Played 1 time", "Played 2 times".
func (s *Strings) N(one, other Str, n int) string { return s.Nf(one, other, n, n) }

// Nf formats args with the text of one or other, as the language's plural
// rule picks for the count n: a sentence whose count is not its only verb
// ("leads Connector by only 1 point").
func (s *Strings) Nf(one, other Str, n int, args ...any) string {
	if pluralOne(s.Lang, n) {
		return s.F(one, args...)
	}
	return s.F(other, args...)
}

// plural2 is a sentence with two counts, in four keys named by the first
// count's form and then the second's: _one_one, _one_other, _other_one,
// _other_other. Portuguese agrees the verb with one count and the noun
// with the other: "1 de 3 decisões combinou com o caso".
type plural2 [4]Str

// N2 formats the counts a and b with the form of plural the language's
// rule picks for each.
func (s *Strings) N2(forms plural2, a, b int) string {
	i := 0
	if !pluralOne(s.Lang, a) {
		i += 2
	}
	if !pluralOne(s.Lang, b) {
		i++
	}
	return s.F(forms[i], a, b)
}

// pluralOne reports whether a whole number n takes the "one" form in lang,
// by the CLDR plural rules (golang.org/x/text's tables): English and
// Spanish use it for 1 only, Brazilian Portuguese for 0 and 1 ("0 vez",
// "1 vez", "2 vezes"). The UI strings have two forms, so Spanish's "many"
// (a million, a billion) reads as "other".
func pluralOne(lang string, n int) bool {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(pluralTag(lang), n, 0, 0, 0, 0) == plural.One
}

// pluralTags holds the parsed tag of each UI language asked for.
var pluralTags sync.Map // lang -> language.Tag

func pluralTag(lang string) language.Tag {
	if t, ok := pluralTags.Load(lang); ok {
		return t.(language.Tag)
	}
	t, err := language.Parse(lang)
	if err != nil {
		t = language.English
	}
	pluralTags.Store(lang, t)
	return t
}

// Tag names a scenario tag in the UI language: the vocabulary's tags
// translated, any other tag (a trainer's own) as it is written.
func (s *Strings) Tag(tag string) string {
	if t, ok := s.tags[tag]; ok {
		return t
	}
	return tag
}

// parsedStrings keeps each language's table once decoded: the title asks
// for every language's name on each layout, and decoding a table is the
// slow part of that in the browser.
var parsedStrings sync.Map // lang -> map[string]string

// parseStrings decodes one TOML table into key -> text. The map is shared:
// callers only read it.
func parseStrings(lang string) (map[string]string, error) {
	if m, ok := parsedStrings.Load(lang); ok {
		return m.(map[string]string), nil
	}
	data, err := assets.UIStrings(lang)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lang, err)
	}
	m := map[string]string{}
	if _, err := toml.Decode(string(data), &m); err != nil {
		return nil, fmt.Errorf("UI strings %s: %w", lang, err)
	}
	parsedStrings.Store(lang, m)
	return m, nil
}

// LoadStrings returns the UI text for lang, falling back to English for
// any key the language lacks (listed in Missing) and to English entirely
// for a language with no table.
func LoadStrings(lang string) (*Strings, error) {
	if assets.MatchLanguage(lang) == "" {
		lang = "en"
	}
	lang = assets.MatchLanguage(lang)
	m, err := parseStrings(lang)
	if err != nil {
		return nil, err
	}
	var en map[string]string
	if lang != "en" {
		if en, err = parseStrings("en"); err != nil {
			return nil, err
		}
	}
	s := &Strings{Lang: lang, tags: map[string]string{}}
	for id, key := range strKeys {
		v, ok := m[key]
		if !ok || v == "" {
			s.Missing = append(s.Missing, key)
			v = en[key]
		}
		s.text[id] = v
	}
	for _, table := range []map[string]string{en, m} { // the language's own last
		for key, v := range table {
			if tag, ok := strings.CutPrefix(key, tagPrefix); ok && v != "" {
				s.tags[tag] = v
			}
		}
	}
	return s, nil
}

// The lookups below turn the contract's ids (actions, follow-ups,
// archetypes, endings) into UI text, so the engine's vocabulary never
// reaches the screen untranslated.

var actionStrs = map[string]Str{
	scoring.Assume: sActionAssume, scoring.Derive: sActionDerive,
	scoring.Connect: sActionConnect, scoring.Escalate: sActionEscalate,
}

var followStrs = map[string]Str{
	scoring.None: sFollowNone, scoring.Promise: sFollowPromise,
	scoring.Monitor: sFollowMonitor, scoring.Close: sFollowClose, "": sFollowNone,
}

var archStrs = [scoring.NumArchetypes]Str{sArchPivot, sArchSpring, sArchConnector, sArchDisperser, sArchShockAbsorber}
var archInTextStrs = [scoring.NumArchetypes]Str{sArchInTextPivot, sArchInTextSpring, sArchInTextConnector, sArchInTextDisperser, sArchInTextShockAbsorber}
var archDescStrs = [scoring.NumArchetypes]Str{sArchDescPivot, sArchDescSpring, sArchDescConnector, sArchDescDisperser, sArchDescShockAbsorber}

var endingStrs = map[string]Str{
	scoring.Resolved: sEndingResolved, scoring.Unresolved: sEndingUnresolved, scoring.Lost: sEndingLost,
}

// Action names an action in the UI language ("" reads as no action).
func (s *Strings) Action(a string) string {
	if id, ok := actionStrs[a]; ok {
		return s.T(id)
	}
	if a == "" {
		return s.T(sActionNone)
	}
	return a
}

// FollowUp names a follow-up behaviour.
func (s *Strings) FollowUp(f string) string {
	if id, ok := followStrs[f]; ok {
		return s.T(id)
	}
	return f
}

// Archetype names an archetype id ("" is "no clear drift").
func (s *Strings) Archetype(a string) string {
	if i := scoring.Index(a); i >= 0 {
		return s.T(archStrs[i])
	}
	return s.T(sArchNone)
}

// Archetypes names a list of archetype ids as one phrase: "Pivot",
// "Pivot and Connector", "Pivot, Spring and Connector".
func (s *Strings) Archetypes(ids []string) string {
	names := make([]string, len(ids))
	for i, a := range ids {
		names[i] = s.Archetype(a)
	}
	return s.List(names)
}

// ArchetypeInText names an archetype inside a sentence, with the article
// the language puts before it there: "para o Pivô", "hacia el Pivote",
// "toward Pivot". Archetype is the name alone, for labels and headings.
func (s *Strings) ArchetypeInText(a string) string {
	if i := scoring.Index(a); i >= 0 {
		return s.T(archInTextStrs[i])
	}
	return s.T(sArchNone)
}

// ArchetypesInText names a list of archetype ids inside a sentence:
// "o Pivô e a Mola".
func (s *Strings) ArchetypesInText(ids []string) string {
	names := make([]string, len(ids))
	for i, a := range ids {
		names[i] = s.ArchetypeInText(a)
	}
	return s.List(names)
}

// List joins items the way the language writes a list: commas, and its
// word for "and" before the last.
func (s *Strings) List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	last := len(items) - 1
	return s.F(sListAnd, strings.Join(items[:last], ", "), items[last])
}

// ArchetypeDesc describes an archetype in one sentence.
func (s *Strings) ArchetypeDesc(a string) string {
	if i := scoring.Index(a); i >= 0 {
		return s.T(archDescStrs[i])
	}
	return s.T(sArchDescNone)
}

// Ending names an ending kind.
func (s *Strings) Ending(e string) string {
	if id, ok := endingStrs[e]; ok {
		return s.T(id)
	}
	return e
}

// MoodWord describes a mood 0..100 in a word.
func (s *Strings) MoodWord(m int) string {
	switch {
	case m < 20:
		return s.T(sMoodFurious)
	case m < 40:
		return s.T(sMoodUpset)
	case m < 60:
		return s.T(sMoodNeutral)
	case m < 80:
		return s.T(sMoodPleased)
	}
	return s.T(sMoodDelighted)
}

// LanguageName names a scenario's BCP 47 tag for a section heading: the
// UI's own name for the languages it knows, the tag itself otherwise.
func LanguageName(tag string) string {
	if l := assets.MatchLanguage(tag); l != "" && strings.EqualFold(l, tag) {
		if name := assets.LanguageName(l); name != "" {
			return name
		}
	}
	return tag
}
