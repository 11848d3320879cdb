package game

import (
	"image"
	"math"
	"strings"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/exp/textinput"
)

// maxNameRunes bounds the candidate's name (the server takes up to 200
// characters).
const maxNameRunes = 80

// candidateEntry opens an assessment: its name, how many scenarios,
// whether decisions are timed, what to expect (no feedback until the end),
// and a field for the candidate's name or code, prefilled from the
// invite's label. Enter (or the button) begins.
type candidateEntry struct {
	ui      *UI
	s       *assessSession
	name    []rune
	ime     textinput.Field // input methods (a name in Chinese, Japanese, Korean…) and on-screen keyboards
	compose string          // what an input method is composing, not yet part of the name
	shown   string          // the tail of the name that fits the field
	fb      fallbackText    // the browser's fonts, for what the game's lacks
	warn    bool            // Enter was pressed with an empty name
	hasName bool            // the name has more than spaces
	frames  int
	// typedAt is the frame of the last key or input-method change: the
	// caret blinks for a while after it, then stays on.
	typedAt int
	// changed is set when an input method changed the field with no key
	// of ours (a composition, a committed word); caretDrawn is whether
	// the caret showed in the last frame drawn. Both make a new frame.
	changed    bool
	caretDrawn bool

	gen     int
	bar     topBar
	col     rect
	titleB  *Block
	chips   []chip
	chipXY  [][2]float64
	explB   *Block
	fieldY  float64
	field   rect
	hintB   *Block
	warnB   *Block
	begin   button
	nameSet bool
}

func newCandidateEntry(ctx *Context) *candidateEntry {
	c := &candidateEntry{ui: ctx.UI, s: ctx.Assess}
	c.name = []rune(strings.TrimSpace(c.s.candidate))
	if len(c.name) > maxNameRunes {
		c.name = c.name[:maxNameRunes]
	}
	return c
}

func (c *candidateEntry) describe() screenInfo {
	return screenInfo{kind: screenCandidate, name: "candidate", ready: true}
}

func (c *candidateEntry) layout() {
	u := c.ui
	if c.gen == u.Gen && c.titleB != nil {
		return
	}
	c.gen = u.Gen
	str := u.Str
	c.bar = u.newTopBar(str.T(sAssessHeading), "")
	m := u.P(28)
	w := math.Min(u.W-2*m, u.P(760))
	pad := u.P(28)
	iw := w - 2*pad
	c.titleB = u.Wrap(c.s.cfg.Assessment, fH1, iw)
	c.chips = c.chips[:0]
	c.chips = append(c.chips, u.newChip(str.F(sAssessScenarios, len(c.s.list)), colPanelHi, colText))
	if c.s.cfg.TimeLimits {
		c.chips = append(c.chips, u.newChip(str.T(sAssessLimitsOn), mix(colPanel, colWarn, 0.35), colText))
	} else {
		c.chips = append(c.chips, u.newChip(str.T(sAssessLimitsOff), colPanelHi, colText))
	}
	y := pad + c.titleB.H + u.P(10)
	var ch float64
	c.chipXY, ch = u.layoutChips(c.chips, pad, y, iw)
	y += ch + u.P(16)
	expl := str.T(sAssessExplain)
	if c.s.cfg.TimeLimits {
		expl += "\n\n" + str.T(sAssessExplainTimed)
	}
	expl += "\n\n" + str.T(sAssessExplainReview)
	c.explB = u.Wrap(expl, fBody, iw)
	y += c.explB.H + u.P(22)
	c.fieldY = y
	y += u.LineH(fSmallBold) + u.P(6)
	c.field = rect{pad, y, iw, u.LineH(fBody) + u.P(22)}
	y += c.field.H + u.P(8)
	c.hintB = u.Wrap(str.T(sAssessNameHint), fSmall, iw)
	c.warnB = u.Wrap(str.T(sAssessNameNeeded), fSmallBold, iw)
	y += math.Max(c.hintB.H, c.warnB.H) + u.P(16)
	c.begin = u.newButton(str.T(sAssessBegin), pad, y, true)
	y += c.begin.r.H + pad
	top := c.bar.h + u.P(20)
	c.col = rect{(u.W - w) / 2, math.Max(top, top+(u.H-top-y)/2), w, y}
	c.nameSet = false
}

// caretBlinkFrames is how long the caret blinks after the last key (ten
// seconds, as GTK's default cursor-blink-timeout): then it stays on, and a
// candidate reading the instructions costs no redrawing.
const caretBlinkFrames = 600

// caretOn is whether the caret shows now: it blinks twice a second while
// the candidate types, and stays on when they pause.
func (c *candidateEntry) caretOn() bool {
	t := c.frames - c.typedAt
	return t >= caretBlinkFrames || (t/30)%2 == 0
}

// animating is true when the caret blinks or an input method changed the
// field.
func (c *candidateEntry) animating() bool { return c.changed || c.caretOn() != c.caretDrawn }

// fitName keeps the end of a long name in view, as a text field scrolls.
func (c *candidateEntry) fitName() {
	u := c.ui
	maxW := c.field.W - u.P(36)
	if c.compose != "" {
		maxW -= c.fb.width(u, c.compose, fBody) + u.P(2)
	}
	r := c.name
	for len(r) > 0 && c.fb.width(u, string(r), fBody) > maxW {
		r = r[1:]
	}
	c.shown = string(r)
	c.nameSet = true
}

