package game

import (
	"encoding/json"
	"math"
	"strings"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// The accessible mirror. In the browser the game is a canvas, which a
// screen reader cannot read. The page (web/index.html) keeps a mirror of
// the screen in HTML: the customer's line, the choices as buttons, the
// countdown, the coaching, the candidate's name field, the debrief. This
// file says what the mirror shows (a11yView, built from the scenes' own
// state after they lay out) and turns what the reader does in it back into
// the game's own input: a choice is the same pick a number key makes, read
// by the same scene code on the next tick, so the mirror never plays a
// rule itself. The page's side of the bridge is a11y_js.go; the desktop
// has none (a11y_desktop.go).

// a11yView is what the mirror shows of the current screen, sent to the
// page as JSON each time it changes.
type a11yView struct {
	// Serial numbers the screens: an action names the screen it was made
	// on, and one made on a screen since gone is dropped.
	Serial int    `json:"serial"`
	Scene  string `json:"scene"` // screenNames, as the test hook says
	Lang   string `json:"lang"`
	// Labels are the mirror's own words in the UI language.
	Labels a11yLabels `json:"labels"`
	// Heading names the screen; Context says where in the run it is.
	Heading string `json:"heading"`
	Context string `json:"context,omitempty"`
	// The line of a dialogue: who speaks, their mood, what they say.
	Speaker string `json:"speaker,omitempty"`
	Mood    string `json:"mood,omitempty"`
	Line    string `json:"line,omitempty"`
	// Texts are labelled paragraphs (coaching, an ending, a verdict).
	Texts []a11yText `json:"texts,omitempty"`
	// Choices are the visible choices in the order shown (key 1 first).
	Choices []string `json:"choices,omitempty"`
	// Buttons are the screen's other buttons.
	Buttons []a11yButton `json:"buttons,omitempty"`
	// Field is the candidate's name field.
	Field *a11yField `json:"field,omitempty"`
	// Timer is the decision's time limit in seconds (0: untimed).
	Timer int `json:"timer,omitempty"`
	// Filter and Cards are the library's picker.
	Filter []a11yOption `json:"filter,omitempty"`
	Cards  []a11yCard   `json:"cards,omitempty"`
	// Busy is set while the screen waits (loading, sending).
	Busy bool `json:"busy,omitempty"`
}

type a11yLabels struct {
	View     string `json:"view"`     // the mirror's name and its toggle
	Choices  string `json:"choices"`  // the heading over the choices
	Language string `json:"language"` // the picker's language filter
	Canvas   string `json:"canvas"`   // the canvas's accessible name
	Time     string `json:"time"`     // "%d s left", for the visible countdown
}

type a11yText struct {
	Label string `json:"label,omitempty"`
	Text  string `json:"text"`
	// Alert marks a problem the reader must hear at once.
	Alert bool `json:"alert,omitempty"`
}

type a11yButton struct {
	Act   string `json:"act"`
	Label string `json:"label"`
}

type a11yField struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Hint  string `json:"hint"`
	Error string `json:"error,omitempty"`
}

type a11yOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
	On    bool   `json:"on,omitempty"`
}

type a11yCard struct {
	// Section is the heading of the group the card opens, "" inside one.
	Section string       `json:"section,omitempty"`
	Note    string       `json:"note,omitempty"`
	Title   string       `json:"title"`
	Info    string       `json:"info"` // category · summary · topics · best
	Langs   []a11yOption `json:"langs,omitempty"`
}

// a11yAction is what the reader did in the mirror: act on the screen
// numbered Serial, with an index (a choice, a card) or a text (the name,
// a language).
type a11yAction struct {
	Serial int
	Act    string
	Index  int
	Text   string
}

// a11yPort is the page's side: the browser's (a11y_js.go), or none.
type a11yPort interface {
	// render shows a view (JSON of a11yView).
	render(view []byte)
	// tick shows the seconds left on a timed decision, and say, when not
	// empty, is to be announced.
	tick(secs int, say string)
	// take appends the actions made since the last call to dst.
	take(dst []a11yAction) []a11yAction
}

// a11yBridge keeps the mirror in step with the scenes.
type a11yBridge struct {
	port    a11yPort
	serial  int
	cur     Scene
	gen     int
	stamp   a11yStamp
	last    []byte
	pending []a11yAction
	dirty   bool
	// The countdown: the seconds last shown and the next mark to
	// announce (an index into a11yMarks).
	secs, mark int
}

