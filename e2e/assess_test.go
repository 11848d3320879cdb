package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shockabsorber/shockabsorber/internal/panel"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/web"
)

// The golden rule of assessments: one transcript, one report, wherever it
// is computed. The desktop game plays an assessment in scripted mode and
// writes its submission; the panel's scorer re-plays it; every report must
// be byte for byte what `scenario play --json` prints for the same choices
// (transcripts and --choose both use 1-based file-order indices). Then the
// same run is posted to a live panel server over HTTP.
func TestAssessmentTranscriptsRescoreIdentically(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no X display ($DISPLAY is empty): run under xvfb-run -a go test ./e2e/...")
	}
	root := repoRoot(t)
	tmp := t.TempDir()
	game := build(t, root, tmp, "cmd/shockabsorber")
	scenario := build(t, root, tmp, "cmd/scenario")

	ids := []string{"double-charge", "friday-outage"}
	srcs, err := panel.LibrarySources(ids...)
	if err != nil {
		t.Fatal(err)
	}
	// Each scenario's best path, from the scenario tool itself.
	var choose []int
	want := map[string][]int{}
	files := map[string]string{}
	for _, src := range srcs {
		var paths struct {
			Best struct {
				Choices []int `json:"choices"`
			} `json:"best"`
		}
		file := filepath.Join(root, "scenarios", src.File)
		if err := json.Unmarshal(run(t, root, nil, scenario, "paths", file, "--json"), &paths); err != nil {
			t.Fatalf("scenario paths --json: %v", err)
		}
		want[src.Scenario.ID] = paths.Best.Choices
		files[src.Scenario.ID] = file
		choose = append(choose, paths.Best.Choices...)
	}

	ctx := context.Background()
	srv, err := panel.New(ctx, panel.Options{
		DBPath: filepath.Join(tmp, "panel.db"), Password: "golden-test-password", OwnerEmail: "owner@example.org",
		BcryptCost: bcrypt.MinCost, WebDir: tmp, Fallback: web.Files,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	id, err := srv.Store().CreateAssessment(ctx, "Golden intake", 4815162342, true, srcs, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	invites, err := srv.Store().CreateInvites(ctx, id, 2, "Zoë Núñez", 24*time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a, err := srv.Store().LoadAssessment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}

	// 1. Offline: the configuration saved to a file, the submission
	// written to another, scored by the panel's own function.
	res, err := http.Get(ts.URL + "/api/a/" + invites[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET config: %d %s", res.StatusCode, cfg)
	}
	cfgFile := filepath.Join(tmp, "assessment.json")
	os.WriteFile(cfgFile, cfg, 0o644)
	out := filepath.Join(tmp, "submission.json")
	home := filepath.Join(tmp, "home")
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}
	run(t, root, env, game, "--mode", "assessment", "--assessment-file", cfgFile,
		"--choose", joinInts(choose), "--transcript-out", out, "--width", "960", "--height", "640")

	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var req play.Submission
	if err := play.DecodeStrict(body, &req); err != nil { // as strict as the server
		t.Fatalf("--transcript-out is not a valid submission: %v\n%s", err, body)
	}
	if again := encode(t, req); !bytes.Equal(again, body) {
		t.Errorf("the game did not write its submission with play.MarshalJSON:\n%s\nre-encoded:\n%s", body, again)
	}
	if req.Candidate != "Zoë Núñez" {
		t.Errorf("candidate: got %q, want the invite's label %q", req.Candidate, "Zoë Núñez")
	}
	reports, aerr := panel.Score(a, &req)
	if aerr != nil {
		t.Fatalf("the server refuses the game's transcripts: %v", aerr)
	}
	for i, tr := range req.Transcripts {
		if !reflect.DeepEqual(tr.Choices, want[tr.Scenario]) {
			t.Errorf("transcript %s: choices %v, want %v (file order, as --choose)", tr.Scenario, tr.Choices, want[tr.Scenario])
		}
		cli := run(t, root, nil, scenario, "play", files[tr.Scenario],
			"--choose", joinInts(tr.Choices), "--json")
		if got := encode(t, reports[i]); !bytes.Equal(got, cli) {
			t.Errorf("%s: the server's report differs from `scenario play --json`:\nserver:\n%s\ncli:\n%s", tr.Scenario, got, cli)
		}
	}

	// 2. Online: the same run posted to the live server by the desktop
	// game (net/http), stored and re-scored there.
	run(t, root, env, game, "--mode", "assessment", "--panel", ts.URL+"/a/"+invites[1].Token,
		"--choose", joinInts(choose), "--candidate", "Desktop candidate", "--width", "960", "--height", "640")
	subs, err := srv.Store().Submissions(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].Candidate != "Desktop candidate" || len(subs[0].Results) != len(ids) {
		t.Fatalf("stored submissions: got %+v, want one by %q with %d results", subs, "Desktop candidate", len(ids))
	}
	// The panel stores each report as `scenario play --json` prints it.
	for i, r := range subs[0].Results {
		if want := encode(t, reports[i]); !bytes.Equal(r.Report, want) {
			t.Errorf("%s: stored report differs from the offline one:\nstored:\n%s\noffline:\n%s", r.ScenarioID, r.Report, want)
		}
	}
}

// encode writes v as every front end does, `scenario play --json`
// included.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := play.MarshalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
