//go:build !js

package game

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// systemFontFiles are fonts that cover Chinese, Japanese and Korean, where
// each system keeps them; the first that loads is used.
func systemFontFiles() []string {
	switch runtime.GOOS {
	case "windows":
		dir := filepath.Join(os.Getenv("WINDIR"), "Fonts")
		return []string{filepath.Join(dir, "msyh.ttc"), filepath.Join(dir, "YuGothM.ttc"), filepath.Join(dir, "malgun.ttf"), filepath.Join(dir, "simsun.ttc"), filepath.Join(dir, "msgothic.ttc")}
	case "darwin":
		return []string{"/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/Hiragino Sans GB.ttc", "/System/Library/Fonts/AppleSDGothicNeo.ttc", "/System/Library/Fonts/Supplemental/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"}
	}
	return []string{
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	}
}

var systemFont struct {
	once sync.Once
	src  *text.GoTextFaceSource
}

// systemFontSource loads the first installed fallback font, once; nil when
// there is none.
func systemFontSource() *text.GoTextFaceSource {
	systemFont.once.Do(func() {
		for _, name := range systemFontFiles() {
			f, err := os.Open(name)
			if err != nil {
				continue
			}
			srcs, err := text.NewGoTextFaceSourcesFromCollection(f)
			f.Close()
			if err == nil && len(srcs) > 0 {
				systemFont.src = srcs[0]
				return
			}
		}
	})
	return systemFont.src
}

// systemText draws s in white in style f, the game's font first and an
// installed font for what it lacks, in a box a line high; nil when no such
// font is installed.
func systemText(u *UI, s string, f FaceID) *ebiten.Image {
	src := systemFontSource()
	if src == nil {
		return nil
	}
	game := u.Face(f)
	face, err := text.NewMultiFace(game, &text.GoTextFace{Source: src, Size: game.Size})
	if err != nil {
		return nil
	}
	w := int(math.Ceil(text.Advance(s, face)))
	h := int(math.Ceil(u.LineH(f)))
	if w <= 0 || h <= 0 {
		return nil
	}
	img := ebiten.NewImage(w, h)
	op := &text.DrawOptions{}
	op.GeoM.Translate(0, u.textOff[f])
	text.Draw(img, s, face, op)
	return img
}
