package trainer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

var (
	// The patterns of the contract; the loader enforces the same.
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	languagePattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
)

// StarterOptions are the choices `scenario new` takes.
type StarterOptions struct {
	ID       string
	Title    string // default: made from the id
	Language string // default "en"
	// Schema, when set, is written as a `#:schema` line at the top so that
	// editors with Taplo (Even Better TOML) complete and check keys.
	Schema string
}

// CheckID reports why id cannot be a scenario id, or nil.
func CheckID(id string) error {
	if id == "" {
		return fmt.Errorf("the scenario id is empty")
	}
	if !idPattern.MatchString(id) {
		hint := strings.Trim(strings.Map(func(r rune) rune {
			r = unicode.ToLower(r)
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return '-'
		}, id), "-")
		msg := fmt.Sprintf("scenario id %q must use only lowercase letters, digits and '-', starting with a letter or digit", id)
		if hint != "" && idPattern.MatchString(hint) {
			msg += fmt.Sprintf(" (try %q)", hint)
		}
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// CheckLanguage reports why lang is not a BCP 47 tag the loader accepts.
func CheckLanguage(lang string) error {
	if !languagePattern.MatchString(lang) {
		return fmt.Errorf("language %q is not a BCP 47 tag such as en, pt-BR or es", lang)
	}
	return nil
}

// TitleFromID turns "double-charge" into "Double charge".
func TitleFromID(id string) string {
	words := strings.Fields(strings.ReplaceAll(id, "-", " "))
	if len(words) == 0 {
		return id
	}
	s := strings.Join(words, " ")
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// TOMLString writes s as a TOML basic string.
func TOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Starter returns a commented starter scenario: every key explained, the
// scoring rules in comments, and a path on which the shock absorber wins.
// Its texts and comments are in the language when the starter speaks it
// (English, Brazilian Portuguese, Spanish: see StarterLanguages), in
// English otherwise, with a note saying so. Its time limits leave room to
// read each decision at the language's speed. It passes `scenario check
// --strict` as it is.
func Starter(opt StarterOptions) (string, error) {
	if err := CheckID(opt.ID); err != nil {
		return "", err
	}
	if opt.Language == "" {
		opt.Language = "en"
	}
	if err := CheckLanguage(opt.Language); err != nil {
		return "", err
	}
	texts := starterText(opt.Language)
	if strings.TrimSpace(opt.Title) == "" {
		opt.Title = TitleFromID(opt.ID)
	}
	var b strings.Builder
	if opt.Schema != "" {
		if strings.ContainsAny(opt.Schema, "\n\r") {
			return "", fmt.Errorf("the schema path must be on one line")
		}
		fmt.Fprintf(&b, "#:schema %s\n", opt.Schema)
	}
	if texts.language != starterLanguageOf(opt.Language) {
		fmt.Fprintf(&b, "# No starter is written in %s yet: the texts and comments below are in\n# English. Replace the texts with your own, in %s.\n#\n", opt.Language, opt.Language)
	}
	r := strings.NewReplacer(
		"{{id}}", TOMLString(opt.ID),
		"{{title}}", TOMLString(opt.Title),
		"{{language}}", TOMLString(opt.Language),
	)
	b.WriteString(r.Replace(texts.template))
	return withTimeLimits(b.String(), opt.Language)
}

// starterMinTimeLimit is the starter's time limit when reading is quicker.
const starterMinTimeLimit = 45

// withTimeLimits replaces each "{{time}}" of a starter by the time limit
// its node needs at the language's reading speed (SuggestedTimeLimit, at
// least starterMinTimeLimit).
func withTimeLimits(src, lang string) (string, error) {
	const mark = "{{time}}"
	sc, diags := scenarios.Parse("starter.toml", []byte(strings.ReplaceAll(src, mark, "1")))
	if sc == nil {
		return "", fmt.Errorf("internal error: the starter does not parse: %v", diags)
	}
	var limits []string
	for _, n := range sc.Nodes {
		if n.TimeLimit == 0 {
			continue
		}
		texts := []string{n.Text}
		for _, c := range n.Choices {
			texts = append(texts, c.Text)
		}
		limits = append(limits, strconv.Itoa(max(starterMinTimeLimit, SuggestedTimeLimit(ReadingSeconds(lang, texts...)))))
	}
	parts := strings.Split(src, mark)
	if len(parts) != len(limits)+1 {
		return "", fmt.Errorf("internal error: the starter has %d time limits to fill and %d timed nodes", len(parts)-1, len(limits))
	}
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(p)
		if i < len(limits) {
			b.WriteString(limits[i])
		}
	}
	return b.String(), nil
}

// StarterLanguages are the languages the starters are written in.
var StarterLanguages = []string{"en", "pt-BR", "es"}

// starterTexts is what the starters say in one language.
type starterTexts struct {
	language          string // one of StarterLanguages
	template          string // the starter scenario, see Starter
	translationHeader string // the header of a translation starter, see TranslationStarter
}

var starterTextsByLanguage = map[string]starterTexts{
	"en":    {"en", starterTemplate, translationHeaderEN},
	"pt-BR": {"pt-BR", starterTemplatePT, translationHeaderPT},
	"es":    {"es", starterTemplateES, translationHeaderES},
}

// starterLanguageOf is the starter language that speaks lang: "es" for
// es and any Spanish (es-MX, es-419), "pt-BR" for pt and pt-BR, "en" for
// English; "" for the others.
func starterLanguageOf(lang string) string {
	l := strings.ToLower(lang)
	primary, _, _ := strings.Cut(l, "-")
	switch {
	case primary == "en":
		return "en"
	case primary == "es":
		return "es"
	case l == "pt" || l == "pt-br":
		return "pt-BR"
	}
	return ""
}

// starterText returns the starter texts in lang, English when no starter
// speaks it.
func starterText(lang string) starterTexts {
	if t, ok := starterTextsByLanguage[starterLanguageOf(lang)]; ok {
		return t
	}
	return starterTextsByLanguage["en"]
}

const starterTemplate = `# A Shock Absorber scenario. Check it with:   scenario check --strict THIS-FILE
# Play it with:                               scenario play THIS-FILE
# See it as a graph:                          scenario graph THIS-FILE | dot -Tsvg > graph.svg
# Replace the texts below with your own case; keep the structure until
# "scenario check" is happy, then grow it. docs/writing-scenarios.md has
# the whole guide.
#
# How a run is scored (scenario contract v2, section 3):
#   Every choice the player takes is a step. On a node with "fit", a step
#   whose action is in fit and whose follow_up owns the case (monitor or
#   close) adds 1 to shock_absorber. Anything else adds 1 to the action's
#   shadow archetype, the right action left unowned included:
#       assume -> spring   derive -> pivot   connect -> connector
#       escalate -> disperser
#   On a node without fit only the follow_up counts: monitor/close add 1 to
#   shock_absorber, promise adds 1 to pivot, none adds nothing.
#   The archetype with the largest share wins; ties go to the earlier of
#   pivot, spring, connector, disperser, shock_absorber, and a lead under
#   20 points is shown as "no clear drift yet".
#
# Write every option so that a real agent would pick it for a real reason.
# The best one must not stand out by its length, its place or by being the
# only one that promises to follow up: "scenario check" warns when it does.

# id: unique in the library; lowercase letters, digits and '-'.
id = {{id}}
# title: shown to players and in reports.
title = {{title}}
# language: the BCP 47 tag of the texts: en, pt-BR, es ...
language = {{language}}
summary = "One or two sentences that set the scene before play."  # optional
tags = ["starter"]           # optional labels for finding scenarios
start = "opening"            # optional; default is the first [[node]]
situation = {{id}}           # optional: translations of this case share it
walkout = "end-walkout"      # optional: the scene shown when the customer walks out

[customer]                   # optional
name = "Alex Moreno"         # optional, shown to the player
mood = 40                    # optional, 0 furious .. 100 delighted (default 50);
                             # at 0 the customer walks out: the run ends "lost"

# A node is a moment: something said or happening, then either choices or
# an ending. "fit" lists the action(s) that fit the case here; write the
# other choices so that they tempt a real agent.
[[node]]
id = "opening"               # unique in this file; choices name it in "next"
title = "The waived fee"     # optional short title for debriefs and reports
speaker = "customer"         # optional free text (default "customer")
text = "My invoice shows a delivery fee I was told would be waived. Your own chat log says so. Can you fix it?"
fit = ["assume"]             # assume | derive | connect | escalate (one or more)
time_limit = {{time}}              # optional: seconds to decide in assessment mode

  [[node.choice]]
  text = "Fees go through Billing. I've passed it on; we're evaluating your request."
  action = "derive"
  follow_up = "promise"      # a quick answer with nothing behind it
  mood = -15
  feedback = "Handing off a fee you may waive yourself, with a promise nobody tracks, is the pivot."
  next = "second-try"

  [[node.choice]]
  text = "I can waive it myself. I'm removing it now and will send you the corrected invoice."
  action = "assume"          # required on a node with fit
  follow_up = "close"        # none | promise | monitor | close (default none)
  mood = 15                  # optional change to the customer's mood
  feedback = "Waiving a fee you are allowed to waive is yours to do: take it on and close it."
  next = "confirm"           # the node this choice leads to
  sets = ["checked"]         # optional flags, for later requires / unless

  [[node.choice]]
  text = "This could be a pricing bug hitting other customers too. I'll open cases with Billing, IT and Sales and chase each of them myself until they answer."
  action = "escalate"
  follow_up = "monitor"      # it owns the case, but the action does not fit
  mood = -10
  feedback = "One wrong fee with a known cause: opening fronts everywhere disperses effort, however well you chase them."
  next = "second-try"
  # drift = { disperser = 1.0 }  # optional: explicit weights replace the rules above

  [[node.choice]]
  text = "Let me get Billing and your account manager on a call with us to sort it out."
  action = "connect"
  follow_up = "none"
  mood = -5
  feedback = "Nobody else is needed to waive one fee; a meeting only delays it."
  next = "second-try"

[[node]]
id = "second-try"
title = "The second ask"
text = "Honestly, I just want the fee gone. Who do I have to talk to?"
fit = ["assume"]
time_limit = {{time}}

  [[node.choice]]
  text = "I'll look into it and see what I can do."
  action = "assume"
  follow_up = "promise"
  mood = -10
  feedback = "Keeping the case without saying what you will do or when is the spring: the customer is left waiting on goodwill."
  next = "end-unresolved"

  [[node.choice]]
  text = "Me. I'll remove it now and send you the corrected invoice."
  action = "assume"
  follow_up = "close"
  mood = 10
  feedback = "Owning the case after a weak start still turns it around."
  next = "confirm"
  sets = ["checked"]

  [[node.choice]]
  text = "I'll set up a call with Billing and Sales this afternoon and follow it until they agree on the fee."
  action = "connect"
  follow_up = "monitor"
  mood = -5
  feedback = "A meeting for a fee you can waive yourself: the connector's reflex, however well you follow it."
  next = "end-unresolved"

  [[node.choice]]
  text = "I'm flagging it to Billing, Sales and IT so each of them checks their part."
  action = "escalate"
  follow_up = "none"
  mood = -10
  feedback = "Three teams checking one known mistake, and nobody owning the answer: the disperser."
  next = "end-unresolved"

  [[node.choice]]
  text = "As I said, Billing will look at it. Please be patient."
  action = "derive"
  follow_up = "none"
  mood = -30
  feedback = "Repeating the hand-off tells the customer nobody owns the problem."
  next = "end-lost"

# A node without fit: only the follow-up is scored here.
[[node]]
id = "confirm"
title = "In writing"
text = "Thanks. Will I get something in writing?"

  [[node.choice]]
  text = "Yes: the corrected invoice is in your inbox now, and I'll check on Friday that the refund has landed."
  follow_up = "close"
  mood = 10
  requires = ["checked"]     # optional: shown only when all these flags are set
  next = "end-resolved"

  [[node.choice]]
  text = "It should all be sorted soon."
  follow_up = "promise"
  next = "end-unresolved"

# Endings: resolved | unresolved | lost. An ending node has no choices.
[[node]]
id = "end-resolved"
title = "Refund landed"
speaker = "narrator"
text = "The corrected invoice arrives and the refund lands on Friday, as promised."
ending = "resolved"

[[node]]
id = "end-unresolved"
title = "Still waiting"
speaker = "narrator"
text = "The customer hangs up unsure whether anything will change."
ending = "unresolved"

[[node]]
id = "end-lost"
title = "Order cancelled"
speaker = "narrator"
text = "The customer cancels the order and asks for the account to be closed."
ending = "lost"

# The walk-out scene: entered when the mood reaches 0, whatever the choice.
[[node]]
id = "end-walkout"
title = "The customer hangs up"
speaker = "narrator"
text = "The customer has heard enough and hangs up mid-sentence."
ending = "lost"
`
