// Package e2e plays the real desktop game binary through a whole bundled
// scenario under the current X display and checks what it writes: the
// report must equal `scenario play --json`, and every screenshot must be a
// real rendering. Run under a display: xvfb-run -a go test ./e2e/...
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	scenarioFile = "scenarios/library/double-charge.toml"
	width        = 960
	height       = 640
)

func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func build(t *testing.T, root, dir, pkg string) string {
	t.Helper()
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, "./"+pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func run(t *testing.T, dir string, env []string, bin string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

func TestWholeScenario(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no X display ($DISPLAY is empty): run under xvfb-run -a go test ./e2e/...")
	}
	root := repoRoot(t)
	tmp := t.TempDir()
	game := build(t, root, tmp, "cmd/shockabsorber")
	scenario := build(t, root, tmp, "cmd/scenario")
	file := filepath.Join(root, scenarioFile)

	// A complete path from the scenario tool itself, so the test follows
	// the library file as its author edits it.
	var paths struct {
		Best struct {
			Choices []int    `json:"choices"`
			Path    []string `json:"path"`
		} `json:"best"`
	}
	if err := json.Unmarshal(run(t, root, nil, scenario, "paths", file, "--json"), &paths); err != nil {
		t.Fatalf("scenario paths --json: %v", err)
	}
	if len(paths.Best.Choices) == 0 {
		t.Fatal("scenario paths found no complete path")
	}
	choose := joinInts(paths.Best.Choices)

	// The player's real config folder must stay untouched: point it into
	// the temp folder and check nothing appears there.
	home := filepath.Join(tmp, "home")
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}
	shots := filepath.Join(tmp, "shots")
	report := filepath.Join(tmp, "report.json")
	final := filepath.Join(tmp, "final.png")
	run(t, root, env, game, "--scenario", file, "--choose", choose, "--screenshot-each", shots,
		"--screenshot", final, "--report", report, "--width", strconv.Itoa(width), "--height", strconv.Itoa(height))

	want := run(t, root, nil, scenario, "play", file, "--choose", choose, "--json")
	got, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("--report differs from `scenario play --json`:\ngame:\n%s\nscenario:\n%s", got, want)
	}

	if _, err := os.Stat(home); err == nil {
		filepath.Walk(home, func(p string, _ os.FileInfo, _ error) error {
			t.Errorf("a scripted run wrote into the config folder: %s", p)
			return nil
		})
	}

	// One screenshot per screen: the title, a dialogue and a feedback for
	// every step, the ending's dialogue, the debrief.
	entries, err := os.ReadDir(shots)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	wantNames := []string{"01-title.png"}
	k := 2
	for i, node := range paths.Best.Path {
		wantNames = append(wantNames, fmt.Sprintf("%02d-dialogue-%s.png", k, node))
		k++
		if i < len(paths.Best.Choices) {
			wantNames = append(wantNames, fmt.Sprintf("%02d-feedback-%s.png", k, node))
			k++
		}
	}
	wantNames = append(wantNames, fmt.Sprintf("%02d-debrief.png", k))
	if strings.Join(names, " ") != strings.Join(wantNames, " ") {
		t.Errorf("screenshots:\n got  %v\n want %v", names, wantNames)
	}
	for _, n := range append(names, "../final.png") {
		checkRendering(t, filepath.Join(shots, n))
	}
}

// checkRendering decodes a PNG and checks it is a real frame of the game:
// the window's size, many distinct colours (text is anti-aliased), and not
// one flat colour.
func checkRendering(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", filepath.Base(path), err)
		return
	}
	b := img.Bounds()
	if b.Dx() != width || b.Dy() != height {
		t.Errorf("%s: size %dx%d, want %dx%d", filepath.Base(path), b.Dx(), b.Dy(), width, height)
	}
	colors := map[[3]uint32]bool{}
	var bright, dark int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colors[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if l := (r + g + bl) / 3 >> 8; l > 180 {
				bright++
			} else if l < 60 {
				dark++
			}
		}
	}
	if len(colors) < 300 {
		t.Errorf("%s: only %d distinct colours; not a real rendering", filepath.Base(path), len(colors))
	}
	if bright == 0 || dark == 0 {
		t.Errorf("%s: no light text on a dark background (bright %d, dark %d)", filepath.Base(path), bright, dark)
	}
}

func joinInts(list []int) string {
	parts := make([]string, len(list))
	for i, n := range list {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}
