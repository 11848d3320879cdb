package panel

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// webFiles serves the browser game: files from a folder (the --web flag),
// falling back to the embedded copy for what the folder lacks.
type webFiles struct {
	dir      string
	fallback fs.FS
}

func newWebFiles(dir string, fallback fs.FS) *webFiles {
	return &webFiles{dir: dir, fallback: fallback}
}

// contentTypes lists the only kinds of file served from the web folder.
var contentTypes = map[string]string{
	".wasm":  "application/wasm",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".html":  "text/html; charset=utf-8",
	".png":   "image/png",
	".svg":   "image/svg+xml",
	".ico":   "image/x-icon",
	".json":  "application/json",
	".txt":   "text/plain; charset=utf-8",
	".webp":  "image/webp",
	".ogg":   "audio/ogg",
	".woff2": "font/woff2",
}

// webFile is an open file with what is needed to serve it.
type webFile struct {
	f       io.ReadSeeker
	close   func() error
	size    int64
	modTime time.Time
}

// open finds name in the folder, then in the fallback. ok is false when it
// exists in neither.
func (wf *webFiles) open(name string) (*webFile, bool) {
	if wf.dir != "" {
		f, err := os.Open(filepath.Join(wf.dir, filepath.FromSlash(name)))
		if err == nil {
			st, err := f.Stat()
			if err == nil && st.Mode().IsRegular() {
				return &webFile{f: f, close: f.Close, size: st.Size(), modTime: st.ModTime()}, true
			}
			f.Close()
		}
	}
	if wf.fallback != nil {
		f, err := wf.fallback.Open(name)
		if err == nil {
			st, err := f.Stat()
			rs, seek := f.(io.ReadSeeker)
			if err == nil && seek && st.Mode().IsRegular() {
				return &webFile{f: rs, close: f.Close, size: st.Size(), modTime: st.ModTime()}, true
			}
			f.Close()
		}
	}
	return nil, false
}

func (wf *webFiles) read(name string) ([]byte, error) {
	f, ok := wf.open(name)
	if !ok {
		return nil, fs.ErrNotExist
	}
	defer f.close()
	return io.ReadAll(f.f)
}

// acceptsEncoding reports whether an Accept-Encoding header allows enc.
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			v, err := strconv.ParseFloat(q, 64)
			return err == nil && v > 0
		}
		return true
	}
	return false
}

func (s *Server) handleWeb(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" || name == "index.html" {
		s.serveGamePage(w, r, http.StatusOK, gameConfig{Mode: "practice", Assets: "/play/"})
		return
	}
	clean := path.Clean("/" + name)[1:]
	if clean != name || strings.HasPrefix(path.Base(name), ".") {
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(name, "library/") {
		s.serveLibraryFile(w, r, name)
		return
	}
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	game := name == "game.wasm" || name == "wasm_exec.js"
	if game && s.webBuilding.Load() {
		// Whatever is in the folder mid-build may be half written.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "%s is being built on the server (the panel's first start); try again in a few seconds.\n", name)
		return
	}
	orig, found := s.web.open(name)
	if !found {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		if game {
			fmt.Fprintf(w, "%s has not been built. From the repository root run: scripts/build-web.sh\n(it runs GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -o web/game.wasm ./cmd/shockabsorber and copies wasm_exec.js), then restart the panel or pass --web DIR.\n", name)
		} else {
			fmt.Fprintf(w, "%s: no such file\n", name)
		}
		return
	}
	defer orig.close()
	serve, encoding := orig, ""
	ae := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(ae, enc.name) {
			continue
		}
		v, ok := s.web.open(name + enc.ext)
		if !ok {
			continue
		}
		if v.modTime.Before(orig.modTime) { // stale: the original was rebuilt since
			v.close()
			continue
		}
		serve, encoding = v, enc.name
		defer v.close()
		break
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	// File names are not content-hashed: let browsers keep a copy but
	// revalidate it (a cheap 304) on each load.
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Decoded-Content-Length", strconv.FormatInt(orig.size, 10))
	etag := fmt.Sprintf(`"%x-%x`, orig.size, orig.modTime.UnixNano())
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
		etag += "-" + encoding
	}
	h.Set("ETag", etag+`"`)
	http.ServeContent(w, r, "", orig.modTime, serve.f)
}

// gameConfig is what index.html receives to start the game.
type gameConfig struct {
	// Mode is "practice" or "assessment".
	Mode string `json:"mode"`
	// Assets is the URL folder holding game.wasm and wasm_exec.js.
	Assets string `json:"assets"`
	// Token, ConfigURL and SubmitURL are set in assessment mode.
	Token     string `json:"token,omitempty"`
	ConfigURL string `json:"config_url,omitempty"`
	SubmitURL string `json:"submit_url,omitempty"`
}

// serveGamePage renders web/index.html with the game's configuration.
func (s *Server) serveGamePage(w http.ResponseWriter, r *http.Request, status int, cfg gameConfig) {
	src, err := s.web.read("index.html")
	if err != nil {
		s.internalPage(w, r, fmt.Errorf("index.html: %w", err))
		return
	}
	t, err := template.New("index.html").Parse(string(src))
	if err != nil {
		s.internalPage(w, r, fmt.Errorf("index.html: %w", err))
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, map[string]any{"Config": cfg}); err != nil {
		s.internalPage(w, r, fmt.Errorf("index.html: %w", err))
		return
	}
	page := withEvalShim(buf.Bytes())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", gamePolicy(page))
	w.WriteHeader(status)
	w.Write(page)
}

// handleCandidatePage serves the game in assessment mode for an invite
// link, or a page saying why the link cannot be used.
func (s *Server) handleCandidatePage(w http.ResponseWriter, r *http.Request) {
	_, _, aerr := s.candidateInvite(r)
	if aerr != nil {
		setPageHeaders(w)
		w.Header().Set("Referrer-Policy", "no-referrer")
		title := "Link not usable"
		if aerr.Status == http.StatusNotFound {
			title = "Unknown link"
		}
		s.render(w, r, aerr.Status, "message", title, messageData{Message: capitalize(aerr.Message) + "."})
		return
	}
	token := r.PathValue("token")
	s.ensureCandidateDevice(w, r)
	s.serveGamePage(w, r, http.StatusOK, gameConfig{
		Mode: "assessment", Assets: "/play/", Token: token,
		ConfigURL: "/api/a/" + token, SubmitURL: "/api/a/" + token + "/submit",
	})
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// serveLibraryFile serves one bundled scenario file to the browser game,
// which carries only the library's catalog and fetches a scenario when it
// is picked (scenarios.RemoteLibrary). The bytes are the panel's own
// embedded library, the same the catalog describes.
func (s *Server) serveLibraryFile(w http.ResponseWriter, r *http.Request, name string) {
	found := false
	for _, f := range scenarios.LibraryFiles() {
		if f == name {
			found = true
			break
		}
	}
	data, err := scenarios.LibraryFile(name)
	if !found || err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "%s: no such scenario in the bundled library\n", name)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", fmt.Sprintf(`"%08x"`, crc32.ChecksumIEEE(data)))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}
