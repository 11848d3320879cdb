package game

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// dialogue shows one node: who speaks, what they say (typed out), the
// customer's face and mood, and the visible choices as buttons. On an
// ending node the choices give way to a button to the debrief.
type dialogue struct {
	ui   *UI
	run  *play.Run
	node *scenarios.Node
	opts []play.Option // a copy: the run's slice changes on Choose
	mode Mode
	// ending is whether this node ends the run, fixed when the scene is
	// made (the run moves on when a choice is taken).
	ending bool

	speaker   string
	cust      *customerPanel
	mood      float64 // shown mood, easing toward the run's
	reveal    int     // bytes of the text shown so far
	revealAcc float64
	appear    float64 // 0..1 fade-in of the choices once the text is out
	focus     int     // focused choice, -1 for none
	frames    int     // frames since the node appeared
	timeLabel string
	timeShown int
	// drawnClock is what the countdown showed when last drawn: it is
	// redrawn when that changes, not every frame.
	drawnClock countdownLook
	name       string // the screenshot name, "dialogue-" and the node id
	// assessTimer is set in assessment mode (dialogue_assess.go).
	assessTimer

	gen     int
	bar     topBar
	view    rect // scrolling area: speech and choices
	scroll  scroller
	clip    clipper
	speech  rect // relative to the content top
	textB   *Block
	choice  []rect // relative to the content top
	choiceB []*Block
	cont    button
	hintY   float64
	hintB   *Block
	skipB   *Block
}

var badgeLabels = [...]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}

// newDialogue shows the run's current node; fromMood is the mood to ease
// from (the mood before the last choice, or the current one).
func newDialogue(ctx *Context, run *play.Run, fromMood int) *dialogue {
	n := run.Node()
	d := &dialogue{
		ui: ctx.UI, run: run, node: n, mode: ctx.Mode, ending: run.Done(),
		opts:  append([]play.Option(nil), run.Visible()...),
		cust:  newCustomerPanel(ctx.UI.Str, run.Scenario()),
		mood:  float64(fromMood),
		focus: -1, timeShown: -1,
		name: "dialogue-" + n.ID,
	}
	var isCustomer bool
	d.speaker, isCustomer = speakerName(ctx.UI.Str, run.Scenario(), n.Speaker)
	d.cust.dimmed = !isCustomer
	return d
}

// speakerName turns a node's speaker into what the screen shows: the
// customer's name (or "Customer") for the default speaker.
func speakerName(str *Strings, sc *scenarios.Scenario, speaker string) (string, bool) {
	if speaker == "" || speaker == scenarios.DefaultSpeaker {
		if sc.Customer.Name != "" {
			return sc.Customer.Name, true
		}
		return str.T(sDialogueCustomer), true
	}
	return speaker, false
}

func (d *dialogue) revealed() bool { return d.reveal >= len(d.node.Text) }

func (d *dialogue) describe() screenInfo {
	return screenInfo{
		kind: screenDialogue, name: d.name,
		typing: !d.revealed(),
		ready:  d.revealed() && d.appear >= 1 && d.mood == float64(d.run.Mood()),
		ending: d.ending,
	}
}

// animating reports whether the picture moves by itself: the line being
// typed, the choices fading in, the mood meter easing, or the countdown
// showing another second or another pixel of its bar.
func (d *dialogue) animating() bool {
	if !d.revealed() || d.appear < 1 || d.mood != float64(d.run.Mood()) {
		return true
	}
	return d.limit > 0 && d.countdown() != d.drawnClock
}

