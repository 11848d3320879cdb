package panel

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Sign-in limits. Password guessing is slowed in three ways, none of which
// lets an attacker lock the right password out for everyone:
//
//   - per client: at most limits.PerClient wrong passwords in a sliding
//     window from one client address (an IPv6 client is its /64); the
//     address is the connection's, or, when the connection comes from a
//     trusted proxy (Options.TrustedProxies), the nearest address in
//     X-Forwarded-For that is not a trusted proxy;
//   - per account: once limits.AccountSoft wrong passwords from clients
//     without a device cookie have reached one account in the window, such
//     attempts are paced to one every limits.AccountPace. This slows a
//     guesser spread over many addresses but never locks: each pace
//     interval some attempt is checked, and a new browser is told to wait
//     seconds, not minutes;
//   - device cookies: a browser that signed in before carries sa_device,
//     an HMAC of a random id bound to the server's key and to the current
//     password hash (changing the password voids them all). Its attempts
//     count against that cookie only (limits.PerDevice in the window), not
//     against its address or the account, so neither an attacker sharing
//     its address (an office NAT, a reverse proxy that is not trusted) nor
//     one spread over many addresses keeps it out.
//
// Every attempt is counted when it starts, under one lock, before the
// password is hashed (begin): concurrent guesses cannot slip past a limit
// while earlier ones are still being checked. A right password refunds its
// count. Password hashing itself runs on at most hashSlots goroutines
// (half the CPUs), plus one reserved for browsers with a device cookie
// (hashGate), so a burst of guesses cannot starve candidates' submissions
// of CPU nor make a panel member queue behind it. An attempt that waits
// more than 5 seconds for a slot is answered 503 with Retry-After and not
// counted.

// limitConfig holds the sign-in limits.
type limitConfig struct {
	Window      time.Duration // the sliding window failures are counted in
	PerClient   int           // wrong passwords per client address in Window
	PerDevice   int           // wrong passwords per device cookie in Window
	AccountSoft int           // untrusted failures on one account after which attempts are paced
	AccountPace time.Duration // the pace, once AccountSoft is reached
	MaxKeys     int           // bound on remembered clients and devices
}

var defaultLimits = limitConfig{
	Window:      15 * time.Minute,
	PerClient:   5,
	PerDevice:   10,
	AccountSoft: 20,
	AccountPace: 10 * time.Second,
	MaxKeys:     100000,
}

// stamp is one counted attempt.
type stamp struct {
	t  time.Time
	id uint64
}

type accountState struct {
	fails []stamp
	next  time.Time // with pacing on, no untrusted attempt before this
}

type loginLimiter struct {
	cfg      limitConfig
	mu       sync.Mutex
	seq      uint64
	clients  map[string][]stamp
	devices  map[string][]stamp
	accounts map[string]*accountState
}

func newLoginLimiter(cfg limitConfig) *loginLimiter {
	return &loginLimiter{cfg: cfg, clients: map[string][]stamp{}, devices: map[string][]stamp{}, accounts: map[string]*accountState{}}
}

func prune(ts []stamp, since time.Time) []stamp {
	k := 0
	for _, s := range ts {
		if s.t.After(since) {
			ts[k] = s
			k++
		}
	}
	return ts[:k]
}

func without(ts []stamp, id uint64) []stamp {
	for i, s := range ts {
		if s.id == id {
			return append(ts[:i], ts[i+1:]...)
		}
	}
	return ts
}

// Why an attempt was refused.
const (
	limitClient  = "client"
	limitAccount = "account"
)

// attempt is a sign-in attempt counted as a failure until it succeeds or is
// aborted.
type attempt struct {
	l       *loginLimiter
	id      uint64
	account string
	client  string
	device  string // "" unless the attempt is trusted by its device cookie
	// cookie is the id of a valid device cookie, trusted or not.
	cookie string
}

