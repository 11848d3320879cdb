// Package assets holds the files the game embeds: the UI strings of every
// language, as TOML a translator can edit without touching Go code.
//
// It only embeds bytes; parsing happens lazily in package game, so importing
// assets costs nothing at start-up.
package assets

import (
	"embed"
	"errors"
	"io/fs"
	"strings"
)

//go:embed i18n/*.toml
var i18nFS embed.FS

// Languages lists the UI languages, in the order the settings show them.
// English comes first: it is the fallback for anything missing.
var Languages = []string{"en", "pt-BR", "es"}

// languageNames are the UI languages' names in themselves, for the
// settings and the title's headings. They live here, not in the string
// tables, so naming a language never means decoding its table.
var languageNames = map[string]string{"en": "English", "pt-BR": "Português (Brasil)", "es": "Español"}

// LanguageName returns a UI language's own name (lang as in Languages),
// or "" for another tag.
func LanguageName(lang string) string { return languageNames[lang] }

// ErrUnknownLanguage is returned for a language with no string table.
var ErrUnknownLanguage = errors.New("unknown UI language")

// UIStrings returns the TOML string table for lang (such as "pt-BR").
func UIStrings(lang string) ([]byte, error) {
	b, err := i18nFS.ReadFile("i18n/" + lang + ".toml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrUnknownLanguage
	}
	return b, err
}

// MatchLanguage returns the UI language that best serves a BCP 47 tag such
// as "pt_BR.UTF-8" or "es-MX", or "" when none does.
func MatchLanguage(tag string) string {
	tag = strings.ReplaceAll(tag, "_", "-")
	if i := strings.IndexAny(tag, ".@"); i >= 0 {
		tag = tag[:i]
	}
	for _, l := range Languages {
		if strings.EqualFold(tag, l) {
			return l
		}
	}
	base, _, _ := strings.Cut(tag, "-")
	for _, l := range Languages {
		lb, _, _ := strings.Cut(l, "-")
		if strings.EqualFold(base, lb) {
			return l
		}
	}
	return ""
}
