//go:build js

package game

import (
	"fmt"
	"syscall/js"

	"github.com/shockabsorber/shockabsorber/play"
)

// applyPlatform reads the page's configuration (internal/panel/API.md,
// section 1): in assessment mode, the invite's URLs and the configuration
// the loader already fetched.
func applyPlatform(opts *Options) {
	defer func() { recover() }() // a page without the globals plays practice
	g := js.Global()
	cfg := g.Get("shockAbsorberConfig")
	if cfg.Type() != js.TypeObject {
		return
	}
	// The bundled scenarios' files are served beside the game's.
	opts.libraryBase = jsString(cfg.Get("assets"))
	opts.courseCatalog = courseCatalog(cfg)
	if jsString(cfg.Get("mode")) != "assessment" {
		opts.Team = pageTeam(cfg)
		return
	}
	opts.Mode = Assessment
	opts.configURL = jsString(cfg.Get("config_url"))
	opts.submitURL = jsString(cfg.Get("submit_url"))
	if a := g.Get("shockAbsorberAssessment"); a.Type() == js.TypeObject {
		opts.configJSON = []byte(g.Get("JSON").Call("stringify", a).String())
	}
}

func jsString(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

// clientDetails describes the browser for the panel.
func clientDetails(u *UI) (c play.ClientInfo) {
	c.Version = appVersion
	defer func() { recover() }()
	g := js.Global()
	nav := g.Get("navigator")
	c.UserAgent = jsString(nav.Get("userAgent"))
	c.Language = jsString(nav.Get("language"))
	c.Timezone = jsString(g.Get("Intl").Call("DateTimeFormat").Call("resolvedOptions").Get("timeZone"))
	if s := g.Get("screen"); s.Type() == js.TypeObject {
		c.Screen = fmt.Sprintf("%dx%d", s.Get("width").Int(), s.Get("height").Int())
	}
	return c
}

// webState mirrors what is on screen into globalThis.shockAbsorberState
// ({frames, scene, node, shown, ready, detail, lang}) so browser tests can
// poll instead of sleeping. It writes the scene only when it changes; a
// steady frame writes just the frame count, a number (no allocation).
type webState struct {
	obj   js.Value
	key   string
	ready bool
}

func (s *webState) publish(frames int, st sceneState) {
	if !s.ready {
		s.ready = true
		s.obj = js.Global().Get("Object").New()
		// When the first frame was made, on the page's clock (ms since
		// navigation), for the start-up budget.
		s.obj.Set("first_frame_ms", js.Global().Get("performance").Call("now"))
		js.Global().Set("shockAbsorberState", s.obj)
	}
	s.obj.Set("frames", frames)
	if key := st.key(); key != s.key {
		s.key = key
		s.obj.Set("scene", st.scene)
		s.obj.Set("node", st.node)
		shown := make([]any, len(st.shown))
		for i, v := range st.shown {
			shown[i] = v
		}
		s.obj.Set("shown", shown)
		s.obj.Set("detail", st.detail)
		s.obj.Set("lang", st.lang)
		s.obj.Set("ready", st.ready)
	}
}

// isBrowser is true in the WASM build.
const isBrowser = true

// pageTeam is the team to join from the page: the configuration's "team"
// (the panel may fill it in), else /play/?team=TOKEN in the address. A
// token alone is relative to the page's server (team.ParseLink).
func pageTeam(cfg js.Value) string {
	if t := jsString(cfg.Get("team")); t != "" {
		return t
	}
	defer func() { recover() }()
	q := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
	return jsString(q.Call("get", "team"))
}
