package game

import (
	"errors"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/team"
)

// teamPhase is what the team screen shows.
type teamPhase int

const (
	teamPhaseLink    teamPhase = iota // a field for the join link
	teamPhaseLoading                  // reading the team from the panel
	teamPhaseConsent                  // the team, the trainer, what is sent, the name
	teamPhaseProblem                  // the link could not be used
)

// teamScene joins a trainer's team: the join link pasted (Settings →
// Team), or given by --team or the browser's /play/?team=TOKEN; then the
// consent screen, which says which team, which trainer and exactly what
// is sent, and asks for the name to send under. Nothing is sent unless
// the player presses "Send my practice results".
type teamScene struct {
	ui    *UI
	saves *Saves
	back  func() Scene
	// bare accepts a token alone (the browser game served by the panel).
	bare bool

	phase   teamPhase
	fromURL bool // the link came from --team or the page, not the field
	link    team.Link
	info    play.TeamInfo
	field   textField
	err     string
	pending <-chan httpResult
	focus   int // 0: the main button, 1: the other
	frames  int

	gen      int
	card     rect
	pad      float64
	headB    *Block
	bodyB    *Block
	labelY   float64
	fieldR   rect
	hintB    *Block
	errB     *Block
	buttons  [2]keyButton
	nbuttons int
	// scroll moves a card taller than the window (a small window, large
	// text): the wheel, PageUp/PageDown and ↑↓ move it.
	scroll scroller
	view   rect
}

// newTeamJoin opens the screen on the link field.
func newTeamJoin(ctx *Context, back func() Scene) *teamScene {
	t := &teamScene{ui: ctx.UI, saves: ctx.Saves, back: back, bare: isBrowser}
	t.field.max = maxLinkPaste / 4
	return t
}

// newTeamFromLink reads the team of a link given on the command line or
// by the page, and shows its consent screen (or why it cannot).
func newTeamFromLink(ctx *Context, link string, back func() Scene) *teamScene {
	t := newTeamJoin(ctx, back)
	t.fromURL = true
	t.field.set(link)
	t.submitLink()
	return t
}

func (t *teamScene) describe() screenInfo {
	return screenInfo{kind: screenTeam, name: "team-" + [...]string{"link", "loading", "consent", "problem"}[t.phase], ready: t.phase != teamPhaseLoading}
}

func (t *teamScene) animating() bool {
	return t.phase == teamPhaseLoading || ((t.phase == teamPhaseLink || t.phase == teamPhaseConsent) && t.field.animating())
}

func (t *teamScene) setPhase(p teamPhase) {
	t.phase, t.focus, t.gen = p, 0, -1
}

// submitLink reads the link in the field and asks the panel for its team.
func (t *teamScene) submitLink() {
	l, err := team.ParseLink(string(t.field.text), t.bare)
	if err != nil {
		t.fail(t.ui.Str.T(sTeamLinkBad))
		return
	}
	t.link, t.err = l, ""
	t.setPhase(teamPhaseLoading)
	t.pending = startRequest("GET", l.InfoURL(), nil)
}

// fail shows why the link cannot be used: under the field, or on a card
// of its own when the link came from outside.
func (t *teamScene) fail(msg string) {
	t.err = msg
	if t.fromURL {
		t.setPhase(teamPhaseProblem)
		return
	}
	t.setPhase(teamPhaseLink)
}

