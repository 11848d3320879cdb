package game

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
)

// Scene is one screen of the game. Update reads ctx.Input and may ask
// ctx.Scenes to switch; Draw only paints. A scene gets what it needs when
// it is built and through the Context, never through globals.
type Scene interface {
	Update(ctx *Context) error
	Draw(screen *ebiten.Image)
}

// Mode is how a run is played.
type Mode int

const (
	// Practice shows coaching feedback after every choice.
	Practice Mode = iota
	// Assessment shows node time limits as a countdown and no feedback.
	Assessment
)

// Context is what scenes share: the scene manager, this frame's input, the
// UI, the saves, the library and the current run.
type Context struct {
	Scenes  *SceneManager
	Input   Intents
	UI      *UI
	Saves   *Saves
	Library *Library
	Mode    Mode
	// Run is the session being played, nil on the title screen.
	Run *play.Run
	// Scripted is true when the scripted player drives the game: scenes
	// then never write the player's progress unless told to.
	Scripted bool
	// Quit asks the game to end after this frame.
	Quit bool
	// Assess is the candidate's sitting in assessment mode, nil in practice.
	Assess *assessSession
	// Picker is what the library's picker keeps between visits: the
	// language filter, the language picked on each card.
	Picker pickerState
	// Now is the clock decisions are timed with: the wall clock, or one
	// that advances a 60th of a second per frame in a scripted run.
	Now func() time.Time
	// ReduceMotion is set when the player asked for less motion (the
	// browser's prefers-reduced-motion): lines show whole, meters and
	// choices appear at once, screens switch without a fade.
	ReduceMotion bool
	// Team sends finished practice runs to the player's team (team.go).
	Team *teamSync
	// practice times the decisions of the practice run on screen.
	practice practiceClock
}

// screenKind tells the scripted player what a scene is and how to drive it.
type screenKind int

const (
	screenTitle screenKind = iota
	screenDialogue
	screenFeedback
	screenDebrief
	screenSettings
	screenProblems
	screenLoading    // fetching an assessment's configuration
	screenCandidate  // the candidate types a name
	screenTransition // between two scenarios of an assessment
	screenSubmitting // sending the answers
	screenSubmitted  // the answers were received
	screenError      // an assessment cannot go on (a dead link, a failed send)
	screenTeam       // joining a trainer's team: the link, the consent
)

// screenNames are the kinds as browser tests see them
// (globalThis.shockAbsorberState.scene).
var screenNames = [...]string{
	screenTitle: "title", screenDialogue: "dialogue", screenFeedback: "feedback",
	screenDebrief: "debrief", screenSettings: "settings", screenProblems: "problems",
	screenLoading: "loading", screenCandidate: "candidate", screenTransition: "transition",
	screenSubmitting: "submitting", screenSubmitted: "submitted", screenError: "error",
	screenTeam: "team",
}

// screenInfo describes the scene for the scripted player: its kind, a name
// for the screenshot file and whether it has settled (text fully revealed,
// animations done) so a screenshot shows what a player would read.
type screenInfo struct {
	kind  screenKind
	name  string
	ready bool
	// typing is true while text is still being typed out.
	typing bool
	// ending is true on a dialogue showing an ending node.
	ending bool
}

type describer interface{ describe() screenInfo }

// fadeFrames is the length of each half of a scene switch: a short fade
// out, the switch, a short fade in (about a fifth of a second in all).
const fadeFrames = 7

// SceneManager holds the current scene and fades between scenes.
type SceneManager struct {
	cur, next Scene
	fade      int // frames left in the transition, 2*fadeFrames down to 0
	// changed is set when what the scenes show may have changed with no
	// input: a switch, a fade step, a scene animating (rest.go).
	changed bool
	// queued are the keys pressed during a fade, for after it (queue.go).
	queued []Intents
	// instant switches without a fade (reduced motion).
	instant bool
}

// GoTo asks to switch to s with a fade. The first scene shows at once.
func (m *SceneManager) GoTo(s Scene) {
	m.changed = true
	if m.cur == nil || m.instant {
		m.cur, m.next, m.fade = s, nil, 0
		return
	}
	m.next = s
	m.fade = 2 * fadeFrames
}

// takeChanged reports whether the scenes changed since it was last called.
func (m *SceneManager) takeChanged() bool {
	c := m.changed
	m.changed = false
	return c
}

// Current returns the scene on screen.
func (m *SceneManager) Current() Scene { return m.cur }

// Busy reports whether a transition is under way.
func (m *SceneManager) Busy() bool { return m.fade > 0 }

// Update runs the current scene, or the transition.
func (m *SceneManager) Update(ctx *Context) error {
	if m.fade > 0 {
		m.changed = true
		m.fade--
		if m.fade == fadeFrames && m.next != nil {
			m.cur, m.next = m.next, nil
		}
		// The keys pressed meanwhile wait for the end of the fade.
		m.queueKeys(&ctx.Input)
		if m.fade > fadeFrames {
			return nil
		}
		// Fading in: the new scene animates but takes no input yet.
		ctx.Input = Intents{}
	} else {
		m.takeQueued(&ctx.Input)
	}
	if m.cur == nil {
		return nil
	}
	cur := m.cur
	// Asked before and after: the Update that ends an animation changes
	// the picture one last time.
	if isAnimating(cur) {
		m.changed = true
	}
	err := cur.Update(ctx)
	if isAnimating(cur) {
		m.changed = true
	}
	return err
}

// Draw draws the current scene and the fade over it.
func (m *SceneManager) Draw(screen *ebiten.Image, ui *UI) {
	if m.cur != nil {
		m.cur.Draw(screen)
	}
	if m.fade > 0 {
		a := float64(m.fade-fadeFrames) / fadeFrames
		if m.fade <= fadeFrames {
			a = float64(m.fade) / fadeFrames
		} else {
			a = 1 - a
		}
		ui.FillRect(screen, rect{0, 0, ui.W, ui.H}, withAlpha(colBgBottom, a))
	}
}
