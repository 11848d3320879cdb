package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
)

// readingChars is the longest line of prose the dialogue shows, in
// average characters: about 70 reads comfortably (much longer lines make
// the eye lose its place on the way back).
const readingChars = 70

// proseCharW is the average advance of a character of prose in style f,
// measured on an ordinary sentence (cached by the grapheme widths).
func (u *UI) proseCharW(f FaceID) float64 {
	const sample = "I understand. Your reference is BL-48213, and billing handles it today."
	return u.LabelW(sample, f) / float64(len(sample))
}

// readingW is the widest a column of prose panels gets: readingChars
// characters of prose, the panels' padding and the scrollbar's room.
func (u *UI) readingW() float64 {
	return math.Round(readingChars*u.proseCharW(fProse)) + u.P(2*roomySpacing.speechPad) + u.P(8)
}

// logEntry is one thing said: by whom, and what.
type logEntry struct {
	who    string
	text   string
	player bool
}

// convLog is the conversation so far, shown in the dialogue's free space
// at wide sizes: each line the player has answered and each answer,
// newest at the bottom, as many as fit.
type convLog struct {
	entries []logEntry
	r       rect // the panel on screen; zero when the log is not shown
	title   string
	// heading is the title as shown: with "… " when older entries are
	// left out.
	heading string
	// shown are the entries' blocks that fit, oldest first, and their
	// names' blocks.
	whoB  []*Block
	textB []*Block
	// cut is whether older entries were left out.
	cut bool
}

// newConvLog collects what was said before the run's current node.
func newConvLog(str *Strings, run *play.Run) convLog {
	var l convLog
	sc := run.Scenario()
	for _, st := range run.Steps() {
		n := sc.Node(st.Node)
		if n == nil {
			continue
		}
		who, _ := speakerName(str, sc, n.Speaker)
		l.entries = append(l.entries, logEntry{who: who, text: n.Text})
		answer := st.Text
		if st.TimedOut {
			answer = str.T(sDialogueLogNoAnswer)
		}
		l.entries = append(l.entries, logEntry{who: str.T(sDialogueLogYou), text: answer, player: true})
	}
	l.title = str.T(sDialogueLogTitle)
	return l
}

// fitReading caps the dialogue's column near readingChars characters and
// places the log in the room that frees, or under the customer's card:
// on the right when there are at least 250 units there, under the card
// when the card is a column with room below it. On a narrow screen
// neither fits and the log is not shown.
func (d *dialogue) fitReading() {
	u := d.ui
	d.log.r = rect{}
	full := d.view.W
	// The narrowest of about 70, 80 and 90 characters with which the
	// line and the choices show whole; the whole width when none does.
	for _, chars := range []float64{readingChars, readingChars + 10, readingChars + 20} {
		if d.view.W = math.Min(full, u.readingW()*chars/readingChars); d.view.W >= full || d.columnFits() {
			break
		}
	}
	if !d.columnFits() {
		d.view.W = full
	}
	if len(d.log.entries) == 0 {
		return
	}
	m := u.P(28)
	if free := u.W - m - d.view.right() - u.P(16); free >= u.P(250) {
		d.log.r = rect{d.view.right() + u.P(16), d.view.Y, free, d.view.H}
	} else if side := d.cust.side; d.cust.view.X > side.right() {
		top := side.bottom() + u.P(16)
		if h := u.H - u.P(12) - top; h >= u.P(130) {
			d.log.r = rect{side.X, top, side.W, h}
		}
	}
	if d.log.r.W > 0 {
		d.log.layout(u)
	}
}

// columnFits reports whether the dialogue's line, its choices and the
// key hint show whole in the current view with the tighter spacing, as
// the dialogue's layout would lay them out.
func (d *dialogue) columnFits() bool {
	u := d.ui
	sp := d.sp
	d.sp = tightSpacing
	w := d.view.W - u.P(8)
	end := d.layoutColumn(w)
	d.sp = sp
	hintH := u.Wrap(u.Str.T(sDialogueHint), fSmall, w).H
	return end+u.P(14)+hintH <= d.view.H
}

// layout wraps the newest entries that fit in the log's rect, and shrinks
// the rect to them.
func (l *convLog) layout(u *UI) {
	pad := u.P(14)
	w := l.r.W - 2*pad
	head := u.LineH(fSmallBold) + u.P(8)
	room := l.r.H - 2*pad - head
	l.whoB, l.textB, l.cut = l.whoB[:0], l.textB[:0], false
	used := 0.0
	first := len(l.entries)
	for i := len(l.entries) - 1; i >= 0; i-- {
		e := l.entries[i]
		who := u.WrapAtMost(e.who, fSmallBold, w, 1)
		tb := u.WrapAtMost(e.text, fProseSmall, w, 4)
		h := who.H + tb.H + u.P(10)
		if used+h > room {
			l.cut = true
			break
		}
		used += h
		first = i
	}
	if first == len(l.entries) {
		l.r = rect{}
		return
	}
	for _, e := range l.entries[first:] {
		l.whoB = append(l.whoB, u.WrapAtMost(e.who, fSmallBold, w, 1))
		l.textB = append(l.textB, u.WrapAtMost(e.text, fProseSmall, w, 4))
	}
	l.cut = l.cut || first > 0
	l.heading = l.title
	if l.cut {
		l.heading = "… " + l.title
	}
	l.r.H = 2*pad + head + used - u.P(10)
}

// Draw draws the log, when it has a place.
func (l *convLog) Draw(dst *ebiten.Image, u *UI) {
	if l.r.W <= 0 {
		return
	}
	u.Panel(dst, l.r, colPanel)
	pad := u.P(14)
	x, y := l.r.X+pad, l.r.Y+pad
	u.Text(dst, l.heading, fSmallBold, x, y, colTextDim)
	y += u.LineH(fSmallBold) + u.P(8)
	for i, tb := range l.textB {
		c := colAccent
		if l.entries[len(l.entries)-len(l.textB)+i].player {
			c = colTextDim
		}
		u.DrawBlock(dst, l.whoB[i], x, y, c, -1)
		y += l.whoB[i].H
		u.DrawBlock(dst, tb, x, y, mix(colText, colTextDim, 0.3), -1)
		y += tb.H + u.P(10)
	}
}
