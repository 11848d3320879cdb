package panel

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
)

// TestAPIExamplesMatchWireTypes holds the wire types to API.md: every JSON
// example there decodes strictly into the type the server and the game
// share (so no documented field is missing from it) and encodes back to
// the same JSON (so the type has no field the document does not show).
func TestAPIExamplesMatchWireTypes(t *testing.T) {
	doc, err := os.ReadFile("API.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatch(doc, -1)
	// In document order: the page's configuration, the assessment
	// configuration, a submission, its answer, an error, a team, a
	// practice run, its answer and readiness.
	types := []any{&gameConfig{}, &play.AssessmentConfig{}, &play.Submission{}, &play.SubmitResponse{}, &play.APIError{},
		&play.TeamInfo{}, &play.PracticeUpload{}, &play.PracticeResponse{}, &readiness{}}
	if len(blocks) != len(types) {
		t.Fatalf("API.md has %d JSON examples, want %d (one for each of %T...)", len(blocks), len(types), types)
	}
	for i, v := range types {
		example := blocks[i][1]
		if err := play.DecodeStrict(example, v); err != nil {
			t.Errorf("example %d does not decode into %T: %v\n%s", i+1, v, err, example)
			continue
		}
		back, err := play.MarshalJSON(v)
		if err != nil {
			t.Fatal(err)
		}
		var want, got any
		if err := json.Unmarshal(example, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(back, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T encodes API.md's example %d as\n%s\nnot as\n%s", v, i+1, back, example)
		}
	}
}
