// Package panel is the hiring panel server: panel members sign in, build
// assessments from the bundled scenario library or uploaded files, send
// single-use invite links, and read the results candidates submit from the
// browser (WASM) game. The server re-plays every transcript with the play
// engine and scores it itself; nothing a client says about a score is
// trusted. It is pure Go (net/http and SQLite through modernc.org/sqlite).
package panel

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shockabsorber/shockabsorber/play"
)

// Options configure a Server.
type Options struct {
	// DBPath is the SQLite database file; its folder is created.
	DBPath string
	// OwnerEmail and Password name an owner for operators who set the
	// panel up from the command line: the member with this e-mail is made
	// owner (created when missing) and Password becomes their password
	// (their sessions end when it changes). Without Password, a panel
	// from before member accounts gives its shared password to the new
	// owner. A Password needs an OwnerEmail. With neither, a panel with no
	// owner makes a setup link (New's SetupToken).
	OwnerEmail string
	Password   string
	// WebDir is the folder holding index.html, game.wasm and wasm_exec.js.
	// Files missing there are taken from Fallback.
	WebDir string
	// Fallback holds the embedded web files (index.html at least).
	Fallback fs.FS
	// BcryptCost is the password hashing cost; 0 means bcrypt.DefaultCost+2.
	BcryptCost int
	// SessionTTL is how long a sign-in lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// InviteTTL is the default validity of invite links; 0 means 7 days.
	InviteTTL time.Duration
	// Logger receives request errors; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
	// QueueSize bounds the submissions waiting for the writer; 0 means 1024.
	QueueSize int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For (the
	// client's address, for the sign-in limits) and X-Forwarded-Proto
	// (https, for secure cookies and HSTS) are believed. Empty: none is.
	TrustedProxies []netip.Prefix
	// HashConcurrency bounds the password hashes computed at once; 0 means
	// half the CPUs, at least 1.
	HashConcurrency int
	// MetricsToken, when set, is the bearer token that reads /metrics
	// from anywhere; when empty, only loopback clients not behind a proxy
	// may read it (metrics.go).
	MetricsToken string
	// AccessLog logs every request (method, route, path without tokens,
	// status, bytes, time, client address) at Info.
	AccessLog bool
	// RetentionSweep is how often submissions past their assessment's
	// retention period are deleted (lifecycle.go), also once at start;
	// 0 means every hour, negative never.
	RetentionSweep time.Duration
}

// Server is the panel. Create it with New, serve Handler, and Close it.
type Server struct {
	opts   Options
	store  *Store
	log    *slog.Logger
	now    func() time.Time
	web    *webFiles
	pages  *pages
	mux    *http.ServeMux
	limits *loginLimiter
	hashes *hashGate
	cop    *http.CrossOriginProtection
	// metrics counts requests, submissions and sign-ins (/metrics).
	metrics metrics
	// deviceKey signs device cookies (limit.go).
	deviceKey []byte

	mu          sync.RWMutex
	assessments map[int64]*Assessment

	// webBuilding is set while the browser game is being built into the
	// web folder (cmd/panel does that on a first start from a source
	// checkout): its missing files are then "not yet", not "not there".
	webBuilding atomic.Bool
	// draining is set by Drain: /readyz answers 503.
	draining atomic.Bool

	jobs       chan *submitJob
	closing    chan struct{}
	writerDone chan struct{}
	sweepDone  chan struct{}
	closeOnce  sync.Once

	// dummy is a hash compared against for unknown e-mails (dummyHash).
	dummyOnce sync.Once
	dummy     []byte

	// SetupToken is the token of the setup link (/setup/TOKEN) made
	// because the panel has no owner; "" when it has one.
	SetupToken string
	// LegacyPassword says the database still holds the shared password of
	// a panel from before member accounts, which no longer signs in.
	LegacyPassword bool
	// OwnerEmail is Options.OwnerEmail as stored; OwnerChange says what
	// New did for it: "created", "legacy" (created with the old shared
	// password), "promoted", "password" or "" (nothing).
	OwnerEmail, OwnerChange string
}

// SetWebBuilding says whether the browser game is being built into the
// web folder right now. While it is, a request for its missing files is
// answered 503 with Retry-After, and the page waits for it.
func (s *Server) SetWebBuilding(on bool) { s.webBuilding.Store(on) }

// New opens the database, applies migrations, makes sure a password is set
// and returns a ready server.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.BcryptCost == 0 {
		opts.BcryptCost = bcrypt.DefaultCost + 2
	}
	if opts.SessionTTL == 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.InviteTTL == 0 {
		opts.InviteTTL = 7 * 24 * time.Hour
	}
	if opts.QueueSize == 0 {
		opts.QueueSize = 1024
	}
	if opts.HashConcurrency <= 0 {
		opts.HashConcurrency = hashSlots()
	}
	s := &Server{
		opts:        opts,
		log:         opts.Logger,
		now:         opts.Now,
		assessments: map[int64]*Assessment{},
		jobs:        make(chan *submitJob, opts.QueueSize),
		closing:     make(chan struct{}),
		writerDone:  make(chan struct{}),
		sweepDone:   make(chan struct{}),
		limits:      newLoginLimiter(defaultLimits),
		hashes:      newHashGate(opts.HashConcurrency, 5*time.Second),
		cop:         http.NewCrossOriginProtection(),
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	st, err := OpenStore(ctx, opts.DBPath)
	if err != nil {
		return nil, err
	}
	s.store = st
	if err := s.ensureOwner(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if s.deviceKey, err = s.ensureDeviceKey(ctx); err != nil {
		st.Close()
		return nil, err
	}
	s.web = newWebFiles(opts.WebDir, opts.Fallback)
	s.pages, err = loadPages()
	if err != nil {
		st.Close()
		return nil, err
	}
	s.cop.SetDenyHandler(http.HandlerFunc(s.refuseCrossOrigin))
	s.routes()
	go s.writer()
	go s.sweeper()
	return s, nil
}

// Store returns the server's database.
func (s *Server) Store() *Store { return s.store }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	return s.instrument(s.secureHeaders(s.recoverPanics(s.cop.Handler(s.mux))))
}

