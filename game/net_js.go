//go:build js

package game

import (
	"errors"
	"fmt"
	"syscall/js"
)

// startRequest sends a request with the browser's fetch API and returns at
// once; the answer arrives on the channel, which Update polls. Using fetch
// rather than net/http keeps the WASM download small and needs no
// goroutine to block on.
func startRequest(method, url string, body []byte) <-chan httpResult {
	ch := make(chan httpResult, 1)
	defer func() {
		if r := recover(); r != nil {
			ch <- httpResult{Err: fmt.Errorf("fetch: %v", r)}
		}
	}()
	obj := js.Global().Get("Object")
	opts, headers := obj.New(), obj.New()
	headers.Set("Accept", "application/json")
	opts.Set("method", method)
	opts.Set("cache", "no-store")
	opts.Set("credentials", "same-origin")
	if body != nil {
		headers.Set("Content-Type", "application/json")
		opts.Set("body", string(body))
	}
	opts.Set("headers", headers)

	var onResponse, onText, onError js.Func
	release := func() {
		onResponse.Release()
		onText.Release()
		onError.Release()
	}
	status, retryAfter := 0, ""
	onResponse = js.FuncOf(func(_ js.Value, args []js.Value) any {
		status = args[0].Get("status").Int()
		retryAfter = jsString(args[0].Get("headers").Call("get", "Retry-After"))
		return args[0].Call("text")
	})
	onText = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- httpResult{Status: status, Body: []byte(args[0].String()), RetryAfter: retryAfter}
		release()
		return nil
	})
	onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "the network request failed"
		if len(args) > 0 && args[0].Truthy() {
			if m := args[0].Get("message"); m.Type() == js.TypeString && m.String() != "" {
				msg = m.String()
			}
		}
		ch <- httpResult{Err: errors.New(msg)}
		release()
		return nil
	})
	js.Global().Call("fetch", url, opts).Call("then", onResponse).Call("then", onText).Call("catch", onError)
	return ch
}