func (d *dialogue) layout() {
	u := d.ui
	if d.gen == u.Gen && d.textB != nil {
		return
	}
	d.gen = u.Gen
	right := u.Str.F(sDialogueStep, len(d.run.Steps())+1)
	if d.ending {
		right = u.Str.Ending(d.run.Ending())
	}
	right = d.assessBarLabel(u.Str, right)
	d.bar = u.newTopBar(d.run.Scenario().Title, right)
	timer := 0.0
	if d.limit > 0 {
		timer = u.LineH(fSmallBold) + u.P(8)
	}
	d.cust.layout(u, d.bar.h, timer)
	d.view = d.cust.view

	// The scrolling column: speech panel, then the choices or the button.
	w := d.view.W - u.P(8)
	tp := u.P(22)
	d.textB = u.Wrap(d.node.Text, fBody, w-2*tp)
	d.speech = rect{0, 0, w, tp + u.LineH(fSmallBold) + u.P(6) + d.textB.H + tp}
	y := d.speech.H + u.P(18)
	d.choice, d.choiceB = d.choice[:0], d.choiceB[:0]
	badge := u.P(30)
	cp := u.P(14)
	for _, o := range d.opts {
		b := u.Wrap(o.Choice.Text, fBody, w-2*cp-badge-u.P(14))
		h := math.Max(b.H, badge) + 2*cp
		d.choice = append(d.choice, rect{0, y, w, h})
		d.choiceB = append(d.choiceB, b)
		y += h + u.P(10)
	}
	if d.ending {
		d.cont = u.newButton(u.Str.T(sDialogueToDebrief), 0, y, true)
		y += d.cont.r.H + u.P(14)
	}
	d.hintY = y + u.P(4)
	hint := sDialogueHint
	if d.as != nil {
		hint = sAssessKeysHint
	}
	d.hintB = u.Wrap(u.Str.T(hint), fSmall, w)
	d.skipB = u.Wrap(u.Str.T(sDialogueSkipHint), fSmall, w)
	y = d.hintY + math.Max(d.hintB.H, d.skipB.H)
	d.scroll.setContent(y, d.view.H)
}

// contentRect turns a rect relative to the scrolling content into screen
// coordinates.
func (d *dialogue) contentRect(r rect) rect {
	return rect{d.view.X + r.X, d.view.Y + r.Y - d.scroll.off, r.W, r.H}
}

func (d *dialogue) Update(ctx *Context) error {
	d.layout()
	in := &ctx.Input
	d.frames++
	if d.as != nil && d.assessTick(ctx) {
		return nil // time ran out: the assessment moved on
	}
	// Ease the mood toward the run's, about a third of a second.
	target := float64(d.run.Mood())
	d.mood = easeMood(d.mood, target)
	if !d.revealed() {
		// A click or a key completes the line; nothing else happens until
		// the player has seen it all.
		if in.Confirm || in.Click || in.pick > 0 {
			d.reveal = len(d.node.Text)
			return nil
		}
		d.revealAcc += d.typeSpeed(runesPerFrame[ctx.Saves.Data.Settings.TextSpeed])
		if n := int(d.revealAcc); n > 0 {
			d.revealAcc -= float64(n)
			d.reveal = advanceRunes(d.node.Text, d.reveal, n)
		}
		d.scroll.wheel(*in, d.ui)
		return nil
	}
	if d.appear < 1 {
		d.appear = math.Min(1, d.appear+0.125)
	}
	if in.Back && d.as == nil {
		ctx.Scenes.GoTo(newTitle(ctx, d.run.Scenario()))
		return nil
	}
	d.scroll.wheel(*in, d.ui)
	if d.ending {
		if in.Confirm || in.ClickIn(d.contentRect(d.cont.r)) {
			ctx.Scenes.GoTo(newDebrief(ctx, d.run))
		}
		return nil
	}
	for i, r := range d.choice {
		if in.MovedIn(d.contentRect(r)) {
			d.focus = i
		}
		if in.ClickIn(d.contentRect(r)) && r.Y+r.H > d.scroll.off {
			return d.choose(ctx, i)
		}
	}
	if n, ok := in.Picked(); ok && n <= len(d.opts) {
		return d.choose(ctx, n-1)
	}
	switch {
	case in.Down:
		d.focus = min(len(d.opts)-1, d.focus+1)
		d.scroll.show(d.choice[d.focus].Y, d.choice[d.focus].bottom(), d.view.H)
	case in.Up:
		d.focus = max(0, d.focus-1)
		d.scroll.show(d.choice[d.focus].Y, d.choice[d.focus].bottom(), d.view.H)
	case in.Confirm && d.focus >= 0:
		return d.choose(ctx, d.focus)
	}
	return nil
}

// choose takes the i-th visible choice and moves on: to the feedback in
// practice, straight to the next node (or the debrief) in assessment.
func (d *dialogue) choose(ctx *Context, i int) error {
	if d.as != nil {
		return d.assessChoose(ctx, i)
	}
	st, err := d.run.Choose(i)
	if err != nil {
		return err
	}
	switch {
	case ctx.Mode == Practice:
		ctx.Scenes.GoTo(newFeedback(ctx, d.run, st))
	case d.run.WalkedOut():
		ctx.Scenes.GoTo(newDebrief(ctx, d.run))
	default:
		ctx.Scenes.GoTo(newDialogue(ctx, d.run, st.MoodFrom))
	}
	return nil
}

