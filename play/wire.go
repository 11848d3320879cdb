package play

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// The wire types of the candidate API (internal/panel/API.md): the game
// decodes what the panel encodes and the panel decodes what the game
// encodes, both with these types and the encoder below, so a change
// cannot reach one side only. Reports (Report) and transcripts
// (Transcript) are wire types too.

// AssessmentConfig is the body of GET /api/a/{token} (API.md, section 2):
// everything the game needs to run an assessment. It is also the format
// of the game's --assessment-file.
type AssessmentConfig struct {
	Assessment string `json:"assessment"`
	// Seed fixes the display order of the choices (see Order).
	Seed       uint64           `json:"seed"`
	TimeLimits bool             `json:"time_limits"`
	Scenarios  []ConfigScenario `json:"scenarios"`
	// CandidateLabel is the panel's optional label for the link.
	CandidateLabel string `json:"candidate_label,omitempty"`
	// ExpiresAt is RFC 3339 UTC.
	ExpiresAt string `json:"expires_at"`
	SubmitURL string `json:"submit_url"`
}

// ConfigScenario is one scenario of an AssessmentConfig, in the order it
// is to be played. TOML is the exact scenario file.
type ConfigScenario struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Language string `json:"language"`
	TOML     string `json:"toml"`
}

// Submission is the body of POST /api/a/{token}/submit (API.md, section
// 3): what the candidate did, never a score. The panel decodes it with
// DecodeStrict, so a client can add no field the server does not know.
type Submission struct {
	Candidate   string       `json:"candidate"`
	Transcripts []Transcript `json:"transcripts"`
	// StartedAt and FinishedAt are RFC 3339 times of the client's clock.
	StartedAt  string     `json:"started_at"`
	FinishedAt string     `json:"finished_at"`
	Client     ClientInfo `json:"client"`
}

// ClientInfo describes the candidate's device, for the panel's
// information only. Every field is optional.
type ClientInfo struct {
	UserAgent string `json:"user_agent,omitempty"`
	Version   string `json:"version,omitempty"`
	Language  string `json:"language,omitempty"`
	Timezone  string `json:"timezone,omitempty"`
	Screen    string `json:"screen,omitempty"`
}

// SubmitResponse is the body of a successful submission (201 Created).
type SubmitResponse struct {
	OK         bool   `json:"ok"`
	Submission int64  `json:"submission"`
	ReceivedAt string `json:"received_at"`
	Scenarios  int    `json:"scenarios"`
}

// TeamInfo is the body of GET /api/teams/{token} (API.md, section 6):
// what a player is told before they agree to send practice results to a
// trainer's team.
type TeamInfo struct {
	Team string `json:"team"`
	// Trainer is the name of the panel member who made the team.
	Trainer string `json:"trainer"`
	// JoinURL is the team's join link as the panel prints it.
	JoinURL string `json:"join_url"`
	// PracticeURL is where results are sent (POST, PracticeUpload).
	PracticeURL string `json:"practice_url"`
}

// PracticeUpload is the body of POST /api/teams/{token}/practice: one
// practice run of one scenario, sent only when the player chose to. As
// with a Submission the client sends what was done, never a score; the
// panel replays the transcript against its own copy of the scenario.
type PracticeUpload struct {
	Member PracticeMember `json:"member"`
	// RunID is random, made by the game for each run (22 characters of
	// base64url); sending the same run again is harmless.
	RunID string `json:"run_id"`
	// Language is the scenario's language ("en", "pt-BR", "es"); with
	// Transcript.Scenario it names a file of the bundled library.
	Language   string     `json:"language"`
	Transcript Transcript `json:"transcript"`
	// StartedAt and FinishedAt are RFC 3339 times of the client's clock.
	StartedAt  string     `json:"started_at"`
	FinishedAt string     `json:"finished_at"`
	Client     ClientInfo `json:"client"`
}

// PracticeMember names the player. Key is random, made once by the game
// and kept in its settings (22 characters of base64url); the panel keeps
// only its hash, so the same player is recognised across runs and
// devices they copy it to, and a changed Name follows the key.
type PracticeMember struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// PracticeResponse is the body of a stored practice result (201 Created,
// or 200 OK when RunID had been received before).
type PracticeResponse struct {
	OK         bool   `json:"ok"`
	Team       string `json:"team"`
	ReceivedAt string `json:"received_at"`
	// Archetype is the run's archetype as the panel scored it.
	Archetype string `json:"archetype"`
}

// APIError is the body of every error of the candidate API (API.md,
// section 4); Code is what clients act on, Message what they show.
type APIError struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"error"`
}

func (e *APIError) Error() string { return e.Message }

// MarshalJSON encodes v as every front end writes JSON, and as `scenario
// play --json` prints a report: indented by two spaces, with no HTML
// escaping (a customer's "<" stays "<"), and a final newline.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteJSON(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteJSON writes v to w as MarshalJSON encodes it. Nothing is written
// when v cannot be encoded.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	compact := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	out := indentJSON(make([]byte, 0, len(compact)*3/2+1), compact)
	_, err := w.Write(append(out, '\n'))
	return err
}

// indentJSON appends src indented as json.Indent(dst, src, "", "  ")
// does, several times faster (the panel indents every report it stores).
// src must be encoding/json's compact output, which has no space outside
// its strings.
func indentJSON(dst, src []byte) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for n := 2 * depth; n > 0; {
			k := min(n, len(indentSpaces))
			dst = append(dst, indentSpaces[:k]...)
			n -= k
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			j := i + 1
			for j < len(src) {
				k := bytes.IndexAny(src[j:], `"\`)
				if k < 0 {
					j = len(src)
					break
				}
				j += k
				if src[j] == '"' {
					break
				}
				j += 2 // a backslash and the character it escapes
			}
			dst = append(dst, src[i:min(j+1, len(src))]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			// A number, true, false or null: copy up to the next
			// delimiter at once.
			j := i + 1
			for j < len(src) && src[j] != ',' && src[j] != '}' && src[j] != ']' {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j - 1
		}
	}
	return dst
}

// indentSpaces is the indentation of 32 levels.
var indentSpaces = strings.Repeat("  ", 32)

// ErrTrailingData is returned by DecodeStrict when something follows the
// JSON value.
var ErrTrailingData = errors.New("unexpected data after the JSON value")

// DecodeStrict decodes exactly one JSON value from data into v, refusing
// any field v has no place for (at any depth) and anything after the
// value. Its errors are encoding/json's, unwrapped, for callers that name
// the field or the position, or ErrTrailingData.
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return ErrTrailingData
	}
	return nil
}
