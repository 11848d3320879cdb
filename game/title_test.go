package game

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// pickerEntries is a small catalog: a situation in three languages, one in
// English only, one file with no situation key (in Spanish), and a
// vignette in two languages, listed as the catalog lists files (sorted).
func pickerEntries() []scenarios.Entry {
	e := func(file, id, lang, situation, title string, tags ...string) scenarios.Entry {
		return scenarios.Entry{File: file, ID: id, Title: title, Language: lang, Situation: situation,
			Summary: "A summary of " + title + ".", Tags: tags}
	}
	return []scenarios.Entry{
		e("library/alpha-es.toml", "alpha-es", "es", "alpha", "Zeta en español", "channel-phone", "industry-telecom", "billing"),
		e("library/alpha-pt-br.toml", "alpha-pt-br", "pt-BR", "alpha", "Alfa em português", "channel-phone", "industry-telecom", "billing"),
		e("library/alpha.toml", "alpha", "en", "alpha", "Zulu in English", "channel-phone", "industry-telecom", "billing"),
		e("library/beta.toml", "beta", "en", "beta", "Bravo in English", "channel-chat", "industry-retail", "refund", "returns"),
		e("library/solo-es.toml", "solo-es", "es", "", "Solo en español", "my-own-tag", "fit-assume"),
		e("library/vignettes/v01-one-es.toml", "v01-one-es", "es", "v01-one", "Viñeta uno", "channel-email", "industry-travel", "policy"),
		e("library/vignettes/v01-one.toml", "v01-one", "en", "v01-one", "Vignette one", "channel-email", "industry-travel", "policy"),
	}
}

// newPicker makes the title over the small catalog in UI language lang
// and runs its first frame.
func newPicker(t *testing.T, lang string, w, h int) (*Context, *title) {
	t.Helper()
	ctx, _ := testContext(t, w, h)
	ctx.UI.SetStrings(mustStrings(t, lang))
	ctx.Library = &Library{Entries: pickerEntries()}
	tl := newTitle(ctx, nil)
	ctx.Scenes.GoTo(tl)
	pickerFrame(t, ctx, tl, Intents{})
	return ctx, tl
}

func pickerFrame(t *testing.T, ctx *Context, tl *title, in Intents) {
	t.Helper()
	ctx.Input = in
	dst := ebiten.NewImage(int(ctx.UI.W), int(ctx.UI.H))
	onLoop(func() {
		if err := tl.Update(ctx); err != nil {
			t.Fatal(err)
		}
		tl.Draw(dst)
	})
}

// shownCards lists each card as "id" of the file it opens, in order, and
// the headings, as "# heading".
func shownCards(tl *title) []string {
	var out []string
	for _, it := range tl.items {
		if it.card {
			out = append(out, it.entry.ID)
		} else {
			out = append(out, "# "+it.heading)
		}
	}
	return out
}

