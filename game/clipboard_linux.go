//go:build linux && !android

package game

import (
	"errors"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// readClipboard returns the text on the clipboard, for a paste into a
// text field. Ebitengine has no clipboard of its own: the game asks the
// X server (its CLIPBOARD selection as UTF-8, over the X11 protocol in
// pure Go, which Ebitengine links already), and when there is none (a
// Wayland session without XWayland) the system's tools.
func readClipboard() (string, error) {
	s, err := readX11Clipboard(time.Second)
	if err == nil {
		return s, nil
	}
	if t, terr := clipboardTools(); terr == nil {
		return t, nil
	}
	return "", err
}

// x11Atoms interns the atoms a clipboard read needs.
func x11Atoms(c *xgb.Conn, names ...string) ([]xproto.Atom, error) {
	out := make([]xproto.Atom, len(names))
	for i, n := range names {
		r, err := xproto.InternAtom(c, false, uint16(len(n)), n).Reply()
		if err != nil {
			return nil, err
		}
		out[i] = r.Atom
	}
	return out, nil
}

// readX11Clipboard asks the owner of the CLIPBOARD selection for it as
// UTF8_STRING on a window of its own and waits at most wait for the
// answer. An empty clipboard is "" and no error.
func readX11Clipboard(wait time.Duration) (string, error) {
	c, err := xgb.NewConn()
	if err != nil {
		return "", errors.New("the clipboard could not be read: " + err.Error())
	}
	defer c.Close()
	screen := xproto.Setup(c).DefaultScreen(c)
	win, err := xproto.NewWindowId(c)
	if err != nil {
		return "", err
	}
	if err := xproto.CreateWindowChecked(c, 0, win, screen.Root, 0, 0, 1, 1, 0, xproto.WindowClassInputOnly, screen.RootVisual, 0, nil).Check(); err != nil {
		return "", err
	}
	atoms, err := x11Atoms(c, "CLIPBOARD", "UTF8_STRING", "SHOCKABSORBER_PASTE", "INCR")
	if err != nil {
		return "", err
	}
	clip, utf8s, prop, incr := atoms[0], atoms[1], atoms[2], atoms[3]
	if o, err := xproto.GetSelectionOwner(c, clip).Reply(); err != nil || o.Owner == xproto.WindowNone {
		return "", err // nobody holds a clipboard
	}
	xproto.ConvertSelection(c, win, clip, utf8s, prop, xproto.TimeCurrentTime)
	events := make(chan xgb.Event, 8)
	go func() {
		for {
			ev, xerr := c.WaitForEvent()
			if ev == nil && xerr == nil {
				close(events) // the connection closed
				return
			}
			if ev != nil {
				select {
				case events <- ev:
				default:
				}
			}
		}
	}()
	timeout := time.After(wait)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return "", errors.New("the X server closed the connection")
			}
			sn, isNotify := ev.(xproto.SelectionNotifyEvent)
			if !isNotify {
				continue
			}
			if sn.Property == xproto.AtomNone {
				return "", nil // the owner has no text
			}
			r, err := xproto.GetProperty(c, true, win, prop, xproto.GetPropertyTypeAny, 0, maxLinkPaste/4).Reply()
			if err != nil {
				return "", err
			}
			if r.Type == incr {
				return "", errors.New("the clipboard holds too much text for a link")
			}
			return string(r.Value), nil
		case <-timeout:
			return "", errors.New("the clipboard's owner did not answer")
		}
	}
}
