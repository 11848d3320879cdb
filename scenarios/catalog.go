package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/BurntSushi/toml"
)

// Entry is what a picker shows of a bundled scenario before it is loaded:
// its file and its top-level keys.
type Entry struct {
	File     string   `toml:"-" json:"file"`
	ID       string   `toml:"id" json:"id"`
	Title    string   `toml:"title" json:"title"`
	Language string   `toml:"language" json:"language"`
	Summary  string   `toml:"summary" json:"summary,omitempty"`
	Tags     []string `toml:"tags" json:"tags,omitempty"`
	// Situation links translations of one situation ("" when not given).
	Situation string `toml:"situation" json:"situation,omitempty"`
}

// EntryOf describes a loaded scenario as Catalog would.
func EntryOf(sc *Scenario) Entry {
	return Entry{File: sc.File, ID: sc.ID, Title: sc.Title, Language: sc.Language, Summary: sc.Summary, Tags: sc.Tags, Situation: sc.Situation}
}

// Catalog describes every bundled scenario, in LibraryFiles order, from
// the keys at the top of each file only. TOML puts all top-level keys
// before the first table, so the catalog decodes a few hundred bytes per
// file instead of the whole scenario: the browser game shows its picker on
// its first frame and loads a scenario (LoadLibraryFiles) when it is
// picked. The tests check that every entry matches the full parse; a file
// whose head cannot be read is reported and left out.
func Catalog() ([]Entry, Diagnostics) {
	if RemoteLibrary {
		return remoteCatalog()
	}
	var out []Entry
	var diags Diagnostics
	for _, file := range LibraryFiles() {
		data, err := LibraryFile(file)
		if err != nil {
			diags = append(diags, Diagnostic{File: file, Message: err.Error()})
			continue
		}
		var e Entry
		if _, err := toml.Decode(string(head(data)), &e); err != nil {
			diags = append(diags, Diagnostic{File: file, Message: fmt.Sprintf("reading its top-level keys: %v", err)})
			continue
		}
		if e.ID == "" {
			diags = append(diags, Diagnostic{File: file, Message: "it has no id"})
			continue
		}
		e.File = file
		out = append(out, e)
	}
	return out, diags
}

// CatalogJSON is the catalog as the browser build embeds it
// (library_catalog.json): the entries, one per line, so that a change to
// the library shows as a small diff.
func CatalogJSON(entries []Entry) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range entries {
		line, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		b.Write(line)
		if i < len(entries)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}

func decodeCatalog(data []byte) ([]Entry, Diagnostics) {
	var out []Entry
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, Diagnostics{{File: "library_catalog.json", Message: err.Error()}}
	}
	return out, nil
}

// head returns data up to its first table header: a line whose first
// non-blank character is '[' outside a multi-line string.
func head(data []byte) []byte {
	in := "" // the delimiter of the multi-line string we are in, if any
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += off + 1
		}
		line := data[off:end]
		if in == "" && bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("[")) {
			return data[:off]
		}
		for _, d := range []string{`"""`, `'''`} {
			if in == "" || in == d {
				if bytes.Count(line, []byte(d))%2 == 1 {
					if in == "" {
						in = d
					} else {
						in = ""
					}
				}
			}
		}
		off = end
	}
	return data
}
