package game

import (
	"hash/fnv"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// portrait draws the customer procedurally, with vector shapes, and caches
// the result: it is re-rendered only when its size or the expression it
// shows changes, so a steady frame just copies one image.
type portrait struct {
	look   looks
	img    *ebiten.Image
	size   int
	mood   float64 // what the image shows: the expression and the tint's mood
	path   vector.Path
	drawOp ebiten.DrawImageOptions
}

// looks are the features that stay the same for one customer: the
// scenario's [customer.look], completed from the name.
type looks struct {
	skin, hair, shirt color.RGBA
	style             string // one of scenarios.HairStyles
	age               string // young, adult, older
	build             string // slim, average, broad
	facial            string // none, stubble, moustache, beard
	glasses           bool
}

var (
	skinColors = map[string]color.RGBA{
		"pale": {0xf7, 0xdd, 0xca, 0xff}, "light": {0xf0, 0xc8, 0xa2, 0xff}, "olive": {0xd8, 0xa8, 0x78, 0xff},
		"tan": {0xc0, 0x86, 0x56, 0xff}, "brown": {0x8d, 0x5a, 0x3b, 0xff}, "dark": {0x5e, 0x3b, 0x27, 0xff},
	}
	hairColors = map[string]color.RGBA{
		"black": {0x22, 0x1c, 0x19, 0xff}, "brown": {0x5a, 0x3a, 0x22, 0xff}, "auburn": {0x86, 0x3a, 0x1f, 0xff},
		"red": {0xb8, 0x5a, 0x2c, 0xff}, "blonde": {0xd9, 0xb7, 0x6c, 0xff}, "grey": {0x9c, 0x9c, 0x9e, 0xff},
		"white": {0xe4, 0xe1, 0xdb, 0xff},
	}
	shirts = []color.RGBA{{0x3f, 0x7f, 0x8c, 0xff}, {0x8c, 0x4a, 0x5a, 0xff}, {0x5a, 0x6e, 0xb0, 0xff}, {0x6b, 0x8f, 0x5a, 0xff}, {0xb0, 0x7a, 0x3a, 0xff}, {0x7a, 0x5f, 0x9e, 0xff}, {0x4b, 0x55, 0x63, 0xff}}
)

// looksOf turns a customer's complete look into colours and shapes; the
// shirt's colour comes from the name alone.
func looksOf(c scenarios.Customer) looks {
	l := c.Resolved()
	h := fnv.New32a()
	h.Write([]byte(c.Name))
	return looks{
		skin:    skinColors[l.Skin],
		hair:    hairColors[l.HairColor],
		shirt:   shirts[h.Sum32()%uint32(len(shirts))],
		style:   l.Hair,
		age:     l.Age,
		build:   l.Build,
		facial:  l.FacialHair,
		glasses: l.Glasses != nil && *l.Glasses,
	}
}

func newPortrait(c scenarios.Customer) *portrait { return &portrait{look: looksOf(c), mood: -1} }

// expression is what the face shows, one for each word of the mood meter
// (Strings.MoodWord uses the same bands), so the face and the label agree.
type expression int

const (
	exFurious expression = iota
	exUpset
	exNeutral
	exPleased
	exDelighted
)

func expressionOf(mood float64) expression {
	m := int(math.Round(mood))
	switch {
	case m < 20:
		return exFurious
	case m < 40:
		return exUpset
	case m < 60:
		return exNeutral
	case m < 80:
		return exPleased
	}
	return exDelighted
}

// Draw draws the portrait for mood (0..100, fractional while animating)
// in a square of side size with its top-left at (x, y).
func (p *portrait) Draw(dst *ebiten.Image, x, y, size, mood float64) {
	n := int(math.Round(size))
	if n < 8 {
		return
	}
	// Re-render on visible changes only: another expression, or the
	// backdrop's tint moving by two points of mood.
	ex := expressionOf(mood)
	key := float64(ex)*1000 + math.Round(mood/2)*2
	if p.img == nil || p.size != n {
		if p.img != nil {
			p.img.Deallocate()
		}
		p.img = ebiten.NewImage(n, n)
		p.size, p.mood = n, -1
	}
	if p.mood != key {
		p.render(math.Round(mood/2)*2, ex)
		p.mood = key
	}
	p.drawOp.GeoM.Reset()
	p.drawOp.GeoM.Translate(math.Round(x), math.Round(y))
	dst.DrawImage(p.img, &p.drawOp)
}
