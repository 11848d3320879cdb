package game

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shockabsorber/shockabsorber/play"
)

// httpResult is the answer to a request started by startRequest: a
// status and body, or Err when no answer came (a network error).
type httpResult struct {
	Status int
	Body   []byte
	Err    error
	// RetryAfter is the Retry-After header ("" without one).
	RetryAfter string
}

// apiError reads the server's JSON error ({"status","code","error"}).
func (r httpResult) apiError() (code, msg string) {
	var e play.APIError
	if json.Unmarshal(r.Body, &e) == nil && e.Message != "" {
		return e.Code, e.Message
	}
	text := strings.TrimSpace(string(r.Body))
	if len(text) > 300 || strings.HasPrefix(text, "<") {
		text = ""
	}
	if text == "" {
		text = fmt.Sprintf("the server answered with status %d", r.Status)
	}
	return "", text
}

// poll returns the result when it has arrived, without blocking.
func poll(ch <-chan httpResult) (httpResult, bool) {
	select {
	case r := <-ch:
		return r, true
	default:
		return httpResult{}, false
	}
}
