package trainer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fakeGame stands in for game.wasm and wasm_exec.js: Package checks their
// headers only. e2e/lms plays the real game in Chromium.
var (
	fakeWASM = []byte("\x00asm\x01\x00\x00\x00 a game")
	fakeExec = []byte(`"use strict"; globalThis.Go = class {};`)
)

func libraryFiles(t *testing.T, names ...string) []PackageFile {
	t.Helper()
	var out []PackageFile
	for _, n := range names {
		p := filepath.Join("..", "scenarios", "library", n)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, PackageFile{Name: p, Data: data})
	}
	return out
}

func unzipAll(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = b
	}
	return out
}

// wellFormed parses data as XML to the end.
func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, data)
		}
	}
}

func TestPackageFormats(t *testing.T) {
	files := libraryFiles(t, "double-charge.toml", "double-charge-es.toml", "friday-outage.toml")
	ncname := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
	for _, format := range PackageFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			sum, err := Package(&buf, PackageOptions{Format: format, Scenarios: files, WASM: fakeWASM, WASMExec: fakeExec, Mastery: 0.75})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Scenarios != 3 || sum.Situations != 2 {
				t.Errorf("summary %+v, want 3 scenarios in 2 situations", sum)
			}
			got := unzipAll(t, buf.Bytes())
			want := []string{"index.html", "bridge.js", "wasm_exec.js", "game.wasm", "scenarios/double-charge.toml", "scenarios/double-charge-es.toml", "scenarios/friday-outage.toml"}
			manifest := "imsmanifest.xml"
			if format == FormatCMI5 {
				manifest = "cmi5.xml"
			}
			for _, name := range append(want, manifest) {
				if _, ok := got[name]; !ok {
					t.Errorf("the package has no %s", name)
				}
			}
			if len(got) != len(want)+1 {
				t.Errorf("the package has %d files, want %d", len(got), len(want)+1)
			}
			if !bytes.Equal(got["game.wasm"], fakeWASM) || !bytes.Equal(got["scenarios/friday-outage.toml"], files[2].Data) {
				t.Error("files are not stored as given")
			}
			m := got[manifest]
			wellFormed(t, manifest, m)
			switch format {
			case FormatSCORM12, FormatSCORM2004:
				var listed []string
				for _, x := range regexp.MustCompile(`<file href="([^"]+)"/>`).FindAllSubmatch(m, -1) {
					listed = append(listed, string(x[1]))
				}
				if !slices.Equal(listed, want) {
					t.Errorf("the manifest lists %v, want %v", listed, want)
				}
				for _, x := range regexp.MustCompile(`identifier(?:ref)?="([^"]+)"`).FindAllSubmatch(m, -1) {
					if !ncname.Match(x[1]) {
						t.Errorf("identifier %q is not an NCName", x[1])
					}
				}
				if format == FormatSCORM12 {
					for _, s := range []string{"<schemaversion>1.2</schemaversion>", `adlcp:scormtype="sco"`, "<adlcp:masteryscore>75</adlcp:masteryscore>"} {
						if !bytes.Contains(m, []byte(s)) {
							t.Errorf("the SCORM 1.2 manifest lacks %s:\n%s", s, m)
						}
					}
				} else {
					for _, s := range []string{"<schemaversion>2004 4th Edition</schemaversion>", `adlcp:scormType="sco"`, `satisfiedByMeasure="true"`, "<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>"} {
						if !bytes.Contains(m, []byte(s)) {
							t.Errorf("the SCORM 2004 manifest lacks %s:\n%s", s, m)
						}
					}
				}
			case FormatCMI5:
				for _, s := range []string{`xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"`, `moveOn="CompletedAndPassed"`, `masteryScore="0.75"`, "<url>index.html</url>", `<au id="` + sum.ID + `/au"`} {
					if !bytes.Contains(m, []byte(s)) {
						t.Errorf("cmi5.xml lacks %s:\n%s", s, m)
					}
				}
			}

			// The launch page carries the course for the bridge and the
			// catalog for the game's picker.
			page := string(got["index.html"])
			var course courseConfig
			if err := json.Unmarshal([]byte(between(page, `<script id="sa-course" type="application/json">`, "</script>")), &course); err != nil {
				t.Fatalf("the course in the launch page: %v", err)
			}
			if course.Format != format || course.ID != sum.ID || course.Mastery == nil || *course.Mastery != 0.75 || len(course.Situations) != 2 ||
				!slices.Equal(course.Situations[0].IDs, []string{"double-charge", "double-charge-es"}) || course.Situations[0].Title != "Charged twice" {
				t.Errorf("course = %+v", course)
			}
			var cfg struct {
				Mode    string `json:"mode"`
				Assets  string `json:"assets"`
				Catalog []struct {
					File string `json:"file"`
					ID   string `json:"id"`
				} `json:"catalog"`
			}
			if err := json.Unmarshal([]byte(between(page, `<script id="sa-config" type="application/json">`, "</script>")), &cfg); err != nil {
				t.Fatalf("the game's configuration in the launch page: %v", err)
			}
			if cfg.Mode != "practice" || cfg.Assets != "./" || len(cfg.Catalog) != 3 || cfg.Catalog[2].File != "scenarios/friday-outage.toml" {
				t.Errorf("game configuration = %+v", cfg)
			}
			if strings.Contains(page, "{{") {
				t.Error("the launch page has a placeholder left")
			}
		})
	}
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	in, _, _ := strings.Cut(rest, to)
	return in
}

