package scenarios

import (
	"reflect"
	"testing"
)

// The catalog reads only the top of each bundled file; it must say exactly
// what the full parse says, for every file, in LibraryFiles order.
func TestCatalogMatchesTheLibrary(t *testing.T) {
	entries, diags := Catalog()
	if len(diags) > 0 {
		t.Fatalf("catalog diagnostics:\n%s", diags.Error())
	}
	files := LibraryFiles()
	if len(entries) != len(files) {
		t.Fatalf("catalog has %d entries for %d files", len(entries), len(files))
	}
	for i, file := range files {
		set, d := LoadLibraryFiles([]string{file})
		if d.HasErrors() || len(set.Scenarios) != 1 {
			t.Fatalf("%s: %v", file, d.Error())
		}
		want := EntryOf(set.Scenarios[0])
		if !reflect.DeepEqual(entries[i], want) {
			t.Errorf("%s:\ncatalog %+v\nparse   %+v", file, entries[i], want)
		}
	}
}

func TestHead(t *testing.T) {
	cases := []struct{ in, want string }{
		{"id = \"a\"\n[customer]\nname = \"x\"\n", "id = \"a\"\n"},
		{"id = \"a\"\n  [[node]]\n", "id = \"a\"\n"},
		{"id = \"a\"", "id = \"a\""},
		{"[customer]\n", ""},
		// A line opening with '[' inside a multi-line string is text.
		{"summary = \"\"\"\n[not a table]\n\"\"\"\n[customer]\n", "summary = \"\"\"\n[not a table]\n\"\"\"\n"},
		{"summary = '''\n[x]\n'''\ntags = [\n  \"a\",\n]\n[[node]]\n", "summary = '''\n[x]\n'''\ntags = [\n  \"a\",\n]\n"},
		{"summary = \"\"\"one line\"\"\"\n[customer]\n", "summary = \"\"\"one line\"\"\"\n"},
	}
	for _, c := range cases {
		if got := string(head([]byte(c.in))); got != c.want {
			t.Errorf("head(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func BenchmarkCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, d := Catalog(); len(d) > 0 {
			b.Fatal(d.Error())
		}
	}
}

func BenchmarkLibrary(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, d := Library(); d.HasErrors() {
			b.Fatal(d.Error())
		}
	}
}
