package panel

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

const (
	sessionCookie = "sa_session"
	loginCookie   = "sa_login"
	csrfField     = "csrf"
	// maxPasswordBytes is bcrypt's limit.
	maxPasswordBytes = 72
	minPasswordLen   = 8
)

// setupTTL is how long a setup link is valid. A new one is printed at
// every start while the panel has no owner.
const setupTTL = 24 * time.Hour

// ensureOwner makes the owner the options name (Options.OwnerEmail and
// Password), takes over the shared password of a panel from before member
// accounts, and makes a setup link while the panel has no owner.
func (s *Server) ensureOwner(ctx context.Context) error {
	pw, email := s.opts.Password, s.opts.OwnerEmail
	if pw != "" {
		if len(pw) > maxPasswordBytes {
			return fmt.Errorf("the password is %d bytes long; at most %d are allowed", len(pw), maxPasswordBytes)
		}
		if len(pw) < minPasswordLen {
			return fmt.Errorf("the password must be at least %d characters long", minPasswordLen)
		}
		if email == "" {
			return errors.New("a password was given but no owner e-mail: members sign in with their own e-mail and password, so give the owner's e-mail too (--owner-email or PANEL_OWNER_EMAIL) and the password becomes theirs; or give neither and use the setup link the panel prints")
		}
	}
	legacy, hasLegacy, err := s.store.setting(ctx, "password_hash")
	if err != nil {
		return fmt.Errorf("read the shared password: %w", err)
	}
	if email != "" {
		norm, err := NormalizeEmail(email)
		if err != nil {
			return fmt.Errorf("owner e-mail: %w", err)
		}
		hash := ""
		_, stored, err := s.store.memberByEmail(ctx, norm)
		switch {
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		case pw != "" && (err != nil || bcrypt.CompareHashAndPassword([]byte(stored), []byte(pw)) != nil):
			b, err := bcrypt.GenerateFromPassword([]byte(pw), s.opts.BcryptCost)
			if err != nil {
				return fmt.Errorf("hash the password: %w", err)
			}
			hash = string(b)
		case pw == "" && err != nil && hasLegacy:
			// The shared password of a panel from before member
			// accounts becomes the owner's.
			hash = legacy
		case pw == "" && err != nil:
			return fmt.Errorf("there is no member %s yet: give their password too (--password-file or PANEL_PASSWORD), or leave out --owner-email and use the setup link the panel prints", norm)
		}
		did, err := s.store.EnsureOwner(ctx, norm, hash, s.now())
		if err != nil {
			return err
		}
		if did == "created" && hash == legacy {
			did = "legacy"
		}
		s.OwnerChange = did
		s.OwnerEmail = norm
	}
	owners, err := countOwners(ctx, s.store.db)
	if err != nil {
		return err
	}
	if owners > 0 {
		if hasLegacy {
			// The shared password no longer signs in anywhere.
			_, err = s.store.db.ExecContext(ctx, "DELETE FROM settings WHERE key = 'password_hash'")
		}
		return err
	}
	l, err := s.store.NewSetupLink(ctx, setupTTL, s.now())
	if err != nil {
		return fmt.Errorf("make the setup link: %w", err)
	}
	s.SetupToken = l.Token
	s.LegacyPassword = hasLegacy
	return nil
}

// ensureDeviceKey returns the key that signs device cookies, generating
// and storing it at first start.
func (s *Server) ensureDeviceKey(ctx context.Context) ([]byte, error) {
	v, ok, err := s.store.setting(ctx, "device_key")
	if err != nil {
		return nil, fmt.Errorf("read the device key: %w", err)
	}
	if ok {
		if key, err := base64.RawURLEncoding.DecodeString(v); err == nil && len(key) == 32 {
			return key, nil
		}
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := s.store.setSetting(ctx, "device_key", base64.RawURLEncoding.EncodeToString(key)); err != nil {
		return nil, fmt.Errorf("store the device key: %w", err)
	}
	return key, nil
}

// GeneratePassword returns a random password of 100 bits, written as five
// groups of four characters from an alphabet without look-alikes.
func GeneratePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // 31 symbols, no i l o 0 1
	var b strings.Builder
	buf := make([]byte, 1)
	for i := 0; i < 20; {
		if _, err := rand.Read(buf); err != nil {
			panic(err)
		}
		if int(buf[0]) >= 248 { // 248 = 8*31: keep the draw uniform
			continue
		}
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[int(buf[0])%len(alphabet)])
		i++
	}
	return b.String()
}