func TestPickerShowsOneCardPerSituation(t *testing.T) {
	ctx, tl := newPicker(t, "en", 1280, 720)
	// English: the situations in English sorted by title, then the
	// vignettes in their own section; the Spanish-only file is filtered out.
	want := []string{"# Situations", "beta", "alpha", "# Short vignettes", "v01-one"}
	if got := shownCards(tl); !slices.Equal(got, want) {
		t.Fatalf("English picker: got %q, want %q", got, want)
	}
	alpha := tl.card(1)
	var langs []string
	for _, c := range alpha.langs {
		langs = append(langs, c.lang)
	}
	if want := []string{"en", "pt-BR", "es"}; !slices.Equal(langs, want) {
		t.Errorf("alpha's languages: got %v, want %v (the UI languages' order)", langs, want)
	}

	// Right on the focused card shows it in the next language, and Enter
	// would open that file; the card keeps its place.
	pickerFrame(t, ctx, tl, Intents{Down: true})
	if got := tl.card(tl.focus).entry.ID; got != "alpha" {
		t.Fatalf("focus on %q after Down, want alpha", got)
	}
	pickerFrame(t, ctx, tl, Intents{Right: true})
	pickerFrame(t, ctx, tl, Intents{})
	if got := tl.card(tl.focus).entry.ID; got != "alpha-pt-br" {
		t.Fatalf("after Right the card opens %q, want alpha-pt-br", got)
	}
	if got := tl.card(tl.focus).titleB.Src; got != "Alfa em português" {
		t.Errorf("after Right the card's title is %q", got)
	}

	// Up from the first card reaches the language filter; Left there goes
	// round to "All": every situation, the Spanish-only file in Spanish.
	pickerFrame(t, ctx, tl, Intents{Up: true})
	pickerFrame(t, ctx, tl, Intents{Up: true})
	if tl.focus != -1 {
		t.Fatalf("focus %d after Up twice, want the filter (-1)", tl.focus)
	}
	pickerFrame(t, ctx, tl, Intents{Left: true})
	pickerFrame(t, ctx, tl, Intents{})
	want = []string{"# Situations", "beta", "solo-es", "alpha", "# Short vignettes", "v01-one"}
	if got := shownCards(tl); !slices.Equal(got, want) {
		t.Fatalf("all languages: got %q, want %q", got, want)
	}
	// A click on a filter option: Spanish.
	for i, l := range tl.filterL {
		if l == "es" {
			r := tl.filterR[i]
			pickerFrame(t, ctx, tl, Intents{Click: true, X: r.X + 2, Y: r.Y + 2})
		}
	}
	pickerFrame(t, ctx, tl, Intents{})
	want = []string{"# Situations", "solo-es", "alpha-es", "# Short vignettes", "v01-one-es"}
	if got := shownCards(tl); !slices.Equal(got, want) {
		t.Fatalf("Spanish: got %q, want %q (sorted by their Spanish titles)", got, want)
	}
	// The filter is kept for the next visit to the picker.
	tl2 := newTitle(ctx, nil)
	pickerFrame(t, ctx, tl2, Intents{})
	if got := shownCards(tl2); !slices.Equal(got, want) {
		t.Errorf("the next visit: got %q, want the Spanish list %q", got, want)
	}
}

// The filter starts at the UI language.
func TestPickerFilterStartsAtTheUILanguage(t *testing.T) {
	_, tl := newPicker(t, "pt-BR", 800, 600)
	want := []string{"# Situações", "alpha-pt-br"}
	if got := shownCards(tl); !slices.Equal(got, want) {
		t.Fatalf("Portuguese picker: got %q, want %q", got, want)
	}
	if got := tl.filterL[tl.filterI]; got != "pt-BR" {
		t.Errorf("filter %q, want pt-BR", got)
	}
}

// A click on a language of a card shows the card in it; it does not start
// the scenario.
func TestPickerLanguageChipClick(t *testing.T) {
	ctx, tl := newPicker(t, "en", 1280, 720)
	alpha := tl.card(1)
	var es langChip
	for _, c := range alpha.langs {
		if c.lang == "es" {
			es = c
		}
	}
	r := tl.screenRect(rect{alpha.r.X + es.r.X, alpha.r.Y + es.r.Y, es.r.W, es.r.H})
	pickerFrame(t, ctx, tl, Intents{Click: true, X: r.X + r.W/2, Y: r.Y + r.H/2})
	if ctx.Run != nil || ctx.Scenes.next != nil {
		t.Fatal("a click on a language started the scenario")
	}
	pickerFrame(t, ctx, tl, Intents{})
	if got := tl.card(1).entry.ID; got != "alpha-es" {
		t.Fatalf("after the click the card opens %q, want alpha-es", got)
	}
}

// The scenario asked for (or just played) is focused and shown in its own
// language, even when the filter would hide it.
func TestPickerFocusesTheSelectedScenario(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	ctx.Library = &Library{Entries: pickerEntries()}
	sel := &scenarios.Scenario{ID: "solo-es", File: "library/solo-es.toml", Language: "es"}
	tl := newTitle(ctx, sel)
	pickerFrame(t, ctx, tl, Intents{})
	if tl.focus < 0 || tl.card(tl.focus).entry.ID != "solo-es" {
		t.Fatalf("focus %d: want the card of solo-es", tl.focus)
	}
	sel = &scenarios.Scenario{ID: "alpha-pt-br", File: "library/alpha-pt-br.toml", Language: "pt-BR"}
	ctx.Picker = pickerState{}
	tl = newTitle(ctx, sel)
	pickerFrame(t, ctx, tl, Intents{})
	if tl.focus < 0 || tl.card(tl.focus).entry.ID != "alpha-pt-br" {
		t.Fatalf("focus %d: want the card of alpha in Portuguese", tl.focus)
	}
}