// Close stops the writer after it has stored every queued submission and
// closes the database. Stop the HTTP server first.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.closing)
		close(s.jobs)
		<-s.writerDone
		<-s.sweepDone
		err = s.store.Close()
	})
	return err
}

func (s *Server) routes() {
	m := http.NewServeMux()
	s.mux = m
	// Candidates.
	m.HandleFunc("GET /a/{token}", s.handleCandidatePage)
	m.HandleFunc("GET /api/a/{token}", s.handleConfig)
	m.HandleFunc("POST /api/a/{token}/submit", s.handleSubmit)
	m.HandleFunc("GET /play/{file...}", s.handleWeb)
	m.HandleFunc("GET /play", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/play/", http.StatusMovedPermanently)
	})
	// Liveness: the process answers. Readiness: it can serve (headers.go).
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	})
	m.HandleFunc("GET /readyz", s.handleReady)
	m.HandleFunc("GET /metrics", s.handleMetrics)
	m.HandleFunc("/", s.handleUnrouted)
	m.HandleFunc("GET /panel.css", s.handleCSS)
	// Panel members.
	m.HandleFunc("GET /{$}", s.handleRoot)
	m.HandleFunc("GET /login", s.handleLoginPage)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("POST /logout", s.member(s.handleLogout))
	m.HandleFunc("GET /dashboard", s.member(s.handleDashboard))
	m.HandleFunc("GET /assessments/new", s.need(RoleAuthor, s.handleNewAssessment))
	m.HandleFunc("POST /assessments", s.need(RoleAuthor, s.handleCreateAssessment))
	m.HandleFunc("GET /assessments/{id}", s.member(s.handleAssessment))
	m.HandleFunc("POST /assessments/{id}/invites", s.need(RoleAuthor, s.handleCreateInvites))
	m.HandleFunc("POST /invites/{id}/revoke", s.need(RoleAuthor, s.handleRevokeInvite))
	m.HandleFunc("GET /assessments/{id}/results.csv", s.member(s.downloads(s.handleExportCSV)))
	m.HandleFunc("GET /assessments/{id}/results.json", s.member(s.downloads(s.handleExportJSON)))
	m.HandleFunc("GET /results.csv", s.member(s.downloads(s.handleExportCSV)))
	m.HandleFunc("GET /results.json", s.member(s.downloads(s.handleExportJSON)))
	m.HandleFunc("GET /submissions/{id}", s.member(s.handleSubmission))
	s.memberRoutes(m)
	// Evidence: norms, item analysis, reliability, re-scoring (evidence.go).
	s.evidenceRoutes(m)
	// Data lifecycle: retention, deleting and exporting a candidate's
	// data (lifecycle.go).
	s.lifecycleRoutes(m)
	// Team progress: teams, their join links and practice results
	// (teams.go).
	s.teamRoutes(m)
}

