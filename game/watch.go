package game

import (
	"fmt"
	"image/color"
	"path/filepath"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// watcher tells the game that the scenario file it shows has changed.
type watcher interface {
	Changed() bool
	Close() error
}

// toastFrames is how long a reload notice stays on screen (2.5 s), the
// last toastFadeFrames of it fading out.
const (
	toastFrames     = 150
	toastFadeFrames = 30
)

// reload reads the watched scenario again. A file with errors shows their
// messages, as check prints them, until the next save; a valid one replaces
// the trainer's scenario and the player keeps their place: the same node
// when it still exists, with the choices taken so far replayed.
func (g *Game) reload() {
	name := filepath.Base(g.opts.Scenario)
	sc, diags := scenarios.LoadFile(g.opts.Scenario)
	if sc == nil {
		p := newProblems(&g.ctx, g.opts.Scenario, diags)
		p.watching = true
		g.scenes.GoTo(p)
		g.showToast(fmt.Sprintf(g.ctx.UI.Str.T(sReloadFailed), name), colBad)
		return
	}
	g.ctx.Library.Trainer = sc
	old := g.ctx.Run
	if old == nil || old.Scenario().ID != sc.ID {
		g.ctx.Run = nil
		g.scenes.GoTo(newTitle(&g.ctx, sc))
		g.showToast(fmt.Sprintf(g.ctx.UI.Str.T(sReloaded), name), colGood)
		return
	}
	nodeID := ""
	if n := old.Node(); n != nil {
		nodeID = n.ID
	}
	run, exact := play.Resume(sc, old.Report().Choices, nodeID)
	g.ctx.Run = run
	if run.Done() {
		g.scenes.GoTo(newDebrief(&g.ctx, run))
	} else {
		g.scenes.GoTo(newDialogue(&g.ctx, run, run.Mood()))
	}
	switch {
	case exact:
		g.showToast(fmt.Sprintf(g.ctx.UI.Str.T(sReloaded), name), colGood)
	case run.Node() != nil && run.Node().ID == nodeID:
		g.showToast(fmt.Sprintf(g.ctx.UI.Str.T(sReloadedMoved), name, nodeID), colWarn)
	default:
		g.showToast(fmt.Sprintf(g.ctx.UI.Str.T(sReloadedGone), name, nodeID), colWarn)
	}
	for _, d := range diags {
		g.Notes = append(g.Notes, d.String())
	}
}

func (g *Game) showToast(msg string, ink color.RGBA) {
	g.toast, g.toastInk, g.toastLeft = msg, ink, toastFrames
	g.rest.dirty = true
}

// drawToast shows the reload notice near the top right, fading out.
func (g *Game) drawToast(screen *ebiten.Image) {
	if g.toastLeft <= 0 {
		return
	}
	u := g.ctx.UI
	a := min(1, float64(g.toastLeft)/toastFadeFrames)
	w := u.TextW(g.toast, fSmallBold) + u.P(28)
	h := u.LineH(fSmallBold) + u.P(18)
	// Top right, just under where the scenes' top bars end: scene titles
	// stay readable and no button sits there.
	r := rect{u.W - w - u.P(20), u.P(84), w, h}
	u.FillRound(screen, r, u.P(8), withAlpha(colPanelHi, 0.96*a))
	u.FillRect(screen, rect{r.X, r.Y, u.P(4), r.H}, withAlpha(g.toastInk, a))
	u.Text(screen, g.toast, fSmallBold, r.X+u.P(14), r.Y+u.P(9), withAlpha(colText, a))
}
