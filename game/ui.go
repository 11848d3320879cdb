package game

import (
	"bytes"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gobold"

	"github.com/shockabsorber/shockabsorber/assets"
	"golang.org/x/image/font/gofont/goregular"
)

// FaceID names one of the few text styles the game uses. Sizes are in
// layout units and scale with the window and the player's text size.
type FaceID int

const (
	fSmall FaceID = iota
	fSmallBold
	fBody
	fBodyBold
	fH2
	fH1
	// fProse is the customer's lines, the options and the log: Open Sans
	// (assets.ProseFont), the Go font for what it lacks. A point smaller
	// than fBody: Open Sans is wider and its lower case taller, so it
	// reads the same size.
	fProse
	// fProseSmall is the conversation log's prose.
	fProseSmall
	numFaces
)

var faceSizes = [numFaces]float64{14, 14, 18, 18, 23, 34, 17, 14.5}
var faceBold = [numFaces]bool{false, true, false, true, true, true, false, false}
var faceProse = [numFaces]bool{fProse: true, fProseSmall: true}

// Palette: a calm deep blue with warm text and accents, so long reading is
// easy on the eyes and the few saturated colours carry meaning (mood, fit,
// archetypes).
var (
	colBgTop     = color.RGBA{0x12, 0x20, 0x36, 0xff}
	colBgBottom  = color.RGBA{0x0b, 0x14, 0x24, 0xff}
	colPanel     = color.RGBA{0x1b, 0x2c, 0x46, 0xff}
	colPanelHi   = color.RGBA{0x25, 0x3b, 0x5e, 0xff}
	colPanelLine = color.RGBA{0x33, 0x4d, 0x74, 0xff}
	colText      = color.RGBA{0xf4, 0xee, 0xe4, 0xff}
	colTextDim   = color.RGBA{0xa8, 0xb6, 0xcb, 0xff}
	colAccent    = color.RGBA{0xf2, 0xb3, 0x6b, 0xff}
	colAccentInk = color.RGBA{0x2a, 0x1a, 0x08, 0xff}
	colGood      = color.RGBA{0x86, 0xd0, 0x9c, 0xff}
	colWarn      = color.RGBA{0xf0, 0xc0, 0x68, 0xff}
	colBad       = color.RGBA{0xe8, 0x7a, 0x72, 0xff}
	colShadow    = color.RGBA{0x00, 0x00, 0x00, 0x50}
)

// archColors gives each archetype a colour, in the contract's order.
var archColors = [5]color.RGBA{
	{0xa9, 0x9b, 0xe8, 0xff}, // pivot
	{0xf2, 0x9e, 0x6d, 0xff}, // spring
	{0x6e, 0xc6, 0xd9, 0xff}, // connector
	{0xe6, 0x8a, 0xb0, 0xff}, // disperser
	{0x9b, 0xd7, 0x7e, 0xff}, // shock absorber
}

// UI is what every scene draws with: the screen metrics, the fonts, the
// strings of the current language and scratch buffers reused every frame.
// There is one per game, reached through the Context; nothing here is a
// package-level image or font, so importing the package needs no GPU.
type UI struct {
	// S is device pixels per layout unit: the monitor's scale factor times
	// a small adjustment for very small or very large windows.
	S float64
	// W and H are the screen size in device pixels.
	W, H float64
	// FontScale is the player's text size setting (1 = 100%).
	FontScale float64
	Str       *Strings
	// Gen changes whenever anything that affects layout changes (size,
	// scale, language, text size); scenes compare it to relayout lazily.
	Gen int

	regular, bold *text.GoTextFaceSource
	prose         *text.GoTextFaceSource
	faces         [numFaces]*text.GoTextFace
	// drawFaces are what text is drawn and measured with: the face
	// itself, or for prose a MultiFace that falls back to the Go font.
	drawFaces [numFaces]text.Face
	lineH     [numFaces]float64
	textOff   [numFaces]float64
	texts     textCache
	shapes    shapes

	dop   text.DrawOptions
	verts []ebiten.Vertex
	idx   []uint16
	top   ebiten.DrawTrianglesOptions
}

// NewUI makes a UI for the given strings. Fonts are parsed on first use.
func NewUI(str *Strings) *UI {
	return &UI{S: 1, W: 1280, H: 720, FontScale: 1, Str: str}
}

// SetStrings switches the UI language.
func (u *UI) SetStrings(s *Strings) {
	u.Str = s
	u.Gen++
}

// SetFontScale changes the player's text size.
func (u *UI) SetFontScale(f float64) {
	if f != u.FontScale {
		u.FontScale = f
		u.faces = [numFaces]*text.GoTextFace{}
		u.drawFaces = [numFaces]text.Face{}
		u.texts.reset()
		u.Gen++
	}
}

