//go:build js

package game

import (
	"fmt"
	"math"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

// systemText draws s in white with the browser's fonts at the size of style
// f, in a box a line high; nil when the browser cannot.
func systemText(u *UI, s string, f FaceID) (img *ebiten.Image) {
	px, lineH := u.Face(f).Size, u.LineH(f)
	defer func() {
		if recover() != nil {
			img = nil
		}
	}()
	cv := js.Global().Get("document").Call("createElement", "canvas")
	ctx := cv.Call("getContext", "2d")
	if !ctx.Truthy() {
		return nil
	}
	fontSpec := fmt.Sprintf("%dpx system-ui, -apple-system, \"Segoe UI\", \"Noto Sans\", \"Noto Sans CJK SC\", sans-serif", int(math.Round(px)))
	ctx.Set("font", fontSpec)
	w := int(math.Ceil(ctx.Call("measureText", s).Get("width").Float()))
	h := int(math.Ceil(lineH))
	if w <= 0 || h <= 0 {
		return nil
	}
	cv.Set("width", w)
	cv.Set("height", h)
	ctx.Set("font", fontSpec) // resizing the canvas reset it
	ctx.Set("fillStyle", "#fff")
	ctx.Set("textBaseline", "middle")
	ctx.Call("fillText", s, 0, float64(h)/2)
	data := ctx.Call("getImageData", 0, 0, w, h).Get("data")
	pix := make([]byte, 4*w*h)
	js.CopyBytesToGo(pix, js.Global().Get("Uint8Array").New(data.Get("buffer")))
	for i := 0; i < len(pix); i += 4 { // the canvas gives straight alpha
		a := uint32(pix[i+3])
		pix[i] = byte(uint32(pix[i]) * a / 255)
		pix[i+1] = byte(uint32(pix[i+1]) * a / 255)
		pix[i+2] = byte(uint32(pix[i+2]) * a / 255)
	}
	img = ebiten.NewImage(w, h)
	img.WritePixels(pix)
	return img
}
