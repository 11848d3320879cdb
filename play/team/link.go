// Package team is the game's side of team progress (internal/panel's
// /api/teams): reading a trainer's join link, building the upload of a
// finished practice run, and the outbox that keeps results until the
// panel has them. It does no I/O of its own: the game hands it a
// Transport (fetch in the browser, net/http on the desktop) and saves its
// state with the rest of the player's save, so it runs and is tested
// without a display or a network.
package team

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// TokenLen is the length of a team token: 128 random bits in base64url.
const TokenLen = 22

// maxLinkLen bounds what is parsed as a link (a paste can be anything).
const maxLinkLen = 2048

// Link is a team's join link as the game keeps it: the panel's base URL
// and the team's token. Base is "" for a link relative to the page (the
// browser game served by the panel at /play/?team=TOKEN).
type Link struct {
	Base  string `json:"base,omitempty"`
	Token string `json:"token"`
}

// ErrNotALink is wrapped by ParseLink's errors.
var ErrNotALink = errors.New("not a team join link")

// ValidToken reports whether s has the shape of a team token.
func ValidToken(s string) bool {
	if len(s) != TokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ParseLink reads a join link: https://HOST/t/TOKEN (or http://, with
// any path before /t/ when the panel sits under one), the API's
// …/api/teams/TOKEN, the browser game's …/play/?team=TOKEN, or, when
// bare is allowed (the browser game served by the panel), the token
// alone. Spaces around it are ignored.
func ParseLink(s string, bare bool) (Link, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Link{}, fmt.Errorf("%w: the link is empty", ErrNotALink)
	}
	if len(s) > maxLinkLen {
		return Link{}, fmt.Errorf("%w: %d characters is too long for a link", ErrNotALink, len(s))
	}
	if ValidToken(s) {
		if !bare {
			return Link{}, fmt.Errorf("%w: %q is only the team's code; paste the whole link, https://HOST/t/%s", ErrNotALink, s, s)
		}
		return Link{Token: s}, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Link{}, fmt.Errorf("%w: %q is not an http(s) link such as https://panel.example.org/t/TOKEN", ErrNotALink, short(s))
	}
	base := u.Scheme + "://" + u.Host
	if t := u.Query().Get("team"); t != "" && strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/play") {
		if !ValidToken(t) {
			return Link{}, fmt.Errorf("%w: the team code %q in the link is not %d letters, digits, - or _", ErrNotALink, short(t), TokenLen)
		}
		return Link{Base: base + strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/play"), Token: t}, nil
	}
	p := strings.TrimSuffix(u.Path, "/")
	for _, marker := range []string{"/api/teams/", "/t/"} {
		i := strings.LastIndex(p, marker)
		if i < 0 {
			continue
		}
		tok := p[i+len(marker):]
		if strings.Contains(tok, "/") {
			continue
		}
		if !ValidToken(tok) {
			return Link{}, fmt.Errorf("%w: the team code %q in the link is not %d letters, digits, - or _; copy the whole link", ErrNotALink, short(tok), TokenLen)
		}
		return Link{Base: base + p[:i], Token: tok}, nil
	}
	return Link{}, fmt.Errorf("%w: %q has no /t/TOKEN path; copy the whole join link the trainer sent", ErrNotALink, short(s))
}

func short(s string) string { return bound(s, 80) }

// bound cuts s to at most n characters, marking the cut.
func bound(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-3]) + "..."
	}
	return s
}

// InfoURL is where the team's description is read (GET, TeamInfo).
func (l Link) InfoURL() string { return l.Base + "/api/teams/" + l.Token }

// PracticeURL is where practice results are sent: the TeamInfo's
// practice_url when it names the same server (a relative URL, or the
// link's own origin), the fixed /api/teams/TOKEN/practice otherwise.
func (l Link) PracticeURL(given string) string {
	def := l.Base + "/api/teams/" + l.Token + "/practice"
	if given == "" {
		return def
	}
	g, err := url.Parse(given)
	if err != nil {
		return def
	}
	if g.Host == "" && g.Scheme == "" && strings.HasPrefix(g.Path, "/") {
		if l.Base == "" {
			return g.String()
		}
		b, err := url.Parse(l.Base)
		if err != nil {
			return def
		}
		return b.Scheme + "://" + b.Host + g.String()
	}
	if l.Base != "" {
		if b, err := url.Parse(l.Base); err == nil && b.Scheme == g.Scheme && b.Host == g.Host {
			return g.String()
		}
	}
	return def
}

// JoinURL is the link as a person would paste it again.
func (l Link) JoinURL() string { return l.Base + "/t/" + l.Token }
