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
	log       convLog // what was said so far (convlog.go)
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

	gen  int
	bar  topBar
	view rect // the column right of (or below) the customer
	// list is the scrolling part of view: all of it, or all but the key
	// hint pinned under it when the choices do not fit.
	list    rect
	scroll  scroller
	clip    clipper
	sp      dialogueSpacing
	speech  rect   // relative to the content top
	speakB  *Block // the speaker's name, on one line
	textB   *Block
	choice  []rect // relative to the content top
	choiceB []*Block
	cont    button
	// hintY is the key hint's top: relative to the content top when it
	// follows the choices, on screen when pinned under the list.
	hintY      float64
	hintPinned bool
	hintB      *Block
	skipB      *Block
	// more is the "more below" cue drawn over the list's bottom edge
	// while choices are hidden below it.
	more  chip
	moreR rect // on screen
	fadeH float64
	// pause is the panel Esc, Backspace or the Pause button open
	// (pause.go); pauseB is that button, at the top bar's right.
	pause  pauseMenu
	pauseB keyButton
}

// dialogueSpacing is the room around the speech and the choices, in
// unscaled pixels: the roomy one, and a tighter one used when the choices
// and the key hint would not all show with it.
type dialogueSpacing struct{ speechPad, afterSpeech, choicePad, between float64 }

var (
	roomySpacing = dialogueSpacing{speechPad: 22, afterSpeech: 18, choicePad: 14, between: 10}
	tightSpacing = dialogueSpacing{speechPad: 16, afterSpeech: 10, choicePad: 9, between: 6}
)

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
	d.log = newConvLog(ctx.UI.Str, run)
	var isCustomer bool
	d.speaker, isCustomer = speakerName(ctx.UI.Str, run.Scenario(), n.Speaker)
	d.cust.dimmed = !isCustomer
	courseShown(run)
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
	if d.pause.open {
		// Paused: the line and the meter wait; an assessment's clock
		// does not (pause.go), and the panel shows it.
		return d.limit > 0 && d.countdown() != d.drawnClock
	}
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
	d.pauseB = u.pauseButton(&d.bar, d.as != nil)
	timer := 0.0
	if d.limit > 0 {
		timer = u.LineH(fSmallBold) + u.P(8)
	}
	d.cust.layout(u, d.bar.h, timer)
	d.view = d.cust.view
	d.fitReading()

	// The scrolling column: speech panel, then the choices or the button,
	// then the key hint. When they do not all fit, the spacing tightens
	// first; if the choices still do not fit, the hint is pinned under the
	// list (never scrolled or clipped away) and a cue says there is more.
	w := d.view.W - u.P(8)
	hint := sDialogueHint
	if d.as != nil {
		hint = sAssessKeysHint
	}
	d.hintB = u.Wrap(u.Str.T(hint), fSmall, w)
	d.skipB = u.Wrap(u.Str.T(sDialogueSkipHint), fSmall, w)
	hintH := math.Max(d.hintB.H, d.skipB.H)
	var end float64
	for _, sp := range []dialogueSpacing{roomySpacing, tightSpacing} {
		d.sp = sp
		if end = d.layoutColumn(w); end+u.P(14)+hintH <= d.view.H {
			break
		}
	}
	d.list = d.view
	d.hintPinned = !d.ending && end+u.P(14)+hintH > d.view.H
	content := end + u.P(14) + hintH
	d.hintY = end + u.P(14)
	if d.hintPinned {
		d.list.H = d.view.H - hintH - u.P(10)
		d.hintY = d.list.bottom() + u.P(10)
		content = end + u.P(6)
	}
	d.scroll.setContent(content, d.list.H)
	d.more = u.newChip(u.Str.T(sDialogueMoreBelow), colPanelHi, colAccent)
	d.fadeH = u.P(56)
	cw := d.list.W - u.P(8)
	d.moreR = rect{d.list.X + (cw-d.more.w)/2, d.list.bottom() - d.more.h - u.P(6), d.more.w, d.more.h}
}

