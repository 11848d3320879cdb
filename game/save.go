package game

import (
	"encoding/json"
	"errors"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/progress"
	"github.com/shockabsorber/shockabsorber/play/team"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// Text speeds, as stored in Settings.TextSpeed.
const (
	SpeedSlow = iota
	SpeedNormal
	SpeedFast
	SpeedInstant
	numSpeeds
)

// runesPerFrame is how many characters the typewriter reveals per frame at
// each speed (at 60 frames a second: 30, 60 and 120 characters a second).
var runesPerFrame = [numSpeeds]float64{0.5, 1, 2, 1e9}

// FontScales are the text sizes offered in the settings.
var FontScales = []float64{0.9, 1, 1.15, 1.3}

// Settings are the player's preferences.
type Settings struct {
	Lang       string  `json:"lang"`
	TextSpeed  int     `json:"text_speed"`
	FontScale  float64 `json:"font_scale"`
	Fullscreen bool    `json:"fullscreen"`
}

// DefaultSettings are used on first start. The language is left empty:
// the game then takes the system's (the browser's), or English.
func DefaultSettings() Settings {
	return Settings{TextSpeed: SpeedNormal, FontScale: 1}
}

// Result is the player's record for one scenario.
type Result struct {
	Plays int `json:"plays"`
	// Best* describe the best run so far: the one with the largest shock
	// absorber drift, a better ending breaking ties.
	BestArchetype string  `json:"best_archetype"`
	BestEnding    string  `json:"best_ending"`
	BestShock     float64 `json:"best_shock_absorber"`
	// BestWeights are the best run's archetype weights, so the library can
	// say whether its drift was clear, a tie or not clear yet (scoring v2).
	// Saves written before they were kept lack them.
	BestWeights *scoring.Weights `json:"best_weights,omitempty"`
}

// SaveData is everything the game stores, as one JSON document.
type SaveData struct {
	Version  int                `json:"version"`
	Settings Settings           `json:"settings"`
	Progress map[string]*Result `json:"progress"`
	// History lists the finished practice runs, oldest first, at most
	// progress.MaxRuns: the progress screen's drift over time and the
	// next situation to practise come from it. Saves written before it
	// was kept lack it.
	History []progress.Run `json:"history,omitempty"`
	// Team is the trainer's team the player agreed to send practice
	// results to, with the results not yet received (play/team); nil
	// when they are in none.
	Team *team.Membership `json:"team,omitempty"`
	// MemberKey identifies the player to every team (22 characters of
	// base64url, made once).
	MemberKey string `json:"member_key,omitempty"`
	// LastName is the last name the player typed (an assessment's, a
	// team's), to prefill the next name field.
	LastName string `json:"last_name,omitempty"`
}

const saveVersion = 1

// Record adds a finished run to the progress and reports whether it is a
// new best for its scenario.
func (d *SaveData) Record(rep play.Report) bool {
	if d.Progress == nil {
		d.Progress = map[string]*Result{}
	}
	r := d.Progress[rep.Scenario]
	if r == nil {
		r = &Result{}
		d.Progress[rep.Scenario] = r
	}
	r.Plays++
	shock := rep.Drift[scoring.NumArchetypes-1]
	better := r.Plays == 1 || shock > r.BestShock ||
		(shock == r.BestShock && play.EndingRank(rep.Ending) < play.EndingRank(r.BestEnding))
	if better {
		r.BestArchetype, r.BestEnding, r.BestShock = rep.Archetype, rep.Ending, shock
		w := rep.Weights
		r.BestWeights = &w
	}
	return better
}

// storage is where the save document lives: a file on desktop, the
// browser's localStorage on the web (storage_desktop.go, storage_js.go).
type storage interface {
	// read returns the stored document, or nil and no error when there is none.
	read() ([]byte, error)
	// write replaces the document atomically.
	write([]byte) error
	// quarantine moves an unreadable document aside and names where.
	quarantine() (string, error)
}

// Saves loads and writes the save document and remembers what went wrong,
// for the title screen to say.
type Saves struct {
	st   storage
	Data SaveData
	// Corrupt names where an unreadable save was kept ("" when all was well).
	Corrupt string
	// Err is the last storage error (reading or writing), shown on screen.
	Err error
}

var errNewerSave = errors.New("the save was written by a newer version of the game")

// Storage failures the player can do something about; the title names
// them in the player's language (storageProblem).
var (
	errStorageFull    = errors.New("the browser's storage for this site is full")
	errStorageBlocked = errors.New("this browser does not allow this site to save (localStorage is unavailable)")
)

// OpenSaves loads the save document from st. An unreadable document is
// moved aside and the game starts fresh; that is reported in Corrupt, never
// as a failure to start.
func openSaves(st storage) *Saves {
	s := &Saves{st: st, Data: SaveData{Version: saveVersion, Settings: DefaultSettings()}}
	data, err := st.read()
	if err != nil {
		s.Err = err
		return s
	}
	if data == nil {
		return s
	}
	var d SaveData
	if err := decodeSave(data, &d); err != nil {
		where, qerr := st.quarantine()
		if qerr != nil {
			s.Err = qerr
		}
		s.Corrupt = where
		return s
	}
	s.Data = d
	return s
}

func decodeSave(data []byte, d *SaveData) error {
	*d = SaveData{Settings: DefaultSettings()}
	if err := json.Unmarshal(data, d); err != nil {
		return err
	}
	if d.Version > saveVersion {
		return errNewerSave
	}
	d.Version = saveVersion
	if n := len(d.History) - progress.MaxRuns; n > 0 {
		d.History = d.History[n:]
	}
	if d.Settings.TextSpeed < 0 || d.Settings.TextSpeed >= numSpeeds {
		d.Settings.TextSpeed = SpeedNormal
	}
	if d.Settings.FontScale < 0.5 || d.Settings.FontScale > 2 {
		d.Settings.FontScale = 1
	}
	return nil
}

// Save writes the document; a failure is kept in Err for the screen.
func (s *Saves) Save() error {
	data, err := json.MarshalIndent(&s.Data, "", "  ")
	if err != nil {
		return err
	}
	if err := s.st.write(append(data, '\n')); err != nil {
		s.Err = err
		return err
	}
	s.Err = nil
	return nil
}

// memStorage keeps the document in memory: for tests and for when no
// storage is available at all.
type memStorage struct {
	data, bad []byte
}

func (m *memStorage) read() ([]byte, error) { return m.data, nil }
func (m *memStorage) write(b []byte) error {
	m.data = append([]byte(nil), b...)
	return nil
}
func (m *memStorage) quarantine() (string, error) {
	m.bad, m.data = m.data, nil
	return "memory", nil
}
