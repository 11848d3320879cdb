package game

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/version"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// parseAssessConfig decodes a configuration and parses its scenarios.
// Fields it does not know are ignored: a newer panel may add some.
func parseAssessConfig(data []byte) (*play.AssessmentConfig, []*scenarios.Scenario, error) {
	var cfg play.AssessmentConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, nil, fmt.Errorf("the assessment configuration is not valid JSON: %v", err)
	}
	if len(cfg.Scenarios) == 0 {
		return nil, nil, errors.New("the assessment configuration lists no scenarios")
	}
	list := make([]*scenarios.Scenario, 0, len(cfg.Scenarios))
	for _, s := range cfg.Scenarios {
		sc, diags := scenarios.Parse(s.ID+".toml", []byte(s.TOML))
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("scenario %q of the assessment does not load: %s", s.ID, diags.Errors().Error())
		}
		list = append(list, sc)
	}
	return &cfg, list, nil
}

// appVersion is this build's version, from its build information (a
// release tag, else the commit): sent with submissions so the panel can
// tell builds apart, and shown on the title and settings screens.
var appVersion = version.Current().Short()

// assessSession is one candidate's sitting: the configuration, the
// engine's Assessment (which owns every rule: display order, time limits,
// transcripts), the candidate's name and the times the server wants.
type assessSession struct {
	cfg       *play.AssessmentConfig
	list      []*scenarios.Scenario
	a         *play.Assessment
	candidate string
	started   time.Time
	finished  time.Time
	// submitURL is where the answers go ("" offline); transcriptOut is a
	// file that receives them too ("" for none).
	submitURL     string
	transcriptOut string
	// attempts counts submissions sent, so a 410 token_used after a retry
	// reads as "already received".
	attempts int
	body     []byte
}

func newAssessSession(cfg *play.AssessmentConfig, list []*scenarios.Scenario, src AssessOptions) *assessSession {
	s := &assessSession{cfg: cfg, list: list, transcriptOut: src.TranscriptOut}
	s.submitURL = src.submitURL
	if cfg.SubmitURL != "" && src.configURL != "" {
		s.submitURL = resolveURL(src.configURL, cfg.SubmitURL)
	}
	s.candidate = cfg.CandidateLabel
	if src.Candidate != "" {
		s.candidate = src.Candidate
	}
	return s
}

// begin starts the clock of the whole sitting and the first scenario.
func (s *assessSession) begin(now time.Time, candidate string) {
	s.candidate = candidate
	s.started = now
	s.a = play.NewAssessment(s.list, s.cfg.Seed, s.cfg.TimeLimits)
}

// finish freezes the submission body (so a retry sends the same bytes)
// and writes it to the transcript file when one was asked for.
func (s *assessSession) finish(now time.Time, client play.ClientInfo) error {
	if s.body != nil {
		return nil
	}
	s.finished = now
	sub := play.Submission{
		Candidate:   s.candidate,
		Transcripts: s.a.Transcripts(),
		StartedAt:   s.started.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		FinishedAt:  s.finished.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		Client:      client,
	}
	body, err := play.MarshalJSON(sub)
	if err != nil {
		return err
	}
	s.body = body
	if s.transcriptOut != "" {
		if err := os.WriteFile(s.transcriptOut, s.body, 0o644); err != nil {
			return fmt.Errorf("transcript: %w", err)
		}
	}
	return nil
}

// assessSource builds the configuration loader for the options: a file
// read now, an already fetched body (the browser's page), a URL to fetch,
// or a local scenario played as a one-scenario assessment.
func assessSource(opts Options, lib *Library) (data []byte, fetchURL string, err error) {
	switch {
	case opts.configJSON != nil:
		return opts.configJSON, "", nil
	case opts.AssessmentFile != "":
		b, err := os.ReadFile(opts.AssessmentFile)
		if err != nil {
			return nil, "", fmt.Errorf("--assessment-file: %w", err)
		}
		return b, "", nil
	case opts.configURL != "":
		return nil, opts.configURL, nil
	case opts.Scenario != "":
		sc, diags := lib.Resolve(opts.Scenario)
		if sc == nil {
			return nil, "", fmt.Errorf("%s", diags.Error())
		}
		var src []byte
		if lib.ByID(sc.ID) == sc {
			src, err = scenarios.LibraryFile(sc.File)
		} else {
			src, err = os.ReadFile(sc.File)
		}
		if err != nil {
			return nil, "", err
		}
		b, err := play.MarshalJSON(play.AssessmentConfig{
			Assessment: sc.Title, Seed: 1, TimeLimits: true,
			Scenarios: []play.ConfigScenario{{ID: sc.ID, Title: sc.Title, Language: sc.Language, TOML: string(src)}},
		})
		return b, "", err
	}
	return nil, "", errors.New("no assessment was given: use --panel URL or --assessment-file FILE")
}
