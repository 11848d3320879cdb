//go:build linux && !android

package game

import (
	"os"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// Ctrl+V on Linux reads the X clipboard itself, with no tool installed:
// a window of this test owns CLIPBOARD and answers as a text editor
// would; an empty clipboard reads as nothing.
func TestPasteReadsTheX11Clipboard(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs an X display (xvfb-run -a)")
	}
	c, err := xgb.NewConn()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	screen := xproto.Setup(c).DefaultScreen(c)
	win, _ := xproto.NewWindowId(c)
	if err := xproto.CreateWindowChecked(c, 0, win, screen.Root, 0, 0, 1, 1, 0, xproto.WindowClassInputOnly, screen.RootVisual, 0, nil).Check(); err != nil {
		t.Fatal(err)
	}
	atoms, err := x11Atoms(c, "CLIPBOARD", "UTF8_STRING")
	if err != nil {
		t.Fatal(err)
	}
	clip, utf8s := atoms[0], atoms[1]
	const text = "https://panel.example.org/t/" + testTeamToken + " · Zoë"
	xproto.SetSelectionOwner(c, win, clip, xproto.TimeCurrentTime)
	if o, err := xproto.GetSelectionOwner(c, clip).Reply(); err != nil || o.Owner != win {
		t.Fatalf("owner %v, %v", o, err)
	}
	go func() {
		for {
			ev, err := c.WaitForEvent()
			if ev == nil && err == nil {
				return
			}
			req, ok := ev.(xproto.SelectionRequestEvent)
			if !ok {
				continue
			}
			prop := xproto.Atom(xproto.AtomNone)
			if req.Target == utf8s {
				xproto.ChangeProperty(c, xproto.PropModeReplace, req.Requestor, req.Property, utf8s, 8, uint32(len(text)), []byte(text))
				prop = req.Property
			}
			n := xproto.SelectionNotifyEvent{Time: req.Time, Requestor: req.Requestor, Selection: req.Selection, Target: req.Target, Property: prop}
			xproto.SendEvent(c, false, req.Requestor, xproto.EventMaskNoEvent, string(n.Bytes()))
		}
	}()
	got, err := readX11Clipboard(5 * time.Second)
	if err != nil || got != text {
		t.Fatalf("read %q, %v; want %q", got, err, text)
	}
	xproto.SetSelectionOwnerChecked(c, xproto.WindowNone, clip, xproto.TimeCurrentTime).Check()
	if got, err := readX11Clipboard(time.Second); got != "" || err != nil {
		t.Errorf("an empty clipboard read %q, %v", got, err)
	}
}
