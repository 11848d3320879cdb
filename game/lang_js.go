//go:build js

package game

import (
	"syscall/js"

	"github.com/shockabsorber/shockabsorber/assets"
)

// systemLanguage returns the UI language that best serves the browser's
// (navigator.language: "pt-BR", "es-419", "en-GB"...), or "".
func systemLanguage() (lang string) {
	defer func() {
		if recover() != nil {
			lang = ""
		}
	}()
	nav := js.Global().Get("navigator")
	if nav.IsUndefined() || nav.IsNull() {
		return ""
	}
	if l := nav.Get("language"); l.Type() == js.TypeString {
		return assets.MatchLanguage(l.String())
	}
	return ""
}
