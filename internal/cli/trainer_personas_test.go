package cli_test

// Tests of `scenario playtest --personas`. They run the binary that
// TestMain in cli_test.go builds.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const personaData = "../../trainer/testdata/personas"

func TestPersonasCommand(t *testing.T) {
	oneEach := personaData + "/one-each.toml"
	args := []string{"playtest", "--personas", oneEach, "--q", "1", "--runs", "50", "--seed", "4"}
	a := trainerRun(t, "", args...)
	wantCode(t, a, 0, args...)
	for _, want := range []string{
		"Simulated players: 50 runs per persona and for random, seed 4, q 1",
		"en: 1 scenario, 3 decision points",
		"  shock_absorber      0.0%    0.0%       0.0%       0.0%          100.0%            0.0%      3.0     3.0\n",
		"Recall: pivot 100.0%, spring 100.0%, connector 100.0%, disperser 100.0%, shock_absorber 100.0%",
		"longest  the longest choice, deterministic so played once: clearly disperser, margin 1.00",
		"first    the first choice in file order, deterministic so played once: clearly pivot, margin 1.00",
		"random   any visible choice, 50 runs:",
	} {
		if !strings.Contains(a.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, a.stdout)
		}
	}
	// The same seed, flags in another order: the same output.
	b := trainerRun(t, "", "playtest", "--seed", "4", "--runs", "50", oneEach, "--q", "1", "--personas")
	if a.stdout != b.stdout {
		t.Errorf("the same seed gave different output:\n%s\n%s", a.stdout, b.stdout)
	}

	// --min-recall: met at q 1, missed at q 0, naming the group and the
	// archetypes.
	r := trainerRun(t, "", "playtest", "--personas", oneEach, "--q", "1", "--runs", "20", "--min-recall", "1")
	wantCode(t, r, 0)
	r = trainerRun(t, "", "playtest", "--personas", oneEach, "--q", "0", "--runs", "200", "--min-recall", "0.5")
	wantCode(t, r, 1)
	for _, want := range []string{"recall below --min-recall 50.0%: ", "en pivot ", "en shock_absorber "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, "Recall:") {
		t.Errorf("the report is not printed when the recall is too low:\n%s", r.stdout)
	}
	// Only the archetypes below the bar are named: in ties.toml the shock
	// absorber persona is always recognised, the pivot about half the
	// time, the spring never.
	r = trainerRun(t, "", "playtest", "--personas", personaData+"/ties.toml", "--q", "1", "--runs", "500", "--min-recall", "0.9")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "en pivot") || !strings.Contains(r.stderr, "en spring 0.0%") || strings.Contains(r.stderr, "shock_absorber") {
		t.Errorf("stderr should name pivot and spring, not the shock absorber:\n%s", r.stderr)
	}
}

