package game

import (
	"math"
	"runtime"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
)

// canQuit reports whether the game can end its own process: on the
// desktop; a browser tab is closed by the player, not by the page.
var canQuit = runtime.GOOS != "js"

// FocusRing draws the keyboard focus around r (whose corners have radius
// rad): a light ring with a dark gap inside it, so it shows on any fill,
// an accent-coloured button included. Draw it before the item itself; it
// reaches u.P(6) outside r, which a clipped list must leave room for.
func (u *UI) FocusRing(dst *ebiten.Image, r rect, rad float64) {
	u.FillRound(dst, r.inset(-u.P(6)), rad+u.P(6), colText)
	u.FillRound(dst, r.inset(-u.P(3)), rad+u.P(3), colBgBottom)
}

// focusRingW is how far FocusRing reaches outside the item.
func (u *UI) focusRingW() float64 { return u.P(6) }

// keyButton is a button that shows its keyboard shortcut as a key cap at
// its right ("Pause  Esc"), so a shortcut is seen where it works.
type keyButton struct {
	r          rect
	label, key string
	labelW     float64
	keyW       float64
	face       FaceID
	primary    bool
	danger     bool
}

// newKeyButton makes a button for label with the shortcut key ("" for
// none) in face f, at (x, y), as wide as its content or w when w is wider.
func (u *UI) newKeyButton(label, key string, f FaceID, x, y, w float64) keyButton {
	b := keyButton{label: label, key: key, face: f, labelW: u.TextW(label, f)}
	cw := b.labelW + u.P(36)
	if key != "" {
		b.keyW = u.LabelW(key, fSmallBold) + u.P(14)
		cw += b.keyW + u.P(12)
	}
	b.r = rect{x, y, math.Max(w, cw), u.LineH(f) + u.P(16)}
	return b
}

// DrawKeyButton draws b, with the focus ring when focused.
func (u *UI) DrawKeyButton(dst *ebiten.Image, b *keyButton, focused bool) {
	fill, ink, capFill, capInk := colPanelHi, colText, colBgBottom, colTextDim
	switch {
	case b.danger:
		fill, ink, capFill, capInk = colBad, colAccentInk, mix(colBad, colAccentInk, 0.25), colAccentInk
	case b.primary:
		fill, ink, capFill, capInk = colAccent, colAccentInk, mix(colAccent, colAccentInk, 0.25), colAccentInk
	case focused:
		fill = mix(colPanelHi, colAccent, 0.18)
	}
	if focused {
		u.FocusRing(dst, b.r, u.P(10))
	}
	u.FillRound(dst, b.r, u.P(10), fill)
	u.Text(dst, b.label, b.face, b.r.X+u.P(18), b.r.Y+(b.r.H-u.LineH(b.face))/2, ink)
	if b.key != "" {
		kh := u.LineH(fSmallBold) + u.P(4)
		kr := rect{b.r.right() - u.P(12) - b.keyW, b.r.Y + (b.r.H-kh)/2, b.keyW, kh}
		u.FillRound(dst, kr, u.P(5), capFill)
		u.Text(dst, b.key, fSmallBold, kr.X+u.P(7), kr.Y+u.P(2), capInk)
	}
}

// menuItem is one button of a menuPanel.
type menuItem struct {
	label, key      string
	primary, danger bool
}

// menuPanel is a small modal panel over a scene: a heading, an optional
// note, room for something live (the assessment's countdown) and a column
// of buttons. ↑↓ (or Tab) move the focus, Enter or Space takes the focused
// button, Esc or Backspace takes the cancel one; the pointer focuses what
// it is over and a click takes it. Its key shortcuts show on its buttons.
type menuPanel struct {
	heading, note string
	items         []menuItem
	// cancel is the item Esc and Backspace take.
	cancel int
	// extraH is the height, in layout units, kept under the note for
	// something the owner draws (extraR on screen).
	extraH float64
	focus  int

	gen    int
	r      rect
	headB  *Block
	noteB  *Block
	extraR rect
	btns   []keyButton
	hintB  *Block
}

