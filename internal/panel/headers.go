package panel

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Security headers. Every response gets the defaults of secureHeaders (a
// Content-Security-Policy that allows nothing, nosniff, no framing, HSTS
// over HTTPS); panel pages (setPageHeaders) and the game's page
// (gamePolicy) replace the policy with their own.

// defaultPolicy is the Content-Security-Policy of every response that sets
// no other: JSON, files, redirects, errors.
const defaultPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// hstsValue is sent over HTTPS. It leaves out includeSubDomains: the panel
// may share its domain with sites it does not run.
const hstsValue = "max-age=31536000"

// secureHeaders sets the default headers of every response, then serves h.
func (s *Server) secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", defaultPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		if s.secure(r) {
			hd.Set("Strict-Transport-Security", hstsValue)
		}
		h.ServeHTTP(w, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// recoverPanics answers a handler's panic with a 500 (JSON on /api/) and
// logs it, instead of dropping the connection.
func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err := fmt.Errorf("panic: %v", v)
			if isAPI(r) {
				s.internalAPI(w, r, err)
			} else {
				s.internalPage(w, r, err)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// probeMethods are the methods tried to tell a 405 from a 404.
var probeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// handleUnrouted answers what no route takes: 405 with Allow when the path
// has routes for other methods, else 404; JSON on /api/, a page elsewhere.
func (s *Server) handleUnrouted(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range probeMethods {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pat := s.mux.Handler(r2); pat != "" && pat != "/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		if isAPI(r) {
			writeAPIError(w, errf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed here; use %s", r.Method, strings.Join(allowed, " or ")))
			return
		}
		s.errorPage(w, r, http.StatusMethodNotAllowed, "Not allowed", fmt.Sprintf("This address does not take %s requests.", r.Method))
		return
	}
	if isAPI(r) {
		writeAPIError(w, errf(http.StatusNotFound, "not_found", "there is no API at %s", redactPath(r.URL.Path)))
		return
	}
	s.notFound(w, r)
}

// refuseCrossOrigin answers a request http.CrossOriginProtection refused.
func (s *Server) refuseCrossOrigin(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeAPIError(w, errf(http.StatusForbidden, "cross_origin", "this request came from another site and was refused; the game must be opened from this server"))
		return
	}
	s.forbidden(w, r, "This request came from another site and was refused (cross-origin request). Reload the page and try again.")
}

// ---- the game's page ----

var (
	inlineScript = regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script\s*>`)
	inlineStyle  = regexp.MustCompile(`(?is)<style[^>]*>(.*?)</style\s*>`)
	typeAttr     = regexp.MustCompile(`(?i)\btype\s*=\s*["']?([^"'\s>]+)`)
	srcAttr      = regexp.MustCompile(`(?i)\bsrc\s*=`)
)

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// gamePolicy returns the Content-Security-Policy of a rendered game page:
// its own inline scripts and styles by hash (no 'unsafe-inline'), files
// from this server, WebAssembly compilation ('wasm-unsafe-eval', not
// 'unsafe-eval'), fetch to this server only.
func gamePolicy(page []byte) string {
	scripts := []string{"'self'", "'wasm-unsafe-eval'"}
	for _, m := range inlineScript.FindAllSubmatch(page, -1) {
		attrs := m[1]
		if srcAttr.Match(attrs) {
			continue
		}
		if t := typeAttr.FindSubmatch(attrs); t != nil {
			typ := strings.ToLower(string(t[1]))
			if !strings.Contains(typ, "javascript") && typ != "module" {
				continue // a data block, never run
			}
		}
		scripts = append(scripts, cspHash(string(m[2])))
	}
	styles := []string{"'self'"}
	for _, m := range inlineStyle.FindAllSubmatch(page, -1) {
		styles = append(styles, cspHash(string(m[1])))
	}
	return "default-src 'self'; script-src " + strings.Join(scripts, " ") +
		"; style-src " + strings.Join(styles, " ") +
		"; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// ebitenTextInputEval is the script Ebitengine's exp/textinput package
// (v2.9, github.com/hajimehoshi/ebiten/v2/exp/textinput/textinput_js.go)
// runs with eval() when the game starts. A policy without 'unsafe-eval'
// makes that eval throw and the game stop, so the game's page gets
// evalShim, which runs this one script as the function below and leaves
// every other eval to the browser (which refuses it). TestEvalShimMatchesEbitengine
// checks that the text is still the one the linked Ebitengine evaluates.
const ebitenTextInputEval = `
// Process the textarea element under user-interaction events.
// This is due to an iOS Safari restriction (#2898).
let handler = (e) => {
	if (window._ebitengine_textinput_x === undefined || window._ebitengine_textinput_y === undefined) {
		return;
	}
	let textarea = document.getElementById("ebitengine-textinput");
	textarea.value = '';
	textarea.focus();
	textarea.style.left = _ebitengine_textinput_x + 'px';
	textarea.style.top = _ebitengine_textinput_y + 'px';
	window._ebitengine_textinput_x = undefined;
	window._ebitengine_textinput_y = undefined;
	window._ebitengine_textinput_ready = true;
};

let body = window.document.body;
body.addEventListener("mouseup", handler);
body.addEventListener("touchend", handler);
body.addEventListener("keyup", handler);`

// evalShim is the inline script the panel adds to the game's page (before
// </head>): see ebitenTextInputEval.
var evalShim = func() string {
	known, _ := json.Marshal(ebitenTextInputEval)
	return `<script>
"use strict";
(function () {
  const known = ` + string(known) + `;
  const browserEval = globalThis.eval;
  globalThis.eval = function (src) {
    if (src !== known) return browserEval(src);
    const handler = () => {
      if (window._ebitengine_textinput_x === undefined || window._ebitengine_textinput_y === undefined) return;
      const textarea = document.getElementById("ebitengine-textinput");
      textarea.value = "";
      textarea.focus();
      textarea.style.left = window._ebitengine_textinput_x + "px";
      textarea.style.top = window._ebitengine_textinput_y + "px";
      window._ebitengine_textinput_x = undefined;
      window._ebitengine_textinput_y = undefined;
      window._ebitengine_textinput_ready = true;
    };
    const body = window.document.body;
    body.addEventListener("mouseup", handler);
    body.addEventListener("touchend", handler);
    body.addEventListener("keyup", handler);
    return undefined;
  };
})();
</script>
`
}()

// withEvalShim adds evalShim to a page, before </head> (or at the start).
func withEvalShim(page []byte) []byte {
	i := bytes.Index(bytes.ToLower(page), []byte("</head>"))
	if i < 0 {
		i = 0
	}
	out := make([]byte, 0, len(page)+len(evalShim))
	out = append(out, page[:i]...)
	out = append(out, evalShim...)
	return append(out, page[i:]...)
}

// ---- health ----

// Drain makes /readyz answer 503 from now on: call it when shutting down,
// before the HTTP server stops, so that a load balancer sends no more
// requests.
func (s *Server) Drain() { s.draining.Store(true) }

type readiness struct {
	OK       bool   `json:"ok"`
	Database string `json:"database"`
	Game     string `json:"game"`
	Problem  string `json:"problem,omitempty"`
}

// handleReady answers whether the panel can serve: not shutting down, and
// the database answers within 2 seconds. The game's state (ready,
// building, missing) is reported without failing the check: without it the
// panel itself still works.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	rd := readiness{OK: true, Database: "ok", Game: "ready"}
	switch {
	case s.webBuilding.Load():
		rd.Game = "building"
	default:
		if f, ok := s.web.open("game.wasm"); ok {
			f.close()
		} else {
			rd.Game = "missing"
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var one int
	if err := s.store.db.QueryRowContext(ctx, "SELECT 1 FROM settings LIMIT 1").Scan(&one); err != nil {
		rd.OK, rd.Database, rd.Problem = false, "unavailable", "the database does not answer"
		s.log.Error("readiness", "err", err)
	}
	select {
	case <-s.closing:
		rd.OK, rd.Problem = false, "shutting down"
	default:
		if s.draining.Load() {
			rd.OK, rd.Problem = false, "shutting down"
		}
	}
	status := http.StatusOK
	if !rd.OK {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, rd)
}
