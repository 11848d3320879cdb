package game

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// shapes draws the flat UI (rounded panels, discs, bars) with
// DrawTriangles from small anti-aliased disc textures, one per corner
// radius in device pixels, sampled 1:1 with the nearest filter. That keeps
// corners crisp and lets Ebitengine merge panels and text (same shader,
// same atlas) into very few draw commands, with reused vertex buffers and
// no allocation per frame. Curvier drawings (the portrait, the drift map)
// use the vector package into cached images instead.
type shapes struct {
	discs map[int]*ebiten.Image
}

// maxDiscR bounds the textures; larger radii are drawn scaled from it.
const maxDiscR = 160

func makeDisc(r int) *ebiten.Image {
	n := 2*r + 2
	img := ebiten.NewImage(n, n)
	img.WritePixels(discPixels(r))
	return img
}

// discPixels rasterises a white disc of radius r centred in a (2r+2)²
// square, as premultiplied RGBA. Each pixel's coverage is its centre's
// distance inside the edge, clamped to one pixel: the same soft edge as
// the vector package's anti-aliasing, without compiling its stencil
// shaders on the first frame (a visible delay in the browser).
func discPixels(r int) []byte {
	n := 2*r + 2
	pix := make([]byte, 4*n*n)
	c, R := float64(r+1), float64(r)
	for y := 0; y < n; y++ {
		dy := float64(y) + 0.5 - c
		for x := 0; x < n; x++ {
			dx := float64(x) + 0.5 - c
			a := R - math.Sqrt(dx*dx+dy*dy) + 0.5
			if a <= 0 {
				continue
			}
			v := byte(255)
			if a < 1 {
				v = byte(math.Round(a * 255))
			}
			i := 4 * (y*n + x)
			pix[i], pix[i+1], pix[i+2], pix[i+3] = v, v, v, v
		}
	}
	return pix
}

func (u *UI) ensureShapes() {
	if u.shapes.discs == nil {
		u.shapes.discs = map[int]*ebiten.Image{}
	}
}

// disc returns the disc texture for radius r (at least 2, so its centre is
// solid for flat fills), and r itself.
func (u *UI) disc(r int) (*ebiten.Image, int) {
	u.ensureShapes()
	r = max(2, min(r, maxDiscR))
	img := u.shapes.discs[r]
	if img == nil {
		img = makeDisc(r)
		u.shapes.discs[r] = img
	}
	return img, r
}

