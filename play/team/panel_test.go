//go:build !js

package team_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/internal/panel"
	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/play/team"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

func send(method, url string, body []byte) <-chan team.Response {
	ch := make(chan team.Response, 1)
	go func() {
		req, _ := http.NewRequest(method, url, strings.NewReader(string(body)))
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			ch <- team.Response{Err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		ch <- team.Response{Status: res.StatusCode, Body: b, RetryAfter: res.Header.Get("Retry-After")}
	}()
	return ch
}

func pump(t *testing.T, q *team.Queue, now time.Time) {
	t.Helper()
	q.Pump(now)
	deadline := time.Now().Add(20 * time.Second)
	for q.Busy() {
		if time.Now().After(deadline) {
			t.Fatal("no answer in 20 s")
		}
		q.Pump(now)
		time.Sleep(time.Millisecond)
	}
}

// The game's side against the real panel (internal/panel): the join
// link's team is read, a practice run is stored under the member's name,
// the same run sent again is answered 200 and counts as sent, and once
// the team is closed the panel's message reaches the player.
func TestQueueAgainstTheRealPanel(t *testing.T) {
	ctx := context.Background()
	srv, err := panel.New(ctx, panel.Options{DBPath: filepath.Join(t.TempDir(), "panel.db"), BcryptCost: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	tm, token, err := srv.Store().CreateTeam(ctx, panel.Actor{}, "Night shift", 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}

	l, err := team.ParseLink(hs.URL+"/t/"+token, false)
	if err != nil {
		t.Fatal(err)
	}
	info, err := team.ReadInfo(<-send("GET", l.InfoURL(), nil))
	if err != nil {
		t.Fatal(err)
	}
	m, err := team.Join(l, info, "Zoë Núñez", time.Now())
	if err != nil || m.Team != "Night shift" || m.PracticeURL != hs.URL+"/api/teams/"+token+"/practice" {
		t.Fatalf("joined %+v, %v", m, err)
	}

	lib, _ := scenarios.LoadLibraryFiles([]string{"library/double-charge-pt-br.toml"})
	sc := lib.ByID("double-charge-pt-br")
	r, _, err := play.Replay(sc, []int{2, 2, 4, 1})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := team.NewKey()
	runID, _ := team.NewKey()
	u, err := team.NewUpload(team.Run{Scenario: sc, Steps: r.Steps(), TimingsMS: []int64{4100, 3900, 5200, 2500}, Started: time.Now().Add(-time.Minute), Finished: time.Now(),
		Member: play.PracticeMember{Key: key, Name: m.Name}, RunID: runID, Client: play.ClientInfo{Version: "test", Language: "pt-BR"}})
	if err != nil {
		t.Fatal(err)
	}
	q := &team.Queue{M: m, Send: send}
	q.Add(u)
	pump(t, q, time.Now())
	if o := q.Status(runID); o.State != team.Sent || o.Team != "Night shift" {
		t.Fatalf("sent to the panel: %+v", o)
	}
	// The 201 was lost: the game sends the run again, the panel says 200.
	q.Add(u)
	pump(t, q, time.Now())
	if o := q.Status(runID); o.State != team.Sent || q.Pending() != 0 {
		t.Fatalf("sent again: %+v", o)
	}
	members, err := srv.Store().TeamMembers(ctx, tm.ID)
	if err != nil || len(members) != 1 || members[0].Name != "Zoë Núñez" {
		t.Fatalf("the panel's members: %+v, %v", members, err)
	}

	if err := srv.Store().SetTeamClosed(ctx, panel.Actor{}, tm.ID, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	id2, _ := team.NewKey()
	u.RunID = id2
	q.Add(u)
	pump(t, q, time.Now())
	if o := q.Status(id2); o.State != team.Failed || o.Message == "" || m.Closed == "" {
		t.Errorf("a closed team: %+v", o)
	}
	t.Logf("closed team: %s", m.Closed)
}