// Resize records the screen size in device pixels and the monitor scale.
// The layout scale follows the window a little (0.85–1.6) so a small
// window still fits and a big one does not look empty, but text never gets
// tiny: the lower bound keeps body text near 15 px at scale factor 1.
func (u *UI) Resize(w, h int, deviceScale float64) {
	adapt := math.Min(float64(w)/deviceScale/1180, float64(h)/deviceScale/740)
	adapt = math.Max(0.85, math.Min(1.6, adapt))
	s := deviceScale * adapt
	if float64(w) == u.W && float64(h) == u.H && s == u.S {
		return
	}
	u.W, u.H, u.S = float64(w), float64(h), s
	u.faces = [numFaces]*text.GoTextFace{}
	u.drawFaces = [numFaces]text.Face{}
	u.texts.reset()
	u.Gen++
}

// P converts layout units to device pixels.
func (u *UI) P(v float64) float64 { return v * u.S }

func (u *UI) ensureFonts() {
	if u.regular != nil {
		return
	}
	// The Go fonts are embedded byte slices; parsing them is the expensive
	// part, done once, here, rather than in an init function.
	var err error
	if u.regular, err = text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF)); err != nil {
		panic("gofont regular: " + err.Error()) // embedded data: cannot fail unless the module is corrupt
	}
	if u.bold, err = text.NewGoTextFaceSource(bytes.NewReader(gobold.TTF)); err != nil {
		panic("gofont bold: " + err.Error())
	}
	if u.prose, err = text.NewGoTextFaceSource(bytes.NewReader(assets.ProseFont)); err != nil {
		panic("prose font: " + err.Error())
	}
}

// Face returns the text face for a style at the current scale.
func (u *UI) Face(f FaceID) *text.GoTextFace {
	if fc := u.faces[f]; fc != nil {
		return fc
	}
	u.ensureFonts()
	src := u.regular
	if faceBold[f] {
		src = u.bold
	}
	if faceProse[f] {
		src = u.prose
	}
	size := math.Round(faceSizes[f] * u.S * u.FontScale)
	fc := &text.GoTextFace{Source: src, Size: size}
	u.faces[f] = fc
	u.drawFaces[f] = fc
	if faceProse[f] {
		if mf, err := text.NewMultiFace(fc, &text.GoTextFace{Source: u.regular, Size: size}); err == nil {
			u.drawFaces[f] = mf
		}
	}
	u.lineH[f] = math.Round(size * 1.42)
	m := fc.Metrics()
	// Half the extra line spacing above the glyphs centres them in the line.
	u.textOff[f] = math.Round((u.lineH[f] - m.HAscent - m.HDescent) / 2)
	return fc
}

// LineH returns the line height of a style in device pixels.
func (u *UI) LineH(f FaceID) float64 {
	u.Face(f)
	return u.lineH[f]
}

// Text draws one line with its top-left corner at (x, y).
func (u *UI) Text(dst *ebiten.Image, s string, f FaceID, x, y float64, c color.RGBA) {
	face := u.drawFace(f)
	u.dop.GeoM.Reset()
	u.dop.GeoM.Translate(math.Round(x), math.Round(y)+u.textOff[f])
	u.dop.ColorScale.Reset()
	scaleColor(&u.dop.ColorScale, c)
	text.Draw(dst, s, face, &u.dop)
}

// TextW measures one line. It may allocate on a cache miss in the font's
// shaper; scenes call it at layout time.
func (u *UI) TextW(s string, f FaceID) float64 {
	return text.Advance(s, u.drawFace(f))
}

// drawFace is the face text of style f is drawn and measured with.
func (u *UI) drawFace(f FaceID) text.Face {
	u.Face(f)
	return u.drawFaces[f]
}

// scaleColor sets a colour scale from a premultiplied RGBA without
// boxing it in a color.Color (which would allocate every frame).
func scaleColor(cs *ebiten.ColorScale, c color.RGBA) {
	cs.Scale(float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255)
}

// withAlpha returns c at opacity a (0..1), premultiplied.
func withAlpha(c color.RGBA, a float64) color.RGBA {
	a = math.Max(0, math.Min(1, a))
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(float64(c.A) * a)}
}

// mix blends a toward b by t (0..1).
func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}

// moodColor goes from red (furious) through amber to green (delighted).
func moodColor(m float64) color.RGBA {
	if m < 50 {
		return mix(colBad, colWarn, m/50)
	}
	return mix(colWarn, colGood, (m-50)/50)
}

// rect is an axis-aligned box in device pixels.
type rect struct{ X, Y, W, H float64 }

func (r rect) contains(x, y float64) bool {
	return x >= r.X && y >= r.Y && x < r.X+r.W && y < r.Y+r.H
}

func (r rect) inset(d float64) rect { return rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }
func (r rect) bottom() float64      { return r.Y + r.H }
func (r rect) right() float64       { return r.X + r.W }
