package game

import (
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// The UI's discs are rasterised on the CPU; they must look like the vector
// package's anti-aliased circles they replace: the same solid inside and
// empty outside, and an edge that differs by little.
func TestDiscMatchesTheVectorCircle(t *testing.T) {
	for _, r := range []int{2, 3, 7, 12, 40, maxDiscR} {
		n := 2*r + 2
		want := make([]byte, 4*n*n)
		onLoop(func() {
			img := ebiten.NewImage(n, n)
			vector.FillCircle(img, float32(r+1), float32(r+1), float32(r), color.White, true)
			img.ReadPixels(want)
		})
		got := discPixels(r)
		var worst, sum float64
		for i := 3; i < len(got); i += 4 {
			d := math.Abs(float64(got[i]) - float64(want[i]))
			worst = max(worst, d)
			sum += d
			if got[i-3] != got[i] || got[i-2] != got[i] || got[i-1] != got[i] {
				t.Fatalf("r=%d: pixel %d is not premultiplied white: %v", r, i/4, got[i-3:i+1])
			}
		}
		// Coverage of a whole disc, in pixels: both must be close to πr².
		area := func(p []byte) (a float64) {
			for i := 3; i < len(p); i += 4 {
				a += float64(p[i]) / 255
			}
			return a
		}
		if ga, wa := area(got), area(want); math.Abs(ga-wa) > 0.02*wa+2 {
			t.Errorf("r=%d: area %.1f px, vector's %.1f px", r, ga, wa)
		}
		if worst > 64 {
			t.Errorf("r=%d: a pixel's alpha differs by %.0f/255 from vector's", r, worst)
		}
		t.Logf("r=%d: worst alpha difference %.0f/255, mean %.2f", r, worst, sum/float64(n*n))
	}
}