// Cards show the channel and industry as a category line and the other
// tags as topics, translated; a trainer's own tags as written; never a
// fit-* tag.
func TestDescribeTags(t *testing.T) {
	for _, c := range []struct {
		lang   string
		tags   []string
		cat    string
		topics []string
	}{
		{"en", []string{"channel-phone", "industry-telecom", "handoff"}, "Phone · Telecom", []string{"Between teams"}},
		{"pt-BR", []string{"billing", "channel-chat", "industry-software", "refund"}, "Chat · Software", []string{"Cobrança", "Reembolso"}},
		{"es", []string{"channel-social", "industry-utilities", "privacy", "security"}, "Redes sociales · Agua y energía", []string{"Privacidad", "Seguridad de la información"}},
		{"en", []string{"angry-customer", "fit-assume", "fit-derive", "industry-retail"}, "Retail", []string{"angry-customer"}},
		{"es", []string{"my-tag"}, "", []string{"my-tag"}},
	} {
		cat, topics := describeTags(mustStrings(t, c.lang), c.tags)
		if cat != c.cat || !slices.Equal(topics, c.topics) {
			t.Errorf("%s %v: got %q %q, want %q %q", c.lang, c.tags, cat, topics, c.cat, c.topics)
		}
	}
}

// Every tag of the library's vocabulary has a name in every UI language,
// and every tag_ key names a tag of the vocabulary (a typo would leave a
// tag untranslated).
func TestEveryTagTranslated(t *testing.T) {
	vocab := scenarios.VocabularyTags()
	for _, lang := range assets.Languages {
		m, err := parseStrings(lang)
		if err != nil {
			t.Fatal(err)
		}
		str := mustStrings(t, lang)
		names := map[string]string{}
		for _, tag := range vocab {
			v := m[tagPrefix+tag]
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: no text for tag %q (key %s%s)", lang, tag, tagPrefix, tag)
				continue
			}
			if got := str.Tag(tag); got != v {
				t.Errorf("%s: Tag(%q) = %q, want %q", lang, tag, got, v)
			}
			if prev, dup := names[v]; dup {
				t.Errorf("%s: tags %q and %q are both shown as %q", lang, prev, tag, v)
			}
			names[v] = tag
		}
		for key := range m {
			if tag, ok := strings.CutPrefix(key, tagPrefix); ok && !slices.Contains(vocab, tag) {
				t.Errorf("%s: key %q names no tag of the vocabulary (scenarios.VocabularyTags)", lang, key)
			}
		}
		if got := str.Tag("trainers-own"); got != "trainers-own" {
			t.Errorf("%s: an unknown tag shows as %q, want it as written", lang, got)
		}
	}
}

