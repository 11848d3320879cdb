package panel

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// loginForm fetches the sign-in page once and returns its CSRF token and
// login cookie, to send many sign-ins with by hand.
func loginForm(t *testing.T, h *harness) (token string, cookie *http.Cookie) {
	t.Helper()
	resp, err := http.Get(h.ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == loginCookie {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatal("no login cookie")
	}
	return csrfOf(t, string(body)), cookie
}

// rawLogin posts one sign-in with the given cookies and X-Forwarded-For.
func rawLogin(t *testing.T, h *harness, token, password, xff string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	form := url.Values{"csrf": {token}, "email": {testOwner}, "password": {password}}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", h.ts.URL)
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestSignInConcurrentGuesses: 30 wrong passwords sent at once from one
// address get exactly the 5 checks the limit allows; the others are
// refused before any hashing. The hash cost is real (10) so that the
// checks overlap, as they would for an attacker.
func TestSignInConcurrentGuesses(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.BcryptCost = 10; o.HashConcurrency = 30 })
	token, cookie := loginForm(t, h)
	const n = 30
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = rawLogin(t, h, token, fmt.Sprintf("guess number %d", i), "", cookie).StatusCode
		}()
	}
	close(start)
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[http.StatusUnauthorized] != defaultLimits.PerClient || count[http.StatusTooManyRequests] != n-defaultLimits.PerClient {
		t.Fatalf("statuses %v: want %d checked (401) and %d refused (429)", count, defaultLimits.PerClient, n-defaultLimits.PerClient)
	}
}

// TestSignInLimiterCountsAtomically hammers begin from many goroutines:
// however they interleave, no more attempts start than the limit.
func TestSignInLimiterCountsAtomically(t *testing.T) {
	l := newLoginLimiter(defaultLimits)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	started := 0
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if a, _, _ := l.begin(now, "member:1", "198.51.100.7", ""); a != nil {
				mu.Lock()
				started++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if started != defaultLimits.PerClient {
		t.Fatalf("%d attempts started, want %d", started, defaultLimits.PerClient)
	}
	// A right password refunds its count; an aborted attempt too.
	l2 := newLoginLimiter(defaultLimits)
	for range 10 {
		a, _, _ := l2.begin(now, "member:1", "c", "")
		a.abort()
	}
	a, _, _ := l2.begin(now, "member:1", "c", "")
	if a == nil {
		t.Fatal("aborted attempts were counted")
	}
}

// TestSignInCannotLockOthersOut plays the reviewer's attack: 50 wrong
// passwords from 10 addresses. Afterwards the attacker's addresses are
// refused, but a browser that signed in before gets in at once (even from
// an attacker's address), and a new browser elsewhere is asked to wait
// seconds, not minutes, and then gets in.
func TestSignInCannotLockOthersOut(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")} })
	// A panel member signs in on Monday and out again, keeping the device
	// cookie.
	member := h.browser()
	member.xff = "203.0.113.50"
	csrf := member.login()
	if resp, _ := member.postForm("/logout", url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}

	// The attack.
	token, cookie := loginForm(t, h)
	refused := 0
	for a := 1; a <= 10; a++ {
		for range 5 {
			switch rawLogin(t, h, token, "not the password", fmt.Sprintf("198.51.100.%d", a), cookie).StatusCode {
			case http.StatusUnauthorized:
			case http.StatusTooManyRequests:
				refused++
			default:
				t.Fatal("unexpected status")
			}
		}
	}
	t.Logf("attack: %d of 50 guesses refused by the account's pace", refused)
	// An attacker's address is refused, even with the right password.
	if resp := rawLogin(t, h, token, testPassword, "198.51.100.1", cookie); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("attacker address: %d", resp.StatusCode)
	}

	// The member's browser gets in at once, from anywhere.
	member.xff = "198.51.100.1"
	member.login()

	// A browser that never signed in, at another address, is slowed, not
	// locked out.
	fresh := h.browser()
	fresh.xff = "192.0.2.77"
	_, page := fresh.get("/login")
	resp, body := fresh.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testOwner}, "password": {testPassword}})
	if resp.StatusCode == http.StatusTooManyRequests {
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		if secs < 1 || time.Duration(secs)*time.Second > defaultLimits.AccountPace || !strings.Contains(body, "slowed down") {
			t.Fatalf("new browser: Retry-After %q: %s", resp.Header.Get("Retry-After"), body)
		}
		h.clock.Add(time.Duration(secs) * time.Second)
		fresh.login()
	} else if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("new browser: %d", resp.StatusCode)
	}
}

