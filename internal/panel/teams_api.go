package panel

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
	"github.com/shockabsorber/shockabsorber/scoring"
	"github.com/shockabsorber/shockabsorber/trainer"
)

// The team API (API.md, section 6): GET /api/teams/{token} tells a game
// which team a join link is for; POST /api/teams/{token}/practice takes
// one practice run. Like the candidate API it is JSON both ways, refuses
// requests a browser sends from another site (http.CrossOriginProtection
// in Server.Handler, as for /api/a/{token}/submit: the desktop game sends
// no Origin and passes), bounds the body before reading it and trusts no
// score: the panel re-plays the transcript against the bundled library.

// MaxPracticeBody is the largest practice upload accepted.
const MaxPracticeBody = 256 << 10

// Upload limits: per member key and per client address, in a sliding
// window (variables for tests). A game sends one run per practice
// session, and a backlog after being offline; an office behind one
// address has many players.
var (
	practiceWindow  = 10 * time.Minute
	practicePerKey  = 30
	practicePerAddr = 300
)

// rateLimiter counts requests per key in a sliding window, remembering at
// most maxKeys keys (limit.go's stamps and prune).
type rateLimiter struct {
	mu      sync.Mutex
	window  time.Duration
	max     int
	maxKeys int
	hits    map[string][]stamp
}

func newRateLimiter(window time.Duration, max int) *rateLimiter {
	return &rateLimiter{window: window, max: max, maxKeys: 100000, hits: map[string][]stamp{}}
}

// allow counts a request for key, unless max were counted in the window;
// then it returns how long until one leaves it.
func (l *rateLimiter) allow(now time.Time, key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := now.Add(-l.window)
	ts := prune(l.hits[key], since)
	if len(ts) >= l.max {
		l.hits[key] = ts
		return false, ts[len(ts)-l.max].t.Add(l.window).Sub(now)
	}
	l.hits[key] = append(ts, stamp{t: now})
	if len(l.hits) > l.maxKeys {
		for k, v := range l.hits {
			if v = prune(v, since); len(v) == 0 {
				delete(l.hits, k)
			}
		}
		for k := range l.hits {
			if len(l.hits) <= l.maxKeys*9/10 {
				break
			}
			delete(l.hits, k)
		}
	}
	return true, 0
}

type teamLimits struct{ keys, addrs *rateLimiter }

var teamLimiters sync.Map // *Server -> *teamLimits

func (s *Server) teamLimits() *teamLimits {
	v, _ := teamLimiters.LoadOrStore(s, &teamLimits{keys: newRateLimiter(practiceWindow, practicePerKey), addrs: newRateLimiter(practiceWindow, practicePerAddr)})
	return v.(*teamLimits)
}

