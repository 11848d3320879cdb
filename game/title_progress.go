package game

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// titleProgress is the title's strip about the player's progress: the
// next situation to practise and why (or, before any run, how the history
// starts), and the button to the progress screen with its key, F3. A click
// on the recommendation brings its card into view, focused.
type titleProgress struct {
	head string
	b    *Block
	r    rect
	btn  keyButton
	pick scenarios.Entry // the situation recommended (ID "" for none)
}

// layoutProgress lays the strip out at y across w from x0 and returns the
// y under it.
func (t *title) layoutProgress(x0, y, w float64) float64 {
	u, str := t.ui, t.ui.Str
	p := &t.prog
	p.btn = u.newKeyButton(str.T(sTitleProgress), "F3", fBodyBold, 0, 0, 0)
	pad := u.P(14)
	textW := w - 2*pad - p.btn.r.W - u.P(16)
	p.head = str.T(sProgressNextHeading)
	text, pick := recommend(str, t.lib, t.saves.Data.History)
	p.pick = pick
	if text == "" {
		p.head = str.T(sProgressHeading)
		text = str.T(sProgressEmpty)
	}
	p.b = u.WrapAtMost(text, fSmall, textW, 3)
	h := max(p.btn.r.H, u.LineH(fSmallBold)+u.P(2)+p.b.H) + 2*pad
	p.r = rect{x0, y, w, h}
	p.btn.r.X = x0 + w - pad - p.btn.r.W
	p.btn.r.Y = y + (h-p.btn.r.H)/2
	return y + h + u.P(14)
}

// updateProgress opens the progress screen on F3 or a click on the
// button, and reports whether it did.
func (t *title) updateProgress(ctx *Context) bool {
	in := ctx.Input
	if t.prog.pick.ID != "" && in.ClickIn(t.prog.r) && !in.ClickIn(t.prog.btn.r) {
		t.takeProgress(ctx, true)
		return true
	}
	if !in.Progress && !in.ClickIn(t.prog.btn.r) {
		return false
	}
	t.takeProgress(ctx, false)
	return true
}

// The focus stops above the list, from the top: the recommendation (when
// there is one), the progress button, the language filter (when shown).
const (
	focusPick     = -3
	focusProgress = -2
	focusFilter   = -1
)

// focusTop is the highest focus stop the arrows reach.
func (t *title) focusTop() int {
	switch {
	case t.prog.b != nil && t.prog.pick.ID != "":
		return focusPick
	case t.prog.b != nil:
		return focusProgress
	case len(t.filterR) > 0:
		return focusFilter
	}
	return 0
}

// stepFocus moves the focus d stops (±1) through the strips and the
// cards, skipping the language filter when there is none.
func (t *title) stepFocus(d int) {
	f := t.focus + d
	if f == focusFilter && len(t.filterR) == 0 {
		f += d
	}
	t.focus = max(t.focusTop(), min(f, len(t.cards)-1))
	t.showFocus()
}

// takeProgress follows the recommendation (pick) or opens the progress
// screen, coming back to this title.
func (t *title) takeProgress(ctx *Context, pick bool) {
	if p := t.prog.pick; pick && p.ID != "" {
		// The card of the situation recommended, in its language, focused.
		ctx.Scenes.GoTo(newTitle(ctx, &scenarios.Scenario{ID: p.ID, File: p.File, Language: p.Language}))
		return
	}
	sel := t.sel
	ctx.Scenes.GoTo(newProgress(ctx, func() Scene { return newTitle(ctx, sel) }))
}

func (t *title) drawProgress(dst *ebiten.Image) {
	u, p := t.ui, &t.prog
	if p.b == nil {
		return
	}
	if t.focus == focusPick {
		u.FocusRing(dst, p.r, u.P(10))
	}
	u.FillRound(dst, p.r, u.P(10), colPanel)
	pad := u.P(14)
	u.Text(dst, p.head, fSmallBold, p.r.X+pad, p.r.Y+pad, colAccent)
	u.DrawBlock(dst, p.b, p.r.X+pad, p.r.Y+pad+u.LineH(fSmallBold)+u.P(2), colText, -1)
	u.DrawKeyButton(dst, &p.btn, t.focus == focusProgress)
}