// TestSignInBehindAnUntrustedProxy: every client shares the proxy's
// address when the proxy is not trusted, so five wrong passwords refuse
// that address; a browser that signed in before still gets in. With the
// proxy trusted, clients are told apart by X-Forwarded-For.
func TestSignInBehindAnUntrustedProxy(t *testing.T) {
	h := newHarness(t)
	member := h.browser()
	member.xff = "203.0.113.50" // not believed: the connection is what counts
	csrf := member.login()
	member.postForm("/logout", url.Values{"csrf": {csrf}})
	token, cookie := loginForm(t, h)
	for i := range 5 {
		if resp := rawLogin(t, h, token, "wrong", fmt.Sprintf("198.51.100.%d", i+1), cookie); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, resp.StatusCode)
		}
	}
	if resp := rawLogin(t, h, token, testPassword, "192.0.2.1", cookie); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a made-up X-Forwarded-For escaped the limit: %d", resp.StatusCode)
	}
	member.login()

	// The same with the proxy trusted: the guesser's address only.
	h2 := newHarnessWith(t, func(o *Options) { o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	token, cookie = loginForm(t, h2)
	for range 6 {
		rawLogin(t, h2, token, "wrong", "198.51.100.1", cookie)
	}
	if resp := rawLogin(t, h2, token, "wrong", "198.51.100.1", cookie); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("guesser not limited: %d", resp.StatusCode)
	}
	other := h2.browser()
	other.xff = "192.0.2.1"
	other.login()
}

// TestDeviceCookie: a device cookie is honoured only with its MAC, for the
// password hash it was made for, and stops being honoured after PerDevice
// wrong passwords.
func TestDeviceCookie(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login()
	u, _ := url.Parse(h.ts.URL + "/login")
	var dev *http.Cookie
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == deviceCookie {
			dev = c
		}
	}
	if dev == nil {
		t.Fatal("no device cookie after sign-in")
	}
	m, hash, err := h.srv.store.memberByEmail(context.Background(), testOwner)
	if err != nil {
		t.Fatal(err)
	}
	stored := deviceBinding(m, hash)
	req := httptest.NewRequest(http.MethodPost, "/login", nil)
	req.AddCookie(&http.Cookie{Name: deviceCookie, Value: dev.Value})
	if h.srv.device(req, stored) == "" {
		t.Fatal("own device cookie not honoured")
	}
	other, _ := bcrypt.GenerateFromPassword([]byte("another password"), bcrypt.MinCost)
	if h.srv.device(req, deviceBinding(m, string(other))) != "" {
		t.Error("a device cookie survived a password change")
	}
	if h.srv.device(req, deviceBinding(Member{ID: m.ID + 1}, hash)) != "" {
		t.Error("a device cookie was honoured for another member")
	}
	forged := httptest.NewRequest(http.MethodPost, "/login", nil)
	id, _, _ := strings.Cut(dev.Value, ".")
	forged.AddCookie(&http.Cookie{Name: deviceCookie, Value: id + ".AAAAAAAAAAAAAAAAAAAAAAAA"})
	if h.srv.device(forged, stored) != "" {
		t.Error("a forged device cookie was honoured")
	}

	// Wrong passwords with the cookie count against the cookie only...
	token, cookie := loginForm(t, h)
	for i := range defaultLimits.PerDevice {
		if resp := rawLogin(t, h, token, "wrong", "", cookie, dev); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d with the device cookie: %d", i+1, resp.StatusCode)
		}
	}
	// ...until it is distrusted; then the address's own limit applies
	// (it has no failures of its own yet).
	for i := range defaultLimits.PerClient {
		if resp := rawLogin(t, h, token, "wrong", "", cookie, dev); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d after distrust: %d", i+1, resp.StatusCode)
		}
	}
	if resp := rawLogin(t, h, token, testPassword, "", cookie, dev); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("distrusted cookie at a limited address: %d", resp.StatusCode)
	}
}