// Counts take the language's plural form.
func TestPlurals(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "Played 1 time"}, {"en", 2, "Played 2 times"}, {"en", 0, "Played 0 times"},
		{"pt-BR", 1, "Jogado 1 vez"}, {"pt-BR", 0, "Jogado 0 vez"}, {"pt-BR", 2, "Jogado 2 vezes"},
		{"es", 1, "Jugado 1 vez"}, {"es", 0, "Jugado 0 veces"}, {"es", 21, "Jugado 21 veces"},
	} {
		if got := mustStrings(t, c.lang).N(sTitlePlaysOne, sTitlePlaysOther, c.n); got != c.want {
			t.Errorf("%s, %d: got %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got, want := mustStrings(t, "en").N(sTitleLibraryProblemsOne, sTitleLibraryProblemsOther, 1),
		"1 bundled scenario file has problems and is not shown."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSortKey(t *testing.T) {
	for _, c := range []struct{ title, lang, want string }{
		{"Água no salão de festas", "pt-BR", "agua no salao de festas"},
		{"A tarifa Econômica", "pt-BR", "tarifa economica"},
		{"“It doesn't work”", "en", "it doesnt work"},
		{"The Saver fare", "en", "saver fare"},
		{"La tarifa Ahorro", "es", "tarifa ahorro"},
		{"A", "en", "a"},
		{"Él", "es", "el"},
	} {
		if got := sortKey(c.title, c.lang); got != c.want {
			t.Errorf("sortKey(%q, %s) = %q, want %q", c.title, c.lang, got, c.want)
		}
	}
}

// TestPickerScreens draws the picker over the bundled catalog at three
// sizes in every language, at the top and scrolled to the vignettes, with
// a result saved for one scenario. The vignettes come after every full
// situation. With SA_SHOTS=DIR it writes the screens as PNGs, for looking
// at them (the scripted player only screenshots the top of the title).
func TestPickerScreens(t *testing.T) {
	shots := os.Getenv("SA_SHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	entries, diags := scenarios.Catalog()
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	for _, size := range []image.Point{{800, 600}, {1280, 720}, {1920, 1080}} {
		for _, lang := range assets.Languages {
			ctx, _ := testContext(t, size.X, size.Y)
			ctx.UI.SetStrings(mustStrings(t, lang))
			ctx.Library = &Library{Entries: entries}
			tl := newTitle(ctx, nil)
			pickerFrame(t, ctx, tl, Intents{})
			if len(tl.cards) > 0 {
				first := tl.card(0).entry
				w := scoring.Weights{0, 1, 0, 0, 3}
				ctx.Saves.Data.Progress = map[string]*Result{first.ID: {Plays: 1, BestArchetype: scoring.ShockAbsorber, BestEnding: scoring.Resolved, BestWeights: &w}}
				tl = newTitle(ctx, nil)
				pickerFrame(t, ctx, tl, Intents{})
			}
			vig := -1
			for i := range tl.cards {
				if s := tl.card(i).sit; s != nil && s.vignette && vig < 0 {
					vig = i
				}
				if s := tl.card(i).sit; s != nil && !s.vignette && vig >= 0 {
					t.Errorf("%s: a full situation (%s) after the vignettes", lang, tl.card(i).entry.ID)
				}
			}
			dst := ebiten.NewImage(size.X, size.Y)
			snap := func(name string) {
				onLoop(func() { tl.Draw(dst) })
				if n := distinctColors(dst); n < 50 {
					t.Errorf("%s %v %s: %d colours, want a real rendering", lang, size, name, n)
				}
				if shots != "" {
					savePNG(t, dst, filepath.Join(shots, fmt.Sprintf("picker-%s-%dx%d-%s.png", lang, size.X, size.Y, name)))
				}
			}
			snap("top")
			if len(tl.filterR) > 0 {
				// The keyboard on the language filter: ↑ from the first card.
				tl.focus = -1
				snap("filter")
			}
			if vig >= 0 {
				tl.focus = vig
				tl.showFocus()
				tl.scroll.off = math.Min(tl.scroll.max, tl.card(vig).r.Y-tl.ui.P(60))
				snap("vignettes")
			}
		}
	}
}

// In a course package (an LMS page) the title does not suggest dropping a
// trainer's .toml file: the course offers its own scenarios only.
func TestCourseTitleHasNoDropHint(t *testing.T) {
	_, tl := newPicker(t, "en", 1280, 720)
	drop := tl.ui.Str.T(sTitleDropHint)
	if !strings.Contains(tl.footB.Src, drop) {
		t.Fatalf("the desktop title's foot %q lacks the drop hint", tl.footB.Src)
	}
	defer func(f func() bool) { inCourse = f }(inCourse)
	inCourse = func() bool { return true }
	_, tl = newPicker(t, "en", 1280, 720)
	if strings.Contains(tl.footB.Src, drop) || !strings.Contains(tl.footB.Src, tl.ui.Str.T(sTitleKeysHint)) {
		t.Errorf("a course's title foot says %q", tl.footB.Src)
	}
}
