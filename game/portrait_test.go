package game

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// portraitPixels renders one portrait of side n at mood m and returns its
// pixels.
func portraitPixels(c scenarios.Customer, n int, m float64) []byte {
	var pix []byte
	onLoop(func() {
		p := newPortrait(c)
		dst := ebiten.NewImage(n, n)
		p.Draw(dst, 0, 0, float64(n), m)
		pix = make([]byte, 4*n*n)
		dst.ReadPixels(pix)
		dst.Deallocate()
		p.img.Deallocate()
	})
	return pix
}

// TestPortraitFeaturesShow: every value of every key of a look changes
// the picture at the card's smallest size, and every word of the mood
// meter shows a different face. A feature that draws nothing (or is
// hidden under another) fails here.
func TestPortraitFeaturesShow(t *testing.T) {
	const n = 96 // the narrow card at 800x600
	no := false
	base := scenarios.Look{Hair: "short", HairColor: "brown", Skin: "light", Age: "adult", Build: "average", FacialHair: "none", Glasses: &no}
	ref := portraitPixels(scenarios.Customer{Name: "Test", Look: &base}, n, 50)
	vary := map[string][]string{
		"hair": scenarios.HairStyles, "hair_color": scenarios.HairColors, "skin": scenarios.Skins,
		"age": scenarios.Ages, "build": scenarios.Builds, "facial_hair": scenarios.FacialHairs,
	}
	for key, values := range vary {
		for _, v := range values {
			l := base
			switch key {
			case "hair":
				l.Hair = v
			case "hair_color":
				l.HairColor = v
			case "skin":
				l.Skin = v
			case "age":
				l.Age = v
			case "build":
				l.Build = v
			case "facial_hair":
				l.FacialHair = v
			}
			got := portraitPixels(scenarios.Customer{Name: "Test", Look: &l}, n, 50)
			same := bytes.Equal(got, ref)
			if isBase := l == base; same != isBase {
				t.Errorf("%s = %q: picture unchanged = %v, want %v", key, v, same, isBase)
			}
		}
	}
	yes := true
	l := base
	l.Glasses = &yes
	if bytes.Equal(portraitPixels(scenarios.Customer{Name: "Test", Look: &l}, n, 50), ref) {
		t.Error("glasses = true draws no glasses")
	}
	seen := map[string]float64{}
	for _, m := range []float64{5, 30, 50, 70, 95} {
		got := string(portraitPixels(scenarios.Customer{Name: "Test", Look: &base}, n, m))
		if prev, ok := seen[got]; ok {
			t.Errorf("mood %v shows the same face as mood %v", m, prev)
		}
		seen[got] = m
	}
	// Within one word of the meter the face keeps its expression: only the
	// backdrop's tint follows the mood.
	if a, b := portraitPixels(scenarios.Customer{Name: "Test", Look: &base}, n, 41), portraitPixels(scenarios.Customer{Name: "Test", Look: &base}, n, 41); !bytes.Equal(a, b) {
		t.Error("the same mood renders differently twice")
	}
}

// TestExpressionMatchesMoodWord: the face's expression changes exactly
// where the meter's word does.
func TestExpressionMatchesMoodWord(t *testing.T) {
	str, err := LoadStrings("en")
	if err != nil {
		t.Fatal(err)
	}
	words := map[expression]string{}
	for m := 0; m <= 100; m++ {
		ex, w := expressionOf(float64(m)), str.MoodWord(m)
		if prev, ok := words[ex]; ok && prev != w {
			t.Fatalf("mood %d: expression %d goes with %q and %q", m, ex, prev, w)
		}
		words[ex] = w
	}
	if len(words) != 5 {
		t.Errorf("%d expressions for the meter's words, want 5", len(words))
	}
}

// TestPortraitGallery draws the library's customers and every hair style
// at each mood; with SA_SHOTS=DIR it writes the sheet as a PNG to look at.
func TestPortraitGallery(t *testing.T) {
	lib, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var people []scenarios.Customer
	seen := map[string]bool{}
	for _, sc := range lib.Scenarios {
		if !seen[sc.Customer.Name] {
			seen[sc.Customer.Name] = true
			people = append(people, sc.Customer)
		}
	}
	for _, h := range scenarios.HairStyles {
		l := scenarios.Look{Hair: h}
		people = append(people, scenarios.Customer{Name: "Style " + h, Look: &l})
	}
	const n, cols = 120, 10
	moods := []float64{5, 30, 50, 70, 95}
	rows := (len(people) + cols - 1) / cols
	var pix []byte
	w, h := cols*n, rows*n+len(moods)*n
	onLoop(func() {
		sheet := ebiten.NewImage(w, h)
		sheet.Fill(colBgBottom)
		for i, c := range people {
			p := newPortrait(c)
			p.Draw(sheet, float64(i%cols*n), float64(i/cols*n), n, 50)
		}
		for j, m := range moods {
			for i := 0; i < cols && i < len(people); i++ {
				p := newPortrait(people[i*3%len(people)])
				p.Draw(sheet, float64(i*n), float64((rows+j)*n), n, m)
			}
		}
		pix = make([]byte, 4*w*h)
		sheet.ReadPixels(pix)
		if dir := os.Getenv("SA_SHOTS"); dir != "" {
			savePNG(t, sheet, filepath.Join(dir, "portraits.png"))
		}
	})
	if len(pix) == 0 {
		t.Fatal("no sheet")
	}
}

// BenchmarkPortraitRender measures drawing a card-sized portrait afresh,
// as happens when the mood the face shows changes (a steady frame only
// copies the cached image).
func BenchmarkPortraitRender(b *testing.B) {
	lib, _ := scenarios.Library()
	c := lib.ByID("broken-promise").Customer
	onLoop(func() {
		p := newPortrait(c)
		dst := ebiten.NewImage(300, 300)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			p.Draw(dst, 0, 0, 300, float64(i%100))
		}
		b.StopTimer()
	})
}
