//go:build !js

package game

import "github.com/hajimehoshi/ebiten/v2"

// systemText has no desktop implementation yet: text the game's fonts do
// not cover shows as the font's empty boxes.
func systemText(string, float64, float64) *ebiten.Image { return nil }