func TestPersonasCommandGroupsAndJSON(t *testing.T) {
	mixed := personaData + "/mixed"
	r := trainerRun(t, "", "playtest", "--personas", mixed, "--runs", "30", "--json")
	wantCode(t, r, 0)
	var rep struct {
		Runs   int
		Q      float64
		Seed   uint64
		Groups []struct {
			Language       string
			Scenarios      []string
			DecisionPoints int `json:"decision_points"`
			Matrix         []struct {
				Persona string
				Shares  map[string]float64
				Recall  float64
			}
			Recall     map[string]float64
			Strategies []struct {
				Strategy      string
				Runs          int
				Deterministic bool
				MeanMargin    float64 `json:"mean_margin"`
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.Runs != 30 || rep.Q != 0.8 || rep.Seed != 1 || len(rep.Groups) != 2 {
		t.Fatalf("json: %+v", rep)
	}
	if g := rep.Groups[0]; g.Language != "en" || len(g.Scenarios) != 2 || g.DecisionPoints != 6 || len(g.Matrix) != 5 || len(g.Recall) != 5 || len(g.Matrix[0].Shares) != 6 {
		t.Errorf("en group: %+v", g)
	}
	if g := rep.Groups[1]; g.Language != "es" || len(g.Scenarios) != 1 || len(g.Strategies) != 3 ||
		g.Strategies[0].Strategy != "random" || g.Strategies[0].Runs != 30 || !g.Strategies[1].Deterministic || g.Strategies[2].Runs != 1 {
		t.Errorf("es group: %+v", g)
	}

	// --lang keeps one group, whatever the case of the tag.
	r = trainerRun(t, "", "playtest", "--personas", mixed, "--runs", "5", "--lang", "ES")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "\nes: 1 scenario, 2 decision points") || strings.Contains(r.stdout, "\nen: ") {
		t.Errorf("--lang es:\n%s", r.stdout)
	}
	r = trainerRun(t, "", "playtest", "--personas", mixed, "--lang", "fr")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, `no scenario of the set is in language "fr"; it has en, es`) {
		t.Errorf("stderr: %s", r.stderr)
	}
}

func TestPersonasCommandAssessmentConfig(t *testing.T) {
	data, err := os.ReadFile(personaData + "/best-longest.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := json.Marshal(map[string]any{
		"assessment": "Intake", "seed": 5, "time_limits": true,
		"scenarios": []map[string]string{{"id": "best-longest", "title": "x", "language": "en", "toml": string(data)}},
	})
	name := filepath.Join(t.TempDir(), "intake.json")
	if err := os.WriteFile(name, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	a := trainerRun(t, "", "playtest", "--personas", name, "--runs", "40")
	wantCode(t, a, 0)
	b := trainerRun(t, "", "playtest", "--personas", personaData+"/best-longest.toml", "--runs", "40")
	if a.stdout != b.stdout {
		t.Errorf("the configuration and its file give different reports:\n%s\n%s", a.stdout, b.stdout)
	}
	if !strings.Contains(a.stdout, "longest  the longest choice, deterministic so played once: clearly shock_absorber") {
		t.Errorf("stdout:\n%s", a.stdout)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"scenarios": [{"id": "x", "toml": "id = 1"}]}`), 0o644)
	r := trainerRun(t, "", "playtest", "--personas", bad)
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "bad.json[x]:1:") || !strings.Contains(r.stderr, "fix them first") {
		t.Errorf("stderr: %s", r.stderr)
	}
}

func TestPersonasCommandBadArguments(t *testing.T) {
	sc := personaData + "/one-each.toml"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--personas", sc, "--q", "1.5"}, `--q must be a number from 0 to 1`},
		{[]string{"--personas", sc, "--q", "-0.1"}, `--q must be a number from 0 to 1`},
		{[]string{"--personas", sc, "--q", "often"}, `not "often"`},
		{[]string{"--personas", sc, "--q", "NaN"}, `--q must be a number from 0 to 1`},
		{[]string{"--personas", sc, "--runs", "0"}, "--runs must be a whole number from 1"},
		{[]string{"--personas", sc, "--seed", "x"}, "--seed must be a whole number"},
		{[]string{"--personas", sc, "--min-recall", "90"}, "--min-recall must be a number from 0 to 1"},
		{[]string{"--personas", sc, "--lang", "de"}, `no scenario of the set is in language "de"; it has en`},
		{[]string{"--personas"}, "name at least one scenario file, folder or assessment configuration"},
		{[]string{sc, "--q", "0.5"}, "--q goes with --personas"},
		{[]string{sc, "--min-recall", "0.5"}, "--min-recall goes with --personas"},
		{[]string{sc, "--lang", "en"}, "--lang goes with --personas"},
	} {
		args := append([]string{"playtest"}, tc.args...)
		r := trainerRun(t, "", args...)
		wantCode(t, r, 2, args...)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("scenario %v: stderr %q lacks %q", args, r.stderr, tc.want)
		}
	}
	// Invalid files in the set: check's messages, exit 1.
	r := trainerRun(t, "", "playtest", "--personas", sc, trainerData+"/bad/mood-over-100.toml")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "mood-over-100.toml:") {
		t.Errorf("stderr: %s", r.stderr)
	}
	r = trainerRun(t, "", "playtest", "--personas", "no-such-folder")
	wantCode(t, r, 1)
	if !strings.Contains(r.stderr, "no-such-folder: no such file or folder") {
		t.Errorf("stderr: %s", r.stderr)
	}
}
