//go:build !js && !windows

package game

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// clipboardTools reads the system clipboard with the system's tool:
// pbpaste on macOS; wl-paste under Wayland, xclip or xsel under X11 (on
// Linux, only when the X server could not be asked directly:
// clipboard_linux.go). It waits at most a second.
func clipboardTools() (string, error) {
	var tools [][]string
	switch {
	case runtime.GOOS == "darwin":
		tools = [][]string{{"pbpaste"}}
	default:
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			tools = append(tools, []string{"wl-paste", "--no-newline"})
		}
		tools = append(tools, []string{"xclip", "-selection", "clipboard", "-o"}, []string{"xsel", "--clipboard", "--output"})
	}
	var names []string
	for _, t := range tools {
		path, err := exec.LookPath(t[0])
		if err != nil {
			names = append(names, t[0])
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		out, err := exec.CommandContext(ctx, path, t[1:]...).Output()
		cancel()
		if err != nil {
			return "", errors.New("the clipboard could not be read (" + t[0] + ": " + err.Error() + ")")
		}
		if len(out) > maxLinkPaste {
			out = out[:maxLinkPaste]
		}
		return strings.TrimSpace(string(out)), nil
	}
	return "", errors.New("no clipboard tool (" + strings.Join(names, ", ") + ") is installed")
}

// pollPaste: the desktop reads the clipboard at once (readClipboard).
func pollPaste() string { return "" }
