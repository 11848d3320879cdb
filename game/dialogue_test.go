package game

import (
	"testing"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// libraryScenario returns a bundled scenario by id.
func libraryScenario(t *testing.T, id string) *scenarios.Scenario {
	t.Helper()
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, sc := range set.Scenarios {
		if sc.ID == id {
			return sc
		}
	}
	t.Fatalf("no bundled scenario %q", id)
	return nil
}

// dialogueAt lays out the dialogue of node id (the start for "") at w×h in
// the scenario's language, its text shown in full.
func dialogueAt(t *testing.T, sc *scenarios.Scenario, id string, w, h int) *dialogue {
	t.Helper()
	ctx, _ := testContext(t, w, h)
	str, err := LoadStrings(assets.MatchLanguage(sc.Language))
	if err != nil {
		t.Fatal(err)
	}
	ctx.UI.SetStrings(str)
	run := play.New(sc)
	if id != "" {
		run, _ = play.Resume(sc, nil, id)
	}
	d := newDialogue(ctx, run, run.Mood())
	d.layout()
	d.reveal, d.appear = len(d.node.Text), 1
	return d
}

// TestKeyHintIsNeverClipped lays out every node of every bundled scenario
// at 800×600 and 1280×720: either everything fits, with the key hint under
// the choices, or the hint is pinned inside the column under a list that
// scrolls, and the list says there is more below.
func TestKeyHintIsNeverClipped(t *testing.T) {
	set, diags := scenarios.Library()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	pinned := 0
	for _, size := range [][2]int{{800, 600}, {1280, 720}} {
		for _, sc := range set.Scenarios {
			for _, n := range sc.Nodes {
				d := dialogueAt(t, sc, n.ID, size[0], size[1])
				if d.ending {
					continue
				}
				hintBottom := d.list.Y + d.hintY + d.hintB.H
				if d.hintPinned {
					pinned++
					hintBottom = d.hintY + d.hintB.H
					if !d.moreBelow() {
						t.Errorf("%s %s at %v: the hint is pinned but no cue says there is more", sc.ID, n.ID, size)
					}
				} else if d.scroll.max > 0 {
					t.Errorf("%s %s at %v: the list scrolls with the hint at its end", sc.ID, n.ID, size)
				}
				if hintBottom > d.view.bottom()+0.5 {
					t.Errorf("%s %s at %v: the key hint ends at %.0f, below the column's %.0f", sc.ID, n.ID, size, hintBottom, d.view.bottom())
				}
			}
		}
	}
	t.Logf("%d node layouts pin the hint under a scrolling list", pinned)
}

// TestLongChoiceListSaysThereIsMore checks the reviewers' cases: Friday
// outage's five options fit at 1280×720 with the tighter spacing, and the
// flooded ballroom's at 800×600 scroll under a cue that goes once the last
// option is reached; the cue scrolls when clicked, and a click on an
// option's part hidden under it does not choose.
func TestLongChoiceListSaysThereIsMore(t *testing.T) {
	fo := dialogueAt(t, libraryScenario(t, "friday-outage-pt-br"), "", 1280, 720)
	if fo.scroll.max > 0 || fo.hintPinned || len(fo.choice) != 5 {
		t.Errorf("friday-outage-pt-br at 1280×720: %d options, scrolls %.0f px, hint pinned %v; want all five shown", len(fo.choice), fo.scroll.max, fo.hintPinned)
	}

	sc := libraryScenario(t, "flooded-ballroom")
	d := dialogueAt(t, sc, "", 800, 600)
	if !d.hintPinned || !d.moreBelow() {
		t.Fatalf("flooded-ballroom at 800×600: hint pinned %v, more below %v", d.hintPinned, d.moreBelow())
	}
	ctx, _ := testContext(t, 800, 600)
	cut := -1 // the option the list's bottom edge cuts through
	for i, r := range d.choice {
		if r := d.contentRect(r); r.Y < d.list.bottom() && r.bottom() > d.list.bottom()+4 {
			cut = i
		}
	}
	if cut < 0 {
		// The edge falls between two options: scroll a little so that it
		// cuts through the first one below it.
		for i, r := range d.choice {
			if r.Y-d.scroll.off >= d.list.H {
				d.scroll.off = min(d.scroll.max-1, r.Y+r.H/2-d.list.H)
				cut = i
				break
			}
		}
	}
	if cut < 0 || !d.moreBelow() {
		t.Fatal("no option is cut by the list's bottom edge")
	}
	ctx.Input = Intents{Click: true, X: d.list.X + d.list.W/2, Y: d.list.bottom() + 2}
	if err := d.Update(ctx); err != nil {
		t.Fatal(err)
	}
	if len(d.run.Steps()) != 0 {
		t.Fatal("a click under the list chose an option")
	}
	off := d.scroll.off
	ctx.Input = Intents{Click: true, X: d.moreR.X + d.moreR.W/2, Y: d.moreR.Y + d.moreR.H/2}
	if err := d.Update(ctx); err != nil {
		t.Fatal(err)
	}
	if d.scroll.off <= off || len(d.run.Steps()) != 0 {
		t.Errorf("clicking the cue: scrolled %.0f → %.0f, steps %d", off, d.scroll.off, len(d.run.Steps()))
	}
	d.scroll.off = 0
	for range d.choice {
		ctx.Input = Intents{Down: true}
		if err := d.Update(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if d.focus != len(d.choice)-1 || d.moreBelow() {
		t.Errorf("after ↓ to the last option (focus %d): the cue still shows", d.focus)
	}
}
