package team

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// MaxNameRunes bounds the name a player gives a team.
const MaxNameRunes = 80

// KeyOf writes 16 random bytes as 22 characters of base64url: a member
// key (made once and kept) or a run id (one per run). NewKey makes one
// from the system's randomness (key_rand.go; the browser's in key_js.go,
// which keeps crypto/rand and its ciphers out of the WASM download).
func KeyOf(b [16]byte) string { return base64.RawURLEncoding.EncodeToString(b[:]) }

// ErrBadName is wrapped by CheckName's errors.
var ErrBadName = errors.New("name not allowed")

// CheckName returns the name as it is sent (spaces around it trimmed), or
// why the panel would refuse it: empty, longer than MaxNameRunes, or with
// a control, line-separator or bidirectional embedding, override or
// isolate character (the panel's own rule for names).
func CheckName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrBadName)
	}
	if name == "" {
		return "", fmt.Errorf("%w: empty", ErrBadName)
	}
	if n := utf8.RuneCountInString(name); n > MaxNameRunes {
		return "", fmt.Errorf("%w: %d characters, at most %d", ErrBadName, n, MaxNameRunes)
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return "", fmt.Errorf("%w: it contains %U", ErrBadName, r)
		}
	}
	return name, nil
}

// Run is a finished practice run as the game records it.
type Run struct {
	Scenario *scenarios.Scenario
	// Steps are the run's steps (play.Run.Steps).
	Steps []play.Step
	// TimingsMS is the time spent deciding at each step; dropped unless it
	// has one entry per step.
	TimingsMS         []int64
	Started, Finished time.Time
	Member            play.PracticeMember
	RunID             string
	Client            play.ClientInfo
}

// NewUpload builds the body of one practice result: what the player
// chose (1-based among the visible choices, as play.Step.Choice records
// them), when and how long they took, never a score. It replays the
// transcript as the panel will (play.ReplayAssessment, time limits off)
// and refuses one that would not replay to the same ending, so the outbox
// never holds a result the panel must refuse.
func NewUpload(r Run) (play.PracticeUpload, error) {
	if r.Scenario == nil {
		return play.PracticeUpload{}, errors.New("no scenario")
	}
	if !ValidToken(r.Member.Key) || !ValidToken(r.RunID) {
		return play.PracticeUpload{}, errors.New("the member key and run id must be 22 characters of base64url")
	}
	name, err := CheckName(r.Member.Name)
	if err != nil {
		return play.PracticeUpload{}, err
	}
	t := play.Transcript{Scenario: r.Scenario.ID, Choices: make([]int, len(r.Steps))}
	for i, st := range r.Steps {
		if st.TimedOut || st.Choice < 1 {
			return play.PracticeUpload{}, fmt.Errorf("step %d at node %q has no choice (a timeout is not a practice step)", i+1, st.Node)
		}
		t.Choices[i] = st.Choice
	}
	if len(r.TimingsMS) == len(r.Steps) && len(r.Steps) > 0 {
		ok := true
		for _, ms := range r.TimingsMS {
			ok = ok && ms >= 0
		}
		if ok {
			t.TimingsMS = append([]int64(nil), r.TimingsMS...)
		}
	}
	rr, err := play.ReplayAssessment(r.Scenario, t, false)
	if err != nil {
		return play.PracticeUpload{}, fmt.Errorf("the run does not replay: %w", err)
	}
	if len(r.Steps) > 0 && rr.Steps()[len(rr.Steps())-1].Next != r.Steps[len(r.Steps)-1].Next {
		return play.PracticeUpload{}, errors.New("the run does not replay to the same ending")
	}
	return play.PracticeUpload{
		Member:     play.PracticeMember{Key: r.Member.Key, Name: name},
		RunID:      r.RunID,
		Language:   r.Scenario.Language,
		Transcript: t,
		StartedAt:  r.Started.UTC().Format(time.RFC3339),
		FinishedAt: r.Finished.UTC().Format(time.RFC3339),
		Client:     r.Client,
	}, nil
}