func (p *menuPanel) layout(u *UI) {
	if p.gen == u.Gen && p.btns != nil {
		return
	}
	p.gen = u.Gen
	pad := u.P(26)
	w := math.Min(u.W-2*u.P(20), u.P(460))
	iw := w - 2*pad
	p.headB = u.Wrap(p.heading, fH2, iw)
	h := pad + p.headB.H
	p.noteB = nil
	if p.note != "" {
		p.noteB = u.Wrap(p.note, fBody, iw)
		h += u.P(10) + p.noteB.H
	}
	extraY := h + u.P(12)
	if p.extraH > 0 {
		h = extraY + u.P(p.extraH)
	}
	h += u.P(20)
	p.btns = p.btns[:0]
	for _, it := range p.items {
		b := u.newKeyButton(it.label, it.key, fBodyBold, 0, h, iw)
		b.primary, b.danger = it.primary, it.danger
		p.btns = append(p.btns, b)
		h += b.r.H + u.P(12)
	}
	p.hintB = u.Wrap(u.Str.T(p.keysHint()), fSmall, iw)
	h += u.P(4) + p.hintB.H + pad
	p.r = rect{(u.W - w) / 2, math.Max(u.P(12), (u.H-h)/2), w, h}
	for i := range p.btns {
		p.btns[i].r.X += p.r.X + pad
		p.btns[i].r.Y += p.r.Y
	}
	p.extraR = rect{p.r.X + pad, p.r.Y + extraY, iw, u.P(p.extraH)}
}

// keysHint is the hint under the buttons: with one button there is
// nothing to choose among, so it does not offer the arrows.
func (p *menuPanel) keysHint() Str {
	if len(p.items) == 1 {
		return sPauseKeysHintOne
	}
	return sPauseKeysHint
}

// update reads the panel's input and returns the item taken, or -1.
func (p *menuPanel) update(u *UI, in *Intents) int {
	p.layout(u)
	n := len(p.items)
	for i := range p.btns {
		if in.MovedIn(p.btns[i].r) {
			p.focus = i
		}
		if in.ClickIn(p.btns[i].r) {
			p.focus = i
			return i
		}
	}
	switch {
	case in.Back:
		return p.cancel
	case in.Down:
		p.focus = (p.focus + 1) % n
	case in.Up:
		p.focus = (p.focus + n - 1) % n
	case in.Confirm:
		return p.focus
	}
	return -1
}

// draw dims the scene under the panel and draws the panel.
func (p *menuPanel) draw(dst *ebiten.Image, u *UI) {
	p.layout(u)
	u.FillRect(dst, rect{0, 0, u.W, u.H}, withAlpha(colBgBottom, 0.78))
	u.Panel(dst, p.r, colPanel)
	pad := u.P(26)
	x, y := p.r.X+pad, p.r.Y+pad
	u.DrawBlock(dst, p.headB, x, y, colText, -1)
	if p.noteB != nil {
		u.DrawBlock(dst, p.noteB, x, y+p.headB.H+u.P(10), colTextDim, -1)
	}
	for i := range p.btns {
		u.DrawKeyButton(dst, &p.btns[i], i == p.focus)
	}
	last := p.btns[len(p.btns)-1].r
	u.DrawBlock(dst, p.hintB, x, last.bottom()+u.P(16), colTextDim, -1)
}

// pauseAction is what the pause panel of a run can do.
type pauseAction int

const (
	pauseResume pauseAction = iota
	pauseRestart
	pauseSettings
	pauseLeave
)

// pauseMenu is the pause panel of a run being played, opened with Esc or
// Backspace (or the Pause button) on the dialogue and coaching screens. In
// practice it offers Resume, Restart, Settings and Leave; Restart and Leave
// ask first, since the run so far is lost (progress is saved only at the
// debrief).
//
// In an assessment it offers Resume only, and the clock keeps running: a
// pause that stopped it would let a candidate think without limit behind
// it, and a hiring panel could no longer trust the times or the timeouts.
// So the panel says so and shows the countdown, live, inside itself; the
// time it is open counts toward the decision, as any other time on the
// node does, and when the limit runs out the assessment moves on as it
// would without the panel. Settings are not offered there: the settings
// screen would hide the countdown.
type pauseMenu struct {
	open bool
	// asking is the action waiting for confirmation, or pauseResume for
	// none.
	asking pauseAction
	main   menuPanel
	ask    menuPanel
	acts   []pauseAction
	lang   string
}

// build (re)makes the panels' texts for the current language.
func (p *pauseMenu) build(str *Strings, assess bool, timed bool) {
	if p.lang == str.Lang && p.main.items != nil {
		return
	}
	p.lang = str.Lang
	p.main = menuPanel{heading: str.T(sPauseHeading), focus: p.main.focus}
	if assess {
		// Not "Paused": nothing stops in an assessment.
		p.main.heading = str.T(sDialogueMenu)
		p.main.note = str.T(sPauseAssessNote)
		if timed {
			p.main.extraH = 40
		}
		p.main.items = []menuItem{{label: str.T(sPauseResume), key: "Esc", primary: true}}
		p.acts = []pauseAction{pauseResume}
		return
	}
	p.main.items = []menuItem{
		{label: str.T(sPauseResume), key: "Esc", primary: true},
		{label: str.T(sPauseRestart)},
		{label: str.T(sPauseSettings), key: "F2"},
		{label: str.T(sPauseLeave)},
	}
	p.acts = []pauseAction{pauseResume, pauseRestart, pauseSettings, pauseLeave}
	if p.asking != pauseResume {
		p.askFor(str, p.asking)
	}
}

