package panel

import (
	"encoding/json"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// TestParseWeightsReadsWhatIsStored: the team view's weights parser reads
// both encodings the store may hold, and falls back to encoding/json for
// anything else, refusing what it refuses.
func TestParseWeightsReadsWhatIsStored(t *testing.T) {
	w := scoring.Weights{1.5, 0, 2, 0.25, 7}
	indented, _ := play.MarshalJSON(w)
	compact, _ := json.Marshal(w)
	for _, s := range []string{string(indented), string(compact), `{"shock_absorber":7,"pivot":1.5,"spring":0,"connector":2,"disperser":0.25}`} {
		got, err := parseWeights(s)
		if err != nil || got != w {
			t.Errorf("parseWeights(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{`{"pivot":1}x`, `{"nobody":1,"pivot":1,"spring":0,"connector":2,"disperser":0.25}`, `[1,2]`, ``} {
		if _, err := parseWeights(s); err == nil {
			t.Errorf("parseWeights(%q) took it", s)
		}
	}
}
