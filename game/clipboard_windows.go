//go:build windows

package game

import (
	"errors"
	"syscall"
	"unicode/utf16"
	"unsafe"
)

var (
	user32           = syscall.NewLazyDLL("user32.dll")
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	openClipboard    = user32.NewProc("OpenClipboard")
	closeClipboard   = user32.NewProc("CloseClipboard")
	getClipboardData = user32.NewProc("GetClipboardData")
	globalLock       = kernel32.NewProc("GlobalLock")
	globalUnlock     = kernel32.NewProc("GlobalUnlock")
	lstrlenW         = kernel32.NewProc("lstrlenW")
	moveMemory       = kernel32.NewProc("RtlMoveMemory")
)

// readClipboard returns the text on the Windows clipboard
// (CF_UNICODETEXT), for a paste into a text field.
func readClipboard() (string, error) {
	if r, _, err := openClipboard.Call(0); r == 0 {
		return "", errors.New("the clipboard could not be opened: " + err.Error())
	}
	defer closeClipboard.Call()
	const cfUnicodeText = 13
	h, _, _ := getClipboardData.Call(cfUnicodeText)
	if h == 0 {
		return "", nil // no text on the clipboard
	}
	p, _, _ := globalLock.Call(h)
	if p == 0 {
		return "", errors.New("the clipboard could not be read")
	}
	defer globalUnlock.Call(h)
	n, _, _ := lstrlenW.Call(p)
	n = min(n, maxLinkPaste)
	if n == 0 {
		return "", nil
	}
	u := make([]uint16, n)
	moveMemory.Call(uintptr(unsafe.Pointer(&u[0])), p, n*2)
	return string(utf16.Decode(u)), nil
}

// pollPaste: the desktop reads the clipboard at once (readClipboard).
func pollPaste() string { return "" }
