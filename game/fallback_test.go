//go:build !js

package game

import (
	"math"
	"testing"
)

// A name the game's font cannot draw is drawn with an installed font that
// can (the desktop's fallback; the browser uses its own fonts).
func TestFallbackDrawsWhatTheFontLacks(t *testing.T) {
	if systemFontSource() == nil {
		t.Skip("no CJK font installed (fonts-wqy-microhei or fonts-noto-cjk)")
	}
	str, err := LoadStrings("en")
	if err != nil {
		t.Fatal(err)
	}
	u := NewUI(str)
	u.Resize(800, 600, 1)
	var fb fallbackText
	var lit int
	onLoop(func() {
		if img := fb.image(u, "Zoë", fBody); img != nil {
			t.Error("a name the font covers went to the fallback")
		}
		img := fb.image(u, "王芳", fBody)
		if img == nil {
			t.Fatal("no image for 王芳")
		}
		b := img.Bounds()
		if b.Dx() < int(u.Face(fBody).Size) || b.Dy() != int(math.Ceil(u.LineH(fBody))) {
			t.Errorf("image %v for two characters at %.0f px", b, u.Face(fBody).Size)
		}
		pix := make([]byte, 4*b.Dx()*b.Dy())
		img.ReadPixels(pix)
		for i := 3; i < len(pix); i += 4 {
			if pix[i] > 128 {
				lit++
			}
		}
	})
	if lit < 20 {
		t.Errorf("only %d pixels drawn for 王芳", lit)
	}
}
