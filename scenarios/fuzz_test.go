package scenarios_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shockabsorber/shockabsorber/play"
	"github.com/shockabsorber/shockabsorber/scenarios"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, every
// diagnostic must have a file and a message, and a file it accepts must
// play and count paths without trouble.
func FuzzLoad(f *testing.F) {
	for _, glob := range []string{"library/*.toml", "testdata/bad/*.toml", "testdata/warn/*.toml", "testdata/valid/*.toml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, diags := scenarios.Parse("fuzz.toml", data)
		for _, d := range diags {
			if d.File != "fuzz.toml" || d.Message == "" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
		if (sc == nil) != diags.HasErrors() {
			t.Fatalf("scenario %v with diagnostics %v", sc != nil, diags)
		}
		if sc == nil || os.Getenv("FUZZ_PARSE_ONLY") != "" {
			return
		}
		if p := os.Getenv("FUZZ_TRACE"); p != "" {
			os.WriteFile(p, data, 0o644)
		}
		r := play.New(sc)
		for i := 0; i < 50 && !r.Done() && len(r.Visible()) > 0; i++ {
			if _, err := r.Choose(i % len(r.Visible())); err != nil {
				t.Fatalf("choose: %v", err)
			}
		}
		_ = r.Report()
		// Errors (cycles, size limits) are fine; panics are not.
		play.PathsWithLimits(sc, play.Limits{States: 2000, Entries: 5000})
	})
}
