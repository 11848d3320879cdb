package game

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/shockabsorber/shockabsorber/play"
)

// script is the scripted player behind --choose and --screenshot: it plays
// the real scenes by filling in the same Intents a player's keys would,
// waits for each screen to settle (text typed out, animations done), takes
// the screenshots asked for, and writes the report at the debrief.
type script struct {
	opts  Options
	next  int   // next index into opts.Choose
	shots int   // screenshots numbered so far
	exit  error // returned after the last screen (invalid file: code 1)

	seen    Scene
	settled int
	shot    bool
	pending []string
}

func newScript(opts Options, exit error) *script {
	if opts.ScreenshotEach != "" {
		os.MkdirAll(opts.ScreenshotEach, 0o755)
	}
	return &script{opts: opts, exit: exit}
}

// settleFrames is how long a screen must be ready before its screenshot,
// so a fade or a last animation frame never shows.
const settleFrames = 3

// drive fills in this frame's intents.
func (s *script) drive(ctx *Context, in *Intents) error {
	if ctx.Scenes.Busy() || len(s.pending) > 0 {
		return nil
	}
	cur := ctx.Scenes.Current()
	d, ok := cur.(describer)
	if !ok {
		return nil
	}
	if cur != s.seen {
		s.seen, s.settled, s.shot = cur, 0, false
	}
	info := d.describe()
	if info.typing {
		in.Confirm = true // the same key that completes the line for a player
		return nil
	}
	if !info.ready {
		return nil
	}
	if s.settled++; s.settled < settleFrames {
		return nil
	}
	last := s.isLast(info)
	if !s.shot {
		s.shot = true
		if s.opts.ScreenshotEach != "" {
			s.shots++
			s.pending = append(s.pending, filepath.Join(s.opts.ScreenshotEach, fmt.Sprintf("%02d-%s.png", s.shots, info.name)))
		}
		if last && s.opts.Screenshot != "" {
			s.pending = append(s.pending, s.opts.Screenshot)
		}
		if len(s.pending) > 0 {
			return nil // Draw writes them; act on the next frame
		}
	}
	if last {
		if info.kind == screenDebrief && s.opts.Report != "" && ctx.Run != nil {
			if err := writeReport(s.opts.Report, ctx.Run.Report()); err != nil {
				return err
			}
		}
		if s.exit != nil {
			return s.exit
		}
		if info.kind == screenError {
			return &ExitError{Code: 1, Err: errors.New(errorText(cur))}
		}
		return ebiten.Termination
	}
	switch info.kind {
	case screenTitle, screenFeedback:
		in.Confirm = true
	case screenDialogue:
		if info.ending {
			in.Confirm = true
			break
		}
		if s.next >= len(s.opts.Choose) {
			return &ExitError{Code: 2, Err: errors.New("the choices ran out before an ending")}
		}
		pick := s.opts.Choose[s.next]
		if ctx.Assess != nil {
			// --choose gives file-order indices, as transcripts record
			// them; press the key of where that choice is shown.
			pos, err := ctx.Assess.displayPosition(pick)
			if err != nil {
				return &ExitError{Code: 2, Err: fmt.Errorf("--choose item %d: %w", s.next+1, err)}
			}
			pick = pos
		}
		in.Pick(pick)
		s.next++
	case screenCandidate:
		if c, ok := cur.(*candidateEntry); ok && !c.hasName {
			in.Chars = []rune("Scripted candidate")
		} else {
			in.Enter = true
		}
	case screenTransition:
		in.Confirm = true
	case screenSettings:
		in.Back = true
	case screenTeam:
		// A scripted run joins no team: "Not now" (Esc), once shown.
		in.Back = true
	}
	return nil
}

// isLast reports whether the script ends on this screen: the debrief when
// playing choices, the first screen otherwise, or a file's problems.
func (s *script) isLast(info screenInfo) bool {
	switch info.kind {
	case screenDebrief, screenProblems, screenSubmitted, screenError:
		return true
	case screenTitle:
		return !s.opts.HasChoose
	}
	return false
}

// shotDue reports whether a screenshot waits for the next frame, which
// must then be painted even if nothing changed.
func (s *script) shotDue() bool { return len(s.pending) > 0 }

// afterDraw writes the pending screenshots from the frame just drawn.
func (s *script) afterDraw(screen *ebiten.Image) error {
	if len(s.pending) == 0 {
		return nil
	}
	img := image.NewRGBA(screen.Bounds())
	screen.ReadPixels(img.Pix)
	for _, p := range s.pending {
		if err := writePNG(p, img); err != nil {
			return err
		}
	}
	s.pending = s.pending[:0]
	return nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	return f.Close()
}

// writeReport writes a report exactly as `scenario play --json` prints it.
func writeReport(path string, rep play.Report) error {
	b, err := play.MarshalJSON(rep)
	if err == nil {
		err = os.WriteFile(path, b, 0o644)
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