// quad appends a quad from dst box (x0,y0)-(x1,y1) sampling src box
// (sx0,sy0)-(sx1,sy1), in colour c.
func (u *UI) quad(x0, y0, x1, y1, sx0, sy0, sx1, sy1 float32, c color.RGBA) {
	r, g, b, a := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255
	base := uint16(len(u.verts))
	u.verts = append(u.verts,
		ebiten.Vertex{DstX: x0, DstY: y0, SrcX: sx0, SrcY: sy0, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x1, DstY: y0, SrcX: sx1, SrcY: sy0, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x0, DstY: y1, SrcX: sx0, SrcY: sy1, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x1, DstY: y1, SrcX: sx1, SrcY: sy1, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
	)
	u.idx = append(u.idx, base, base+1, base+2, base+1, base+3, base+2)
}

func (u *UI) flush(dst *ebiten.Image, src *ebiten.Image) {
	if len(u.idx) > 0 {
		u.top.ColorScaleMode = ebiten.ColorScaleModePremultipliedAlpha
		dst.DrawTriangles(u.verts, u.idx, src, &u.top)
	}
	u.verts, u.idx = u.verts[:0], u.idx[:0]
}

// FillRect fills a plain rectangle.
func (u *UI) FillRect(dst *ebiten.Image, r rect, c color.RGBA) {
	u.FillRound(dst, r, 0, c)
}

// FillRound fills a rectangle with corners of radius rad. Edges are
// snapped to whole pixels so the corner textures map 1:1. The corners
// never overlap (the radius is at most half the shorter side, rounded
// down), so a translucent fill is even: no darker row or column where
// two corners of an odd-sized box would both draw.
func (u *UI) FillRound(dst *ebiten.Image, r rect, rad float64, c color.RGBA) {
	if r.W <= 0 || r.H <= 0 || c.A == 0 {
		return
	}
	x0, y0 := math.Round(r.X), math.Round(r.Y)
	x1, y1 := math.Round(r.X+r.W), math.Round(r.Y+r.H)
	short := math.Min(x1-x0, y1-y0)
	k := int(math.Min(math.Round(math.Max(0, rad)), math.Floor(short/2)))
	img, R := u.disc(k)
	cc := float32(R + 1) // centre of the texture
	X0, Y0, X1, Y1 := float32(x0), float32(y0), float32(x1), float32(y1)
	if k > 0 && math.Abs((x1-x0)-(y1-y0)) <= 1 && float64(2*k) >= short-1 {
		// A whole disc (or one a pixel wider than high, from rounding
		// fractional edges): one quad, so a translucent fill shows no
		// seams where the four corners would meet.
		sR := float32(R)
		u.quad(X0, Y0, X1, Y1, cc-sR, cc-sR, cc+sR, cc+sR, c)
		u.flush(dst, img)
		return
	}
	if k > 0 {
		f, sR := float32(k), float32(R)
		u.quad(X0, Y0, X0+f, Y0+f, cc-sR, cc-sR, cc, cc, c)
		u.quad(X1-f, Y0, X1, Y0+f, cc, cc-sR, cc+sR, cc, c)
		u.quad(X0, Y1-f, X0+f, Y1, cc-sR, cc, cc, cc+sR, c)
		u.quad(X1-f, Y1-f, X1, Y1, cc, cc, cc+sR, cc+sR, c)
		u.quad(X0, Y0+f, X0+f, Y1-f, cc-1, cc-1, cc+1, cc+1, c)
		u.quad(X1-f, Y0+f, X1, Y1-f, cc-1, cc-1, cc+1, cc+1, c)
		u.quad(X0+f, Y0, X1-f, Y1, cc-1, cc-1, cc+1, cc+1, c)
	} else {
		u.quad(X0, Y0, X1, Y1, cc-1, cc-1, cc+1, cc+1, c)
	}
	u.flush(dst, img)
}

// Panel draws a raised rounded panel: a soft shadow, a border and a fill.
func (u *UI) Panel(dst *ebiten.Image, r rect, fill color.RGBA) {
	rad := u.P(14)
	u.FillRound(dst, rect{r.X, r.Y + u.P(3), r.W, r.H}, rad, colShadow)
	u.FillRound(dst, r, rad, colPanelLine)
	u.FillRound(dst, r.inset(math.Max(1, u.P(1))), rad-1, fill)
}

// Circle fills a disc.
func (u *UI) Circle(dst *ebiten.Image, cx, cy, rad float64, c color.RGBA) {
	u.FillRound(dst, rect{cx - rad, cy - rad, 2 * rad, 2 * rad}, rad, c)
}

// Gradient fills r with a vertical gradient from top to bottom colour.
func (u *UI) Gradient(dst *ebiten.Image, r rect, top, bottom color.RGBA) {
	img, R := u.disc(2)
	cc := float32(R + 1)
	u.quad(float32(r.X), float32(r.Y), float32(r.right()), float32(r.bottom()), cc-1, cc-1, cc+1, cc+1, top)
	n := len(u.verts)
	br, bg, bb, ba := float32(bottom.R)/255, float32(bottom.G)/255, float32(bottom.B)/255, float32(bottom.A)/255
	for i := n - 2; i < n; i++ {
		u.verts[i].ColorR, u.verts[i].ColorG, u.verts[i].ColorB, u.verts[i].ColorA = br, bg, bb, ba
	}
	u.flush(dst, img)
}

// Background paints the whole screen.
func (u *UI) Background(dst *ebiten.Image) {
	u.Gradient(dst, rect{0, 0, u.W, u.H}, colBgTop, colBgBottom)
}

// subImage returns the part of dst inside r, for clipping a scroll area.
func subImage(dst *ebiten.Image, r rect) *ebiten.Image {
	return dst.SubImage(image.Rect(int(r.X), int(r.Y), int(math.Ceil(r.right())), int(math.Ceil(r.bottom())))).(*ebiten.Image)
}
