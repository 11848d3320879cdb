package panel

import (
	"context"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scoring"
)

// seedTeam stores members x weeks x perWeek practice runs in one team, in
// one transaction, each with a real transcript and report of a library
// scenario (the same ones repeated), spread over the library's
// situations, drifting toward the shock absorber over the weeks; one run
// in twenty loses the customer.
func seedTeam(b testing.TB, h *harness, members, weeks, perWeek int) Team {
	b.Helper()
	team, _ := h.team("Benchmark cohort", 0)
	lib, err := loadPracticeLibrary()
	if err != nil {
		b.Fatal(err)
	}
	var scs []*practiceScenario
	for _, key := range lib.order {
		for _, ps := range lib.byKey {
			if ps.situation == key && ps.sc.Language == "en" {
				scs = append(scs, ps)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	type sample struct {
		tr, rep []byte
	}
	samples := make([]sample, len(scs))
	for i, ps := range scs {
		t := autoTranscript(b, ps.sc, 0, rng)
		run, err := play.ReplayAssessment(ps.sc, t, false)
		if err != nil {
			b.Fatal(err)
		}
		samples[i].tr, _ = play.MarshalJSON(t)
		samples[i].rep, _ = play.MarshalJSON(run.Report())
	}
	ctx := context.Background()
	start := h.clock.Now().AddDate(0, 0, -7*weeks)
	tx, err := h.srv.store.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	for m := 0; m < members; m++ {
		key, _ := newSecret()
		var mid int64
		if err := tx.QueryRowContext(ctx, "INSERT INTO team_members(team_id, key_hash, name, first_seen, last_seen) VALUES(?, ?, ?, ?, ?) RETURNING id",
			team.ID, hashSecret(key), "Member "+itoa(int64(m+1)), ms(start), ms(h.clock.Now())).Scan(&mid); err != nil {
			b.Fatal(err)
		}
		for wk := 0; wk < weeks; wk++ {
			for k := 0; k < perWeek; k++ {
				i := rng.IntN(len(scs))
				ps := scs[i]
				var w scoring.Weights
				for s := 0; s < 4; s++ {
					a := rng.IntN(5)
					if rng.Float64() < float64(wk)/float64(weeks) {
						a = 4
					}
					w[a]++
				}
				ending := "resolved"
				if rng.IntN(20) == 0 {
					ending = scoring.Lost
				}
				at := start.AddDate(0, 0, 7*wk+rng.IntN(7)).Add(time.Duration(rng.IntN(8*3600)) * time.Second)
				wj, _ := play.MarshalJSON(w)
				dj, _ := play.MarshalJSON(scoring.Drift(w))
				run, _ := newSecret()
				if _, err := tx.ExecContext(ctx, `INSERT INTO practice_results(team_id, member_id, run_id, scenario_id, language, title, situation, archetype, weights, drift,
	fitting, decisions, ending, transcript, report, started_at, finished_at, received_at, client) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					team.ID, mid, run, ps.sc.ID, "en", ps.sc.Title, ps.situation, scoring.Archetype(w), string(wj), string(dj), 2, 3, ending,
					string(samples[i].tr), string(samples[i].rep), at.Add(-5*time.Minute).UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339), ms(at.Add(time.Minute)), `{"version":"dev"}`); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return team
}

// BenchmarkTeamView is the team view of a team of 50 members who each sent
// 5 runs a week for 40 weeks (10,000 results): the page budget is
// 200 ms and 300 KB of HTML.
func BenchmarkTeamView(b *testing.B) {
	h := newHarness(b)
	team := seedTeam(b, h, 50, 40, 5)
	br := h.browser()
	br.login()
	for _, p := range []struct{ name, path string }{
		{"team", "/teams/" + itoa(team.ID)},
		{"member", "/teams/" + itoa(team.ID) + "/members/1"},
		{"list", "/teams"},
	} {
		b.Run(p.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				status, body, _ := timedGet(b, br, p.path)
				if status != http.StatusOK {
					b.Fatalf("status %d", status)
				}
				size = len(body)
			}
			b.ReportMetric(float64(size)/1024, "KB/page")
		})
	}
}

// BenchmarkPracticeUpload is one practice run sent, decoded, re-played,
// stored and answered (each in its own transaction, fsync included).
func BenchmarkPracticeUpload(b *testing.B) {
	h := newHarness(b)
	_, token := h.team("Uploads", 0)
	key, addr := practicePerKey, practicePerAddr
	practicePerKey, practicePerAddr = 1<<30, 1<<30
	defer func() { practicePerKey, practicePerAddr = key, addr }()
	up := practice(b, "friday-outage", "en", newKey(), "Bench", 1)
	for b.Loop() {
		up.RunID = newKey()
		resp, out := h.sendPractice(token, mustJSON(b, up))
		if resp.StatusCode != http.StatusCreated {
			b.Fatalf("%d %v", resp.StatusCode, out)
		}
	}
}
