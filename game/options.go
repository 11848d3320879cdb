package game

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shockabsorber/shockabsorber/assets"
	"github.com/shockabsorber/shockabsorber/internal/args"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/team"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// Options are the command-line settings of the desktop game.
type Options struct {
	// Scenario is a trainer's file or a bundled scenario id.
	Scenario string
	// Choose lists 1-based choices among the visible ones, as `scenario
	// play --choose` takes them; HasChoose tells an empty list from none.
	Choose    []int
	HasChoose bool
	// Screenshot is written at the last screen the script reaches (the
	// debrief with --choose, the title otherwise); ScreenshotEach is a
	// folder that gets a PNG of every screen.
	Screenshot     string
	ScreenshotEach string
	// Report receives the run's JSON report, as `scenario play --json`.
	Report    string
	Lang      string
	Width     int
	Height    int
	ConfigDir string
	Mode      Mode
	Help      bool
	// Version asks for the build's version (--version).
	Version bool
	// Watch reloads the --scenario file whenever it is saved (desktop).
	Watch bool
	// Team is a trainer's team join link (https://HOST/t/TOKEN): the
	// game opens on the team's consent screen (team_scene.go).
	Team string
	// AssessOptions say where an assessment comes from (assess_options.go).
	AssessOptions
	// libraryBase is the URL folder the browser game fetches the bundled
	// scenarios' files from (the page's assets folder; see
	// scenarios.RemoteLibrary).
	libraryBase string
	// courseCatalog is the scenarios a course package offers (the page's
	// configuration; course_js.go), in place of the bundled library.
	courseCatalog []scenarios.Entry
}

// Scripted reports whether the game plays itself: it then never touches
// the player's saves unless ConfigDir says where.
func (o Options) Scripted() bool {
	return o.HasChoose || o.Screenshot != "" || o.ScreenshotEach != "" || o.Report != "" || o.TranscriptOut != ""
}

// ErrUsage marks a command-line mistake (exit code 2).
var ErrUsage = errors.New("usage")

// ParseArgs reads the command line. Flags may come before or after the
// scenario argument, as --flag value or --flag=value.
func ParseArgs(argv []string) (Options, error) {
	o := Options{Width: 1280, Height: 720}
	fs := args.New("shockabsorber")
	fs.Hint = "(try --help)"
	for name, p := range map[string]*string{
		"scenario": &o.Scenario, "screenshot": &o.Screenshot, "screenshot-each": &o.ScreenshotEach,
		"report": &o.Report, "lang": &o.Lang, "config-dir": &o.ConfigDir, "team": &o.Team,
	} {
		fs.StringVar(p, name)
	}
	choose, width, height, mode := fs.String("choose", ""), fs.String("width", ""), fs.String("height", ""), fs.String("mode", "")
	o.AssessOptions.addFlags(fs)
	fs.BoolVar(&o.Help, "h", "help")
	fs.BoolVar(&o.Version, "version")
	fs.BoolVar(&o.Watch, "watch")
	if err := fs.Parse(argv); err != nil {
		return o, fmt.Errorf("%v: %w", err, ErrUsage)
	}
	positional := fs.Args()
	switch {
	case len(positional) == 1 && o.Scenario == "":
		o.Scenario = positional[0]
	case len(positional) > 0:
		return o, fmt.Errorf("unexpected argument %q: %w", positional[0], ErrUsage)
	}
	if fs.IsSet("choose") {
		c, err := play.ParseChoices(*choose)
		if err != nil {
			return o, fmt.Errorf("--choose: %v: %w", err, ErrUsage)
		}
		o.Choose, o.HasChoose = c, true
	}
	for _, d := range []struct {
		name string
		val  *string
		dst  *int
	}{{"width", width, &o.Width}, {"height", height, &o.Height}} {
		if !fs.IsSet(d.name) {
			continue
		}
		n, err := strconv.Atoi(*d.val)
		if err != nil || n < 320 || n > 8192 {
			return o, fmt.Errorf("--%s takes a size in pixels from 320 to 8192, got %q: %w", d.name, *d.val, ErrUsage)
		}
		*d.dst = n
	}
	switch *mode {
	case "", "practice":
	case "assessment":
		o.Mode = Assessment
	default:
		return o, fmt.Errorf("--mode takes practice or assessment, got %q: %w", *mode, ErrUsage)
	}
	if o.Lang != "" && assets.MatchLanguage(o.Lang) != o.Lang {
		return o, fmt.Errorf("--lang takes %s, got %q: %w", strings.Join(assets.Languages, ", "), o.Lang, ErrUsage)
	}
	if err := o.AssessOptions.check(o.Mode, o.Scenario); err != nil {
		return o, err
	}
	if (o.HasChoose || o.Report != "") && o.Scenario == "" && !o.FromPanelOrFile() {
		return o, fmt.Errorf("--choose and --report need --scenario FILE (or a bundled id): %w", ErrUsage)
	}
	if o.Watch && (o.Scenario == "" || !strings.ContainsAny(o.Scenario, `/\`) && !strings.HasSuffix(o.Scenario, ".toml")) {
		return o, fmt.Errorf("--watch needs --scenario FILE.toml, a trainer's file to reload when it is saved: %w", ErrUsage)
	}
	if o.Team != "" {
		if o.Mode != Practice {
			return o, fmt.Errorf("--team is for practice: a team gets practice results, never an assessment's: %w", ErrUsage)
		}
		if _, err := team.ParseLink(o.Team, false); err != nil {
			return o, fmt.Errorf("--team: %v: %w", err, ErrUsage)
		}
	}
	if o.Report != "" && !o.HasChoose {
		return o, fmt.Errorf("--report needs --choose: %w", ErrUsage)
	}
	return o, nil
}

// Usage prints the command-line help.
func Usage(w io.Writer) {
	fmt.Fprint(w, `Shock Absorber: a customer-service role play.

Usage: shockabsorber [--scenario FILE|ID] [flags]

  --scenario FILE|ID     open a trainer's .toml file or a bundled scenario id
  --lang en|pt-BR|es     UI language (default: your saved setting)
  --width N --height N   window size in pixels (default 1280x720)
  --config-dir DIR       where settings and progress are saved
  --mode practice|assessment
  --panel URL            assessment: the invite link, http://HOST/a/TOKEN
  --assessment-file FILE assessment: the JSON of GET /api/a/TOKEN, played offline
  --transcript-out FILE  assessment: also write the submission (transcripts) here
  --candidate NAME       assessment: the candidate's name or code, prefilled
  --team URL             join a trainer's team with its link, https://HOST/t/TOKEN:
                         shows the team and what is sent, and sends your practice
                         results only if you agree (Settings -> Team to pause or leave)
  --watch                reload the --scenario file whenever it is saved, keeping
                         your place; errors show on screen until the next save
  --version              print the version (from the build's VCS data) and exit
  -h, --help             print this help and exit (works without a display too)

Scripted play (never touches your saves unless --config-dir is given):
  --choose 2,1,3         take these 1-based choices, as 'scenario play'
  --screenshot FILE      PNG of the last screen (the debrief with --choose)
  --screenshot-each DIR  PNG of every screen: 01-title.png, 02-dialogue-opening.png, ...
  --report FILE          the run's JSON report, as 'scenario play --json'
`)
}
