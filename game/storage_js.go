//go:build js

package game

import (
	"fmt"
	"syscall/js"
)

const saveKey = "shockabsorber/save.json"

// webStorage keeps the save document in the browser's localStorage. Every
// call is guarded: localStorage can be missing, disabled (private modes)
// or full, and each of those throws a JavaScript exception.
type webStorage struct{}

func newStorage(string) (storage, error) { return webStorage{}, nil }

// guard turns a JavaScript exception from localStorage into an error a
// player can act on: the browser's DOMException names say whether storage
// is full or not allowed.
func guard(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if je, ok := r.(js.Error); ok && je.Value.Type() == js.TypeObject {
		switch je.Value.Get("name").String() {
		case "QuotaExceededError":
			*err = errStorageFull
			return
		case "SecurityError":
			*err = errStorageBlocked
			return
		}
	}
	*err = fmt.Errorf("localStorage: %v", r)
}

func localStorage() (js.Value, error) {
	ls := js.Global().Get("localStorage")
	if ls.IsUndefined() || ls.IsNull() {
		return js.Value{}, errStorageBlocked
	}
	return ls, nil
}

func (webStorage) read() (data []byte, err error) {
	defer guard(&err)
	ls, err := localStorage()
	if err != nil {
		return nil, err
	}
	v := ls.Call("getItem", saveKey)
	if v.IsNull() || v.IsUndefined() {
		return nil, nil
	}
	return []byte(v.String()), nil
}

func (webStorage) write(data []byte) (err error) {
	defer guard(&err)
	ls, err := localStorage()
	if err != nil {
		return err
	}
	// setItem replaces the value in one step, which is as atomic as the
	// browser gets.
	ls.Call("setItem", saveKey, string(data))
	return nil
}

func (webStorage) quarantine() (where string, err error) {
	defer guard(&err)
	ls, err := localStorage()
	if err != nil {
		return "", err
	}
	ls.Call("setItem", saveKey+".corrupt", ls.Call("getItem", saveKey))
	ls.Call("removeItem", saveKey)
	return "localStorage " + saveKey + ".corrupt", nil
}
