package game

import (
	"github.com/hajimehoshi/ebiten/v2"
)

// assessSubmit sends the candidate's answers and says when they are in.
// The body is fixed once, so a retry after a network error sends the same
// bytes; a 410 token_used answer to a retry means the first attempt was
// stored, which counts as received (internal/panel/API.md, section 3).
// The candidate never sees a score.
type assessSubmit struct {
	view    statusView
	s       *assessSession
	pending <-chan httpResult
	state   screenKind // screenSubmitting, screenSubmitted or screenError
	retry   bool
	detail  string
}

func newAssessSubmit(ctx *Context) *assessSubmit {
	v := &assessSubmit{view: statusView{ui: ctx.UI}, s: ctx.Assess}
	str := ctx.UI.Str
	if err := v.s.finish(ctx.Now(), clientDetails(ctx.UI)); err != nil {
		v.fail(ctx, err.Error(), false)
		return v
	}
	if v.s.submitURL == "" {
		// Offline (--assessment-file): the transcript file is the result.
		body := str.T(sAssessThanksBody)
		if v.s.transcriptOut != "" {
			body = str.F(sAssessSavedTo, v.s.transcriptOut)
		}
		v.done(ctx, body)
		return v
	}
	v.send(ctx)
	return v
}

func (v *assessSubmit) send(ctx *Context) {
	v.state = screenSubmitting
	v.view.set(ctx.UI.Str.T(sAssessSubmitting), "", colAccent, true, "")
	v.s.attempts++
	v.pending = startRequest("POST", v.s.submitURL, v.s.body)
}

func (v *assessSubmit) done(ctx *Context, body string) {
	v.state = screenSubmitted
	label := ""
	if !isBrowser {
		label = ctx.UI.Str.T(sAssessClose)
	}
	v.view.set(ctx.UI.Str.T(sAssessThanks), body, colGood, false, label)
}

func (v *assessSubmit) fail(ctx *Context, msg string, retry bool) {
	v.state, v.retry, v.detail = screenError, retry, msg
	label := ""
	if retry {
		label = ctx.UI.Str.T(sAssessRetry)
	}
	v.view.set(ctx.UI.Str.T(sAssessSendFailed), msg, colBad, false, label)
}

func (v *assessSubmit) describe() screenInfo {
	name := "submitting"
	switch v.state {
	case screenSubmitted:
		name = "submitted"
	case screenError:
		name = "error"
	}
	return screenInfo{kind: v.state, name: name, ready: v.state != screenSubmitting}
}

// animating is true while the spinner turns.
func (v *assessSubmit) animating() bool { return v.view.busy }

func (v *assessSubmit) Update(ctx *Context) error {
	str := ctx.UI.Str
	if v.pending != nil {
		r, ok := poll(v.pending)
		if !ok {
			return nil
		}
		v.pending = nil
		code, msg := r.apiError()
		switch {
		case r.Err != nil:
			v.fail(ctx, str.F(sAssessNetwork, r.Err.Error()), true)
		case r.Status == 201 || r.Status == 200:
			v.done(ctx, str.T(sAssessThanksBody))
		case r.Status == 410 && code == "token_used" && v.s.attempts > 1:
			// The earlier attempt reached the server after all.
			v.done(ctx, str.T(sAssessThanksBody))
		case r.Status == 410 || r.Status == 404:
			v.fail(ctx, str.F(sAssessServerSaid, msg)+"\n\n"+str.T(sAssessAskPanel), false)
		default:
			v.fail(ctx, str.F(sAssessServerSaid, msg), r.Status >= 500 || r.Status == 429)
		}
		return nil
	}
	switch {
	case v.state == screenError && v.retry && v.view.clicked(ctx.Input):
		v.send(ctx)
	case v.state == screenSubmitted && !isBrowser && (v.view.clicked(ctx.Input) || ctx.Input.Back):
		ctx.Quit = true
	}
	return nil
}

func (v *assessSubmit) Draw(screen *ebiten.Image) { v.view.Draw(screen) }