// a11yStamp is what, besides the scene and the UI generation, changes a
// screen's mirror with no input: a status card's text, a fetch ending.
type a11yStamp struct {
	a, b string
	n    int
}

// a11yMarks are the seconds left at which a timed decision is announced
// (besides its limit, when it appears): often enough to plan by, never so
// often that the reader cannot hear the customer.
var a11yMarks = [...]int{30, 10, 5}

// a11yAnnounceAt returns the next announcement of a countdown that shows
// secs seconds left of limit, from mark on: the mark's index and whether
// secs has reached it. A mark at or above the limit is never announced
// (the limit itself was).
func a11yAnnounceAt(limit, secs, mark int) (int, bool) {
	for mark < len(a11yMarks) && a11yMarks[mark] >= limit {
		mark++
	}
	if mark < len(a11yMarks) && secs <= a11yMarks[mark] && secs > 0 {
		return mark, true
	}
	return mark, false
}

// act applies the reader's actions to this tick's input, or to the scene
// through the methods its own input calls. It waits while scenes fade, and
// drops an action made on a screen that is gone.
func (b *a11yBridge) act(ctx *Context, in *Intents) {
	if b.port == nil {
		return
	}
	b.pending = b.port.take(b.pending)
	if len(b.pending) == 0 || ctx.Scenes.Busy() {
		return
	}
	a := b.pending[0]
	b.pending = append(b.pending[:0], b.pending[1:]...)
	if a.Serial != b.serial || ctx.Scenes.Current() != b.cur {
		return
	}
	b.dirty = true
	switch s := b.cur.(type) {
	case *title:
		s.a11yAct(ctx, a)
	case *dialogue:
		// The mirror shows the whole line at once: a choice made there
		// is a number key pressed once the line is out.
		s.reveal = len(s.node.Text)
		switch {
		case a.Act == "choose" && !s.ending && a.Index >= 0 && a.Index < len(s.opts):
			in.Pick(a.Index + 1)
		case a.Act == "continue" && s.ending:
			in.Confirm = true
		}
	case *candidateEntry:
		switch a.Act {
		case "name":
			// The scene's own typing takes the text, as typed keys.
			s.name = s.name[:0]
			s.hasName = false
			in.Chars = []rune(a.Text)
		case "begin":
			in.Enter = true
		}
	case *debrief:
		// Replay or another scenario: the button focused, then Enter.
		for i, act := range a11yDebriefActs {
			if a.Act == act {
				s.focus = i
				in.Confirm = true
			}
		}
	case *teamScene:
		switch a.Act {
		case "name":
			if s.hasField() {
				s.field.set(a.Text)
				if s.phase == teamPhaseLink {
					s.err = ""
				}
				s.gen = -1
			}
		case "begin", "consent":
			s.activate(ctx, 0)
		case "cancel", "notnow", "back":
			s.activate(ctx, s.nbuttons-1)
		}
	case *settingsScene:
		if act, ok := strings.CutPrefix(a.Act, "team-"); ok {
			for i, t := range s.teamActs {
				if t == act {
					s.focus, s.teamSub = s.teamIdx(), i
					s.teamAct(ctx, i)
				}
			}
		} else if a.Act == "back" {
			in.Back = true
		}
	case *problems:
		in.Back = true
	default:
		// The feedback's Continue, a transition's start, a status card's
		// button, the settings' way back.
		switch a.Act {
		case "continue":
			in.Confirm = true
		case "back":
			in.Back = true
		}
	}
}

// a11yAct runs a picker action the way a click on the card does.
func (t *title) a11yAct(ctx *Context, a a11yAction) {
	if t.fetching != nil {
		return // a file is on its way: input waits
	}
	t.layout()
	switch a.Act {
	case "filter":
		for _, l := range t.filterL {
			if l == a.Text {
				t.setFilter(l)
			}
		}
	case "lang":
		if a.Index >= 0 && a.Index < len(t.cards) {
			it := t.card(a.Index)
			for _, c := range it.langs {
				if c.lang == a.Text {
					t.focus = a.Index
					t.chooseLanguage(it, c.lang)
				}
			}
		}
	case "play":
		if a.Index >= 0 && a.Index < len(t.cards) {
			t.focus = a.Index
			if err := t.start(ctx, t.card(a.Index)); err != nil {
				ctx.Scenes.GoTo(newTitle(ctx, nil))
			}
		}
	}
}

