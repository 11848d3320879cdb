//go:build js

package game

// readClipboard: in the browser a paste (Ctrl+V, Cmd+V) reaches the
// page's text field as text, which the field takes like typing (the
// input method's committed text); nothing is read here.
func readClipboard() (string, error) { return "", nil }
