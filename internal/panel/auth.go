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

// ensurePassword stores the configured password, or generates one when none
// is stored yet.
func (s *Server) ensurePassword(ctx context.Context) error {
	stored, ok, err := s.store.setting(ctx, "password_hash")
	if err != nil {
		return fmt.Errorf("read the password: %w", err)
	}
	pw := s.opts.Password
	if pw != "" {
		if len(pw) > maxPasswordBytes {
			return fmt.Errorf("the password is %d bytes long; at most %d are allowed", len(pw), maxPasswordBytes)
		}
		if len(pw) < minPasswordLen {
			return fmt.Errorf("the password must be at least %d characters long", minPasswordLen)
		}
		if ok && bcrypt.CompareHashAndPassword([]byte(stored), []byte(pw)) == nil {
			return nil
		}
		s.PasswordChanged = ok
	} else {
		if ok {
			return nil
		}
		pw = GeneratePassword()
		s.Generated = pw
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), s.opts.BcryptCost)
	if err != nil {
		return fmt.Errorf("hash the password: %w", err)
	}
	if err := s.store.setSetting(ctx, "password_hash", string(hash)); err != nil {
		return fmt.Errorf("store the password: %w", err)
	}
	if s.PasswordChanged {
		// A new password signs everyone out.
		_, err = s.store.db.ExecContext(ctx, "DELETE FROM sessions")
	}
	return err
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
	csrf string
}

type ctxKey int

const sessionKey ctxKey = 1

func sessionFrom(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey).(*session)
	return s
}

func (s *Server) lookupSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !validToken(c.Value) {
		return nil, nil
	}
	var se session
	err = s.store.db.QueryRowContext(r.Context(), "SELECT csrf FROM sessions WHERE id_hash = ? AND expires_at > ?", hashSecret(c.Value), ms(s.now())).Scan(&se.csrf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &se, nil
}

func (s *Server) newSession(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	now := s.now()
	id, hash := newSecret()
	csrf, _ := newSecret()
	if _, err := s.store.db.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ?", ms(now)); err != nil {
		return err
	}
	if _, err := s.store.db.ExecContext(ctx, "INSERT INTO sessions(id_hash, csrf, created_at, expires_at) VALUES(?, ?, ?, ?)",
		hash, csrf, ms(now), ms(now.Add(s.opts.SessionTTL))); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.opts.SessionTTL / time.Second),
	})
	return nil
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

// member wraps a handler for signed-in panel members. POSTs must come from
// this site and carry the session's CSRF token.
func (s *Server) member(h http.HandlerFunc) http.HandlerFunc {
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
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey, se)))
	}
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
	Problem string
}

// nextPaths are where a sign-in may lead: the member pages (path exactly,
// or below it when it ends in a slash).
var nextPaths = []string{"/dashboard", "/assessments/new", "/assessments/", "/submissions/", "/results.csv", "/results.json"}

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

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, next, problem string) {
	tok, _ := newSecret()
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteStrictMode, MaxAge: 3600,
	})
	s.render(w, r, status, "login", "Sign in", loginData{Token: tok, Next: safeNext(next), Problem: problem})
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
	s.renderLogin(w, r, http.StatusOK, r.URL.Query().Get("next"), "")
}

// panelAccount is the account the shared panel password signs in to; the
// per-account limit counts by it.
const panelAccount = "panel"

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
	c, err := r.Cookie(loginCookie)
	tok := r.PostFormValue(csrfField)
	if err != nil || tok == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(tok)) != 1 {
		s.renderLogin(w, r, http.StatusForbidden, next, "The sign-in form's security token is missing or out of date (are cookies enabled?). Try again.")
		return
	}
	stored, ok, err := s.store.setting(r.Context(), "password_hash")
	if err != nil || !ok {
		s.internalPage(w, r, fmt.Errorf("read the password hash: %v", err))
		return
	}
	device := s.device(r, stored)
	// Counted before the password is checked: see limit.go.
	at, wait, why := s.limits.begin(s.now(), panelAccount, s.clientKey(r), device)
	if at == nil {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		msg := fmt.Sprintf("Too many wrong passwords from this address. Wait %s before trying again.", wait.Round(time.Second))
		if why == limitAccount {
			msg = fmt.Sprintf("Many wrong passwords were tried on the panel recently, so sign-ins from browsers that have not signed in here before are slowed down. Wait %s and try again.", max(wait.Round(time.Second), time.Second))
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
		right = bcrypt.CompareHashAndPassword([]byte(stored), []byte(pw)) == nil
		release()
	}
	if !right {
		s.renderLogin(w, r, http.StatusUnauthorized, next, "Wrong password.")
		return
	}
	at.succeed()
	if err := s.newSession(r.Context(), w, r); err != nil {
		s.internalPage(w, r, err)
		return
	}
	s.setDevice(w, r, device, stored)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if _, err := s.store.db.ExecContext(r.Context(), "DELETE FROM sessions WHERE id_hash = ?", hashSecret(c.Value)); err != nil {
			s.internalPage(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