func TestClientAddress(t *testing.T) {
	s := &Server{}
	var err error
	s.opts.TrustedProxies, err = ParseTrustedProxies(" 10.0.0.0/8, 127.0.0.1 ,::1, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "1.2.3"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	cases := []struct {
		remote string
		xff    []string
		want   string
	}{
		{"192.0.2.1:5000", []string{"198.51.100.1"}, "192.0.2.1"},                             // not a proxy: XFF ignored
		{"127.0.0.1:5000", nil, "127.0.0.1"},                                                  // a proxy without XFF
		{"127.0.0.1:5000", []string{"198.51.100.1"}, "198.51.100.1"},                          // one hop
		{"127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.1"}, "198.51.100.1"},                 // a made-up first entry is skipped
		{"127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.1, 10.1.2.3"}, "198.51.100.1"},       // two proxies
		{"127.0.0.1:5000", []string{"6.6.6.6", "198.51.100.1"}, "198.51.100.1"},               // several headers
		{"127.0.0.1:5000", []string{"garbage, 10.1.2.3"}, "10.1.2.3"},                         // unreadable: the last trusted hop
		{"127.0.0.1:5000", []string{"198.51.100.1:4711"}, "198.51.100.1"},                     // with a port
		{"[::1]:5000", []string{"2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"},                 // IPv6 by /64
		{"[::1]:5000", []string{"2001:db8:1:2:ffff::1"}, "2001:db8:1:2::/64"},                 // same /64
		{"[::ffff:127.0.0.1]:5000", []string{"::ffff:198.51.100.9"}, "198.51.100.9"},          // mapped IPv4
		{"[2001:db8:ffff::5]:80", []string{"203.0.113.9, 2001:db8:ffff:1::1"}, "203.0.113.9"}, // trusted IPv6 proxies
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientKey(r); got != c.want {
			t.Errorf("%s %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
	// X-Forwarded-Proto is believed from a trusted proxy only.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	r.RemoteAddr = "192.0.2.1:5000"
	if s.secure(r) {
		t.Error("X-Forwarded-Proto believed from a client")
	}
	r.RemoteAddr = "10.0.0.2:5000"
	if !s.secure(r) {
		t.Error("X-Forwarded-Proto not believed from a trusted proxy")
	}
}

func TestHashGate(t *testing.T) {
	ctx := context.Background()
	g := newHashGate(2, 0)
	r1, r2 := g.acquire(ctx, false), g.acquire(ctx, false)
	if r1 == nil || r2 == nil {
		t.Fatal("free slots refused")
	}
	if g.acquire(ctx, false) != nil {
		t.Fatal("a third hash ran alongside two with two slots")
	}
	// A browser trusted by its device cookie does not queue behind them.
	rt := g.acquire(ctx, true)
	if rt == nil {
		t.Fatal("the trusted slot was not given to a trusted attempt")
	}
	if g.acquire(ctx, true) != nil {
		t.Fatal("two trusted hashes ran beside the others")
	}
	r1()
	if r := g.acquire(ctx, false); r == nil {
		t.Fatal("a released slot was not given out")
	}
	rt()
	if r := g.acquire(ctx, true); r == nil {
		t.Fatal("the released trusted slot was not given out")
	}
}

// Known open-redirect payloads for the next parameter: after sign-in each
// must lead to a page of this site.
var redirectPayloads = []string{
	"//evil.example/", "///evil.example/", "////evil.example", "/\\evil.example", "/\\/evil.example", "\\\\evil.example",
	"/\t/evil.example/", "/%09/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example",
	"/ /evil.example", "/\x00/evil.example", "/\x0b/evil.example", "/\x1f/evil.example", "/\x7f/evil.example",
	"https://evil.example/", "http:evil.example", "http:/evil.example", "//evil.example@panel", "https:\\\\evil.example",
	"javascript:alert(1)", "JaVaScRiPt:alert(1)", "/\tjavascript:alert(1)", "data:text/html,<script>alert(1)</script>",
	"/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%5C%5Cevil.example", "/%0a/evil.example",
	"/assessments/..//evil.example", "/assessments/1/../../..//evil.example", "/./evil.example", "/.//evil.example",
	"/dashboard/../evil", "evil.example", "./evil", "../evil", "/\u3000/evil.example", "/\u2028/evil.example", "/\u00a0/evil.example",
	"/dashboard@evil.example", "/dashboard.evil.example", "/\u202e/evil.example", "/%E3%80%80/evil.example",
}

// browserTarget resolves a Location header as a browser does: tabs and
// newlines removed, leading and trailing controls and spaces trimmed,
// backslashes read as slashes.
func browserTarget(t *testing.T, base, loc string) *url.URL {
	t.Helper()
	loc = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' }))
	b, _ := url.Parse(base)
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("Location %q does not parse: %v", loc, err)
	}
	return b.ResolveReference(u)
}

func TestSignInRedirectsOnlyWithinThePanel(t *testing.T) {
	h := newHarness(t)
	host, _ := url.Parse(h.ts.URL)
	check := func(what, payload, loc string) {
		t.Helper()
		if loc != "/dashboard" {
			t.Errorf("%s next=%q: Location %q, want /dashboard", what, payload, loc)
		}
		if u := browserTarget(t, h.ts.URL, loc); u.Host != host.Host || u.Scheme != host.Scheme {
			t.Errorf("%s next=%q: leads to %s", what, payload, u)
		}
	}
	for _, p := range redirectPayloads {
		if got := safeNext(p); got != "/dashboard" {
			t.Errorf("safeNext(%q) = %q", p, got)
		}
		b := h.browser()
		_, page := b.get("/login")
		resp, _ := b.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testOwner}, "password": {testPassword}, "next": {p}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in with next=%q: %d", p, resp.StatusCode)
		}
		check("POST /login", p, resp.Header.Get("Location"))
		// Signed in, the sign-in page redirects too.
		resp, _ = b.get("/login?next=" + url.QueryEscape(p))
		check("GET /login", p, resp.Header.Get("Location"))
	}
	// The member pages' own links survive.
	for _, ok := range []string{"/dashboard", "/assessments/new", "/assessments/3", "/assessments/3/results.csv", "/submissions/12", "/results.json", "/assessments/new?preset=standard&lang=es", "/assessments/3#invites"} {
		if got := safeNext(ok); got != ok {
			t.Errorf("safeNext(%q) = %q", ok, got)
		}
	}
	// A signed-out visit to a member page comes back to it after sign-in.
	anon := h.browser()
	resp, _ := anon.get("/assessments/new?preset=standard&lang=es")
	loc, _ := url.Parse(resp.Header.Get("Location"))
	_, page := anon.get(loc.RequestURI())
	resp, _ = anon.postForm("/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testOwner}, "password": {testPassword}, "next": {loc.Query().Get("next")}})
	if got := resp.Header.Get("Location"); got != "/assessments/new?preset=standard&lang=es" {
		t.Errorf("back to the page asked for: %q", got)
	}
}