// askFor opens the confirmation of a (Restart or Leave).
func (p *pauseMenu) askFor(str *Strings, a pauseAction) {
	p.asking = a
	head, note, yes := sPauseLeaveAsk, sPauseLeaveNote, sPauseLeaveYes
	if a == pauseRestart {
		head, note, yes = sPauseRestartAsk, sPauseRestartNote, sPauseRestartYes
	}
	// The safe answer comes first and has the focus: Enter pressed twice
	// in a hurry keeps the run.
	p.ask = menuPanel{heading: str.T(head), note: str.T(note), items: []menuItem{
		{label: str.T(sPauseKeepPlaying), key: "Esc", primary: true},
		{label: str.T(yes), danger: true},
	}}
}

// show opens the panel, with the focus on Resume.
func (p *pauseMenu) show(str *Strings, assess, timed bool) {
	p.open, p.asking, p.main.focus = true, pauseResume, 0
	p.build(str, assess, timed)
}

// update runs the open panel for the run's scene self: it reports whether
// it took the frame (the scene must then not act on the input).
func (p *pauseMenu) update(ctx *Context, self Scene, run *play.Run, assess, timed bool) bool {
	in := &ctx.Input
	if !p.open {
		if in.Back {
			p.show(ctx.UI.Str, assess, timed)
			return true
		}
		if in.Settings && !assess {
			ctx.Scenes.GoTo(newSettings(ctx, func() Scene { return self }))
			return true
		}
		return false
	}
	p.build(ctx.UI.Str, assess, timed)
	if p.asking != pauseResume {
		switch p.ask.update(ctx.UI, in) {
		case 0:
			p.asking = pauseResume
		case 1:
			p.open = false
			if p.asking == pauseRestart {
				r := play.New(run.Scenario())
				ctx.Run = r
				ctx.Scenes.GoTo(newDialogue(ctx, r, r.Mood()))
			} else {
				ctx.Scenes.GoTo(newTitle(ctx, run.Scenario()))
			}
		}
		return true
	}
	if in.Settings && !assess {
		p.main.focus = 2
		ctx.Scenes.GoTo(newSettings(ctx, func() Scene { return self }))
		return true
	}
	i := p.main.update(ctx.UI, in)
	if i < 0 {
		return true
	}
	switch p.acts[i] {
	case pauseResume:
		p.open = false
	case pauseRestart, pauseLeave:
		p.askFor(ctx.UI.Str, p.acts[i])
	case pauseSettings:
		ctx.Scenes.GoTo(newSettings(ctx, func() Scene { return self }))
	}
	return true
}

// draw draws the open panel over the scene; extra draws the live part
// (the countdown) into the room kept for it.
func (p *pauseMenu) draw(dst *ebiten.Image, u *UI, extra func(rect)) {
	if !p.open || p.main.items == nil {
		return
	}
	if p.asking != pauseResume {
		p.ask.draw(dst, u)
		return
	}
	p.main.draw(dst, u)
	if p.main.extraH > 0 && extra != nil {
		extra(p.main.extraR)
	}
}

// pauseButton is the Pause button at the top right of a run's screens,
// for the mouse; its key cap says Esc works too. In an assessment it is
// called Menu, since the clock does not stop.
func (u *UI) pauseButton(bar *topBar, assess bool) keyButton {
	label := sPauseButton
	if assess {
		label = sDialogueMenu
	}
	b := u.newKeyButton(u.Str.T(label), "Esc", fSmallBold, 0, 0, 0)
	b.r.X = u.W - u.P(28) - b.r.W
	b.r.Y = (bar.h - b.r.H) / 2
	bar.reserve = b.r.W + u.P(16)
	return b
}

// newQuitPanel is the title's question before Esc ends the game.
func newQuitPanel(str *Strings) menuPanel {
	return menuPanel{heading: str.T(sQuitAsk), note: str.T(sQuitNote), items: []menuItem{
		{label: str.T(sQuitStay), key: "Esc", primary: true},
		{label: str.T(sQuitYes), danger: true},
	}}
}
