package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// problems shows why a trainer's file cannot be played: the same messages
// `scenario check` prints, one per line, so the trainer can fix the file
// and drop it again. A broken file never crashes the game.
type problems struct {
	ui    *UI
	file  string
	diags scenarios.Diagnostics
	// watching is set when --watch reloads the file: saving it again is
	// then all it takes.
	watching bool

	gen    int
	bar    topBar
	introB *Block
	lines  []*Block
	ys     []float64
	view   rect
	scroll scroller
	clip   clipper
	back   button
}

func newProblems(ctx *Context, file string, diags scenarios.Diagnostics) *problems {
	return &problems{ui: ctx.UI, file: file, diags: diags}
}

func (p *problems) describe() screenInfo {
	return screenInfo{kind: screenProblems, name: "problems", ready: true}
}

func (p *problems) layout() {
	u := p.ui
	if p.gen == u.Gen && p.introB != nil {
		return
	}
	p.gen = u.Gen
	p.bar = u.newTopBar(u.Str.T(sProblemsHeading), "")
	m := u.P(28)
	colW := math.Min(u.W-2*m, u.P(1000))
	x0 := (u.W - colW) / 2
	y := p.bar.h + u.P(24)
	intro := sProblemsIntro
	if p.watching {
		intro = sProblemsIntroWatch
	}
	p.introB = u.Wrap(u.Str.T(intro), fBody, colW)
	y += p.introB.H + u.P(12)
	p.back = u.newButton(u.Str.T(sProblemsBack), x0, 0, true)
	p.back.r.Y = u.H - p.back.r.H - u.P(20)
	p.view = rect{x0, y, colW + u.P(10), p.back.r.Y - y - u.P(16)}
	p.lines, p.ys = p.lines[:0], p.ys[:0]
	cy := u.P(16)
	for _, d := range p.diags {
		b := u.Wrap(d.String(), fBody, colW-u.P(40))
		p.lines = append(p.lines, b)
		p.ys = append(p.ys, cy)
		cy += b.H + u.P(10)
	}
	p.scroll.setContent(cy+u.P(6), p.view.H)
}

func (p *problems) Update(ctx *Context) error {
	p.layout()
	in := ctx.Input
	p.scroll.wheel(in, p.ui)
	if in.Confirm || in.Back || in.ClickIn(p.back.r) {
		ctx.Scenes.GoTo(newTitle(ctx, nil))
	}
	return nil
}

func (p *problems) Draw(screen *ebiten.Image) {
	p.layout()
	u := p.ui
	u.Background(screen)
	u.DrawTopBar(screen, &p.bar, colTextDim)
	u.DrawBlock(screen, p.introB, p.view.X, p.bar.h+u.P(24), colText, -1)
	u.Panel(screen, rect{p.view.X, p.view.Y, p.view.W - u.P(10), p.view.H}, colPanel)
	dst := p.clip.get(screen, p.view)
	for i, b := range p.lines {
		y := p.view.Y + p.ys[i] - p.scroll.off
		c := colBad
		if p.diags[i].Warning {
			c = colWarn
		}
		u.Circle(dst, p.view.X+u.P(20), y+b.LineH/2, u.P(4), c)
		u.DrawBlock(dst, b, p.view.X+u.P(32), y, colText, -1)
	}
	u.DrawScrollbar(screen, p.view, &p.scroll)
	u.DrawButton(screen, &p.back, true)
}
