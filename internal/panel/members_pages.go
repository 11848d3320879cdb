package panel

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// memberLinkTTL is how long invitation and reset links are valid.
const memberLinkTTL = 7 * 24 * time.Hour

// memberRoutes adds the pages of members, sessions and the audit log.
func (s *Server) memberRoutes(m *http.ServeMux) {
	// Single-use links: the token in the path is the secret.
	for _, kind := range []string{LinkSetup, LinkJoin, LinkReset} {
		m.HandleFunc("GET /"+kind+"/{token}", s.linkPage(kind))
		m.HandleFunc("POST /"+kind+"/{token}", s.useLink(kind))
	}
	// Every member: their own account and sessions.
	m.HandleFunc("GET /account", s.member(s.handleAccount))
	m.HandleFunc("POST /account/sessions/{id}/revoke", s.member(s.handleRevokeOwnSession))
	m.HandleFunc("POST /account/signout-everywhere", s.member(s.handleSignOutEverywhere))
	// Authors: an assessment no candidate took can be deleted.
	m.HandleFunc("POST /assessments/{id}/delete", s.need(RoleAuthor, s.handleDeleteAssessment))
	// Owners: members and the audit log.
	m.HandleFunc("GET /members", s.need(RoleOwner, s.handleMembers))
	m.HandleFunc("POST /members/invitations", s.need(RoleOwner, s.handleInviteMember))
	m.HandleFunc("POST /members/invitations/{id}/withdraw", s.need(RoleOwner, s.handleWithdrawInvitation))
	m.HandleFunc("POST /members/{id}/role", s.need(RoleOwner, s.handleSetRole))
	m.HandleFunc("POST /members/{id}/remove", s.need(RoleOwner, s.handleRemoveMember))
	m.HandleFunc("POST /members/{id}/reset", s.need(RoleOwner, s.handleResetLink))
	m.HandleFunc("POST /members/{id}/signout", s.need(RoleOwner, s.handleMemberSignOut))
	m.HandleFunc("GET /audit", s.need(RoleOwner, s.handleAudit))
	m.HandleFunc("GET /audit.csv", s.need(RoleOwner, s.handleAuditCSV))
	m.HandleFunc("GET /audit.jsonl", s.need(RoleOwner, s.handleAuditJSONL))
}

// ---- setup, join and reset links ----

type linkData struct {
	Kind    string
	Action  string
	Email   string
	Role    string
	Name    string
	Expires time.Time
	Problem string
}

var linkTitles = map[string]string{LinkSetup: "Set up the panel", LinkJoin: "Join the panel", LinkReset: "Choose a new password"}

func (s *Server) linkGone(w http.ResponseWriter, r *http.Request, kind string) {
	msg := "This link is unknown, already used, withdrawn or expired. Ask an owner of the panel for a new one."
	if kind == LinkSetup {
		msg = "This setup link is unknown, already used or expired, or the panel already has an owner. While the panel has no owner, the server prints a new setup link each time it starts: restart it and use the new link."
	}
	s.errorPage(w, r, http.StatusGone, "Link not usable", msg)
}

func (s *Server) linkPage(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// The page's Referrer-Policy stays same-origin: with no-referrer
		// the browser sends the form with "Origin: null", which
		// sameOrigin refuses. Its page links nowhere else.
		setPageHeaders(w)
		l, err := s.store.LinkByToken(r.Context(), r.PathValue("token"), kind, s.now())
		if errors.Is(err, ErrLinkInvalid) {
			s.linkGone(w, r, kind)
			return
		}
		if err != nil {
			s.internalPage(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "memberlink", linkTitles[kind], linkData{Kind: kind, Action: r.URL.Path, Email: l.Email, Role: l.Role, Expires: l.Expires})
	}
}