// begin counts an attempt on account from client, trusted by device (a
// valid device cookie's id, or ""), unless a limit refuses it; then it
// returns how long to wait and which limit refused.
func (l *loginLimiter) begin(now time.Time, account, client, device string) (*attempt, time.Duration, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := now.Add(-l.cfg.Window)
	l.seq++
	st := stamp{t: now, id: l.seq}
	if device != "" {
		ds := prune(l.devices[device], since)
		if len(ds) < l.cfg.PerDevice {
			l.devices[device] = append(ds, st)
			l.bound(l.devices, since)
			return &attempt{l: l, id: st.id, account: account, device: device, cookie: device}, 0, ""
		}
		// A device cookie with too many failures is distrusted until they
		// leave the window: its attempts count as any other client's.
		l.devices[device] = ds
	}
	cs := prune(l.clients[client], since)
	acct := l.accounts[account]
	if acct == nil {
		acct = &accountState{}
		l.accounts[account] = acct
	}
	acct.fails = prune(acct.fails, since)
	var wait time.Duration
	why := ""
	if len(cs) >= l.cfg.PerClient {
		wait, why = cs[len(cs)-l.cfg.PerClient].t.Add(l.cfg.Window).Sub(now), limitClient
	}
	if len(acct.fails) >= l.cfg.AccountSoft && now.Before(acct.next) {
		if w := acct.next.Sub(now); w > wait {
			wait, why = w, limitAccount
		}
	}
	if wait > 0 {
		if len(cs) == 0 {
			delete(l.clients, client)
		} else {
			l.clients[client] = cs
		}
		return nil, wait, why
	}
	l.clients[client] = append(cs, st)
	l.bound(l.clients, since)
	acct.fails = append(acct.fails, st)
	if len(acct.fails) >= l.cfg.AccountSoft {
		acct.next = now.Add(l.cfg.AccountPace)
	}
	return &attempt{l: l, id: st.id, account: account, client: client, cookie: device}, 0, ""
}

// bound keeps a map of counts under MaxKeys: expired entries go first,
// then arbitrary ones (the per-account pace still holds then).
func (l *loginLimiter) bound(m map[string][]stamp, since time.Time) {
	if len(m) <= l.cfg.MaxKeys {
		return
	}
	for k, v := range m {
		if v = prune(v, since); len(v) == 0 {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	for k := range m {
		if len(m) <= l.cfg.MaxKeys*9/10 {
			break
		}
		delete(m, k)
	}
}

// succeed refunds the attempt and forgets the failures of its client or
// device: the password was right.
func (a *attempt) succeed() {
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.cookie != "" {
		delete(l.devices, a.cookie)
	}
	if a.device != "" {
		return
	}
	delete(l.clients, a.client)
	if acct := l.accounts[a.account]; acct != nil {
		acct.fails = without(acct.fails, a.id)
	}
}

// abort refunds an attempt whose password was never checked.
func (a *attempt) abort() {
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.device != "" {
		if v := without(l.devices[a.device], a.id); len(v) > 0 {
			l.devices[a.device] = v
		} else {
			delete(l.devices, a.device)
		}
		return
	}
	if v := without(l.clients[a.client], a.id); len(v) > 0 {
		l.clients[a.client] = v
	} else {
		delete(l.clients, a.client)
	}
	if acct := l.accounts[a.account]; acct != nil {
		acct.fails = without(acct.fails, a.id)
	}
}

// hashGate bounds how many password hashes run at once: slots for any
// attempt, plus one slot only attempts trusted by a device cookie may take,
// so that a panel member signing in does not queue behind a burst of
// guesses (trusted attempts are few: PerDevice per cookie, and only
// browsers that signed in before have one).
type hashGate struct {
	slots   chan struct{}
	trusted chan struct{}
	wait    time.Duration
}

// hashSlots is the default number of concurrent password hashes: half the
// CPUs Go uses, at least one (one on the 2-core machine).
func hashSlots() int { return max(1, runtime.GOMAXPROCS(0)/2) }

func newHashGate(n int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, n), trusted: make(chan struct{}, 1), wait: wait}
}

