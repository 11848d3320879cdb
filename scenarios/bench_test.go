package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// BenchmarkCheck1000 loads and validates a folder of 1,000 scenario files,
// each a bundled scenario under a fresh id, as `scenario check DIR` does.
func BenchmarkCheck1000(b *testing.B) {
	files, _ := filepath.Glob("library/*.toml")
	if len(files) == 0 {
		b.Fatal("no library files")
	}
	idLine := regexp.MustCompile(`(?m)^id = "[^"]*"`)
	dir := b.TempDir()
	var total int
	for i := 0; i < 1000; i++ {
		data, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		loc := idLine.FindIndex(data) // the scenario's id is the first one
		data = append(append(append([]byte{}, data[:loc[0]]...), fmt.Sprintf(`id = "gen-%04d"`, i)...), data[loc[1]:]...)
		total += len(data)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("gen-%04d.toml", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		set, diags := LoadPaths([]string{dir})
		if diags.HasErrors() || len(set.Scenarios) != 1000 {
			b.Fatalf("%d scenarios, %v", len(set.Scenarios), diags)
		}
	}
}
