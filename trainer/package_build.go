package trainer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ModulePath is the Go module the browser game is built from.
const ModulePath = "github.com/shockabsorber/shockabsorber"

// GameBuildArgs are the `go build` arguments (after "build") that
// scripts/build-web.sh gives the browser game, less -o and the package:
// the library's catalog only (-tags weblibrary), no symbols, and inlining
// kept where frames are spent. A test keeps the two in step.
var GameBuildArgs = []string{
	"-trimpath", "-tags", "weblibrary",
	"-gcflags=all=-l", "-gcflags=runtime=", "-gcflags=syscall/js=",
	"-gcflags=github.com/hajimehoshi/ebiten/v2/...=", "-gcflags=" + ModulePath + "/...=",
	"-ldflags=-s -w",
}

// SourceRoot returns the root of the Shock Absorber source the folder dir
// is in, as `go env GOMOD` finds it, or an error saying why the game
// cannot be built from there.
func SourceRoot(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot run go (%v): build the browser game with scripts/build-web.sh and pass --wasm web/game.wasm", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("this folder is not inside the Shock Absorber source: run from the source, or pass --wasm with a game built by scripts/build-web.sh")
	}
	data, err := os.ReadFile(mod)
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if strings.TrimSpace(first) != "module "+ModulePath {
		return "", fmt.Errorf("%s is not the Shock Absorber module (%s): run from its source, or pass --wasm", mod, ModulePath)
	}
	return filepath.Dir(mod), nil
}

// BuildGameWASM builds the browser game from the source at root into
// out, as scripts/build-web.sh does, and returns the wasm_exec.js of the
// same Go. It takes a minute the first time, seconds once Go's build
// cache has the packages.
func BuildGameWASM(ctx context.Context, root, out string) (wasmExec []byte, err error) {
	args := append([]string{"build"}, GameBuildArgs...)
	args = append(args, "-o", out, "./cmd/shockabsorber")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build of the browser game failed: %v\n%s", err, strings.TrimSpace(stderr.String()))
	}
	return GoWASMExec(ctx, root)
}

// GoWASMExec returns the wasm_exec.js of the Go on PATH (run in dir).
func GoWASMExec(ctx context.Context, dir string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOROOT")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("cannot run go env GOROOT: %v", err)
	}
	return os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"))
}
