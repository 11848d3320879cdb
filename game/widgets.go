package game

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// button is a clickable label. Its text is measured at layout time so
// drawing it costs no allocation.
type button struct {
	r       rect
	label   string
	w       float64
	primary bool
}

// newButton makes a button sized to its label, placed at (x, y).
func (u *UI) newButton(label string, x, y float64, primary bool) button {
	w := u.TextW(label, fBodyBold)
	return button{r: rect{x, y, w + u.P(40), u.LineH(fBodyBold) + u.P(18)}, label: label, w: w, primary: primary}
}

// DrawButton draws b, highlighted when it has the focus.
func (u *UI) DrawButton(dst *ebiten.Image, b *button, focused bool) {
	fill, ink := colPanelHi, colText
	if b.primary {
		fill, ink = colAccent, colAccentInk
	}
	if focused {
		u.FocusRing(dst, b.r, u.P(10))
		if !b.primary {
			fill = mix(colPanelHi, colAccent, 0.18)
		}
	}
	u.FillRound(dst, b.r, u.P(10), fill)
	u.Text(dst, b.label, fBodyBold, b.r.X+(b.r.W-b.w)/2, b.r.Y+(b.r.H-u.LineH(fBodyBold))/2, ink)
}

// chip is a small labelled pill (an action, an archetype, a tag).
type chip struct {
	label string
	w, h  float64
	fill  color.RGBA
	ink   color.RGBA
}

func (u *UI) newChip(label string, fill, ink color.RGBA) chip {
	return chip{label: label, w: u.LabelW(label, fSmallBold) + u.P(20), h: u.LineH(fSmallBold) + u.P(6), fill: fill, ink: ink}
}

// DrawChip draws c with its top-left at (x, y).
func (u *UI) DrawChip(dst *ebiten.Image, c *chip, x, y float64) {
	u.FillRound(dst, rect{x, y, c.w, c.h}, c.h/2, c.fill)
	u.Text(dst, c.label, fSmallBold, x+u.P(10), y+u.P(3), c.ink)
}

// layoutChips places chips in rows from (x, y) within width w and returns
// their positions and the height used.
func (u *UI) layoutChips(chips []chip, x, y, w float64) ([][2]float64, float64) {
	pos := make([][2]float64, len(chips))
	cx, cy, rowH := x, y, 0.0
	gap := u.P(8)
	for i, c := range chips {
		if cx > x && cx+c.w > x+w {
			cx, cy = x, cy+rowH+gap
			rowH = 0
		}
		pos[i] = [2]float64{cx, cy}
		cx += c.w + gap
		rowH = math.Max(rowH, c.h)
	}
	return pos, cy + rowH - y
}

// moodMeter draws the mood as a bar from red to green with a knob and a
// label above it, for mood m (fractional while animating).
type moodMeter struct {
	label    string // "Mood · upset", rebuilt when the mood or language changes
	value    string // "25/100"
	shownFor int
	lang     string // the language of label
}

func (mm *moodMeter) Draw(dst *ebiten.Image, u *UI, r rect, m float64) {
	if im := int(math.Round(m)); im != mm.shownFor || mm.label == "" || mm.lang != u.Str.Lang {
		mm.shownFor, mm.lang = im, u.Str.Lang
		mm.label = u.Str.T(sDialogueMood) + " · " + u.Str.MoodWord(im)
		mm.value = itoa(im) + "/100"
	}
	u.Text(dst, mm.label, fSmallBold, r.X, r.Y, colTextDim)
	u.Text(dst, mm.value, fSmallBold, r.right()-u.LabelW(mm.value, fSmallBold), r.Y, colTextDim)
	by := r.Y + u.LineH(fSmallBold) + u.P(4)
	bh := u.P(12)
	u.FillRound(dst, rect{r.X, by, r.W, bh}, bh/2, colPanelHi)
	fw := math.Max(bh, r.W*m/100)
	u.FillRound(dst, rect{r.X, by, fw, bh}, bh/2, moodColor(m))
	u.Circle(dst, r.X+fw-bh/2, by+bh/2, bh*0.85, colText)
	u.Circle(dst, r.X+fw-bh/2, by+bh/2, bh*0.5, moodColor(m))
}

// moodMeterH is the height a mood meter takes.
func (u *UI) moodMeterH() float64 { return u.LineH(fSmallBold) + u.P(4) + u.P(14) }

// itoa formats small integers; only called when a value changes.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// scroller keeps a vertical scroll offset for content taller than its view.
type scroller struct{ off, max float64 }

func (s *scroller) setContent(contentH, viewH float64) {
	s.max = math.Max(0, contentH-viewH)
	s.off = math.Max(0, math.Min(s.off, s.max))
}

func (s *scroller) wheel(in Intents, u *UI) {
	if in.Wheel != 0 {
		s.off = math.Max(0, math.Min(s.max, s.off-in.Wheel*u.P(56)))
	}
}

// show scrolls so that content rows y0..y1 (relative to the content top)
// are inside a view of height viewH.
func (s *scroller) show(y0, y1, viewH float64) {
	if y0 < s.off {
		s.off = y0
	} else if y1 > s.off+viewH {
		s.off = y1 - viewH
	}
	s.off = math.Max(0, math.Min(s.off, s.max))
}

// clipper caches the sub-image used to clip a scroll area, since making a
// sub-image allocates.
type clipper struct {
	src *ebiten.Image
	r   rect
	img *ebiten.Image
}

func (c *clipper) get(dst *ebiten.Image, r rect) *ebiten.Image {
	if c.src != dst || c.r != r {
		c.img, c.src, c.r = subImage(dst, r), dst, r
	}
	return c.img
}

// DrawScrollbar draws a thin thumb at the right of view when s scrolls.
func (u *UI) DrawScrollbar(dst *ebiten.Image, view rect, s *scroller) {
	if s.max <= 0 {
		return
	}
	th := math.Max(u.P(30), view.H*view.H/(view.H+s.max))
	ty := view.Y + (view.H-th)*s.off/s.max
	u.FillRound(dst, rect{view.right() - u.P(5), ty, u.P(4), th}, u.P(2), withAlpha(colTextDim, 0.5))
}

// topBar is the strip at the top of every screen: a title and, on the
// right, an optional label (the decision number, the ending).
type topBar struct {
	title, right string
	rightW       float64
	h            float64
	// reserve is the width kept free at the right for a button (Pause).
	reserve float64
}

func (u *UI) newTopBar(title, right string) topBar {
	t := topBar{title: title, right: right, h: u.P(62)}
	if right != "" {
		t.rightW = u.TextW(right, fBodyBold)
	}
	return t
}

func (u *UI) DrawTopBar(dst *ebiten.Image, t *topBar, rightInk color.RGBA) {
	u.FillRect(dst, rect{0, 0, u.W, t.h}, withAlpha(colPanel, 0.85))
	u.FillRect(dst, rect{0, t.h - math.Max(1, u.P(1)), u.W, math.Max(1, u.P(1))}, colPanelLine)
	m := u.P(28)
	y := (t.h - u.LineH(fH2)) / 2
	u.Text(dst, t.title, fH2, m, y, colText)
	if t.right != "" {
		u.Text(dst, t.right, fBodyBold, u.W-m-t.reserve-t.rightW, (t.h-u.LineH(fBodyBold))/2, rightInk)
	}
}
