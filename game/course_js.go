//go:build js

package game

import (
	"encoding/json"
	"syscall/js"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// courseOn reports whether the page has an LMS bridge to tell.
func courseOn() bool {
	return js.Global().Get("shockAbsorberLMS").Type() == js.TypeObject
}

// courseSend hands an event to the page's bridge as
// shockAbsorberLMS.event(kind, json). A bridge that throws never stops
// the game.
func courseSend(kind string, v any) {
	defer func() { recover() }()
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	js.Global().Get("shockAbsorberLMS").Call("event", kind, string(data))
}

// courseCatalog reads the scenarios a course package offers from the
// page's configuration (shockAbsorberConfig.catalog, entries as in
// scenarios/library_catalog.json): nil when it names none.
func courseCatalog(cfg js.Value) []scenarios.Entry {
	c := cfg.Get("catalog")
	if c.Type() != js.TypeObject {
		return nil
	}
	var entries []scenarios.Entry
	if json.Unmarshal([]byte(js.Global().Get("JSON").Call("stringify", c).String()), &entries) != nil || len(entries) == 0 {
		return nil
	}
	return entries
}
