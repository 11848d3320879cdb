package game

import (
	"bytes"
	"image/color"
	"math"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font/gofont/goregular"
)

// The game's fonts (the Go fonts) cover Latin, Greek and Cyrillic. A
// candidate's name can hold anything an input method types (王芳, 佐藤,
// 김민준); systemText draws those with the platform's fonts rather than as
// empty boxes: the browser's own, or on the desktop an installed font
// that covers them.

var (
	goFontOnce sync.Once
	goFont     *font.Font
)

// covered reports whether the game's font has a glyph for every rune of s.
func covered(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return true
	}
	goFontOnce.Do(func() {
		if f, err := font.ParseTTF(bytes.NewReader(goregular.TTF)); err == nil {
			goFont = f.Font
		}
	})
	if goFont == nil {
		return true
	}
	for _, r := range s {
		if _, ok := goFont.NominalGlyph(r); !ok {
			return false
		}
	}
	return true
}

// fallbackText draws lines the game's font cannot, with the platform's
// fonts, and keeps the few it drew.
type fallbackText struct {
	imgs map[string]*ebiten.Image
}

// image returns s drawn in white at the pixel size of style f, or nil when
// the font covers s or the platform cannot draw it.
func (ft *fallbackText) image(u *UI, s string, f FaceID) *ebiten.Image {
	if s == "" || covered(s) {
		return nil
	}
	if img, ok := ft.imgs[s]; ok {
		return img
	}
	if ft.imgs == nil {
		ft.imgs = map[string]*ebiten.Image{}
	}
	img := systemText(u, s, f)
	ft.imgs[s] = img
	return img
}

// trim lets go of the images when there are many (a long name typed one
// character at a time makes one per prefix). Call it from Update: images
// drawn in the last frame have been drawn by then.
func (ft *fallbackText) trim() {
	if len(ft.imgs) > 32 {
		for _, img := range ft.imgs {
			if img != nil {
				img.Deallocate()
			}
		}
		ft.imgs = nil
	}
}

// width is the advance of s in style f, as it will be drawn.
func (ft *fallbackText) width(u *UI, s string, f FaceID) float64 {
	if img := ft.image(u, s, f); img != nil {
		return float64(img.Bounds().Dx())
	}
	return u.LabelW(s, f)
}

// draw draws s at (x, y) in style f and colour c.
func (ft *fallbackText) draw(u *UI, dst *ebiten.Image, s string, f FaceID, x, y float64, c color.RGBA) {
	img := ft.image(u, s, f)
	if img == nil {
		u.Text(dst, s, f, x, y, c)
		return
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(x), math.Round(y+(u.LineH(f)-float64(img.Bounds().Dy()))/2))
	scaleColor(&op.ColorScale, c)
	op.Filter = ebiten.FilterNearest
	dst.DrawImage(img, op)
}