func TestPackageIsReproducible(t *testing.T) {
	files := libraryFiles(t, "double-charge.toml")
	var a, b bytes.Buffer
	opt := PackageOptions{Format: FormatSCORM2004, Scenarios: files, WASM: fakeWASM, WASMExec: fakeExec, Mastery: -1}
	if _, err := Package(&a, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := Package(&b, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same scenarios give different packages")
	}
	if strings.Contains(string(unzipAll(t, a.Bytes())["imsmanifest.xml"]), "imsss:") {
		t.Error("no mastery score, yet the manifest has sequencing")
	}
}

// A title with markup stays text in the manifest and the page.
func TestPackageEscapes(t *testing.T) {
	var buf bytes.Buffer
	title := `Q&A <script>alert("x")</script>`
	if _, err := Package(&buf, PackageOptions{Format: FormatCMI5, Title: title, Scenarios: libraryFiles(t, "double-charge.toml"), WASM: fakeWASM, WASMExec: fakeExec, Mastery: -1}); err != nil {
		t.Fatal(err)
	}
	got := unzipAll(t, buf.Bytes())
	wellFormed(t, "cmi5.xml", got["cmi5.xml"])
	if strings.Contains(string(got["index.html"]), "<script>alert") || strings.Contains(string(got["cmi5.xml"]), "<script>") {
		t.Error("the title's markup reached the page or the manifest unescaped")
	}
}

func TestPackageRefuses(t *testing.T) {
	good := libraryFiles(t, "double-charge.toml")
	broken := []PackageFile{{Name: "broken.toml", Data: []byte("id = \"x\"\ntitle = 3\n")}}
	cases := []struct {
		name string
		opt  PackageOptions
		want string
	}{
		{"format", PackageOptions{Format: "scorm3", Scenarios: good}, `unknown format "scorm3"`},
		{"no files", PackageOptions{Format: FormatCMI5}, "no scenario files"},
		{"not wasm", PackageOptions{Format: FormatCMI5, Scenarios: good, WASM: []byte("<html>"), WASMExec: fakeExec}, "not a WebAssembly file"},
		{"not wasm_exec", PackageOptions{Format: FormatCMI5, Scenarios: good, WASM: fakeWASM, WASMExec: []byte("x")}, "wasm_exec.js is not"},
		{"broken scenario", PackageOptions{Format: FormatCMI5, Scenarios: broken, WASM: fakeWASM, WASMExec: fakeExec}, "broken.toml:2:"},
		{"twice", PackageOptions{Format: FormatCMI5, Scenarios: append(good, good...), WASM: fakeWASM, WASMExec: fakeExec}, `id "double-charge" is also the id of`},
		{"mastery", PackageOptions{Format: FormatCMI5, Scenarios: good, WASM: fakeWASM, WASMExec: fakeExec, Mastery: 1.5}, "mastery score 1.5"},
		{"cmi5 id", PackageOptions{Format: FormatCMI5, Scenarios: good, WASM: fakeWASM, WASMExec: fakeExec, ID: "my course", Mastery: -1}, "course id"},
	}
	for _, c := range cases {
		_, err := Package(io.Discard, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// scripts/build-web.sh and BuildGameWASM build the same game.
func TestGameBuildArgsMatchBuildWeb(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("..", "scripts", "build-web.sh"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(script)
	for _, a := range GameBuildArgs {
		a = strings.TrimPrefix(a, "-ldflags=")
		if a == "-s -w" {
			a = "-ldflags='-s -w'"
		}
		if !strings.Contains(s, a) {
			t.Errorf("scripts/build-web.sh does not build with %s", a)
		}
	}
	if n := strings.Count(s, "-gcflags="); n != strings.Count(strings.Join(GameBuildArgs, " "), "-gcflags=") {
		t.Errorf("scripts/build-web.sh has %d -gcflags, GameBuildArgs %d", n, strings.Count(strings.Join(GameBuildArgs, " "), "-gcflags="))
	}
}