func (s *Server) useLink(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// The page's Referrer-Policy stays same-origin: with no-referrer
		// the browser sends the form with "Origin: null", which
		// sameOrigin refuses. Its page links nowhere else.
		setPageHeaders(w)
		if !sameOrigin(r) {
			s.forbidden(w, r, "This form was sent from another site and was refused.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
		if err := r.ParseForm(); err != nil {
			s.errorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
			return
		}
		token := r.PathValue("token")
		now := s.now()
		l, err := s.store.LinkByToken(r.Context(), token, kind, now)
		if errors.Is(err, ErrLinkInvalid) {
			s.linkGone(w, r, kind)
			return
		}
		if err != nil {
			s.internalPage(w, r, err)
			return
		}
		d := linkData{Kind: kind, Action: r.URL.Path, Email: l.Email, Role: l.Role, Expires: l.Expires, Name: strings.TrimSpace(r.PostFormValue("name"))}
		fail := func(problem string) {
			d.Problem = problem
			s.render(w, r, http.StatusUnprocessableEntity, "memberlink", linkTitles[kind], d)
		}
		email := l.Email
		if kind == LinkSetup {
			d.Email = strings.TrimSpace(r.PostFormValue("email"))
			if email, err = NormalizeEmail(d.Email); err != nil {
				fail(capitalize(err.Error()) + ".")
				return
			}
		}
		name := ""
		if kind != LinkReset {
			if name, err = checkName(d.Name); err != nil {
				fail(capitalize(err.Error()) + ".")
				return
			}
		}
		pw := r.PostFormValue("password")
		if err := checkNewPassword(pw, r.PostFormValue("password2")); err != nil {
			fail(capitalize(err.Error()) + ".")
			return
		}
		release := s.hashes.acquire(r.Context(), false)
		if release == nil {
			w.Header().Set("Retry-After", "2")
			s.errorPage(w, r, http.StatusServiceUnavailable, "Busy", "The server is busy. Go back and send the form again in a few seconds.")
			return
		}
		hash, err := bcrypt.GenerateFromPassword([]byte(pw), s.opts.BcryptCost)
		release()
		if err != nil {
			s.internalPage(w, r, err)
			return
		}
		client := s.clientString(r)
		var m Member
		switch kind {
		case LinkSetup:
			m, err = s.store.UseSetupLink(r.Context(), token, email, name, string(hash), client, now)
		case LinkJoin:
			m, err = s.store.UseJoinLink(r.Context(), token, name, string(hash), client, now)
		default:
			m, err = s.store.UseResetLink(r.Context(), token, string(hash), client, now)
		}
		switch {
		case errors.Is(err, ErrLinkInvalid):
			s.linkGone(w, r, kind)
			return
		case errors.Is(err, ErrEmailTaken):
			fail("A member with this e-mail already exists: sign in instead, or ask an owner.")
			return
		case err != nil:
			s.internalPage(w, r, err)
			return
		}
		if err := s.newSession(r.Context(), w, r, m.ID); err != nil {
			s.internalPage(w, r, err)
			return
		}
		http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
	}
}

// ---- the member's own account ----

type accountData struct {
	Me       Member
	Sessions []SessionInfo
	Current  int64
	Notice   string
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.accountPage(w, r, "")
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, notice string) {
	se := sessionFrom(r.Context())
	list, err := s.store.MemberSessions(r.Context(), se.member.ID, s.now())
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "account", "Your account", accountData{Me: se.member, Sessions: list, Current: se.id, Notice: notice})
}