// layoutColumn places the speech panel and the choices (or the button to
// the debrief) with the spacing d.sp in a column of width w, and returns
// the bottom of the last one, relative to the content top.
func (d *dialogue) layoutColumn(w float64) float64 {
	u := d.ui
	tp := u.P(d.sp.speechPad)
	d.speakB = u.WrapAtMost(d.speaker, fSmallBold, w-2*tp, 1)
	d.textB = u.Wrap(d.node.Text, fProse, w-2*tp)
	d.speech = rect{0, 0, w, tp + u.LineH(fSmallBold) + u.P(6) + d.textB.H + tp}
	y := d.speech.H + u.P(d.sp.afterSpeech)
	end := d.speech.H
	d.choice, d.choiceB = d.choice[:0], d.choiceB[:0]
	badge := u.P(30)
	cp := u.P(d.sp.choicePad)
	for _, o := range d.opts {
		b := u.Wrap(o.Choice.Text, fProse, w-2*cp-badge-u.P(14))
		h := math.Max(b.H, badge) + 2*cp
		d.choice = append(d.choice, rect{0, y, w, h})
		d.choiceB = append(d.choiceB, b)
		end = y + h
		y += h + u.P(d.sp.between)
	}
	if d.ending {
		d.cont = u.newButton(u.Str.T(sDialogueToDebrief), 0, y, true)
		end = d.cont.r.bottom()
	}
	return end
}

// moreBelow reports whether choices are hidden below the list, once they
// show: the cue is drawn and the hint stays pinned.
func (d *dialogue) moreBelow() bool {
	return d.revealed() && d.scroll.max > 0 && d.scroll.off < d.scroll.max-0.5
}

// contentRect turns a rect relative to the scrolling content into screen
// coordinates.
func (d *dialogue) contentRect(r rect) rect {
	return rect{d.list.X + r.X, d.list.Y + r.Y - d.scroll.off, r.W, r.H}
}

// clickInList reports whether a click landed on the part of r that shows:
// inside the list and not on the "more below" cue.
func (d *dialogue) clickInList(in *Intents, r rect) bool {
	if !in.ClickIn(d.contentRect(r)) || !d.list.contains(in.X, in.Y) {
		return false
	}
	return !(d.moreBelow() && d.moreR.contains(in.X, in.Y))
}

func (d *dialogue) Update(ctx *Context) error {
	d.layout()
	in := &ctx.Input
	d.frames++
	if d.as != nil && d.assessTick(ctx) {
		return nil // time ran out: the assessment moved on
	}
	if d.as == nil && ctx.Now != nil {
		ctx.practice.see(d, ctx.Now()) // decision times, for a team
	}
	if !d.pause.open && in.ClickIn(d.pauseB.r) {
		d.pause.show(ctx.UI.Str, d.as != nil, d.limit > 0)
		return nil
	}
	if d.pause.update(ctx, d, d.run, d.as != nil, d.limit > 0) {
		return nil
	}
	// Ease the mood toward the run's, about a third of a second.
	target := float64(d.run.Mood())
	d.mood = easeMood(d.mood, target)
	if ctx.ReduceMotion {
		d.mood, d.reveal, d.appear = target, len(d.node.Text), 1
	}
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
	if d.moreBelow() && in.ClickIn(d.moreR) {
		// The cue scrolls on by most of a screen.
		d.scroll.off = math.Min(d.scroll.max, d.scroll.off+d.list.H*0.75)
		return nil
	}
	d.scroll.wheel(*in, d.ui)
	if d.ending {
		if in.Confirm || d.clickInList(in, d.cont.r) {
			ctx.Scenes.GoTo(newDebrief(ctx, d.run))
		}
		return nil
	}
	for i, r := range d.choice {
		if in.MovedIn(d.contentRect(r)) && d.list.contains(in.PointerX, in.PointerY) {
			d.focus = i
		}
		if d.clickInList(in, r) {
			return d.choose(ctx, i)
		}
	}
	if n, ok := in.Picked(); ok && n <= len(d.opts) {
		return d.choose(ctx, n-1)
	}
	switch {
	case in.Down:
		d.focus = min(len(d.opts)-1, d.focus+1)
		d.showChoice(d.focus)
	case in.Up:
		d.focus = max(0, d.focus-1)
		d.showChoice(d.focus)
	case in.Confirm && d.focus >= 0:
		return d.choose(ctx, d.focus)
	}
	return nil
}

// showChoice scrolls so that choice i shows whole, clear of the "more
// below" cue (the last one scrolls to the end, where the cue goes).
func (d *dialogue) showChoice(i int) {
	r := d.choice[i]
	ring := d.ui.focusRingW()
	bottom := r.bottom() + ring
	if i < len(d.choice)-1 {
		bottom += d.fadeH
	} else {
		bottom = d.scroll.max + d.list.H
	}
	d.scroll.show(r.Y-ring, bottom, d.list.H)
}

