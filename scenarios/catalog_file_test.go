//go:build !weblibrary

package scenarios

import (
	"bytes"
	"os"
	"testing"
)

// TestCatalogFileUpToDate keeps library_catalog.json, the catalog the
// browser build embeds instead of the library, in step with the bundled
// files: run `go test ./scenarios -run CatalogFile -update` after changing
// a file's top-level keys.
func TestCatalogFileUpToDate(t *testing.T) {
	entries, diags := Catalog()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want, err := CatalogJSON(entries)
	if err != nil {
		t.Fatal(err)
	}
	const file = "library_catalog.json"
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -run CatalogFile -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date with the library: run go test ./scenarios -run CatalogFile -update", file)
	}
	// What the browser build decodes is what the files say.
	back, diags := decodeCatalog(got)
	if diags.HasErrors() || len(back) != len(entries) {
		t.Fatalf("decoding %s: %d entries, %v", file, len(back), diags)
	}
	for i := range back {
		if back[i].File != entries[i].File || back[i].Title != entries[i].Title || back[i].Situation != entries[i].Situation || len(back[i].Tags) != len(entries[i].Tags) {
			t.Errorf("entry %d decodes as %+v, want %+v", i, back[i], entries[i])
		}
	}
}