func (t *teamScene) layout() {
	u := t.ui
	if t.gen == u.Gen && t.headB != nil {
		return
	}
	t.gen = u.Gen
	str := u.Str
	m := u.P(24)
	w := math.Min(u.W-2*m, u.P(760))
	pad := u.P(28)
	if u.W < u.P(700) {
		pad = u.P(20)
	}
	t.pad = pad
	iw := w - 2*pad
	var head, body, label, hint, b0, b1, k1 string
	k1 = "Esc"
	switch t.phase {
	case teamPhaseLink:
		head, body = str.T(sTeamJoinHeading), str.T(sTeamJoinBody)
		label, hint = str.T(sTeamLinkLabel), str.T(sTeamLinkHint)
		b0, b1 = str.T(sTeamContinue), str.T(sTeamCancel)
	case teamPhaseLoading:
		head = str.T(sTeamLoading)
	case teamPhaseConsent:
		head = str.F(sTeamConsentHeading, t.info.Team)
		// The panel names the trainer when it knows their name (a member
		// set up from the command line has none): the line is left out.
		if t.info.Trainer != "" {
			body = str.F(sTeamConsentTrainer, t.info.Trainer) + "\n\n"
		}
		body += str.T(sTeamConsentSent) + "\n\n" + str.T(sTeamConsentSees) + "\n\n" + str.T(sTeamConsentLeave)
		if cur := t.saves.Data.Team; cur != nil && cur.Link.Token != t.link.Token {
			body += "\n\n" + str.F(sTeamConsentSwitch, cur.Team)
		}
		label, hint = str.T(sTeamNameLabel), str.T(sTeamNameHint)
		b0, b1 = str.T(sTeamConsentYes), str.T(sTeamConsentNo)
	case teamPhaseProblem:
		head, body = str.T(sTeamProblemHeading), t.err
		b0, k1 = str.T(sSettingsBack), ""
	}
	t.headB = u.Wrap(head, fH2, iw)
	t.bodyB = nil
	y := pad + t.headB.H
	if body != "" {
		f := fBody
		if u.H < u.P(640) {
			f = fSmall
		}
		t.bodyB = u.Wrap(body, f, iw)
		y += u.P(12) + t.bodyB.H
	}
	if t.phase == teamPhaseLoading {
		y += u.P(20) + u.P(14)
	}
	t.hintB, t.errB = nil, nil
	if label != "" {
		y += u.P(20)
		t.labelY = y
		y += u.LineH(fSmallBold) + u.P(6)
		t.fieldR = rect{pad, y, iw, u.LineH(fBody) + u.P(20)}
		y += t.fieldR.H + u.P(8)
		t.hintB = u.Wrap(hint, fSmall, iw)
		if t.err != "" || t.field.pasteErr != "" {
			e := t.err
			if e == "" {
				e = str.F(sTeamPasteFailed, t.field.pasteErr)
			}
			t.errB = u.Wrap(e, fSmallBold, iw)
			y += t.errB.H + u.P(4)
		}
		y += t.hintB.H
	}
	t.nbuttons = 0
	if b0 != "" {
		y += u.P(20)
		t.buttons[0] = u.newKeyButton(b0, "Enter", fBodyBold, pad, y, 0)
		t.buttons[0].primary = true
		t.nbuttons = 1
		if b1 != "" {
			b := u.newKeyButton(b1, k1, fBodyBold, 0, y, 0)
			b.r.X = t.buttons[0].r.right() + u.P(14)
			if b.r.right() > pad+iw {
				b.r.X, b.r.Y = pad, y+t.buttons[0].r.H+u.P(12)
				y += t.buttons[0].r.H + u.P(12)
			}
			t.buttons[1] = b
			t.nbuttons = 2
		}
		y += t.buttons[0].r.H
	}
	y += pad
	top := u.P(16)
	t.view = rect{0, top, u.W, u.H - 2*top}
	t.scroll.setContent(y, t.view.H)
	t.card = rect{(u.W - w) / 2, math.Max(top, (u.H-y)/2), w, y}
}

// at turns a rect relative to the card into screen coordinates.
func (t *teamScene) at(r rect) rect {
	return rect{t.card.X + r.X, t.card.Y - t.scroll.off + r.Y, r.W, r.H}
}

// hasField reports whether the phase shows a text field.
func (t *teamScene) hasField() bool {
	return t.phase == teamPhaseLink || t.phase == teamPhaseConsent
}

func (t *teamScene) Update(ctx *Context) error {
	t.layout()
	in := ctx.Input
	t.frames++
	if t.pending != nil {
		r, ok := poll(t.pending)
		if !ok {
			return nil
		}
		t.pending = nil
		t.answered(ctx, team.Response{Status: r.Status, Body: r.Body, Err: r.Err})
		return nil
	}
	if t.hasField() {
		before := t.field.pasteErr
		if t.field.update(t.ui, in, t.at(t.fieldR), !ctx.Scripted) || t.field.pasteErr != before {
			if t.phase == teamPhaseLink {
				t.err = ""
			}
			t.gen = -1
		}
	}
	t.scroll.wheel(in, t.ui)
	switch {
	case in.Down:
		t.focus = (t.focus + 1) % max(1, t.nbuttons)
		t.scroll.off = math.Min(t.scroll.max, t.scroll.off+t.ui.P(56))
	case in.Up:
		t.focus = (t.focus + max(1, t.nbuttons) - 1) % max(1, t.nbuttons)
		t.scroll.off = math.Max(0, t.scroll.off-t.ui.P(56))
	}
	for i := 0; i < t.nbuttons; i++ {
		r := t.at(t.buttons[i].r)
		if in.MovedIn(r) {
			t.focus = i
		}
		if in.ClickIn(r) {
			return t.activate(ctx, i)
		}
	}
	// Esc is the other button; Backspace erases in a field.
	escape := in.Back && (!t.hasField() || !in.Erase)
	switch {
	case in.Enter || (!t.hasField() && in.Confirm):
		return t.activate(ctx, t.focus)
	case escape:
		return t.activate(ctx, t.nbuttons-1)
	}
	return nil
}

