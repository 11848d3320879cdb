//go:build !js

package game

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

var httpClient = &http.Client{Timeout: 30 * time.Second}

// startRequest sends a request in a goroutine and returns at once; the
// answer arrives on the channel, which Update polls.
func startRequest(method, url string, body []byte) <-chan httpResult {
	ch := make(chan httpResult, 1)
	go func() {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequest(method, url, rd)
		if err != nil {
			ch <- httpResult{Err: err}
			return
		}
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := httpClient.Do(req)
		if err != nil {
			ch <- httpResult{Err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
		ch <- httpResult{Status: res.StatusCode, Body: b, Err: err, RetryAfter: res.Header.Get("Retry-After")}
	}()
	return ch
}
