package game

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"
)

// assessLoad gets the assessment's configuration (already fetched by the
// browser's page, read from --assessment-file, or fetched from --panel)
// and opens the candidate's screen, or explains why it cannot: an unknown,
// used, expired or withdrawn link, or a network failure (with a retry).
type assessLoad struct {
	view    statusView
	opts    Options
	url     string
	pending <-chan httpResult
	data    []byte // a configuration at hand, accepted on the first frame
	failed  bool
	retry   bool
}

func newAssessLoad(ctx *Context, opts Options) *assessLoad {
	l := &assessLoad{view: statusView{ui: ctx.UI}, opts: opts}
	l.view.set(ctx.UI.Str.T(sAssessHeading), ctx.UI.Str.T(sAssessLoading), colAccent, true, "")
	data, url, err := assessSource(opts, ctx.Library)
	switch {
	case err != nil:
		l.fail(ctx, ctx.UI.Str.T(sAssessLoadFailed), err.Error(), false)
	case data != nil:
		l.data = data
	default:
		l.url = url
		l.pending = startRequest("GET", url, nil)
	}
	return l
}

func (l *assessLoad) describe() screenInfo {
	if l.failed {
		return screenInfo{kind: screenError, name: "error", ready: true}
	}
	return screenInfo{kind: screenLoading, name: "loading"}
}

// animating is true while the spinner turns.
func (l *assessLoad) animating() bool { return l.view.busy }

func (l *assessLoad) fail(ctx *Context, heading, body string, retry bool) {
	l.failed, l.retry = true, retry
	label := ""
	if retry {
		label = ctx.UI.Str.T(sAssessRetry)
	}
	l.view.set(heading, body, colBad, false, label)
}

// accept parses the configuration and, when it is sound, moves on to the
// candidate's screen.
func (l *assessLoad) accept(ctx *Context, data []byte) {
	if next := l.open(ctx, data); next != nil {
		ctx.Scenes.GoTo(next)
	}
}

// open parses the configuration and returns the candidate's screen, or
// nil after showing why the configuration cannot be used.
func (l *assessLoad) open(ctx *Context, data []byte) Scene {
	cfg, list, err := parseAssessConfig(data)
	if err != nil {
		l.fail(ctx, ctx.UI.Str.T(sAssessLoadFailed), err.Error(), false)
		return nil
	}
	ctx.Assess = newAssessSession(cfg, list, l.opts.AssessOptions)
	return newCandidateEntry(ctx)
}

// firstScene is the scene to open the game with: the candidate's screen
// at once when the configuration is already at hand (the browser's page
// fetched it while the game downloaded), so the first frame takes a name
// instead of showing "loading" and fading; otherwise this loading screen.
func (l *assessLoad) firstScene(ctx *Context) Scene {
	if l.data == nil {
		return l
	}
	data := l.data
	l.data = nil
	if next := l.open(ctx, data); next != nil {
		return next
	}
	return l
}

func (l *assessLoad) Update(ctx *Context) error {
	str := ctx.UI.Str
	if l.data != nil {
		data := l.data
		l.data = nil
		l.accept(ctx, data)
		return nil
	}
	if l.pending != nil {
		r, ok := poll(l.pending)
		if !ok {
			return nil
		}
		l.pending = nil
		switch {
		case r.Err != nil:
			l.fail(ctx, str.T(sAssessLoadFailed), str.F(sAssessNetwork, r.Err.Error()), true)
		case r.Status == 200:
			l.accept(ctx, r.Body)
		case r.Status == 404 || r.Status == 410:
			heading := str.T(sAssessLinkDead)
			if r.Status == 404 {
				heading = str.T(sAssessLinkUnknown)
			}
			_, msg := r.apiError()
			l.fail(ctx, heading, str.F(sAssessServerSaid, msg)+"\n\n"+str.T(sAssessAskPanel), false)
		default:
			_, msg := r.apiError()
			l.fail(ctx, str.T(sAssessLoadFailed), str.F(sAssessServerSaid, msg), r.Status >= 500)
		}
		return nil
	}
	if l.failed && l.retry && l.view.clicked(ctx.Input) {
		l.failed = false
		l.view.set(str.T(sAssessHeading), str.T(sAssessLoading), colAccent, true, "")
		l.pending = startRequest("GET", l.url, nil)
	}
	return nil
}

func (l *assessLoad) Draw(screen *ebiten.Image) { l.view.Draw(screen) }

// errorDetail is what the browser tests see of a failure.
func (l *assessLoad) errorDetail() string {
	if !l.failed {
		return ""
	}
	return fmt.Sprintf("%s: %s", l.view.heading, l.view.body)
}