// publish sends the mirror what changed this tick: a new view when the
// screen, the language, the size or the screen's text changed, and the
// countdown of a timed decision each second.
func (b *a11yBridge) publish(ctx *Context, in *Intents) {
	if b.port == nil {
		return
	}
	cur := ctx.Scenes.Current()
	if cur == nil {
		return
	}
	if cur != b.cur {
		b.cur, b.dirty = cur, true
		b.serial++
		b.secs, b.mark = -1, 0
	}
	st := a11yStampOf(cur)
	if b.gen != ctx.UI.Gen || st != b.stamp || in.Enter || len(in.Chars) > 0 || in.Erase || in.Confirm || in.Click || in.pick != 0 || in.Left || in.Right {
		b.gen, b.stamp, b.dirty = ctx.UI.Gen, st, true
	}
	if b.dirty {
		b.dirty = false
		v := a11yViewOf(ctx, cur)
		v.Serial = b.serial
		if data, err := json.Marshal(v); err == nil && string(data) != string(b.last) {
			b.last = data
			b.port.render(data)
		}
	}
	if d, ok := cur.(*dialogue); ok && d.limit > 0 && !ctx.Scenes.Busy() {
		secs := int(math.Ceil(d.secondsLeft()))
		if secs != b.secs {
			say := ""
			if b.secs < 0 {
				say = ctx.UI.Str.N(sA11yTimeLimitOne, sA11yTimeLimitOther, d.limit)
			} else if m, ok := a11yAnnounceAt(d.limit, secs, b.mark); ok {
				say = ctx.UI.Str.N(sA11yTimeLeftOne, sA11yTimeLeftOther, a11yMarks[m])
				b.mark = m + 1
			} else {
				b.mark = m
			}
			b.secs = secs
			b.port.tick(secs, say)
		}
	}
}

func a11yStampOf(s Scene) a11yStamp {
	switch s := s.(type) {
	case *assessLoad:
		return a11yStamp{a: s.view.heading, b: s.view.body}
	case *assessSubmit:
		return a11yStamp{a: s.view.heading, b: s.view.body}
	case *title:
		if s.fetching != nil {
			return a11yStamp{n: 1}
		}
	case *candidateEntry:
		n := len(s.name)
		if s.warn {
			n = -1 - n
		}
		return a11yStamp{n: n}
	case *teamScene:
		return a11yStamp{a: s.err + s.field.pasteErr, b: string(s.field.text), n: int(s.phase)}
	case *debrief:
		return a11yStamp{a: s.teamLine}
	case *settingsScene:
		if s.teamStatus != nil {
			return a11yStamp{a: s.teamStatus.Src, n: len(s.teamActs) + 10*b2i(s.leaveArmed)}
		}
	}
	return a11yStamp{}
}

