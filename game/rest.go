package game

// The game rests when nothing changes. The screen is not cleared between
// frames (ebiten.SetScreenClearedEveryFrame(false), set in SetupWindow), so
// the last picture stays; Draw paints a new one only when something that
// shows has changed since: the player did something, a scene switched or is
// fading, the window's size, the language or the text size changed (UI.Gen),
// a notice appeared or is fading, a screenshot is due, or the current scene
// says its picture moves by itself (animator).
// When Draw paints nothing, Ebitengine stops presenting frames after a few
// and sleeps between ticks, so a game left on one screen costs next to no
// CPU or battery. Update stays cheap too: scenes lay out only when UI.Gen
// changes, and a quiet frame allocates nothing.

// animator is a scene whose picture changes with no input: text being typed
// out, the choices fading in, the mood meter easing, a countdown, a blinking
// caret, a spinner. animating is called before and after each Update (so
// the step that ends an animation is drawn too) and must be cheap: the
// game redraws the frame when it reports true. A scene that does not
// implement it only changes when the player does something.
type animator interface {
	animating() bool
}

// isAnimating reports whether s says its picture is moving by itself.
func isAnimating(s Scene) bool {
	a, ok := s.(animator)
	return ok && a.animating()
}

// restState decides whether a frame needs painting.
type restState struct {
	// dirty is set when something that shows changed since the last
	// frame painted.
	dirty bool
	// drawnGen is UI.Gen when the last frame was painted: a new size,
	// language or text size is a new picture.
	drawnGen int
	// draws counts the frames painted (the tests read it).
	draws int
}

// note records what this tick brought: any input, or a change in the
// scenes (a switch, a fade, an animation).
func (r *restState) note(in *Intents, scenes *SceneManager) {
	if in.active() || scenes.takeChanged() {
		r.dirty = true
	}
}

// needsDraw reports whether this frame must be painted, and if so takes
// it as painted.
func (r *restState) needsDraw(gen int, force bool) bool {
	if !r.dirty && !force && gen == r.drawnGen {
		return false
	}
	r.dirty, r.drawnGen = false, gen
	r.draws++
	return true
}
