package game

import (
	"testing"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// longLineScenario has a customer line and an option long enough to wrap
// at any size.
const longLineScenario = `id = "long"
title = "Long lines"
language = "en"

[customer]
name = "Rosa Delgado"

[[node]]
id = "a"
text = "I have called four times this week about the same router, and every time someone tells me that an engineer will come on Thursday, and every Thursday I stay home from work and nobody comes, and nobody calls to say they are not coming."

  [[node.choice]]
  text = "I am sorry you lost four days waiting. I will book the engineer myself now, confirm the slot with you on this call, and phone you Thursday morning before they leave."
  next = "b"

[[node]]
id = "b"
text = "Fine. Thursday, then. But this is the last time I take a day off for you people."

  [[node.choice]]
  text = "Understood. You will hear from me at eight."
  next = "end"

[[node]]
id = "end"
text = "The engineer comes."
ending = "resolved"
`

// TestReadingWidthAndLog: at every size the customer's line and the
// options wrap near 70 characters at most; the conversation log shows what
// was said once there is something to show, beside the column or under
// the customer's card, and not when the card is a band across a tall
// screen.
func TestReadingWidthAndLog(t *testing.T) {
	sc, diags := scenarios.Parse("long.toml", []byte(longLineScenario))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, size := range [][2]int{{800, 600}, {1280, 720}, {1920, 1080}, {2560, 1440}, {640, 900}} {
		ctx, _ := testContext(t, size[0], size[1])
		dst := ebiten.NewImage(size[0], size[1])
		run := play.New(sc)
		d := newDialogue(ctx, run, run.Mood())
		settle(t, ctx, d, dst)
		for _, b := range append([]*Block{d.textB}, d.choiceB...) {
			for i := 0; i < b.Lines(); i++ {
				if n := utf8.RuneCountInString(b.Line(i)); n > 80 {
					t.Errorf("%dx%d: a line of %d characters: %q", size[0], size[1], n, b.Line(i))
				}
			}
		}
		if d.log.r.W > 0 {
			t.Errorf("%dx%d: a log before anything was said", size[0], size[1])
		}
		if _, err := run.Choose(0); err != nil {
			t.Fatal(err)
		}
		d = newDialogue(ctx, run, run.Mood())
		settle(t, ctx, d, dst)
		wide := size[0] > size[1] // a card in a column leaves room; a band across the top does not
		if shown := d.log.r.W > 0; shown != wide {
			t.Errorf("%dx%d: log shown = %v, want %v", size[0], size[1], shown, wide)
		}
		if d.log.r.W > 0 {
			if len(d.log.textB) == 0 || d.log.textB[len(d.log.textB)-1].Src == "" {
				t.Errorf("%dx%d: the log has no entries", size[0], size[1])
			}
			last := d.log.entries[len(d.log.entries)-1]
			if !last.player || last.text != sc.Nodes[0].Choices[0].Text {
				t.Errorf("%dx%d: the log ends with %+v, want the player's answer", size[0], size[1], last)
			}
			if r := d.log.r; r.right() > float64(size[0]) || r.bottom() > float64(size[1]) || overlaps(r, d.view) || overlaps(r, d.cust.side) {
				t.Errorf("%dx%d: log %v overlaps the column %v or the card %v, or leaves the screen", size[0], size[1], r, d.view, d.cust.side)
			}
		}
		dst.Deallocate()
	}
}

func overlaps(a, b rect) bool {
	return a.X < b.right() && b.X < a.right() && a.Y < b.bottom() && b.Y < a.bottom()
}

// TestProseFontFallsBack: the prose face draws Latin with Open Sans and
// anything the subset lacks (Greek, Cyrillic) with the Go font, never
// as missing glyphs of zero width.
func TestProseFontFallsBack(t *testing.T) {
	ctx, _ := testContext(t, 1280, 720)
	u := ctx.UI
	if w := u.TextW("Ωμέγα Привет", fProse); w < 5*u.Face(fProse).Size {
		t.Errorf("Greek and Cyrillic in prose measure %.0f px: the Go font should draw them", w)
	}
	if u.TextW("0-0", fProse) == u.TextW("0-0", fBody) {
		t.Error("prose and body text measure the same: the prose font is not in use")
	}
}