// a11yViewOf describes the screen s for the mirror, from the scene's own
// state once laid out.
func a11yViewOf(ctx *Context, s Scene) a11yView {
	str := ctx.UI.Str
	v := a11yView{Scene: "unknown", Lang: str.Lang, Labels: a11yLabels{
		View: str.T(sA11yView), Choices: str.T(sA11yChoices), Language: str.T(sTitleLanguage),
		Canvas: str.T(sA11yCanvas), Time: str.T(sDialogueTimeLeft),
	}}
	if d, ok := s.(describer); ok {
		if k := d.describe().kind; int(k) < len(screenNames) {
			v.Scene = screenNames[k]
		}
	}
	switch s := s.(type) {
	case *title:
		s.a11yView(&v)
	case *dialogue:
		s.layout()
		v.Heading = s.run.Scenario().Title
		v.Context = s.bar.right
		v.Speaker = s.speaker
		if !s.cust.dimmed {
			v.Mood = str.T(sDialogueMood) + ": " + str.MoodWord(s.run.Mood())
		}
		v.Line = s.node.Text
		for _, o := range s.opts {
			v.Choices = append(v.Choices, o.Choice.Text)
		}
		if s.ending {
			v.Choices = nil
			v.Buttons = []a11yButton{{"continue", s.cont.label}}
		}
		v.Timer = s.limit
	case *feedback:
		s.layout()
		v.Heading = s.bar.title
		v.Context = s.bar.right
		for _, r := range s.rows {
			v.Texts = append(v.Texts, a11yText{Label: r.label, Text: r.block.Src, Alert: r.label == ""})
			if r.label == str.T(sFeedbackYourAnswer) {
				// The chips follow the answer on screen.
				labels := make([]string, len(s.chips))
				for i := range s.chips {
					labels[i] = s.chips[i].label
				}
				v.Texts = append(v.Texts, a11yText{Text: strings.Join(labels, " · ")})
			}
		}
		v.Texts = append(v.Texts, a11yText{Text: s.moodLb})
		v.Buttons = []a11yButton{{"continue", s.cont.label}}
	case *debrief:
		s.a11yView(&v)
	case *candidateEntry:
		s.layout()
		v.Heading = str.T(sAssessHeading)
		v.Context = s.s.cfg.Assessment
		for _, c := range s.chips {
			v.Texts = append(v.Texts, a11yText{Text: c.label})
		}
		v.Texts = append(v.Texts, a11yText{Text: s.explB.Src})
		v.Field = &a11yField{Label: str.T(sAssessNameLabel), Value: string(s.name), Hint: str.T(sAssessNameHint)}
		if s.warn {
			v.Field.Error = str.T(sAssessNameNeeded)
		}
		v.Buttons = []a11yButton{{"begin", s.begin.label}}
	case *assessTransition:
		s.layout()
		v.Heading = s.titleB.Src
		v.Context = s.kicker
		if s.index > 0 {
			v.Texts = append(v.Texts, a11yText{Text: s.noteB.Src})
		}
		v.Buttons = []a11yButton{{"continue", str.T(sA11yStart)}}
	case *assessLoad:
		statusA11y(&s.view, &v)
	case *assessSubmit:
		statusA11y(&s.view, &v)
	case *problems:
		v.Heading = str.T(sProblemsHeading)
		v.Buttons = []a11yButton{{"back", str.T(sProblemsBack)}}
	case *teamScene:
		s.a11yView(&v)
	case *settingsScene:
		v.Heading = str.T(sSettingsHeading)
		if s.layout(); s.showTeam {
			// The Team section: the team's state and its buttons.
			v.Texts = append(v.Texts, a11yText{Label: str.T(sSettingsTeam), Text: s.teamStatus.Src})
			for i, act := range s.teamActs {
				v.Buttons = append(v.Buttons, a11yButton{"team-" + act, s.teamB[i].label})
			}
		}
		v.Buttons = append(v.Buttons, a11yButton{"back", str.T(sSettingsBack)})
	default:
		// A screen the view does not describe yet: its way back (Esc).
		v.Heading = str.T(sAppTitle)
		v.Buttons = []a11yButton{{"back", str.T(sSettingsBack)}}
	}
	return v
}

func statusA11y(s *statusView, v *a11yView) {
	v.Heading, v.Busy = s.heading, s.busy
	if s.body != "" {
		v.Texts = append(v.Texts, a11yText{Text: s.body, Alert: s.ink == colBad})
	}
	if s.label != "" {
		v.Buttons = []a11yButton{{"continue", s.label}}
	}
}

func (t *title) a11yView(v *a11yView) {
	t.layout()
	str := t.ui.Str
	v.Heading = str.T(sTitleLibrary)
	if t.notice != nil {
		v.Texts = append(v.Texts, a11yText{Text: t.notice.Src, Alert: true})
	}
	if t.fetching != nil {
		v.Busy = true
	}
	for i, l := range t.filterL {
		if i < len(t.filterC) {
			v.Filter = append(v.Filter, a11yOption{Value: l, Label: t.filterC[i].label, On: i == t.filterI})
		}
	}
	section, note := "", ""
	for _, it := range t.items {
		if !it.card {
			section, note = it.heading, ""
			if it.noteB != nil {
				note = it.noteB.Src
			}
			continue
		}
		info := make([]string, 0, 4+len(it.chips))
		if it.catB != nil {
			info = append(info, it.catB.Src)
		}
		info = append(info, it.sumB.Src)
		for _, c := range it.chips {
			info = append(info, c.label)
		}
		info = append(info, it.best)
		c := a11yCard{Section: section, Note: note, Title: it.titleB.Src, Info: strings.Join(info, " · ")}
		section, note = "", ""
		if len(it.langs) > 1 {
			for _, l := range it.langs {
				c.Langs = append(c.Langs, a11yOption{Value: l.lang, Label: LanguageName(l.lang), On: l.on})
			}
		}
		v.Cards = append(v.Cards, c)
	}
	if len(v.Cards) == 0 && section != "" {
		v.Texts = append(v.Texts, a11yText{Text: section})
	}
}