func rateLimited(w http.ResponseWriter, wait time.Duration, what string) {
	secs := max(int((wait+time.Second-1)/time.Second), 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeAPIError(w, errf(http.StatusTooManyRequests, "rate_limited", "too many practice results from %s; wait %d seconds and send again", what, secs))
}

// ---- the bundled library, for practice runs ----

// practiceScenario is a library scenario practice runs are re-played
// against.
type practiceScenario struct {
	sc        *scenarios.Scenario
	situation string
	maxSteps  int
	loops     bool
}

type practiceLibrary struct {
	byKey map[string]*practiceScenario // id + "\x00" + language
	// titles names each situation (its English title when it has one).
	titles map[string]string
	// order is every situation, by title.
	order []string
}

var (
	practiceLibOnce sync.Once
	practiceLibVal  *practiceLibrary
	practiceLibErr  error
)

func loadPracticeLibrary() (*practiceLibrary, error) {
	practiceLibOnce.Do(func() {
		set, diags := scenarios.Library()
		if diags.HasErrors() {
			practiceLibErr = fmt.Errorf("the bundled library does not validate: %s", diags.Errors().Error())
			return
		}
		lib := &practiceLibrary{byKey: map[string]*practiceScenario{}, titles: map[string]string{}}
		for _, sc := range set.Scenarios {
			steps, loops := stepCap(sc)
			sit := trainer.SituationOf(sc)
			lib.byKey[sc.ID+"\x00"+sc.Language] = &practiceScenario{sc: sc, situation: sit, maxSteps: steps, loops: loops}
			if _, ok := lib.titles[sit]; !ok || trainer.IsEnglish(sc.Language) {
				if !ok {
					lib.order = append(lib.order, sit)
				}
				lib.titles[sit] = sc.Title
			}
		}
		sortStrings(lib.order, func(a, b string) bool { return lib.titles[a] < lib.titles[b] })
		practiceLibVal = lib
	})
	return practiceLibVal, practiceLibErr
}

func sortStrings(list []string, less func(a, b string) bool) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && less(list[j], list[j-1]); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// situationTitle names a situation key, or returns it.
func (l *practiceLibrary) situationTitle(key string) string {
	if t := l.titles[key]; t != "" {
		return t
	}
	return key
}

// ---- handlers ----

// teamFromToken looks up the team of a join link, or returns the API
// error to answer.
func (s *Server) teamFromToken(r *http.Request) (Team, *play.APIError) {
	t, err := s.store.TeamByToken(r.Context(), r.PathValue("token"))
	if errors.Is(err, ErrNotFound) {
		return t, errf(http.StatusNotFound, "unknown_team", "no team has this link; check that it was copied in full, or ask your trainer for the team's current link")
	}
	if err != nil {
		s.log.Error("team lookup", "err", err)
		return t, errf(http.StatusInternalServerError, "internal", "the server had a problem; try again in a moment")
	}
	if t.IsClosed() {
		return t, errf(http.StatusGone, "team_closed", "the team %q was closed by its trainer on %s and takes no more results", t.Name, t.Closed.UTC().Format("2006-01-02"))
	}
	return t, nil
}

func (s *Server) handleTeamInfo(w http.ResponseWriter, r *http.Request) {
	t, aerr := s.teamFromToken(r)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	token := r.PathValue("token")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	writeJSON(w, http.StatusOK, play.TeamInfo{
		Team:        t.Name,
		Trainer:     t.TrainerName,
		JoinURL:     s.baseURL(r) + "/t/" + token,
		PracticeURL: "/api/teams/" + token + "/practice",
	})
}

// decodePractice reads and strictly decodes a practice upload, bounded
// before it is read.
func decodePractice(w http.ResponseWriter, r *http.Request) (*play.PracticeUpload, *play.APIError) {
	body, aerr := readJSONBody(w, r, jsonBody{max: MaxPracticeBody, what: "a practice result",
		fields:      "member, run_id, language, transcript, started_at, finished_at and client",
		badTypeCode: "bad_request", badTypeStatus: http.StatusBadRequest, readCode: "bad_request", malformedCode: "bad_request"})
	if aerr != nil {
		return nil, aerr
	}
	var up play.PracticeUpload
	if err := play.DecodeStrict(body, &up); errors.Is(err, play.ErrTrailingData) {
		return nil, errf(http.StatusBadRequest, "bad_request", "malformed JSON body: unexpected data after the JSON object")
	} else if err != nil {
		msg := describeJSONError(err, body)
		if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			msg = "unknown field " + rest + " (a practice result holds only member, run_id, language, transcript, started_at, finished_at and client; the panel computes every score itself)"
		}
		return nil, errf(http.StatusBadRequest, "bad_request", "malformed JSON body: %s", msg)
	}
	return &up, nil
}

// validatePractice checks the fields of an upload that need no scenario.
func validatePractice(up *play.PracticeUpload) *play.APIError {
	if !validToken(up.Member.Key) {
		return errf(http.StatusBadRequest, "bad_request", "the field \"member.key\" must be 22 characters of base64url (16 random bytes), made once by the game")
	}
	name, err := checkTeamName(`the field "member.name"`, up.Member.Name, MaxTeamMemberName)
	if err != nil {
		return errf(http.StatusBadRequest, "bad_request", "%v", err)
	}
	up.Member.Name = name
	if !validToken(up.RunID) {
		return errf(http.StatusBadRequest, "bad_request", "the field \"run_id\" must be 22 characters of base64url, random for each run")
	}
	if up.Language == "" || len(up.Language) > 35 {
		return errf(http.StatusBadRequest, "bad_request", "the field \"language\" must be the scenario's language tag, such as \"en\" or \"pt-BR\"")
	}
	if up.Transcript.Scenario == "" || len(up.Transcript.Scenario) > 200 {
		return errf(http.StatusBadRequest, "bad_request", "the field \"transcript.scenario\" must name a scenario of the bundled library")
	}
	start, err := time.Parse(time.RFC3339Nano, up.StartedAt)
	if err != nil {
		return errf(http.StatusBadRequest, "bad_request", "the field \"started_at\" must be an RFC 3339 time such as 2026-11-23T10:04:05Z, not %q", auditField(up.StartedAt, 60))
	}
	end, err := time.Parse(time.RFC3339Nano, up.FinishedAt)
	if err != nil {
		return errf(http.StatusBadRequest, "bad_request", "the field \"finished_at\" must be an RFC 3339 time such as 2026-11-23T10:24:05Z, not %q", auditField(up.FinishedAt, 60))
	}
	if end.Before(start) {
		return errf(http.StatusBadRequest, "bad_request", "\"finished_at\" (%s) is before \"started_at\" (%s)", up.FinishedAt, up.StartedAt)
	}
	for _, f := range []*string{&up.Client.UserAgent, &up.Client.Version, &up.Client.Language, &up.Client.Timezone, &up.Client.Screen} {
		if len(*f) > 512 {
			return errf(http.StatusBadRequest, "bad_request", "a \"client\" field is longer than 512 bytes")
		}
		*f = escapeText(*f)
	}
	if len(up.Transcript.Choices) == 0 {
		return errf(http.StatusBadRequest, "bad_request", "the field \"transcript.choices\" is empty: send the choices of a run that reached an ending")
	}
	return nil
}