// assessment returns a (cached) assessment with its parsed scenarios.
//
// Another panel on the same database may have re-scored the assessment
// and replaced its sources since it was cached, so the cached copy is
// used only while its last re-score is still the last one (one indexed
// read; a re-score here also drops it at once).
func (s *Server) assessment(ctx context.Context, id int64) (*Assessment, error) {
	var rev int64
	if err := s.store.db.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM rescores WHERE assessment_id = ?", id).Scan(&rev); err != nil {
		return nil, err
	}
	return s.assessmentAt(ctx, id, rev)
}

// assessmentAt is assessment when its last re-score, rev, is known (the
// candidate API reads it with the invite).
func (s *Server) assessmentAt(ctx context.Context, id, rev int64) (*Assessment, error) {
	s.mu.RLock()
	a := s.assessments[id]
	s.mu.RUnlock()
	if a != nil && a.revision == rev {
		return a, nil
	}
	a, err := s.store.LoadAssessment(ctx, id)
	if err != nil {
		return nil, err
	}
	a.revision = rev
	s.mu.Lock()
	if prev := s.assessments[id]; prev != nil && prev.revision == rev {
		a = prev
	} else {
		s.assessments[id] = a
	}
	s.mu.Unlock()
	return a, nil
}

// candidateInvite looks up a link's invite and assessment, or returns the
// API error to answer.
func (s *Server) candidateInvite(r *http.Request) (Invite, *Assessment, *play.APIError) {
	iv, err := s.store.InviteByToken(r.Context(), r.PathValue("token"))
	if errors.Is(err, ErrNotFound) {
		return iv, nil, errf(http.StatusNotFound, "token_unknown", "no assessment has this link; check that it was copied in full")
	}
	if err != nil {
		s.log.Error("invite lookup", "err", err)
		return iv, nil, errf(http.StatusInternalServerError, "internal", "the server had a problem; try again in a moment")
	}
	if aerr := inviteError(iv, s.now()); aerr != nil {
		return iv, nil, aerr
	}
	a, err := s.assessmentAt(r.Context(), iv.AssessmentID, iv.revision)
	if err != nil {
		s.log.Error("assessment load", "err", err)
		return iv, nil, errf(http.StatusInternalServerError, "internal", "the server had a problem; try again in a moment")
	}
	return iv, a, nil
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) {
	iv, a, aerr := s.candidateInvite(r)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	cfg := play.AssessmentConfig{
		Assessment:     a.Name,
		Seed:           a.Seed,
		TimeLimits:     a.TimeLimits,
		CandidateLabel: iv.Label,
		ExpiresAt:      iv.Expires.UTC().Format(time.RFC3339),
		SubmitURL:      "/api/a/" + r.PathValue("token") + "/submit",
	}
	for _, sc := range a.Scenarios {
		cfg.Scenarios = append(cfg.Scenarios, play.ConfigScenario{ID: sc.ID, Title: sc.Title, Language: sc.Language, TOML: sc.Source})
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	writeJSON(w, http.StatusOK, cfg)
}

// writeJSON answers with v as every front end encodes JSON
// (play.MarshalJSON).
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := play.MarshalJSON(v)
	if err != nil {
		http.Error(w, "encode: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
}

func writeAPIError(w http.ResponseWriter, e *play.APIError) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.Status, e)
}

func (s *Server) internalAPI(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	writeAPIError(w, errf(http.StatusInternalServerError, "internal", "the server could not store or read this; try again in a moment"))
}

// redactPath hides invite tokens in logs.
func redactPath(p string) string {
	for _, prefix := range []string{"/api/a/", "/a/", "/setup/", "/join/", "/reset/", "/api/teams/", "/t/"} {
		if len(p) > len(prefix) && p[:len(prefix)] == prefix {
			return prefix + "…"
		}
	}
	return p
}
