//go:build js

package game

import (
	"sync"
	"sync/atomic"
	"syscall/js"
)

// The browser's side of the accessible mirror (a11y.go): the page's
// globalThis.shockAbsorberA11y (web/index.html) renders the views and
// calls act(serial, act, index, text) when the reader uses the mirror.
type jsA11yPort struct {
	obj   js.Value
	mu    sync.Mutex
	queue []a11yAction
}

// newA11yPort connects to the page's mirror; a page without one (an old
// copy of index.html) gets none.
func newA11yPort() a11yPort {
	defer func() { recover() }()
	obj := js.Global().Get("shockAbsorberA11y")
	if obj.Type() != js.TypeObject {
		return nil
	}
	p := &jsA11yPort{obj: obj}
	obj.Set("act", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return nil
		}
		a := a11yAction{Serial: jsInt(args[0]), Act: jsString(args[1]), Index: -1}
		if len(args) > 2 {
			a.Index = jsInt(args[2])
		}
		if len(args) > 3 {
			a.Text = jsString(args[3])
			if len(a.Text) > 4*maxNameRunes {
				a.Text = a.Text[:4*maxNameRunes] // the scene keeps maxNameRunes
			}
		}
		p.mu.Lock()
		if len(p.queue) < 16 { // a burst of clicks is not a backlog
			p.queue = append(p.queue, a)
		}
		p.mu.Unlock()
		return nil
	}))
	return p
}

func jsInt(v js.Value) int {
	if v.Type() == js.TypeNumber {
		return v.Int()
	}
	return -1
}

func (p *jsA11yPort) render(view []byte) { p.obj.Call("render", string(view)) }

func (p *jsA11yPort) tick(secs int, say string) { p.obj.Call("tick", secs, say) }

func (p *jsA11yPort) take(dst []a11yAction) []a11yAction {
	p.mu.Lock()
	dst = append(dst, p.queue...)
	p.queue = p.queue[:0]
	p.mu.Unlock()
	return dst
}

// motion is the browser's prefers-reduced-motion setting, watched from
// the first time the game asks.
var motion struct {
	once sync.Once
	on   atomic.Bool
}

// reducedMotion reports whether the player asked the browser for less
// motion: the game then shows lines whole and switches screens at once.
func reducedMotion() bool {
	motion.once.Do(func() {
		defer func() { recover() }()
		mq := js.Global().Call("matchMedia", "(prefers-reduced-motion: reduce)")
		motion.on.Store(mq.Get("matches").Truthy())
		mq.Call("addEventListener", "change", js.FuncOf(func(_ js.Value, args []js.Value) any {
			motion.on.Store(len(args) > 0 && args[0].Get("matches").Truthy())
			return nil
		}))
	})
	return motion.on.Load()
}