// choose takes the i-th visible choice and moves on: to the feedback in
// practice, straight to the next node (or the debrief) in assessment.
func (d *dialogue) choose(ctx *Context, i int) error {
	if d.as != nil {
		return d.assessChoose(ctx, i)
	}
	if ctx.Now != nil {
		ctx.practice.chose(d, ctx.Now())
	}
	st, err := d.run.Choose(i)
	if err != nil {
		return err
	}
	courseChose(d, st)
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
	u.DrawKeyButton(screen, &d.pauseB, false)

	d.cust.Draw(screen, u, d.mood)
	d.log.Draw(screen, u)
	if d.limit > 0 {
		d.drawCountdown(screen, d.cust.extraR)
	}

	// The scrolling column, clipped only when it does scroll: drawing to
	// the screen itself lets the whole frame batch into fewer commands.
	// The clip leaves room at the left for the focus ring.
	dst := screen
	if d.scroll.max > 0 {
		ring := u.focusRingW()
		dst = d.clip.get(screen, rect{d.list.X - ring, d.list.Y, d.list.W + ring, d.list.H})
	}
	sp := d.contentRect(d.speech)
	u.Panel(dst, sp, colPanelHi)
	tp := u.P(d.sp.speechPad)
	u.DrawBlock(dst, d.speakB, sp.X+tp, sp.Y+tp, colAccent, -1)
	u.DrawBlock(dst, d.textB, sp.X+tp, sp.Y+tp+u.LineH(fSmallBold)+u.P(6), colText, d.reveal)

	if d.revealed() {
		a := d.appear
		badge := u.P(30)
		cp := u.P(d.sp.choicePad)
		for i := range d.choice {
			r := d.contentRect(d.choice[i])
			focused := i == d.focus
			fill := colPanel
			if focused {
				u.FocusRing(dst, r, u.P(12))
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
		} else if d.hintPinned {
			u.DrawBlock(screen, d.hintB, d.view.X, d.hintY, withAlpha(colTextDim, a), -1)
		} else {
			u.DrawBlock(dst, d.hintB, d.list.X, d.list.Y+d.hintY-d.scroll.off, withAlpha(colTextDim, a), -1)
		}
		if d.moreBelow() {
			d.drawMoreBelow(screen, a)
		}
	} else {
		u.DrawBlock(dst, d.skipB, d.list.X, d.list.Y+d.speech.H+u.P(d.sp.afterSpeech)-d.scroll.off, colTextDim, -1)
	}
	u.DrawScrollbar(screen, d.list, &d.scroll)
	d.pause.draw(screen, u, func(r rect) { d.drawCountdown(screen, r) })
}

// drawMoreBelow fades the list's bottom edge into the background and puts
// the "more below ↓" cue on it, at opacity a.
func (d *dialogue) drawMoreBelow(screen *ebiten.Image, a float64) {
	u := d.ui
	r := rect{d.list.X - u.P(4), d.list.bottom() - d.fadeH, d.list.W - u.P(4), d.fadeH}
	bg := func(y float64) color.RGBA { return mix(colBgTop, colBgBottom, y/u.H) }
	u.Gradient(screen, r, withAlpha(bg(r.Y), 0), withAlpha(bg(r.bottom()), 0.96*a))
	c := d.more
	c.fill, c.ink = withAlpha(c.fill, a), withAlpha(c.ink, a)
	u.DrawChip(screen, &c, d.moreR.X, d.moreR.Y)
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

// drawCountdown shows the node's time limit running down in r (assessment
// mode only): under the customer, and inside the pause panel while it is
// open. What happens at zero belongs to the assessment flow.
func (d *dialogue) drawCountdown(screen *ebiten.Image, r rect) {
	u := d.ui
	look := d.countdown()
	d.drawnClock = look
	if look.secs != d.timeShown {
		d.timeShown = look.secs
		d.timeLabel = u.Str.F(sDialogueTimeLeft, look.secs)
	}
	c := [3]color.RGBA{colGood, colWarn, colBad}[look.band]
	u.Text(screen, d.timeLabel, fSmallBold, r.X, r.Y, c)
	by := r.Y + u.LineH(fSmallBold) + u.P(2)
	u.FillRound(screen, rect{r.X, by, r.W, u.P(6)}, u.P(3), colPanelHi)
	w := float64(look.barW)
	if full := d.cust.extraR.W; full > 0 && r.W != full {
		w *= r.W / full // the bar's length is kept for the customer's column
	}
	u.FillRound(screen, rect{r.X, by, w, u.P(6)}, u.P(3), c)
}