func (d *dialogue) Draw(screen *ebiten.Image) {
	d.layout()
	u := d.ui
	u.Background(screen)
	u.DrawTopBar(screen, &d.bar, colTextDim)

	d.cust.Draw(screen, u, d.mood)
	if d.limit > 0 {
		d.drawCountdown(screen)
	}

	// The scrolling column, clipped only when it does scroll: drawing to
	// the screen itself lets the whole frame batch into fewer commands.
	dst := screen
	if d.scroll.max > 0 {
		dst = d.clip.get(screen, d.view)
	}
	sp := d.contentRect(d.speech)
	u.Panel(dst, sp, colPanelHi)
	tp := u.P(22)
	u.Text(dst, d.speaker, fSmallBold, sp.X+tp, sp.Y+tp, colAccent)
	u.DrawBlock(dst, d.textB, sp.X+tp, sp.Y+tp+u.LineH(fSmallBold)+u.P(6), colText, d.reveal)

	if d.revealed() {
		a := d.appear
		badge := u.P(30)
		cp := u.P(14)
		for i := range d.choice {
			r := d.contentRect(d.choice[i])
			focused := i == d.focus
			fill := colPanel
			if focused {
				u.FillRound(dst, r.inset(-u.P(3)), u.P(15), withAlpha(colAccent, a))
				fill = mix(colPanel, colAccent, 0.12)
			}
			u.FillRound(dst, r, u.P(12), withAlpha(fill, a))
			bc := colPanelHi
			ink := colText
			if focused {
				bc, ink = colAccent, colAccentInk
			}
			bx, by := r.X+cp, r.Y+cp+math.Max(0, (d.choiceB[i].LineH-badge)/2)
			u.Circle(dst, bx+badge/2, by+badge/2, badge/2, withAlpha(bc, a))
			lw := u.LabelW(badgeLabels[i%9], fSmallBold)
			u.Text(dst, badgeLabels[i%9], fSmallBold, bx+(badge-lw)/2, by+(badge-u.LineH(fSmallBold))/2, withAlpha(ink, a))
			u.DrawBlock(dst, d.choiceB[i], bx+badge+u.P(14), r.Y+cp+math.Max(0, (badge-d.choiceB[i].LineH)/2), withAlpha(colText, a), -1)
		}
		if d.ending {
			b := d.cont
			b.r = d.contentRect(b.r)
			u.DrawButton(dst, &b, true)
		} else {
			u.DrawBlock(dst, d.hintB, d.view.X, d.view.Y+d.hintY-d.scroll.off, withAlpha(colTextDim, a), -1)
		}
	} else {
		u.DrawBlock(dst, d.skipB, d.view.X, d.view.Y+d.speech.H+u.P(18)-d.scroll.off, colTextDim, -1)
	}
	u.DrawScrollbar(screen, d.view, &d.scroll)
}

// countdownLook is what the countdown shows: the whole seconds left, the
// bar's length in pixels and its colour band (0 green, 1 amber, 2 red).
type countdownLook struct{ secs, barW, band int }

func (d *dialogue) countdown() countdownLook {
	limit := float64(d.limit)
	left := d.secondsLeft()
	band := 0
	if left < limit/3 {
		band = 2
	} else if left < limit*2/3 {
		band = 1
	}
	return countdownLook{int(math.Ceil(left)), int(d.cust.extraR.W * left / limit), band}
}

// drawCountdown shows the node's time limit running down (assessment
// mode only). What happens at zero belongs to the assessment flow.
func (d *dialogue) drawCountdown(screen *ebiten.Image) {
	u := d.ui
	look := d.countdown()
	d.drawnClock = look
	if look.secs != d.timeShown {
		d.timeShown = look.secs
		d.timeLabel = u.Str.F(sDialogueTimeLeft, look.secs)
	}
	c := [3]color.RGBA{colGood, colWarn, colBad}[look.band]
	r := d.cust.extraR
	u.Text(screen, d.timeLabel, fSmallBold, r.X, r.Y, c)
	by := r.Y + u.LineH(fSmallBold) + u.P(2)
	u.FillRound(screen, rect{r.X, by, r.W, u.P(6)}, u.P(3), colPanelHi)
	u.FillRound(screen, rect{r.X, by, float64(look.barW), u.P(6)}, u.P(3), c)
}
