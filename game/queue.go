package game

// maxQueued bounds the keys kept across a fade: a fifth of a second holds
// a few key presses, not a held key's worth.
const maxQueued = 8

// queueKeys keeps the keyboard part of in (keys and typed characters) for
// after the fade, so a player who presses Enter, or types ahead, while a
// screen fades out and the next fades in does not lose the key. Pointer
// input is not kept: a click or a hover means a place on the screen as it
// looked then, which the next screen does not share.
func (m *SceneManager) queueKeys(in *Intents) {
	k := Intents{Confirm: in.Confirm, Back: in.Back, Up: in.Up, Down: in.Down, Left: in.Left, Right: in.Right,
		Settings: in.Settings, Erase: in.Erase, Enter: in.Enter, pick: in.pick}
	if len(in.Chars) > 0 {
		k.Chars = append([]rune(nil), in.Chars...) // the reader reuses its buffer
	}
	if k.active() && len(m.queued) < maxQueued {
		m.queued = append(m.queued, k)
	}
}

// takeQueued gives the scene the oldest key kept across a fade, one a
// frame, with this frame's pointer input; this frame's own keys join the
// queue behind it, so the order of the presses holds.
func (m *SceneManager) takeQueued(in *Intents) {
	if len(m.queued) == 0 {
		return
	}
	m.queueKeys(in)
	k := m.queued[0]
	m.queued = append(m.queued[:0], m.queued[1:]...)
	k.Click, k.X, k.Y = in.Click, in.X, in.Y
	k.Moved, k.PointerX, k.PointerY, k.Wheel = in.Moved, in.PointerX, in.PointerY, in.Wheel
	*in = k
	m.changed = true
}
