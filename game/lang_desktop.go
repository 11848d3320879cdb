//go:build !js

package game

// systemLanguage returns "" on the desktop: the saved setting (English
// by default) or --lang decides, so scripted runs read the same anywhere.
func systemLanguage() string { return "" }
