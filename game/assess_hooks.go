package game

import (
	"strings"
	"time"
)

// frameHooks are the per-frame chores around the scenes: counting frames,
// the scripted run's clock, and mirroring the screen into the browser's
// globalThis.shockAbsorberState for tests (see platform_js.go).
type frameHooks struct {
	frames   int
	scripted bool
	clock    time.Time
	web      webState
	lastCur  Scene
	lastKind screenKind
	lastRdy  bool
	state    sceneState
}

// sceneState is what browser tests can read of the screen: the kind of
// scene ("title", "candidate", "dialogue", "submitted"...), the node on a
// dialogue, and in an assessment the file-order index of each choice in
// display order (shown[0] is what key 1 picks).
type sceneState struct {
	scene, node, detail string
	lang                string // the UI language the scene was made in
	shown               []int
	// ready is true once the screen takes input: text typed out, choices
	// shown, no transition running.
	ready bool
}

func (s sceneState) key() string {
	var b strings.Builder
	b.WriteString(s.scene + "\x00" + s.node + "\x00" + s.detail + "\x00" + s.lang)
	if s.ready {
		b.WriteString("\x00ready")
	}
	for _, v := range s.shown {
		b.WriteString("," + itoa(v))
	}
	return b.String()
}

// init sets the context's clock: the wall clock, or in a scripted run one
// that advances exactly a 60th of a second per frame, so recorded timings
// do not depend on the machine.
func (h *frameHooks) init(ctx *Context, scripted bool) {
	h.scripted = scripted
	if scripted {
		h.clock = time.Now()
		ctx.Now = func() time.Time { return h.clock }
	} else {
		ctx.Now = time.Now
	}
}

// afterUpdate runs once a frame after the scenes.
func (h *frameHooks) afterUpdate(ctx *Context) {
	h.frames++
	if h.scripted {
		h.clock = h.clock.Add(time.Second / 60)
	}
	cur := ctx.Scenes.Current()
	d, ok := cur.(describer)
	if !ok {
		return
	}
	info := d.describe()
	ready := info.ready && !ctx.Scenes.Busy()
	if cur != h.lastCur || info.kind != h.lastKind || ready != h.lastRdy {
		h.lastCur, h.lastKind, h.lastRdy = cur, info.kind, ready
		h.state = stateOf(ctx, cur, info)
		h.state.ready = ready
	}
	h.web.publish(h.frames, h.state)
}

func stateOf(ctx *Context, cur Scene, info screenInfo) sceneState {
	st := sceneState{scene: "unknown", lang: ctx.UI.Str.Lang}
	if int(info.kind) < len(screenNames) {
		st.scene = screenNames[info.kind]
	}
	switch s := cur.(type) {
	case *dialogue:
		st.node = s.node.ID
		if s.as != nil {
			st.shown = s.shownFile
		} else {
			for i := range s.opts {
				st.shown = append(st.shown, i+1)
			}
		}
	case *assessTransition:
		st.detail = itoa(s.index+1) + "/" + itoa(len(s.s.list))
	case *assessLoad:
		st.detail = s.errorDetail()
	case *assessSubmit:
		st.detail = s.detail
	}
	if st.shown == nil {
		st.shown = []int{}
	}
	return st
}

// defaultLanguage is the UI language before the player picks one: the
// browser's, or English.
func defaultLanguage() string {
	if l := systemLanguage(); l != "" {
		return l
	}
	return "en"
}

// errorText is the message of an assessment screen that failed.
func errorText(cur Scene) string {
	switch s := cur.(type) {
	case *assessLoad:
		return s.errorDetail()
	case *assessSubmit:
		return s.detail
	}
	return "the assessment stopped"
}
