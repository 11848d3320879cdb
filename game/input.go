package game

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// Intents is what the player asked for this frame, whatever the device:
// keys, mouse and touch all map onto it. Scenes read only this, so the
// scripted player can drive the real scenes by filling one in.
type Intents struct {
	Confirm, Back         bool
	Up, Down, Left, Right bool
	// Settings asks for the settings screen (F2, S on the title).
	Settings bool
	// Progress asks for the progress screen (F3).
	Progress bool
	// Fullscreen toggles fullscreen (F11).
	Fullscreen bool
	// Chars are the characters typed this frame (accents and all) and
	// Erase a backspace, with key repeat, for text fields. Enter is the
	// Enter key alone: in a text field Space is a character, not Confirm.
	Chars []rune
	Erase bool
	Enter bool
	pick  int // 1-based choice number, 0 for none

	// Click is a primary press (mouse button or touch) at (X, Y) in device
	// pixels. Moved reports that the pointer moved this frame to
	// (PointerX, PointerY): scenes then move their focus under it, so mouse
	// hover and keyboard focus are one highlight.
	Click              bool
	X, Y               float64
	Moved              bool
	PointerX, PointerY float64
	// Wheel is the vertical scroll this frame in wheel notches (a touch
	// drag is converted to notches too); positive scrolls the content up.
	Wheel float64
}

// Picked returns the 1-based choice the player picked with a number key.
func (in Intents) Picked() (int, bool) { return in.pick, in.pick > 0 }

// Pick sets the picked choice (1-based); used by the scripted player.
func (in *Intents) Pick(n int) { in.pick = n }

// active reports whether the player did anything this frame: a key, a
// typed character, a click, a wheel notch or a pointer move. A frame with
// no input and nothing moving on screen is not redrawn (rest.go).
func (in *Intents) active() bool {
	return in.Confirm || in.Back || in.Up || in.Down || in.Left || in.Right ||
		in.Settings || in.Progress || in.Fullscreen || len(in.Chars) > 0 || in.Erase || in.Enter ||
		in.pick != 0 || in.Click || in.Moved || in.Wheel != 0
}

// ClickIn reports whether the player clicked inside r.
func (in Intents) ClickIn(r rect) bool { return in.Click && r.contains(in.X, in.Y) }

// MovedIn reports whether the pointer moved this frame and is inside r.
func (in Intents) MovedIn(r rect) bool { return in.Moved && r.contains(in.PointerX, in.PointerY) }

// inputReader turns device state into Intents once per frame. It keeps its
// buffers so reading input allocates nothing.
type inputReader struct {
	touches  []ebiten.TouchID
	dragID   ebiten.TouchID
	dragging bool
	dragY    int
	dragged  bool
	lastX    int
	lastY    int
	// seen is set after the first read: the pointer's first position is
	// where it already was, not a move (a move focuses what is under it).
	seen  bool
	chars []rune
}

var numberKeys = [9][2]ebiten.Key{
	{ebiten.Key1, ebiten.KeyNumpad1}, {ebiten.Key2, ebiten.KeyNumpad2}, {ebiten.Key3, ebiten.KeyNumpad3},
	{ebiten.Key4, ebiten.KeyNumpad4}, {ebiten.Key5, ebiten.KeyNumpad5}, {ebiten.Key6, ebiten.KeyNumpad6},
	{ebiten.Key7, ebiten.KeyNumpad7}, {ebiten.Key8, ebiten.KeyNumpad8}, {ebiten.Key9, ebiten.KeyNumpad9},
}

func pressed(keys ...ebiten.Key) bool {
	for _, k := range keys {
		if inpututil.IsKeyJustPressed(k) {
			return true
		}
	}
	return false
}

// read returns this frame's intents.
func (r *inputReader) read() Intents {
	var in Intents
	in.Confirm = pressed(ebiten.KeyEnter, ebiten.KeyNumpadEnter, ebiten.KeySpace)
	in.Enter = pressed(ebiten.KeyEnter, ebiten.KeyNumpadEnter)
	r.chars = ebiten.AppendInputChars(r.chars[:0])
	in.Chars = r.chars
	// Backspace repeats when held: after a third of a second, 15 a second.
	if d := inpututil.KeyPressDuration(ebiten.KeyBackspace); d == 1 || (d > 20 && d%4 == 0) {
		in.Erase = true
	}
	in.Back = pressed(ebiten.KeyEscape, ebiten.KeyBackspace)
	in.Up = pressed(ebiten.KeyArrowUp)
	in.Down = pressed(ebiten.KeyArrowDown, ebiten.KeyTab)
	in.Left = pressed(ebiten.KeyArrowLeft)
	in.Right = pressed(ebiten.KeyArrowRight)
	in.Settings = pressed(ebiten.KeyF2)
	in.Progress = pressed(ebiten.KeyF3)
	in.Fullscreen = pressed(ebiten.KeyF11)
	for i, k := range numberKeys {
		if pressed(k[0], k[1]) {
			in.pick = i + 1
		}
	}
	if pressed(ebiten.KeyPageDown) {
		in.Wheel -= 5
	}
	if pressed(ebiten.KeyPageUp) {
		in.Wheel += 5
	}

	x, y := ebiten.CursorPosition()
	in.Moved = r.seen && (x != r.lastX || y != r.lastY)
	r.lastX, r.lastY, r.seen = x, y, true
	in.PointerX, in.PointerY = float64(x), float64(y)
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		in.Click, in.X, in.Y = true, float64(x), float64(y)
	}
	_, wy := ebiten.Wheel()
	in.Wheel += wy

	// Touch: a tap is a click where the finger lifts, unless the finger
	// moved far enough to be a scroll, which becomes wheel notches.
	r.touches = inpututil.AppendJustPressedTouchIDs(r.touches[:0])
	if len(r.touches) > 0 && !r.dragging {
		r.dragID, r.dragging, r.dragged = r.touches[0], true, false
		_, r.dragY = ebiten.TouchPosition(r.dragID)
	}
	if r.dragging {
		if inpututil.IsTouchJustReleased(r.dragID) {
			r.dragging = false
			if !r.dragged {
				tx, ty := inpututil.TouchPositionInPreviousTick(r.dragID)
				in.Click, in.X, in.Y = true, float64(tx), float64(ty)
				in.Moved, in.PointerX, in.PointerY = true, float64(tx), float64(ty)
			}
		} else {
			_, ty := ebiten.TouchPosition(r.dragID)
			if d := ty - r.dragY; d > 12 || d < -12 || r.dragged {
				r.dragged = true
				in.Wheel += float64(d) / 40
				r.dragY = ty
			}
		}
	}
	return in
}