// session is a signed-in panel member.
type session struct {
	id     int64
	csrf   string
	member Member
}

type ctxKey int

const sessionKey ctxKey = 1

func sessionFrom(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey).(*session)
	return s
}

// seenEvery is how often a session's last use is written down.
const seenEvery = time.Minute

// lookupSession returns the request's session, or nil. A removed member's
// sessions are gone (RemoveMember deletes them), and the join makes sure
// none outlives its member.
func (s *Server) lookupSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !validToken(c.Value) {
		return nil, nil
	}
	now := s.now()
	var se session
	var seen, created int64
	err = s.store.db.QueryRowContext(r.Context(), `SELECT se.id, se.csrf, se.seen_at, m.id, m.email, m.name, m.role, m.created_at
FROM sessions se JOIN members m ON m.id = se.member_id
WHERE se.id_hash = ? AND se.expires_at > ? AND m.removed_at IS NULL`, hashSecret(c.Value), ms(now)).
		Scan(&se.id, &se.csrf, &seen, &se.member.ID, &se.member.Email, &se.member.Name, &se.member.Role, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	se.member.Created = fromMS(created)
	if now.Sub(fromMS(seen)) >= seenEvery {
		if _, err := s.store.db.ExecContext(r.Context(), "UPDATE sessions SET seen_at = ? WHERE id = ?", ms(now), se.id); err != nil {
			s.log.Warn("session seen", "err", err)
		}
	}
	return &se, nil
}

// maxUserAgent bounds the browser description kept with a session.
const maxUserAgent = 300

func (s *Server) newSession(ctx context.Context, w http.ResponseWriter, r *http.Request, memberID int64) error {
	now := s.now()
	id, hash := newSecret()
	csrf, _ := newSecret()
	if _, err := s.store.db.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ?", ms(now)); err != nil {
		return err
	}
	if _, err := s.store.db.ExecContext(ctx, "INSERT INTO sessions(id_hash, member_id, csrf, created_at, expires_at, seen_at, client, user_agent) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
		hash, memberID, csrf, ms(now), ms(now.Add(s.opts.SessionTTL)), ms(now), s.clientString(r), auditField(r.UserAgent(), maxUserAgent)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.opts.SessionTTL / time.Second),
	})
	return nil
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// sameOrigin checks the Origin (or, lacking it, the Referer) of a POST
// against the host it was sent to. Requests with neither header are
// non-browser clients and are let through to the CSRF token check.
func sameOrigin(r *http.Request) bool {
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
		if src == "" {
			return true
		}
	}
	if src == "null" {
		return false
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// Form limits.
const (
	maxFormBody   = 64 << 10
	maxUploadBody = 16 << 20
)

// member wraps a handler for every signed-in panel member (reviewers and
// up).
func (s *Server) member(h http.HandlerFunc) http.HandlerFunc { return s.need(RoleReviewer, h) }

// need wraps a handler for signed-in members whose role allows role (see
// Roles). POSTs must come from this site and carry the session's CSRF
// token, which is checked before the role: a forged form learns nothing.
func (s *Server) need(role string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		setPageHeaders(w)
		se, err := s.lookupSession(r)
		if err != nil {
			s.internalPage(w, r, err)
			return
		}
		if se == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, http.StatusUnauthorized, "Signed out", "You are not signed in (or your sign-in expired). Sign in again and repeat the action.")
			return
		}
		if r.Method == http.MethodPost {
			if !sameOrigin(r) {
				s.forbidden(w, r, "This form was sent from another site and was refused. Reload the page and try again.")
				return
			}
			limit := int64(maxFormBody)
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				limit = maxUploadBody
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			var perr error
			if limit == maxUploadBody {
				perr = r.ParseMultipartForm(4 << 20)
			} else {
				perr = r.ParseForm()
			}
			if perr != nil {
				var mbe *http.MaxBytesError
				if errors.As(perr, &mbe) {
					s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too large", fmt.Sprintf("The form is larger than %d MB.", limit>>20))
					return
				}
				s.errorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read: "+perr.Error())
				return
			}
			tok := r.PostFormValue(csrfField)
			if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(se.csrf)) != 1 {
				s.forbidden(w, r, "The form's security token is missing or out of date. Reload the page and try again.")
				return
			}
		}
		r = r.WithContext(context.WithValue(r.Context(), sessionKey, se))
		if !roleAllows(se.member.Role, role) {
			s.errorPage(w, r, http.StatusForbidden, "Not allowed", fmt.Sprintf("You are signed in as %s, a %s: %s. An owner can change your role on the Members page.", se.member.Email, se.member.Role, roleNeeds(role)))
			return
		}
		h(w, r)
	}
}

