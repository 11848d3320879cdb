// Package game is the desktop (and browser) front end of Shock Absorber:
// a small scene manager and one scene per screen (title, dialogue,
// feedback, debrief, settings, problems). The rules of a run live in
// package play; scenes only present them.
package game

import (
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// ExitError carries the process exit code for an error that ends the game
// (1: the scenario file is invalid; 2: a choice list that cannot be played).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// Game implements ebiten.Game.
type Game struct {
	opts    Options
	ctx     Context
	scenes  SceneManager
	input   inputReader
	script  *script
	tempDir string
	fatal   error
	// watch reloads the trainer's file when it changes (--watch).
	watch     watcher
	toast     string
	toastInk  color.RGBA
	toastLeft int
	// hooks count frames and keep the clock (assess_hooks.go).
	hooks frameHooks
	// rest decides which frames are painted (rest.go).
	rest restState
	// a11y keeps the browser page's accessible mirror in step (a11y.go).
	a11y a11yBridge
	// Notes are messages for the terminal (unused choices and the like).
	Notes []string
}

// New builds the game from the command-line options: it loads the saves,
// the UI strings and the library, resolves --scenario and, for a scripted
// run, checks the choice list before any window opens.
func New(opts Options) (*Game, error) {
	applyPlatform(&opts) // the browser page's mode and assessment
	g := &Game{opts: opts}
	g.rest.drawnGen = -1
	dir := opts.ConfigDir
	if opts.Scripted() && dir == "" {
		// A scripted run must never touch the player's real saves.
		tmp, err := os.MkdirTemp("", "shockabsorber-*")
		if err == nil {
			dir, g.tempDir = tmp, tmp
		}
	}
	var saves *Saves
	if st, err := newStorage(dir); err == nil {
		saves = openSaves(st)
	} else {
		saves = openSaves(&memStorage{})
		saves.Err = err
	}
	if opts.Lang != "" {
		saves.Data.Settings.Lang = opts.Lang
	} else if saves.Data.Settings.Lang == "" {
		saves.Data.Settings.Lang = defaultLanguage()
	}
	str, err := LoadStrings(saves.Data.Settings.Lang)
	if err != nil {
		return nil, err
	}
	ui := NewUI(str)
	ui.SetFontScale(saves.Data.Settings.FontScale)
	g.ctx = Context{Scenes: &g.scenes, UI: ui, Saves: saves, Library: newLibrary(opts), Mode: opts.Mode, Scripted: opts.Scripted()}
	if opts.Mode == Practice {
		g.ctx.Team = newTeamSync(saves)
	}
	g.hooks.init(&g.ctx, opts.Scripted())
	if !opts.Scripted() {
		g.a11y.port = newA11yPort()
	}

	var first Scene
	var sc *scenarios.Scenario
	if opts.Scenario != "" {
		var diags scenarios.Diagnostics
		sc, diags = g.ctx.Library.Resolve(opts.Scenario)
		if sc == nil {
			exit := &ExitError{Code: 1, Err: diags}
			if opts.Scripted() && opts.Screenshot == "" && opts.ScreenshotEach == "" {
				return nil, exit
			}
			// Show the messages on screen; a scripted run screenshots
			// them and then exits with code 1.
			first = newProblems(&g.ctx, opts.Scenario, diags)
			if opts.Scripted() {
				g.script = newScript(opts, exit)
			}
		} else if g.ctx.Library.ByID(sc.ID) != sc {
			g.ctx.Library.Trainer = sc
		}
	}
	if sc != nil && opts.HasChoose {
		_, extra, err := play.Replay(sc, opts.Choose)
		if err != nil {
			return nil, &ExitError{Code: 2, Err: fmt.Errorf("%s: %w", sc.File, err)}
		}
		if extra > 0 {
			g.Notes = append(g.Notes, fmt.Sprintf("note: the run ended after %d choice(s); the last %d given were not used", len(opts.Choose)-extra, extra))
		}
	}
	if first == nil && opts.Mode == Assessment {
		first = newAssessLoad(&g.ctx, opts).firstScene(&g.ctx)
	}
	if first == nil && opts.Team != "" && g.ctx.Team != nil && !alreadyJoined(saves.Data.Team, opts.Team) {
		// --team, or the browser's /play/?team=: the team's consent
		// screen first, then the library.
		ctx := &g.ctx
		first = newTeamFromLink(ctx, opts.Team, func() Scene { return newTitle(ctx, sc) })
	}
	if first == nil {
		first = newTitle(&g.ctx, sc)
	}
	if opts.Scripted() && g.script == nil {
		g.script = newScript(opts, nil)
	}
	if opts.Watch {
		w, err := newWatcher(opts.Scenario)
		if err != nil {
			return nil, &ExitError{Code: 2, Err: fmt.Errorf("--watch %s: %w", opts.Scenario, err)}
		}
		g.watch = w
	}
	g.scenes.GoTo(first)
	return g, nil
}

// SetupWindow applies the window options; call before ebiten.RunGame.
func (g *Game) SetupWindow() {
	ebiten.SetWindowTitle(g.ctx.UI.Str.T(sAppTitle))
	ebiten.SetWindowSize(g.opts.Width, g.opts.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowSizeLimits(480, 400, -1, -1)
	if g.ctx.Saves.Data.Settings.Fullscreen && !g.opts.Scripted() {
		ebiten.SetFullscreen(true)
	}
	// The last frame stays on screen: Draw paints only what changed
	// (rest.go).
	ebiten.SetScreenClearedEveryFrame(false)
}

// RunOptions are the options to run the game with. The game calls
// Ebitengine only from Update, Draw and Layout (its goroutines, a network
// request or a file watch, hand their results over by channel), so it runs
// in Ebitengine's single-thread mode: no hand-over between threads on
// every tick, which is most of what a resting game costs.
func (g *Game) RunOptions() *ebiten.RunGameOptions {
	return &ebiten.RunGameOptions{SingleThread: true}
}

// Close removes the temporary save folder of a scripted run and stops
// watching files.
func (g *Game) Close() {
	if g.watch != nil {
		g.watch.Close()
	}
	if g.tempDir != "" {
		os.RemoveAll(g.tempDir)
	}
}

// Update reads the input once and runs a tick with it.
func (g *Game) Update() error {
	if g.fatal != nil {
		return g.fatal
	}
	return g.tick(g.input.read())
}

// tick runs one tick with the player's intents: the script (if any)
// replaces them with its own, then the current scene runs.
func (g *Game) tick(in Intents) error {
	if g.script != nil {
		in = Intents{}
		if err := g.script.drive(&g.ctx, &in); err != nil {
			return err
		}
	} else {
		if in.Fullscreen {
			s := &g.ctx.Saves.Data.Settings
			s.Fullscreen = !s.Fullscreen
			g.ctx.ApplySettings()
		}
		if fsys := ebiten.DroppedFiles(); fsys != nil && g.opts.Mode != Assessment && !inCourse() {
			g.openDropped(fsys)
		}
	}
	if g.watch != nil && g.watch.Changed() {
		g.reload()
	}
	if g.toastLeft > 0 {
		g.toastLeft--
		if g.toastLeft < toastFadeFrames {
			g.rest.dirty = true // fading out, then gone
		}
	}
	g.a11y.act(&g.ctx, &in)
	g.ctx.ReduceMotion = reducedMotion()
	g.scenes.instant = g.ctx.ReduceMotion
	g.ctx.Input = in
	if g.ctx.Team != nil {
		g.ctx.Team.pump(time.Now())
	}
	err := g.scenes.Update(&g.ctx)
	g.rest.note(&in, &g.scenes)
	if err != nil {
		return err
	}
	g.hooks.afterUpdate(&g.ctx)
	g.a11y.publish(&g.ctx, &in)
	if g.ctx.Quit {
		return ebiten.Termination
	}
	return nil
}

// openDropped offers a dropped scenario file on the title screen, or shows
// why it cannot be played.
func (g *Game) openDropped(fsys fs.FS) {
	sc, diags, name, found := LoadDropped(fsys)
	if !found {
		return
	}
	if sc == nil {
		g.scenes.GoTo(newProblems(&g.ctx, name, diags))
		return
	}
	g.ctx.Library.Trainer = sc
	g.scenes.GoTo(newTitle(&g.ctx, sc))
}

// Draw draws the current scene, then lets the script take a screenshot.
// When nothing changed since the last frame it paints nothing: the last
// picture is still on screen (rest.go).
func (g *Game) Draw(screen *ebiten.Image) {
	if !g.rest.needsDraw(g.ctx.UI.Gen, g.script != nil && g.script.shotDue()) {
		return
	}
	g.scenes.Draw(screen, g.ctx.UI)
	g.drawToast(screen)
	if g.script != nil {
		if err := g.script.afterDraw(screen); err != nil {
			g.fatal = err
		}
	}
}

// Layout renders at device pixels, so text is crisp on high-density
// screens, and tells the UI the size to lay scenes out for.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	w, h := int(float64(outsideWidth)*s), int(float64(outsideHeight)*s)
	g.ctx.UI.Resize(w, h, s)
	return w, h
}

// ApplySettings puts the saved settings into effect and saves them.
func (ctx *Context) ApplySettings() {
	s := ctx.Saves.Data.Settings
	if s.Lang != ctx.UI.Str.Lang {
		if str, err := LoadStrings(s.Lang); err == nil {
			ctx.UI.SetStrings(str)
			ebiten.SetWindowTitle(str.T(sAppTitle))
		}
	}
	ctx.UI.SetFontScale(s.FontScale)
	if !ctx.Scripted && ebiten.IsFullscreen() != s.Fullscreen {
		ebiten.SetFullscreen(s.Fullscreen)
	}
	ctx.Saves.Save()
}

// IsExit reports whether err is a normal end of the game.
func IsExit(err error) bool { return err == nil || errors.Is(err, ebiten.Termination) }