// a11yDebriefActs name the debrief's buttons, in order.
var a11yDebriefActs = [2]string{"replay", "another"}

func (d *debrief) a11yView(v *a11yView) {
	d.layout()
	str := d.ui.Str
	rep := d.rep
	v.Heading = str.T(sDebriefHeading) + " · " + rep.Title
	custName := newCustomerPanel(str, d.run.Scenario()).name
	head, text := endingLines(str, d.run.Node(), rep, custName)
	ending := str.Ending(rep.Ending) + " · " + str.F(sDebriefFinalMood, rep.Mood)
	if head != "" {
		ending += ". " + head
	}
	v.Texts = append(v.Texts, a11yText{Label: str.T(sDebriefEnding), Text: ending})
	if text != "" {
		v.Texts = append(v.Texts, a11yText{Text: text})
	}
	drift := d.verd.body(str, custName)
	if !d.verd.lost {
		drift = d.verd.headline(str) + ". " + drift
		if lean := d.verd.leaning(str); lean != "" {
			drift = d.verd.headline(str) + ". " + lean + ". " + d.verd.body(str, custName)
		}
	}
	v.Texts = append(v.Texts, a11yText{Label: d.verd.label(str), Text: drift})
	if rep.Weights.Sum() > 0 {
		// The drift map in words: each archetype's share, as on its rim.
		share := scoring.Drift(rep.Weights)
		parts := make([]string, len(scoring.Archetypes))
		for i, a := range scoring.Archetypes {
			parts[i] = str.Archetype(a) + " " + itoa(pctOf(share[i])) + "%"
		}
		v.Texts = append(v.Texts, a11yText{Label: str.T(sDebriefDriftMap), Text: strings.Join(parts, " · ")})
	}
	if rep.Decisions > 0 {
		v.Texts = append(v.Texts, a11yText{Text: fittingLine(str, rep.Fitting, rep.Decisions)})
	}
	for i, st := range rep.Steps {
		verd := str.T(sDebriefNoFit)
		switch {
		case len(st.Fit) == 0:
		case st.Fits:
			verd = str.T(sDebriefFits)
		default:
			verd = str.T(sDebriefNotFit)
		}
		label := ""
		if i == 0 {
			label = str.T(sDebriefPath)
		}
		v.Texts = append(v.Texts, a11yText{Label: label, Text: itoa(i+1) + ". " + stepLabel(st) + " · " +
			str.Action(st.Action) + " + " + str.FollowUp(st.FollowUp) + " · " + verd + " · " +
			str.T(sDialogueMood) + " " + signed(float64(st.MoodTo-st.MoodFrom)) + ". “" + st.Text + "”"})
	}
	if d.teamLine != "" {
		v.Texts = append(v.Texts, a11yText{Label: str.T(sSettingsTeam), Text: d.teamLine, Alert: d.teamC == colBad})
	}
	for i := range d.buttons {
		v.Buttons = append(v.Buttons, a11yButton{a11yDebriefActs[i], d.buttons[i].label})
	}
}

// a11yView describes the team screen: the link's field, the consent
// (the team, the trainer, what is sent, the name field and both
// buttons), or why the link cannot be used.
func (t *teamScene) a11yView(v *a11yView) {
	t.layout()
	str := t.ui.Str
	v.Heading = t.headB.Src
	if t.bodyB != nil {
		v.Texts = append(v.Texts, a11yText{Text: t.bodyB.Src, Alert: t.phase == teamPhaseProblem})
	}
	v.Busy = t.phase == teamPhaseLoading
	acts := map[teamPhase][2]string{teamPhaseLink: {"begin", "cancel"}, teamPhaseConsent: {"consent", "notnow"}, teamPhaseProblem: {"back"}}[t.phase]
	if t.hasField() {
		label, hint := str.T(sTeamLinkLabel), str.T(sTeamLinkHint)
		if t.phase == teamPhaseConsent {
			label, hint = str.T(sTeamNameLabel), str.T(sTeamNameHint)
		}
		v.Field = &a11yField{Label: label, Value: string(t.field.text), Hint: hint}
		if t.errB != nil {
			v.Field.Error = t.errB.Src
		}
	}
	for i := 0; i < t.nbuttons; i++ {
		v.Buttons = append(v.Buttons, a11yButton{acts[i], t.buttons[i].label})
	}
}
