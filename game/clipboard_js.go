//go:build js

package game

import (
	"errors"
	"syscall/js"
)

// pastedText carries what navigator.clipboard.readText resolved to, for
// pollPaste.
var pastedText = make(chan string, 1)

// readClipboard starts reading the browser's clipboard (Ctrl+V, Cmd+V):
// navigator.clipboard.readText answers later, through pollPaste. A
// browser that pastes into the page's text field by itself delivers the
// same text as typed input too; textField takes it once.
func readClipboard() (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("this browser does not let the page read the clipboard")
		}
	}()
	clip := js.Global().Get("navigator").Get("clipboard")
	if clip.Type() != js.TypeObject || clip.Get("readText").Type() != js.TypeFunction {
		return "", nil // the browser's own paste into the field is all there is
	}
	var then, fail js.Func
	release := func() { then.Release(); fail.Release() }
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeString {
			t := args[0].String()
			if len(t) > maxLinkPaste {
				t = t[:maxLinkPaste]
			}
			select {
			case pastedText <- t:
			default:
			}
		}
		release()
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any { release(); return nil })
	clip.Call("readText").Call("then", then).Call("catch", fail)
	return "", nil
}

// pollPaste returns the clipboard's text once readText has it.
func pollPaste() string {
	select {
	case s := <-pastedText:
		return s
	default:
		return ""
	}
}
