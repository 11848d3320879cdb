//go:build js

package team

import (
	"errors"
	"fmt"
	"syscall/js"
)

// NewKey returns a new random key (see KeyOf) from the browser's
// crypto.getRandomValues.
func NewKey() (key string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("crypto.getRandomValues: %v", r)
		}
	}()
	c := js.Global().Get("crypto")
	if c.Type() != js.TypeObject {
		return "", errors.New("this browser has no crypto.getRandomValues")
	}
	a := js.Global().Get("Uint8Array").New(16)
	c.Call("getRandomValues", a)
	var b [16]byte
	if js.CopyBytesToGo(b[:], a) != 16 {
		return "", errors.New("crypto.getRandomValues gave too few bytes")
	}
	return KeyOf(b), nil
}