// scorePractice re-plays an upload against the bundled library.
func scorePractice(up *play.PracticeUpload) (*scoredPractice, *play.APIError) {
	lib, err := loadPracticeLibrary()
	if err != nil {
		return nil, errf(http.StatusInternalServerError, "internal", "the panel's scenario library could not be read")
	}
	ps := lib.byKey[up.Transcript.Scenario+"\x00"+up.Language]
	if ps == nil {
		return nil, errf(http.StatusUnprocessableEntity, "unknown_scenario", "the panel's library has no scenario %q in %q; practice results are taken for the bundled library's scenarios only", auditField(up.Transcript.Scenario, 80), auditField(up.Language, 35))
	}
	t := up.Transcript
	as := &AssessmentScenario{ID: ps.sc.ID, MaxSteps: ps.maxSteps, Loops: ps.loops}
	if aerr := checkTranscript(0, as, t, false); aerr != nil {
		aerr.Code = "bad_transcript"
		return nil, aerr
	}
	run, err := play.ReplayAssessment(ps.sc, forReplay(t), false)
	if err != nil {
		return nil, errf(http.StatusUnprocessableEntity, "bad_transcript", "the transcript of %q does not replay: %v", ps.sc.ID, err)
	}
	rep := run.Report()
	out := &scoredPractice{
		runID: up.RunID, scenario: ps.sc.ID, language: ps.sc.Language, title: ps.sc.Title, situation: ps.situation,
		archetype: rep.Archetype, ending: rep.Ending, fitting: rep.Fitting, decisions: rep.Decisions,
		startedAt: up.StartedAt, finishedAt: up.FinishedAt,
	}
	out.weights, _ = play.MarshalJSON(rep.Weights)
	out.drift, _ = play.MarshalJSON(scoring.Drift(rep.Weights))
	out.client, _ = play.MarshalJSON(up.Client)
	if out.transcript, err = play.MarshalJSON(t); err != nil {
		return nil, errf(http.StatusInternalServerError, "internal", "encode transcript: %v", err)
	}
	if out.report, err = play.MarshalJSON(rep); err != nil {
		return nil, errf(http.StatusInternalServerError, "internal", "encode report: %v", err)
	}
	if len(out.report) > MaxReportBytes {
		return nil, errf(http.StatusUnprocessableEntity, "bad_transcript", "the report of this run would be %d bytes; the panel stores at most %d", len(out.report), MaxReportBytes)
	}
	return out, nil
}

func (s *Server) handlePractice(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	lim := s.teamLimits()
	if ok, wait := lim.addrs.allow(now, s.clientKey(r)); !ok {
		rateLimited(w, wait, "this address")
		return
	}
	t, aerr := s.teamFromToken(r)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	up, aerr := decodePractice(w, r)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if aerr := validatePractice(up); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	keyHash := hashSecret(up.Member.Key)
	if ok, wait := lim.keys.allow(now, string(keyHash)); !ok {
		rateLimited(w, wait, "this player")
		return
	}
	sp, aerr := scorePractice(up)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	st, err := s.store.StorePractice(r.Context(), t.ID, keyHash, up.Member.Name, sp, now, s.clientString(r))
	switch {
	case errors.Is(err, errTeamClosed):
		writeAPIError(w, errf(http.StatusGone, "team_closed", "the team %q was closed by its trainer and takes no more results", t.Name))
		return
	case errors.Is(err, ErrNotFound):
		writeAPIError(w, errf(http.StatusNotFound, "unknown_team", "no team has this link"))
		return
	case err != nil:
		s.internalAPI(w, r, err)
		return
	}
	status := http.StatusCreated
	if !st.Created {
		status = http.StatusOK
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, play.PracticeResponse{OK: true, Team: t.Name, ReceivedAt: st.Received.UTC().Format(time.RFC3339), Archetype: st.Archetype})
}

// ---- the join page ----

type teamJoinData struct {
	Team     Team
	Token    string
	JoinURL  string
	PlayURL  string
	Problem  string
	Status   int
	Received bool
}

// handleTeamJoinPage is the page a join link opens: which team and
// trainer, exactly what is sent and what the trainer sees, and how to
// join from the browser or the desktop game.
func (s *Server) handleTeamJoinPage(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	w.Header().Set("Referrer-Policy", "no-referrer")
	t, aerr := s.teamFromToken(r)
	if aerr != nil {
		title := "Team closed"
		switch aerr.Status {
		case http.StatusNotFound:
			title = "Unknown team link"
		case http.StatusInternalServerError:
			title = "Server problem"
		}
		s.render(w, r, aerr.Status, "message", title, messageData{Message: capitalize(aerr.Message) + "."})
		return
	}
	token := r.PathValue("token")
	s.render(w, r, http.StatusOK, "teamjoin", "Join "+t.Name, teamJoinData{
		Team: t, Token: token, JoinURL: s.baseURL(r) + "/t/" + token, PlayURL: "/play/?team=" + token,
	})
}