// acquire waits for a slot, at most g.wait; it returns the function that
// gives the slot back, or nil when it got none.
func (g *hashGate) acquire(ctx context.Context, trusted bool) (release func()) {
	take := func(c chan struct{}) func() { return func() { <-c } }
	var prio chan struct{} // nil (never ready) unless trusted
	if trusted {
		prio = g.trusted
	}
	select {
	case g.slots <- struct{}{}:
		return take(g.slots)
	case prio <- struct{}{}:
		return take(g.trusted)
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return take(g.slots)
	case prio <- struct{}{}:
		return take(g.trusted)
	case <-t.C:
	case <-ctx.Done():
	}
	return nil
}

// ---- client addresses ----

// ParseTrustedProxies reads a comma-separated list of CIDR prefixes or
// single addresses ("10.0.0.0/8, 127.0.0.1, ::1").
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not a CIDR prefix such as 10.0.0.0/8", part)
			}
			if p.Addr().Is4In6() {
				p = netip.PrefixFrom(p.Addr().Unmap(), max(0, p.Bits()-96))
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an IP address or CIDR prefix", part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func parseHop(v string) (netip.Addr, bool) {
	v = strings.TrimSpace(v)
	if a, err := netip.ParseAddr(v); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// fromTrustedProxy reports whether the connection comes from a trusted
// proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && len(s.opts.TrustedProxies) > 0 && s.trustedProxy(ap.Addr().Unmap())
}

// clientAddr returns the client's address: the connection's, unless that
// is a trusted proxy; then the rightmost address of X-Forwarded-For that is
// not a trusted proxy (addresses left of it could be made up by the
// client). ok is false when the connection's address does not parse.
func (s *Server) clientAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	addr := ap.Addr().Unmap()
	if !s.trustedProxy(addr) {
		return addr, true
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // unreadable: stop at the last trusted hop
		}
		addr = a
		if !s.trustedProxy(a) {
			break
		}
	}
	return addr, true
}

// clientKey is what the per-client limit counts by: the address, or for
// IPv6 its /64 (one subscriber's usual allocation).
func (s *Server) clientKey(r *http.Request) string {
	a, ok := s.clientAddr(r)
	if !ok {
		return "raw:" + r.RemoteAddr
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// secure reports whether the client reached the panel over HTTPS: TLS on
// the connection, or X-Forwarded-Proto: https from a trusted proxy.
func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.fromTrustedProxy(r) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// ---- device cookies ----

const (
	deviceCookie = "sa_device"
	deviceTTL    = 180 * 24 * time.Hour
)

// deviceMAC signs a device id for the current password hash.
func (s *Server) deviceMAC(id, passwordHash string) string {
	m := hmac.New(sha256.New, s.deviceKey)
	m.Write([]byte("sa-device-v1\x00" + id + "\x00" + passwordHash))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// device returns the id of the request's device cookie when it is valid
// for the current password hash, else "".
func (s *Server) device(r *http.Request, passwordHash string) string {
	c, err := r.Cookie(deviceCookie)
	if err != nil {
		return ""
	}
	id, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !validToken(id) {
		return ""
	}
	if !hmac.Equal([]byte(mac), []byte(s.deviceMAC(id, passwordHash))) {
		return ""
	}
	return id
}

// setDevice gives the browser a device cookie (keeping its id when it has
// a valid one).
func (s *Server) setDevice(w http.ResponseWriter, r *http.Request, id, passwordHash string) {
	if id == "" {
		id, _ = newSecret()
	}
	http.SetCookie(w, &http.Cookie{
		Name: deviceCookie, Value: id + "." + s.deviceMAC(id, passwordHash), Path: "/login",
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode, MaxAge: int(deviceTTL / time.Second),
	})
}
