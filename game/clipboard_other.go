//go:build !js && !windows && !linux

package game

// readClipboard returns the text on the system clipboard (pbpaste on
// macOS), for a paste into a text field.
func readClipboard() (string, error) { return clipboardTools() }
