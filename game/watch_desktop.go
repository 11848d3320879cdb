//go:build !js

package game

import (
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// reloadSettle is how long a watched file must stay quiet before it is reloaded:
// editors often write a file in several steps (truncate, write, rename).
const reloadSettle = 150 * time.Millisecond

// fileWatcher reports changes to one file. It watches the file's folder,
// not the file, because many editors save by writing a new file and
// renaming it over the old one, which a watch on the file itself loses.
type fileWatcher struct {
	w    *fsnotify.Watcher
	last atomic.Int64 // UnixNano of the last change not yet reported
	errs atomic.Value // the last watcher error, a string
}

func newWatcher(path string) (watcher, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(filepath.Dir(abs)); err != nil {
		w.Close()
		return nil, err
	}
	fw := &fileWatcher{w: w}
	go func() {
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) != 0 {
					fw.last.Store(time.Now().UnixNano())
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				fw.errs.Store(err.Error())
			}
		}
	}()
	return fw, nil
}

// Changed reports, once, that the file changed and has since been quiet
// for a moment. It never blocks, so Update can call it every frame.
func (fw *fileWatcher) Changed() bool {
	last := fw.last.Load()
	if last == 0 || time.Since(time.Unix(0, last)) < reloadSettle {
		return false
	}
	return fw.last.CompareAndSwap(last, 0)
}

func (fw *fileWatcher) Close() error { return fw.w.Close() }