// roleNeeds says who may do what needs role.
func roleNeeds(role string) string {
	switch role {
	case RoleOwner:
		return "only owners may do this"
	case RoleAuthor:
		return "only authors and owners may create or change assessments and invite links"
	}
	return "you may not do this"
}

func (s *Server) handleRoot(w http.ResponseWriter, r *http.Request) {
	se, err := s.lookupSession(r)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	if se == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
}

type loginData struct {
	Token   string
	Next    string
	Email   string
	Problem string
	// NoMembers says the panel has no member yet: the setup link is the
	// way in.
	NoMembers bool
}

// nextPaths are where a sign-in may lead: the member pages (path exactly,
// or below it when it ends in a slash).
var nextPaths = []string{"/dashboard", "/assessments/new", "/assessments/", "/submissions/", "/results.csv", "/results.json", "/members", "/account", "/audit", "/teams", "/teams/"}

// safeNext returns next when it is a path of this panel's member pages,
// else "/dashboard": after sign-in the browser is only ever sent to this
// site. Refused: anything but printable ASCII (a tab or newline, which
// browsers drop from URLs, turns "/\t/evil.example" into
// "//evil.example"), backslashes (which browsers read as slashes), a
// scheme, a host or user, "//", dot segments, and any path not in
// nextPaths, also after percent-decoding.
func safeNext(next string) string {
	const def = "/dashboard"
	if next == "" || len(next) > 2048 || next[0] != '/' {
		return def
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return def
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return def
	}
	p := u.Path
	for _, c := range p {
		if c <= ' ' || c == 0x7f || c == '\\' || c >= 0x80 && c < 0xa0 {
			return def
		}
	}
	if strings.HasPrefix(p, "//") || strings.Contains(p, "/./") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..") {
		return def
	}
	for _, allowed := range nextPaths {
		if p == allowed || strings.HasSuffix(allowed, "/") && strings.HasPrefix(p, allowed) && len(p) > len(allowed) {
			return next
		}
	}
	return def
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, next, email, problem string) {
	tok, _ := newSecret()
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteStrictMode, MaxAge: 3600,
	})
	d := loginData{Token: tok, Next: safeNext(next), Email: auditField(email, maxEmail), Problem: problem}
	if n, err := s.store.memberCount(r.Context()); err == nil && n == 0 {
		d.NoMembers = true
	}
	s.render(w, r, status, "login", "Sign in", d)
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	se, err := s.lookupSession(r)
	if err != nil {
		s.internalPage(w, r, err)
		return
	}
	if se != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, r.URL.Query().Get("next"), "", "")
}

// unknownAccount is what the per-account limit counts sign-ins to
// e-mails that are no member's by: one bucket, so that guessing names
// cannot grow the limiter.
const unknownAccount = "unknown"

// dummyHash is compared against when the e-mail is no member's, so that a
// wrong e-mail takes as long as a wrong password.
func (s *Server) dummyHash() []byte {
	s.dummyOnce.Do(func() {
		pw, _ := newSecret()
		s.dummy, _ = bcrypt.GenerateFromPassword([]byte(pw), s.opts.BcryptCost)
	})
	return s.dummy
}

