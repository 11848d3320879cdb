package panel

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// TestLibraryFilesForTheBrowserGame checks that the panel serves every
// bundled scenario file the browser game's catalog names (the game carries
// the catalog only and fetches a file when it is picked), byte for byte,
// and nothing else under /play/library/.
func TestLibraryFilesForTheBrowserGame(t *testing.T) {
	h := newHarness(t)
	get := func(path string) (int, []byte, http.Header) {
		t.Helper()
		resp, err := http.Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body, resp.Header
	}
	entries, diags := scenarios.Catalog()
	if diags.HasErrors() || len(entries) == 0 {
		t.Fatalf("catalog: %d entries, %v", len(entries), diags)
	}
	for _, e := range entries {
		status, body, hdr := get("/play/" + scenarios.LibraryPath(e.File))
		want, _ := scenarios.LibraryFile(e.File)
		if status != 200 || !bytes.Equal(body, want) {
			t.Fatalf("%s: %d, %d bytes, want 200 and its %d bytes", e.File, status, len(body), len(want))
		}
		if hdr.Get("ETag") == "" || hdr.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: headers %v lack an ETag or a policy", e.File, hdr)
		}
	}
	for _, path := range []string{"/play/library/nope.toml", "/play/library/../go.mod", "/play/library/", "/play/library/vignettes", "/play/library/double-charge.toml.br"} {
		if status, _, _ := get(path); status == 200 {
			t.Errorf("%s: 200, want a refusal", path)
		}
	}
}
