package game

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shockabsorber/shockabsorber/assets"
)

// TestEveryStringTranslated checks that every typed string id has a key,
// that every language has a non-empty text for every key (and no key the
// game does not know), and that format verbs match English.
func TestEveryStringTranslated(t *testing.T) {
	seen := map[string]Str{}
	for id, key := range strKeys {
		if key == "" {
			t.Errorf("string id %d has no key in strKeys", id)
			continue
		}
		if prev, dup := seen[key]; dup {
			t.Errorf("key %q used by ids %d and %d", key, prev, id)
		}
		seen[key] = Str(id)
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	en, err := parseStrings("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range assets.Languages {
		m, err := parseStrings(lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for _, key := range strKeys {
			v, ok := m[key]
			if !ok || v == "" {
				t.Errorf("%s: missing translation for %q", lang, key)
				continue
			}
			if got, want := verbs.FindAllString(v, -1), verbs.FindAllString(en[key], -1); !slices.Equal(got, want) {
				t.Errorf("%s: %q has verbs %v, want %v as in English", lang, key, got, want)
			}
		}
		for key := range m {
			if strings.HasPrefix(key, tagPrefix) {
				continue // the library's tags: TestEveryTagTranslated
			}
			if _, ok := seen[key]; !ok {
				t.Errorf("%s: key %q has no string id (typo, or add it to i18n_ids.go)", lang, key)
			}
		}
		s, err := LoadStrings(lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Missing) > 0 {
			t.Errorf("%s: LoadStrings reports missing %v", lang, s.Missing)
		}
	}
}

func TestLoadStringsFallsBackToEnglish(t *testing.T) {
	s, err := LoadStrings("fr")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.T(sSettingsBack), "Back"; got != want {
		t.Errorf("unknown language: got %q, want %q", got, want)
	}
	if got, want := assets.MatchLanguage("pt_BR.UTF-8"), "pt-BR"; got != want {
		t.Errorf("MatchLanguage(pt_BR.UTF-8): got %q, want %q", got, want)
	}
	if got, want := assets.MatchLanguage("es-MX"), "es"; got != want {
		t.Errorf("MatchLanguage(es-MX): got %q, want %q", got, want)
	}
}

// TestSpanishSaysUsted checks that the Spanish UI speaks to the player as
// "usted", as every library file's feedback and endings do: none of the
// words that can only be "tú" (tu, te, contigo, puedes, haz, escríbelo…;
// "elige" or "revisa" could be usted's "he/she" too) and not Spain's
// "Intro" for the Enter key.
func TestSpanishSaysUsted(t *testing.T) {
	m, err := parseStrings("es")
	if err != nil {
		t.Fatal(err)
	}
	tu := regexp.MustCompile(`(?i)(^|[^\p{L}])(tu|tus|te|ti|contigo|puedes|vas|estás|empiezas|crees|darías|tomaste|pasaste|haz|hazte|escríbelo|corrígelos|guárdalo|inclinas|intro)([^\p{L}]|$)`)
	for key, v := range m {
		if w := tu.FindString(v); w != "" {
			t.Errorf("es %s = %q: %q speaks as tú", key, v, strings.TrimSpace(w))
		}
	}
}

// TestMoodWordsFitAnyCustomer checks that the mood meter's words are
// nouns in Portuguese and Spanish, where an adjective would have to agree
// with a customer whose gender no scenario gives ("irritado/irritada").
func TestMoodWordsFitAnyCustomer(t *testing.T) {
	want := map[string][]string{
		"en":    {"furious", "upset", "neutral", "pleased", "delighted"},
		"pt-BR": {"fúria", "irritação", "calma", "satisfação", "entusiasmo"},
		"es":    {"furia", "enojo", "calma", "satisfacción", "entusiasmo"},
	}
	for lang, words := range want {
		s := mustStrings(t, lang)
		for i, m := range []int{10, 30, 50, 70, 90} {
			if got := s.MoodWord(m); got != words[i] {
				t.Errorf("%s mood %d: %q, want %q", lang, m, got, words[i])
			}
		}
	}
}

// A practice run's debrief and the assessment are named apart in every
// language: "Avaliação" on both told a trainee their practice was graded.
func TestDebriefIsNotCalledAssessment(t *testing.T) {
	for _, lang := range []string{"en", "pt-BR", "es"} {
		str := mustStrings(t, lang)
		if str.T(sDebriefHeading) == str.T(sAssessHeading) {
			t.Errorf("%s: the debrief and the assessment are both %q", lang, str.T(sDebriefHeading))
		}
	}
}