func (s *Server) handleRevokeOwnSession(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	se := sessionFrom(r.Context())
	err := s.store.RevokeSession(r.Context(), s.actor(r), se.member.ID, id, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	if id == se.id {
		s.clearSessionCookie(w, r)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) handleSignOutEverywhere(w http.ResponseWriter, r *http.Request) {
	se := sessionFrom(r.Context())
	if _, err := s.store.RevokeAllSessions(r.Context(), s.actor(r), se.member.ID, s.now()); err != nil {
		s.internalPage(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// ---- members (owners) ----

type membersData struct {
	Members []Member
	Pending []MemberLink
	Roles   []string
	Me      int64
	// Owners counts the owners: the last one cannot be removed.
	Owners int
	// Link is a link just made, shown once: what it is for and the URL.
	LinkFor string
	Link    string
	Notice  string
	Problem string
	// Email and Role refill the invitation form after a problem.
	Email string
	Role  string
	Days  int
}

func (s *Server) membersPage(w http.ResponseWriter, r *http.Request, status int, d membersData) {
	var err error
	if d.Members, err = s.store.Members(r.Context(), s.now()); err != nil {
		s.internalPage(w, r, err)
		return
	}
	if d.Pending, err = s.store.PendingInvitations(r.Context(), s.now()); err != nil {
		s.internalPage(w, r, err)
		return
	}
	d.Roles = Roles
	d.Me = sessionFrom(r.Context()).member.ID
	for _, m := range d.Members {
		if m.Role == RoleOwner {
			d.Owners++
		}
	}
	if d.Role == "" {
		d.Role = RoleAuthor
	}
	d.Days = int(memberLinkTTL / (24 * time.Hour))
	s.render(w, r, status, "members", "Members", d)
}

func (s *Server) handleMembers(w http.ResponseWriter, r *http.Request) {
	s.membersPage(w, r, http.StatusOK, membersData{})
}

func (s *Server) handleInviteMember(w http.ResponseWriter, r *http.Request) {
	email, role := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("role")
	l, err := s.store.InviteMember(r.Context(), s.actor(r), email, role, memberLinkTTL, s.now())
	if err != nil {
		if errors.Is(err, ErrEmailTaken) {
			err = errors.New("a member with this e-mail already exists")
		}
		s.membersPage(w, r, http.StatusUnprocessableEntity, membersData{Problem: capitalize(err.Error()) + ".", Email: auditField(email, maxEmail), Role: role})
		return
	}
	s.membersPage(w, r, http.StatusCreated, membersData{LinkFor: fmt.Sprintf("Invitation for %s (%s)", l.Email, l.Role), Link: s.baseURL(r) + "/join/" + l.Token})
}

func (s *Server) handleWithdrawInvitation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.store.WithdrawInvitation(r.Context(), s.actor(r), id, s.now()); err != nil {
		s.internalPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/members", http.StatusSeeOther)
}

// memberChange answers the result of a change to a member.
func (s *Server) memberChange(w http.ResponseWriter, r *http.Request, err error, notice string) {
	switch {
	case errors.Is(err, ErrLastOwner):
		s.membersPage(w, r, http.StatusConflict, membersData{Problem: capitalize(err.Error()) + "."})
	case errors.Is(err, ErrNotFound):
		s.notFound(w, r)
	case err != nil:
		s.internalPage(w, r, err)
	default:
		s.membersPage(w, r, http.StatusOK, membersData{Notice: notice})
	}
}

func (s *Server) handleSetRole(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	role := r.PostFormValue("role")
	if roleRank(role) == 0 {
		s.membersPage(w, r, http.StatusUnprocessableEntity, membersData{Problem: fmt.Sprintf("There is no role %q.", role)})
		return
	}
	m, err := s.store.SetRole(r.Context(), s.actor(r), id, role, s.now())
	s.memberChange(w, r, err, fmt.Sprintf("%s is now %s.", m.Label(), withArticle(role)))
}

func withArticle(role string) string {
	if role == RoleAuthor || role == RoleOwner {
		return "an " + role
	}
	return "a " + role
}

func (s *Server) handleRemoveMember(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	m, err := s.store.RemoveMember(r.Context(), s.actor(r), id, s.now())
	if err == nil && id == sessionFrom(r.Context()).member.ID {
		s.clearSessionCookie(w, r)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.memberChange(w, r, err, fmt.Sprintf("%s (%s) was removed and signed out everywhere.", m.Label(), m.Email))
}

func (s *Server) handleResetLink(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	l, m, err := s.store.ResetLink(r.Context(), s.actor(r), id, memberLinkTTL, s.now())
	if s.pageFailed(w, r, err) {
		return
	}
	s.membersPage(w, r, http.StatusCreated, membersData{LinkFor: fmt.Sprintf("Password reset for %s (%s)", m.Label(), m.Email), Link: s.baseURL(r) + "/reset/" + l.Token})
}

func (s *Server) handleMemberSignOut(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	n, err := s.store.RevokeAllSessions(r.Context(), s.actor(r), id, s.now())
	if err == nil && id == sessionFrom(r.Context()).member.ID {
		s.clearSessionCookie(w, r)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	m, _ := s.store.MemberByID(r.Context(), id)
	s.memberChange(w, r, err, fmt.Sprintf("%s: %s ended.", m.Label(), plural(n, "session", "sessions")))
}

func init() {
	funcs["withArticle"] = withArticle
	funcs["roleText"] = roleText
	funcs["browserName"] = browserName
	funcs["actionClass"] = actionClass
}

// roleText says what a role may do.
func roleText(role string) string {
	switch role {
	case RoleOwner:
		return "manages members, reads the audit log, and everything authors do"
	case RoleAuthor:
		return "creates assessments and invite links, and reads results"
	case RoleReviewer:
		return "reads results and exports"
	}
	return ""
}

// browserName names a browser and its system from a User-Agent, roughly.
func browserName(ua string) string {
	browser := "A browser"
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"HeadlessChrome/", "Headless Chrome"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client", "A Go program"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			return browser + " on " + o.name
		}
	}
	return browser
}

// actionClass colours an audit action: "bad" for failures, "warn" for
// removals and ended sessions.
func actionClass(action string) string {
	switch {
	case strings.HasSuffix(action, ".failed"):
		return "bad"
	case strings.Contains(action, "removed") || strings.Contains(action, "revoked") || strings.Contains(action, "withdrawn") || strings.Contains(action, "reset"):
		return "warn"
	}
	return "ok"
}
