//go:build js

package game

import "errors"

func newWatcher(string) (watcher, error) {
	return nil, errors.New("--watch works in the desktop game only")
}
