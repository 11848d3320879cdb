//go:build !js

package game

import (
	"fmt"
	"runtime"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
)

// applyPlatform does nothing on the desktop: the flags say everything.
func applyPlatform(*Options) {}

// clientDetails describes the desktop build for the panel.
func clientDetails(u *UI) play.ClientInfo {
	zone, _ := time.Now().Zone()
	return play.ClientInfo{
		UserAgent: fmt.Sprintf("shockabsorber/%s (%s/%s)", appVersion, runtime.GOOS, runtime.GOARCH),
		Version:   appVersion,
		Language:  u.Str.Lang,
		Timezone:  zone,
		Screen:    fmt.Sprintf("%.0fx%.0f", u.W, u.H),
	}
}

// webState is the browser's test hook; the desktop has nothing to publish.
type webState struct{}

func (*webState) publish(int, sceneState) {}

// isBrowser is true in the WASM build.
const isBrowser = false