// deviceBinding is what a member's device cookie is bound to: their id
// and password hash, so a new password voids the cookies.
func deviceBinding(m Member, hash string) string {
	return strconv.FormatInt(m.ID, 10) + "\x00" + hash
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	if !sameOrigin(r) {
		s.forbidden(w, r, "This sign-in was sent from another site and was refused.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	next := r.PostFormValue("next")
	typed := strings.TrimSpace(r.PostFormValue("email"))
	c, err := r.Cookie(loginCookie)
	tok := r.PostFormValue(csrfField)
	if err != nil || tok == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(tok)) != 1 {
		s.renderLogin(w, r, http.StatusForbidden, next, typed, "The sign-in form's security token is missing or out of date (are cookies enabled?). Try again.")
		return
	}
	var m Member
	stored := ""
	account, binding, device := unknownAccount, "", ""
	if email, err := NormalizeEmail(typed); err == nil {
		m, stored, err = s.store.memberByEmail(r.Context(), email)
		switch {
		case err == nil:
			account = "member:" + strconv.FormatInt(m.ID, 10)
			binding = deviceBinding(m, stored)
			device = s.device(r, binding)
		case !errors.Is(err, ErrNotFound):
			s.internalPage(w, r, err)
			return
		}
	}
	// Counted before the password is checked: see limit.go.
	at, wait, why := s.limits.begin(s.now(), account, s.clientKey(r), device)
	if at == nil {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		msg := fmt.Sprintf("Too many wrong passwords from this address. Wait %s before trying again.", wait.Round(time.Second))
		if why == limitAccount {
			msg = fmt.Sprintf("Many wrong passwords were tried on this account recently, so sign-ins from browsers that have not signed in here before are slowed down. Wait %s and try again.", max(wait.Round(time.Second), time.Second))
		}
		s.errorPage(w, r, http.StatusTooManyRequests, "Too many attempts", msg)
		return
	}
	pw := r.PostFormValue("password")
	right := false
	if len(pw) <= maxPasswordBytes {
		release := s.hashes.acquire(r.Context(), device != "")
		if release == nil {
			at.abort()
			w.Header().Set("Retry-After", "2")
			s.errorPage(w, r, http.StatusServiceUnavailable, "Busy", "The server is busy checking other sign-ins. Try again in a few seconds.")
			return
		}
		if m.ID != 0 {
			right = bcrypt.CompareHashAndPassword([]byte(stored), []byte(pw)) == nil
		} else {
			bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(pw))
		}
		release()
	}
	client := s.clientString(r)
	if !right {
		e := AuditEntry{At: s.now(), ActorID: m.ID, Actor: typed, Action: "signin.failed", Detail: "wrong password", Client: client}
		if m.ID == 0 {
			e.Detail = "no member has this e-mail"
		}
		if err := s.store.AppendAudit(r.Context(), e); err != nil {
			s.log.Error("audit log", "action", e.Action, "err", err)
		}
		s.renderLogin(w, r, http.StatusUnauthorized, next, typed, "Wrong e-mail or password.")
		return
	}
	at.succeed()
	if err := s.newSession(r.Context(), w, r, m.ID); err != nil {
		s.internalPage(w, r, err)
		return
	}
	if err := s.store.AppendAudit(r.Context(), Actor{ID: m.ID, Email: m.Email, Client: client}.entry(s.now(), "signin.succeeded", "", "role "+m.Role)); err != nil {
		s.log.Error("audit log", "action", "signin.succeeded", "err", err)
	}
	s.setDevice(w, r, device, binding)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// handleLogout ends this browser's session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	se := sessionFrom(r.Context())
	if _, err := s.store.db.ExecContext(r.Context(), "DELETE FROM sessions WHERE id = ?", se.id); err != nil {
		s.internalPage(w, r, err)
		return
	}
	s.audit(r, "signout", fmt.Sprintf("session %d", se.id), "")
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
