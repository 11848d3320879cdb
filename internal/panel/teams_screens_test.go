package panel

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shockabsorber/shockabsorber/scoring"
)

// TestTeamScreensServe, with SA_TEAM_SERVE=SECONDS (and optionally
// SA_TEAM_ADDR=127.0.0.1:PORT), serves a panel with three teams for that
// long, for screenshots of the team pages: "Support hires, March" with
// eight members over ten weeks (runs sent through the API, so the panel
// re-plays them), "Empty team" and "Closed team". Sign in as
// owner@example.org with the test password. It prints the paths.
func TestTeamScreensServe(t *testing.T) {
	secs, _ := strconv.Atoi(os.Getenv("SA_TEAM_SERVE"))
	if secs <= 0 {
		t.Skip("set SA_TEAM_SERVE=SECONDS to serve the team pages for screenshots")
	}
	h := newHarness(t)
	if addr := os.Getenv("SA_TEAM_ADDR"); addr != "" {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		h.ts.Close()
		h.ts = &httptest.Server{Listener: l, Config: &http.Server{Handler: h.srv.Handler()}}
		h.ts.Start()
	}
	h.clock.Add(-70 * 24 * time.Hour)
	team, token := h.team("Support hires, March", 90)
	h.team("Empty team", 0)
	closed, _ := h.team("Closed team", 30)
	names := []string{"Ana Souza", "Ben Okafor", "Chloé Martin", "Diego Ramírez", "Eun-ji Park", "Farah Haddad", "Gustavo Lima", "Hannah Schmidt"}
	keys := make([]string, len(names))
	for i := range keys {
		keys[i] = newKey()
	}
	saved := practicePerKey
	practicePerKey = 1000
	defer func() { practicePerKey = saved }()
	type sc struct{ id, lang string }
	list := []sc{{"double-charge", "en"}, {"friday-outage", "en"}, {"double-charge-es", "es"}, {"broken-promise-pt-br", "pt-BR"}, {"account-unblock", "en"}, {"claim-in-limbo", "en"}, {"not-my-department", "en"}}
	seed := uint64(1)
	for wk := 0; wk < 10; wk++ {
		for i := range names {
			if (i+wk)%3 == 0 || i == 7 && wk < 6 {
				continue
			}
			for k := 0; k < 1+(i+wk)%2; k++ {
				s := list[(i*3+wk+k)%len(list)]
				if i > 4 && s.lang != "en" {
					s = list[0]
				}
				seed++
				up := practice(t, s.id, s.lang, keys[i], names[i], seed)
				at := h.clock.Now().Add(time.Duration(wk*7*24+k*26+i) * time.Hour)
				up.StartedAt = at.Add(-6 * time.Minute).UTC().Format(time.RFC3339)
				up.FinishedAt = at.UTC().Format(time.RFC3339)
				set := func(t time.Time) { h.clock.mu.Lock(); h.clock.t = t; h.clock.mu.Unlock() }
				now := h.clock.Now()
				set(at.Add(time.Minute)) // received a minute after it ended
				resp, out := h.sendPractice(token, mustJSON(t, up))
				set(now)
				if resp.StatusCode != http.StatusCreated {
					t.Fatalf("seed: %d %v", resp.StatusCode, out)
				}
			}
		}
	}
	h.clock.Add(70 * 24 * time.Hour)
	h.storeRun(closed.ID, newKey(), "Ivo", "double-charge", "double-charge", scoring.Weights{1, 0, 0, 0, 3}, "resolved")
	if err := h.srv.store.SetTeamClosed(context.Background(), Actor{Email: testOwner}, closed.ID, true, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("URL %s\nteam /teams/%d\njoin /t/%s\nmember /teams/%d/members/1\nempty /teams/2\nlogin %s / %s\n", h.ts.URL, team.ID, token, team.ID, testOwner, testPassword)
	time.Sleep(time.Duration(secs) * time.Second)
}
