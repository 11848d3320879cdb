package trainer

// The translation starter of `scenario new --from FILE --lang L`: FILE as it
// is, comments and layout included, with the id, language and situation of
// the translation, and above every text the original in a comment for the
// translator. It passes check and scores exactly like FILE (Parity).

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TranslateMarker starts the comment above every text of a translation
// starter: "# translate (en): " and the original. Translators delete these
// lines as they go; grep finds what is left.
func TranslateMarker(language string) string { return "# translate (" + language + "): " }

// TranslationID is the id of sc's translation into lang: sc's id without
// its language's suffix ("x-pt-br" in pt-BR is "x"), then "-" and lang in
// lower case ("x-es"). A translation into English of a file that had a
// suffix takes the bare id, as the library names its English files.
func TranslationID(sc *scenarios.Scenario, lang string) string {
	base := sc.ID
	if suffix := "-" + strings.ToLower(sc.Language); strings.HasSuffix(base, suffix) && len(base) > len(suffix) {
		base = strings.TrimSuffix(base, suffix)
	}
	if strings.EqualFold(lang, "en") && base != sc.ID {
		return base
	}
	return base + "-" + strings.ToLower(lang)
}

// TranslationOptions are the choices of `scenario new --from`.
type TranslationOptions struct {
	Language string // the translation's language (BCP 47)
	// Source names FILE in the header's commands, and Output the file the
	// starter is written to (both as the trainer typed them).
	Source, Output string
	// Schema, when set, becomes the `#:schema` first line (replacing
	// FILE's).
	Schema string
}

// TranslationStarter returns the starter of a translation of sc, whose file
// holds src: src with the translation's id (TranslationID), language and
// situation (SituationOf(sc), added when FILE has none), a header that says
// what to do, and above every text a TranslateMarker comment holding the
// original, the text itself left as it is so that the file plays at once.
// Texts are the title, summary, customer name, speakers other than the
// default, node titles and texts, and choice texts and feedback.
func TranslationStarter(sc *scenarios.Scenario, src []byte, opt TranslationOptions) (string, error) {
	lang := opt.Language
	if err := CheckLanguage(lang); err != nil {
		return "", err
	}
	if strings.EqualFold(lang, sc.Language) {
		return "", fmt.Errorf("%s is already in %s: name the language to translate it into", opt.Source, sc.Language)
	}
	if strings.ContainsAny(opt.Schema, "\n\r") {
		return "", fmt.Errorf("the schema path must be on one line")
	}
	text := string(src)
	pos := scenarios.ScanPositions(text)
	ed := &editor{src: text, lineStart: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			ed.lineStart = append(ed.lineStart, i+1)
		}
	}

	id := TranslationID(sc, lang)
	idStart, idEnd, err := ed.stringAt(pos.Value("id"), sc.ID)
	if err != nil {
		return "", fmt.Errorf("cannot find the id in %s: %v", opt.Source, err)
	}
	ed.replace(idStart, idEnd, TOMLString(id))
	langStart, langEnd, err := ed.stringAt(pos.Value("language"), sc.Language)
	if err != nil {
		return "", fmt.Errorf("cannot find the language in %s: %v", opt.Source, err)
	}
	ed.replace(langStart, langEnd, TOMLString(lang))
	if sc.Situation == "" {
		// Right after the id's line: a top-level key, before any table.
		at := strings.IndexByte(text[idEnd:], '\n')
		line := "situation = " + TOMLString(SituationOf(sc)) + "  # the situation of " + TOMLString(sc.ID) + ", shared by its translations\n"
		if at < 0 {
			ed.insert(len(text), "\n"+line)
		} else {
			ed.insert(idEnd+at+1, line)
		}
	}

	marker := TranslateMarker(sc.Language)
	comment := func(path, original string) {
		p := pos.Value(path)
		if p.Line < 1 || p.Line > len(ed.lineStart) {
			return
		}
		start := ed.lineStart[p.Line-1]
		if off := ed.offset(p); off >= len(text) || (text[off] != '"' && text[off] != '\'') {
			return // not where the scanner said: leave this one without
		}
		indent := text[start : start+len(text[start:])-len(strings.TrimLeft(text[start:], " \t"))]
		var b strings.Builder
		for i, line := range strings.Split(commentSafe(original), "\n") {
			if i == 0 {
				b.WriteString(indent + marker + line + "\n")
			} else {
				b.WriteString(indent + "#   " + line + "\n")
			}
		}
		ed.insert(start, b.String())
	}
	comment("title", sc.Title)
	if sc.Summary != "" {
		comment("summary", sc.Summary)
	}
	if sc.Customer.Name != "" {
		comment("customer.name", sc.Customer.Name)
	}
	for i, n := range sc.Nodes {
		np := nodePath(i)
		if n.Speaker != scenarios.DefaultSpeaker {
			comment(np+".speaker", n.Speaker)
		}
		if n.Title != "" {
			comment(np+".title", n.Title)
		}
		comment(np+".text", n.Text)
		for j, c := range n.Choices {
			cp := choicePath(i, j)
			comment(cp+".text", c.Text)
			if c.Feedback != "" {
				comment(cp+".feedback", c.Feedback)
			}
		}
	}

	// The header goes first, after FILE's #:schema line (which Taplo reads
	// only as the first line).
	headerAt := 0
	if strings.HasPrefix(text, "#:schema") {
		headerAt = len(text)
		if nl := strings.IndexByte(text, '\n'); nl >= 0 {
			headerAt = nl + 1
		}
		if opt.Schema != "" {
			ed.replace(0, headerAt, "#:schema "+opt.Schema+"\n")
		}
	} else if opt.Schema != "" {
		ed.insert(0, "#:schema "+opt.Schema+"\n")
	}
	ed.insert(headerAt, translationHeader(sc, lang, opt))
	return ed.apply(), nil
}

