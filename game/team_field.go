package game

import (
	"image"
	"math"
	"strings"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/exp/textinput"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// textField is a one-line text field of the team screens (the join link,
// the name): typed keys, an input method's text, Backspace, and a paste
// (Ctrl+V, or Cmd+V on a Mac). It draws the end of a long text, as a
// field scrolls, and a caret that blinks for a while after the last key.
type textField struct {
	text    []rune
	max     int
	ime     textinput.Field
	compose string
	fb      fallbackText
	frames  int
	typedAt int
	changed bool
	drawn   bool // the caret showed in the last frame drawn
	// pasteErr is why the last paste failed ("" when it worked).
	pasteErr string
	// pasted is the text last pasted and keyAt the frame of the last
	// Ctrl+V: in the browser a paste may come twice, read from the
	// clipboard and as the field's own input, and is taken once.
	pasted string
	keyAt  int
}

// pasteWindow is how long after Ctrl+V a second copy of the same paste
// is dropped (a second and a half).
const pasteWindow = 90

// paste adds a text pasted after Ctrl+V, unless it came already.
func (f *textField) paste(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || (f.keyAt > 0 && s == f.pasted && f.frames-f.keyAt < pasteWindow) {
		return false
	}
	f.pasted = s
	return f.add([]rune(s))
}

// pasteKeys reports whether Ctrl+V (Cmd+V) was pressed this frame.
func pasteKeys() bool {
	mod := ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
	return mod && inpututil.IsKeyJustPressed(ebiten.KeyV)
}

// modifierHeld reports whether Ctrl or Cmd is held: the characters of a
// shortcut are not text.
func modifierHeld() bool {
	return ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
}

func (f *textField) set(s string) {
	f.text = f.text[:0]
	f.add([]rune(s))
}

// add appends what may be typed of rs: printable characters, one space at
// a time, up to max.
func (f *textField) add(rs []rune) bool {
	changed := false
	for _, r := range rs {
		if r == '\n' || r == '\t' || r == '\r' {
			r = ' '
		}
		if len(f.text) < f.max && unicode.IsPrint(r) && !(r == ' ' && (len(f.text) == 0 || f.text[len(f.text)-1] == ' ')) {
			f.text = append(f.text, r)
			changed = true
		}
	}
	return changed
}

// update takes this frame's typing into the field at screen rect r and
// reports whether the text changed. real is false for intents made by a
// script or the accessible view: the keyboard is not read then.
func (f *textField) update(u *UI, in Intents, r rect, real bool) bool {
	f.frames++
	changed := false
	var committed string
	if real {
		f.ime.Focus()
		s := 1.0
		if d := ebiten.Monitor().DeviceScaleFactor(); d > 0 {
			s = d
		}
		lh := u.LineH(fBody)
		x, y := int((r.X+u.P(14))/s), int((r.Y+(r.H-lh)/2)/s)
		f.ime.HandleInputWithBounds(image.Rect(x, y, x+1, y+int(lh/s)))
		committed = f.ime.Text()
		if committed != "" {
			f.ime.SetTextAndSelection("", 0, 0)
			f.changed = true
		}
		if c := f.ime.TextForRendering(); c != f.compose {
			f.compose, f.changed = c, true
		}
		if pasteKeys() {
			f.keyAt, f.pasted, f.pasteErr = f.frames, "", ""
			if s, err := readClipboard(); err != nil {
				f.pasteErr = err.Error()
				f.changed = true
			} else if s != "" {
				changed = f.paste(s) || changed
			}
		}
		if s := pollPaste(); s != "" {
			changed = f.paste(s) || changed
		}
	}
	switch {
	case len(in.Chars) > 0 && !(real && modifierHeld()):
		changed = f.add(in.Chars) || changed
	case committed != "" && f.keyAt > 0 && f.frames-f.keyAt < pasteWindow:
		changed = f.paste(committed) || changed // the browser's own paste
	case committed != "":
		changed = f.add([]rune(committed)) || changed
	}
	if in.Erase && len(f.text) > 0 {
		f.text = f.text[:len(f.text)-1]
		changed = true
	}
	if changed {
		f.changed = true // drawn at once, even with no key this frame (a paste read later)
	}
	if in.active() || f.changed {
		f.typedAt = f.frames
	}
	return changed
}

func (f *textField) blur() { f.ime.Blur() }

func (f *textField) caretOn() bool {
	t := f.frames - f.typedAt
	return t >= caretBlinkFrames || (t/30)%2 == 0
}

func (f *textField) animating() bool { return f.changed || f.caretOn() != f.drawn }

// draw paints the field in r.
func (f *textField) draw(u *UI, screen *ebiten.Image, r rect, focused bool) {
	f.fb.trim()
	ring := colPanelLine
	if focused {
		ring = colAccent
	}
	u.FillRound(screen, r.inset(-u.P(2)), u.P(11), ring)
	u.FillRound(screen, r, u.P(10), colBgBottom)
	maxW := r.W - u.P(36)
	if f.compose != "" {
		maxW -= f.fb.width(u, f.compose, fBody) + u.P(2)
	}
	rs := f.text
	for len(rs) > 0 && f.fb.width(u, string(rs), fBody) > maxW {
		rs = rs[1:]
	}
	shown := string(rs)
	tx, ty := r.X+u.P(14), r.Y+(r.H-u.LineH(fBody))/2
	f.fb.draw(u, screen, shown, fBody, tx, ty, colText)
	cx := tx + f.fb.width(u, shown, fBody) + u.P(2)
	if f.compose != "" {
		f.fb.draw(u, screen, f.compose, fBody, cx, ty, colAccent)
		cw := f.fb.width(u, f.compose, fBody)
		u.FillRect(screen, rect{cx, ty + u.LineH(fBody) - u.P(3), cw, math.Max(1, u.P(1.5))}, colAccent)
		cx += cw + u.P(2)
	}
	f.changed, f.drawn = false, focused && f.caretOn()
	if f.drawn {
		u.FillRect(screen, rect{cx, ty + u.P(3), math.Max(1, u.P(2)), u.LineH(fBody) - u.P(6)}, colAccent)
	}
}

// maxLinkPaste bounds what a paste reads (a join link is well under it).
const maxLinkPaste = 4096
