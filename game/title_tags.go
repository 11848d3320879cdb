package game

import (
	"strings"
	"unicode"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// What the picker says of a scenario besides its title and summary: its
// tags in the player's language, and where its title sorts.

// describeTags turns a scenario's tags into what a card shows: its channel
// and industry as one category line ("Phone · Telecom") and its other tags
// as topics, each in the UI language (a trainer's own tags as written). A
// fit-* tag is never shown: it would tell the player the answer.
func describeTags(str *Strings, tags []string) (category string, topics []string) {
	var channel, industry string
	for _, tag := range tags {
		switch {
		case strings.HasPrefix(tag, "fit-"):
		case scenarios.TagKind(tag) == "channel" && channel == "":
			channel = str.Tag(tag)
		case scenarios.TagKind(tag) == "industry" && industry == "":
			industry = str.Tag(tag)
		default:
			topics = append(topics, str.Tag(tag))
		}
	}
	switch {
	case channel != "" && industry != "":
		category = channel + " · " + industry
	default:
		category = channel + industry
	}
	return category, topics
}

// sortKey is a title as the list sorts it: lower case, accents, leading
// punctuation and a leading article of the title's language left out, so
// "Água no salão" sorts with "agua", "“It doesn't work”" with the I's and
// "The Saver fare" with the S's.
func sortKey(title, lang string) string {
	var b strings.Builder
	for _, r := range accentFold.Replace(strings.ToLower(title)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || b.Len() > 0 && r == ' ' {
			b.WriteRune(r)
		}
	}
	key := b.String()
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	for _, a := range leadingArticles[base] {
		if rest, ok := strings.CutPrefix(key, a+" "); ok && rest != "" {
			return rest
		}
	}
	return key
}

// leadingArticles are the articles a title may start with, by language,
// as sortKey sees them (lower case, without accents).
var leadingArticles = map[string][]string{
	"en": {"the", "a", "an"},
	"pt": {"a", "o", "as", "os", "um", "uma"},
	"es": {"el", "la", "los", "las", "un", "una"},
}

// accentFold maps the accented letters of the UI languages, and their
// neighbours', to the letter they sort with.
var accentFold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a",
	"ç", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u",
	"ý", "y", "ÿ", "y",
)