// commentSafe makes text fit in TOML comments: no control characters but
// tabs and newlines.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
}

// translationHeader explains the starter, in the translation's language
// when the starter speaks it (en, pt-BR, es), in English otherwise.
func translationHeader(sc *scenarios.Scenario, lang string, opt TranslationOptions) string {
	out := opt.Output
	if out == "" || out == "-" {
		out = TranslationID(sc, lang) + ".toml"
	}
	r := strings.NewReplacer(
		"{{source}}", opt.Source,
		"{{from}}", sc.Language,
		"{{to}}", lang,
		"{{out}}", out,
		"{{marker}}", strings.TrimSpace(TranslateMarker(sc.Language)),
		"{{base}}", filepath.Base(opt.Source),
	)
	return r.Replace(starterText(lang).translationHeader)
}

// editor applies insertions and replacements to a text, by byte offsets
// in the original.
type editor struct {
	src       string
	lineStart []int // byte offset of each line's start
	edits     []edit
}

type edit struct {
	start, end int // the bytes of src replaced (start == end to insert)
	text       string
	seq        int
}

func (e *editor) insert(at int, text string) { e.replace(at, at, text) }

func (e *editor) replace(start, end int, text string) {
	e.edits = append(e.edits, edit{start, end, text, len(e.edits)})
}

// apply returns the text with every edit made; insertions at the same
// place keep the order they were made in.
func (e *editor) apply() string {
	sort.SliceStable(e.edits, func(i, j int) bool {
		if e.edits[i].start != e.edits[j].start {
			return e.edits[i].start < e.edits[j].start
		}
		return e.edits[i].seq < e.edits[j].seq
	})
	var b strings.Builder
	at := 0
	for _, ed := range e.edits {
		if ed.start < at {
			continue // overlaps an earlier edit; cannot happen with the edits made here
		}
		b.WriteString(e.src[at:ed.start])
		b.WriteString(ed.text)
		at = ed.end
	}
	b.WriteString(e.src[at:])
	return b.String()
}

// offset turns a position (1-based line, column in characters) into a byte
// offset.
func (e *editor) offset(p scenarios.Pos) int {
	if p.Line < 1 || p.Line > len(e.lineStart) {
		return len(e.src)
	}
	off := e.lineStart[p.Line-1]
	for col := 1; col < p.Col && off < len(e.src); col++ {
		_, size := utf8.DecodeRuneInString(e.src[off:])
		off += size
	}
	return off
}

// stringAt returns the bytes of the TOML string at p, which must hold
// want (a value with no escapes: an id or a language tag).
func (e *editor) stringAt(p scenarios.Pos, want string) (int, int, error) {
	start := e.offset(p)
	rest := e.src[start:]
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if !strings.HasPrefix(rest, q) {
			continue
		}
		end := strings.Index(rest[len(q):], q)
		if end < 0 {
			break
		}
		if got := rest[len(q) : len(q)+end]; got != want {
			return 0, 0, fmt.Errorf("found %s at line %d, not %s", strconv.Quote(got), p.Line, strconv.Quote(want))
		}
		return start, start + len(q) + end + len(q), nil
	}
	return 0, 0, fmt.Errorf("no string at line %d", p.Line)
}
