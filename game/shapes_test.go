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

// A translucent disc or pill whose box is a pixel taller or wider than it
// is high (fractional edges rounded apart) must fill evenly: the corners
// used to overlap on the middle row, drawing a thin line across the
// dimmed portrait at 800×600.
func TestTranslucentRoundFillHasNoSeam(t *testing.T) {
	c := withAlpha(colPanel, 0.45)
	for _, r := range []struct {
		box rect
		rad float64
	}{
		{rect{39.1, 85, 177.4, 177.4}, 88.7}, // the portrait's disc at 800×600
		{rect{10, 10.4, 120, 24.8}, 12.4},    // a pill of odd height
		{rect{10.4, 10, 24.8, 60}, 12.4},     // and of odd width
		{rect{5, 5, 51, 50}, 25.5},
	} {
		box := r.box
		n := int(math.Ceil(math.Max(box.right(), box.bottom()))) + 4
		pix := make([]byte, 4*n*n)
		onLoop(func() {
			img := ebiten.NewImage(n, n)
			ui := NewUI(mustStrings(t, "en"))
			ui.FillRound(img, box, r.rad, c)
			img.ReadPixels(pix)
			img.Deallocate()
		})
		// Along the middle column and the middle row, inside the edge's
		// soft pixels, the fill is the same everywhere.
		cx, cy := int(box.X+box.W/2), int(box.Y+box.H/2)
		want := pix[4*(cy*n+cx)+3]
		for y := int(box.Y) + 3; y < int(box.bottom())-3; y++ {
			if a := pix[4*(y*n+cx)+3]; a != want {
				t.Errorf("box %+v: alpha %d at row %d of the middle column, want %d", box, a, y, want)
			}
		}
		for x := int(box.X) + 3; x < int(box.right())-3; x++ {
			if a := pix[4*(cy*n+x)+3]; a != want {
				t.Errorf("box %+v: alpha %d at column %d of the middle row, want %d", box, a, x, want)
			}
		}
	}
}