// answered takes the panel's answer about the team.
func (t *teamScene) answered(ctx *Context, r team.Response) {
	str := t.ui.Str
	info, err := team.ReadInfo(r)
	if err != nil {
		var ae *play.APIError
		switch {
		case errors.As(err, &ae):
			t.fail(str.F(sTeamServerSaid, ae.Message))
		case r.Err != nil:
			t.fail(str.F(sTeamOffline, err.Error()))
		default:
			t.fail(str.F(sTeamServerSaid, err.Error()))
		}
		return
	}
	t.info = info
	t.err = ""
	name := t.saves.Data.LastName
	if cur := t.saves.Data.Team; cur != nil && cur.Name != "" {
		name = cur.Name
	}
	t.field = textField{max: team.MaxNameRunes}
	t.field.set(name)
	t.setPhase(teamPhaseConsent)
}

// activate presses button i.
func (t *teamScene) activate(ctx *Context, i int) error {
	if i < 0 || i >= t.nbuttons {
		return nil
	}
	t.focus = i
	switch {
	case t.phase == teamPhaseLink && i == 0:
		t.submitLink()
	case t.phase == teamPhaseConsent && i == 0:
		name, err := team.CheckName(string(t.field.text))
		if err != nil {
			if strings.TrimSpace(string(t.field.text)) == "" {
				t.err = t.ui.Str.T(sTeamNameNeeded)
			} else {
				t.err = t.ui.Str.F(sTeamNameBad, err.Error())
			}
			t.gen = -1
			return nil
		}
		m, err := team.Join(t.link, t.info, name, ctx.Now())
		if err != nil {
			t.err = err.Error()
			t.gen = -1
			return nil
		}
		memberKey(ctx.Saves)
		ctx.Saves.Data.LastName = name
		t.field.blur()
		if ctx.Team != nil {
			ctx.Team.setMembership(m)
		}
		ctx.Scenes.GoTo(t.back())
	default:
		// Cancel, Not now, Back: nothing is joined, nothing sent.
		t.field.blur()
		ctx.Scenes.GoTo(t.back())
	}
	return nil
}

func (t *teamScene) Draw(screen *ebiten.Image) {
	t.layout()
	u := t.ui
	u.Background(screen)
	card := t.at(rect{0, 0, t.card.W, t.card.H})
	card.X = t.card.X
	u.Panel(screen, card, colPanel)
	pad := t.pad
	x, y := card.X+pad, card.Y+pad
	headC := colAccent
	if t.phase == teamPhaseProblem {
		headC = colBad
	}
	u.DrawBlock(screen, t.headB, x, y, headC, -1)
	y += t.headB.H
	if t.bodyB != nil {
		y += u.P(12)
		u.DrawBlock(screen, t.bodyB, x, y, colText, -1)
		y += t.bodyB.H
	}
	if t.phase == teamPhaseLoading {
		y += u.P(20)
		for i := 0; i < 3; i++ {
			a := 0.35 + 0.65*math.Max(0, math.Sin(float64(t.frames)/9-float64(i)*0.9))
			u.Circle(screen, x+u.P(7)+float64(i)*u.P(22), y+u.P(7), u.P(6), withAlpha(colAccent, a))
		}
	}
	if t.hasField() {
		label := u.Str.T(sTeamLinkLabel)
		if t.phase == teamPhaseConsent {
			label = u.Str.T(sTeamNameLabel)
		}
		u.Text(screen, label, fSmallBold, x, card.Y+t.labelY, colTextDim)
		f := t.at(t.fieldR)
		t.field.draw(u, screen, f, true)
		hy := f.bottom() + u.P(8)
		if t.errB != nil {
			u.DrawBlock(screen, t.errB, f.X, hy, colBad, -1)
			hy += t.errB.H + u.P(4)
		}
		u.DrawBlock(screen, t.hintB, f.X, hy, colTextDim, -1)
	}
	for i := 0; i < t.nbuttons; i++ {
		b := t.buttons[i]
		b.r = t.at(b.r)
		u.DrawKeyButton(screen, &b, i == t.focus)
	}
	u.DrawScrollbar(screen, t.view, &t.scroll)
}