func (c *candidateEntry) Update(ctx *Context) error {
	c.layout()
	c.fb.trim()
	in := ctx.Input
	c.frames++
	changed := false
	for _, r := range c.typed(in) {
		if len(c.name) < maxNameRunes && unicode.IsPrint(r) && !(r == ' ' && (len(c.name) == 0 || c.name[len(c.name)-1] == ' ')) {
			c.name = append(c.name, r)
			changed = true
		}
	}
	if in.Erase && len(c.name) > 0 {
		c.name = c.name[:len(c.name)-1]
		changed = true
	}
	if in.active() || c.changed {
		c.typedAt = c.frames
	}
	if changed || c.frames == 1 {
		c.warn = false
		c.nameSet = false
		c.hasName = strings.TrimSpace(string(c.name)) != ""
	}
	if (in.Enter && c.compose == "") || in.ClickIn(c.screen(c.begin.r)) {
		name := strings.TrimSpace(string(c.name))
		if name == "" {
			c.warn = true
			return nil
		}
		c.ime.Blur()
		ctx.Saves.Data.LastName = name // prefills a team's name field
		ctx.Saves.Save()
		ctx.Assess.begin(ctx.Now(), name)
		ctx.Scenes.GoTo(newAssessTransition(ctx))
	}
	return nil
}

// typed returns what was typed this frame. Keys that make a character
// arrive as the frame's Chars; an input method's text arrives through the
// text field once committed (a Chinese name picked from its candidates),
// with no key characters. So the key characters are used when there are
// any (the field may miss one when two keys land in one frame) and the
// field's committed text otherwise; what the input method is still
// composing is shown after the name.
func (c *candidateEntry) typed(in Intents) []rune {
	c.ime.Focus()
	f := c.screen(c.field)
	s := 1.0
	if d := ebiten.Monitor().DeviceScaleFactor(); d > 0 {
		s = d // the field's bounds are in CSS or window pixels
	}
	lh := c.ui.LineH(fBody)
	x, y := int((f.X+c.ui.P(14))/s), int((f.Y+(f.H-lh)/2)/s)
	c.ime.HandleInputWithBounds(image.Rect(x, y, x+1, y+int(lh/s)))
	committed := c.ime.Text()
	if committed != "" {
		c.ime.SetTextAndSelection("", 0, 0)
		c.changed = true
	}
	if compose := c.ime.TextForRendering(); compose != c.compose {
		c.compose, c.nameSet, c.changed = compose, false, true
	}
	if len(in.Chars) > 0 {
		return in.Chars
	}
	return []rune(committed)
}

// screen turns a rect relative to the column into screen coordinates.
func (c *candidateEntry) screen(r rect) rect { return rect{c.col.X + r.X, c.col.Y + r.Y, r.W, r.H} }

func (c *candidateEntry) Draw(screen *ebiten.Image) {
	c.layout()
	if !c.nameSet {
		c.fitName()
	}
	u := c.ui
	u.Background(screen)
	u.DrawTopBar(screen, &c.bar, colTextDim)
	u.Panel(screen, c.col, colPanel)
	pad := u.P(28)
	x, y := c.col.X, c.col.Y
	u.DrawBlock(screen, c.titleB, x+pad, y+pad, colAccent, -1)
	for i := range c.chips {
		u.DrawChip(screen, &c.chips[i], x+c.chipXY[i][0], y+c.chipXY[i][1])
	}
	u.DrawBlock(screen, c.explB, x+pad, y+pad+c.titleB.H+u.P(10)+c.chips[0].h+u.P(16), colText, -1)
	u.Text(screen, u.Str.T(sAssessNameLabel), fSmallBold, x+pad, y+c.fieldY, colTextDim)

	f := c.screen(c.field)
	u.FillRound(screen, f.inset(-u.P(2)), u.P(11), colAccent)
	u.FillRound(screen, f, u.P(10), colBgBottom)
	tx, ty := f.X+u.P(14), f.Y+(f.H-u.LineH(fBody))/2
	c.fb.draw(u, screen, c.shown, fBody, tx, ty, colText)
	cx := tx + c.fb.width(u, c.shown, fBody) + u.P(2)
	if c.compose != "" {
		// The input method's text, underlined, before the caret.
		c.fb.draw(u, screen, c.compose, fBody, cx, ty, colAccent)
		cw := c.fb.width(u, c.compose, fBody)
		u.FillRect(screen, rect{cx, ty + u.LineH(fBody) - u.P(3), cw, math.Max(1, u.P(1.5))}, colAccent)
		cx += cw + u.P(2)
	}
	c.changed, c.caretDrawn = false, c.caretOn()
	if c.caretDrawn {
		u.FillRect(screen, rect{cx, ty + u.P(3), math.Max(1, u.P(2)), u.LineH(fBody) - u.P(6)}, colAccent)
	}
	hy := f.bottom() + u.P(8)
	if c.warn {
		u.DrawBlock(screen, c.warnB, f.X, hy, colBad, -1)
	} else {
		u.DrawBlock(screen, c.hintB, f.X, hy, colTextDim, -1)
	}
	b := c.begin
	b.r = c.screen(b.r)
	u.DrawButton(screen, &b, c.hasName)
}
