package trainer

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/shockabsorber/shockabsorber/scenarios"
)

// A course package is the browser practice game with chosen scenarios, in
// one zip an LMS imports: the game (game.wasm and the wasm_exec.js of the
// Go that built it), a launch page, the scenario files, the bridge that
// reports to the LMS (lms/bridge.js) and the LMS's manifest. The game
// tells the bridge what the learner does (game/course.go); the bridge
// speaks SCORM 1.2, SCORM 2004 4th edition or cmi5 to the LMS:
//
//   - completion: every situation of the course played to an ending (the
//     files of one situation in several languages count once, whichever the
//     learner plays);
//   - score: the mean, over the situations, of the shock absorber's share
//     of the drift in the last run of each (0..1; a situation not played
//     yet counts 0);
//   - success: with a mastery score (the package's, or the one the LMS
//     passes), passed when the score reaches it; without one, passed when
//     the last run of every situation ended resolved with a clear
//     shock-absorber drift; failed when the course is complete otherwise;
//   - one interaction per decision: a choice interaction with the options
//     shown, the learner's response, correct or incorrect by fit and
//     ownership (scoring.Correct) and the latency; session time.

// Package formats.
const (
	FormatSCORM12   = "scorm12"
	FormatSCORM2004 = "scorm2004"
	FormatCMI5      = "cmi5"
)

// PackageFormats lists the formats Package writes.
var PackageFormats = []string{FormatSCORM12, FormatSCORM2004, FormatCMI5}

//go:embed lms/index.html lms/bridge.js
var lmsFiles embed.FS

// PackageFile is a file given to Package: a scenario, by the name it is
// known by (for messages) and its bytes.
type PackageFile struct {
	Name string
	Data []byte
}

// PackageOptions say what goes into a course package.
type PackageOptions struct {
	Format string
	// Title names the course in the LMS; by default the scenarios' titles.
	Title string
	// ID identifies the course: an IRI for cmi5, and the base of the SCORM
	// manifest's identifiers. By default it is made from Base and the
	// scenario ids, so the same scenarios give the same course.
	ID string
	// Base is the IRI prefix of the course and its activities, as for
	// `scenario report` (DefaultXAPIBase when empty).
	Base string
	// Mastery is the score (0..1) that passes the course; negative for
	// none (then the success rule above applies).
	Mastery float64
	// Scenarios are the scenario files, played in the order given.
	Scenarios []PackageFile
	// WASM is the browser game (scripts/build-web.sh's web/game.wasm, or
	// BuildGameWASM's), WASMExec the wasm_exec.js of the Go that built it.
	WASM, WASMExec []byte
	// Modified stamps every file of the zip (a fixed time keeps the
	// package reproducible); the zero time means 1980-01-01.
	Modified time.Time
}

// courseSituation is one unit of a course: the files of one situation.
type courseSituation struct {
	Key   string   `json:"key"`
	Title string   `json:"title"`
	IDs   []string `json:"ids"`
}

// courseConfig is what the launch page hands the bridge.
type courseConfig struct {
	Format     string            `json:"format"`
	ID         string            `json:"id"`
	Base       string            `json:"base"`
	Title      string            `json:"title"`
	Mastery    *float64          `json:"mastery,omitempty"`
	Situations []courseSituation `json:"situations"`
}

// PackageSummary says what Package wrote.
type PackageSummary struct {
	Files      int // files in the zip
	Scenarios  int
	Situations int
	Title      string
	ID         string
}

// Package writes a course package to w as a zip. Every scenario must pass
// check's errors (warnings are the trainer's business); ids must be unique.
func Package(w io.Writer, opt PackageOptions) (PackageSummary, error) {
	var sum PackageSummary
	if !slices.Contains(PackageFormats, opt.Format) {
		return sum, fmt.Errorf("unknown format %q (allowed: %s)", opt.Format, strings.Join(PackageFormats, ", "))
	}
	if len(opt.Scenarios) == 0 {
		return sum, errors.New("no scenario files: name at least one")
	}
	if opt.Mastery > 1 {
		return sum, fmt.Errorf("mastery score %g is not between 0 and 1", opt.Mastery)
	}
	if !bytes.HasPrefix(opt.WASM, []byte("\x00asm")) {
		return sum, errors.New("the game is not a WebAssembly file (build it with scripts/build-web.sh and give web/game.wasm)")
	}
	if !bytes.Contains(opt.WASMExec, []byte("globalThis.Go")) && !bytes.Contains(opt.WASMExec, []byte("global.Go")) {
		return sum, errors.New("wasm_exec.js is not Go's WebAssembly support file (take it from $(go env GOROOT)/lib/wasm/ of the Go that built the game)")
	}
	base := strings.TrimRight(opt.Base, "/")
	if base == "" {
		base = DefaultXAPIBase
	}
	if err := CheckBase(base); err != nil {
		return sum, err
	}

	// Parse every file: a package of a broken scenario would fail in
	// front of learners.
	var scs []*scenarios.Scenario
	var problems []string
	ids := map[string]string{}
	names := map[string]bool{}
	for _, f := range opt.Scenarios {
		sc, diags := scenarios.Parse(f.Name, f.Data)
		if errs := diags.Errors(); len(errs) > 0 || sc == nil {
			for _, d := range errs {
				problems = append(problems, d.String())
			}
			if len(errs) == 0 {
				problems = append(problems, f.Name+": not a playable scenario")
			}
			continue
		}
		if other, ok := ids[sc.ID]; ok {
			problems = append(problems, fmt.Sprintf("%s: id %q is also the id of %s: a course needs each scenario once", f.Name, sc.ID, other))
			continue
		}
		ids[sc.ID] = f.Name
		file := sc.ID + ".toml"
		if names[file] {
			problems = append(problems, fmt.Sprintf("%s: two files would be stored as scenarios/%s", f.Name, file))
			continue
		}
		names[file] = true
		sc.File = "scenarios/" + file
		scs = append(scs, sc)
	}
	if len(problems) > 0 {
		return sum, fmt.Errorf("the scenarios have errors (run scenario check):\n%s", strings.Join(problems, "\n"))
	}

	// Situations: the files sharing a situation key are one unit.
	var sits []courseSituation
	index := map[string]int{}
	var catalog []scenarios.Entry
	for _, sc := range scs {
		key := sc.Situation
		if key == "" {
			key = sc.ID
		}
		i, ok := index[key]
		if !ok {
			i = len(sits)
			index[key] = i
			sits = append(sits, courseSituation{Key: key, Title: sc.Title})
		}
		if sc.Language == "en" || sc.Situation == "" {
			sits[i].Title = sc.Title
		}
		sits[i].IDs = append(sits[i].IDs, sc.ID)
		catalog = append(catalog, scenarios.EntryOf(sc))
	}
	title := strings.TrimSpace(opt.Title)
	if title == "" {
		var ts []string
		for _, s := range sits {
			ts = append(ts, s.Title)
		}
		title = "Shock Absorber practice: " + strings.Join(ts, "; ")
		if r := []rune(title); len(r) > 200 {
			title = string(r[:199]) + "…"
		}
	}
	id := strings.TrimSpace(opt.ID)
	if id == "" {
		var keys []string
		for _, s := range sits {
			keys = append(keys, s.Key)
		}
		id = base + "/courses/" + uuidV5(nsURL, base+"\n"+strings.Join(keys, "\n"))
	}
	if opt.Format == FormatCMI5 {
		if err := CheckBase(id); err != nil {
			return sum, fmt.Errorf("course id: %v", err)
		}
	}
	cfg := courseConfig{Format: opt.Format, ID: id, Base: base, Title: title, Situations: sits}
	if opt.Mastery >= 0 {
		m := opt.Mastery
		cfg.Mastery = &m
	}

	page, err := launchPage(cfg, catalog)
	if err != nil {
		return sum, err
	}
	bridge, err := lmsFiles.ReadFile("lms/bridge.js")
	if err != nil {
		return sum, err
	}
	var manifest, manifestName = "", "imsmanifest.xml"
	files := []string{"index.html", "bridge.js", "wasm_exec.js", "game.wasm"}
	for _, sc := range scs {
		files = append(files, sc.File)
	}
	switch opt.Format {
	case FormatSCORM12:
		manifest = scorm12Manifest(cfg, files)
	case FormatSCORM2004:
		manifest = scorm2004Manifest(cfg, files)
	case FormatCMI5:
		manifest, manifestName = cmi5Course(cfg, scs), "cmi5.xml"
	}

	when := opt.Modified
	if when.IsZero() {
		when = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	add := func(name string, data []byte, method uint16) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: when})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	entries := []struct {
		name string
		data []byte
	}{
		{manifestName, []byte(manifest)},
		{"index.html", page},
		{"bridge.js", bridge},
		{"wasm_exec.js", opt.WASMExec},
		{"game.wasm", opt.WASM},
	}
	for i, sc := range scs {
		entries = append(entries, struct {
			name string
			data []byte
		}{sc.File, opt.Scenarios[i].Data}) // no file failed, so scs[i] is file i's
	}
	for _, e := range entries {
		if err := add(e.name, e.data, zip.Deflate); err != nil {
			return sum, err
		}
	}
	if err := zw.Close(); err != nil {
		return sum, err
	}
	return PackageSummary{Files: len(entries), Scenarios: len(scs), Situations: len(sits), Title: title, ID: id}, nil
}

// launchPage fills the launch page with the course and the catalog of its
// scenarios (the game's picker shows those only; game/course_js.go).
func launchPage(cfg courseConfig, catalog []scenarios.Entry) ([]byte, error) {
	page, err := lmsFiles.ReadFile("lms/index.html")
	if err != nil {
		return nil, err
	}
	// encoding/json escapes <, > and &, so the JSON cannot close the
	// script element it sits in.
	course, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	game, err := json.Marshal(map[string]any{"mode": "practice", "assets": "./", "catalog": catalog})
	if err != nil {
		return nil, err
	}
	lang := "en"
	if len(catalog) > 0 && catalog[0].Language != "" {
		lang = catalog[0].Language
	}
	r := strings.NewReplacer("{{COURSE}}", string(course), "{{GAME}}", string(game), "{{TITLE}}", xmlText(cfg.Title), "{{LANG}}", xmlText(lang))
	return []byte(r.Replace(string(page))), nil
}

// xmlText escapes s for XML (and HTML) text and attribute values.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			// XML 1.0 allows tab, newline, carriage return and
			// characters from U+0020 up, except the surrogates and
			// U+FFFE/U+FFFF.
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				b.WriteRune(' ')
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ncName turns s into an XML NCName (what SCORM identifiers are): letters,
// digits, '-', '_' and '.', starting with a letter or '_'.
func ncName(prefix, s string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// courseKey is the short, stable part of a course id that names it in
// the SCORM identifiers.
func courseKey(id string) string {
	return path.Base(strings.TrimRight(id, "/"))
}

func fileList(files []string, indent string) string {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s<file href=\"%s\"/>\n", indent, xmlText(f))
	}
	return b.String()
}

// scorm12Manifest is imsmanifest.xml for SCORM 1.2 (IMS Content Packaging
// 1.1.2 with the ADL 1.2 extensions): one SCO that reports to the LMS.
func scorm12Manifest(cfg courseConfig, files []string) string {
	key := courseKey(cfg.ID)
	mastery := ""
	if cfg.Mastery != nil {
		mastery = fmt.Sprintf("        <adlcp:masteryscore>%d</adlcp:masteryscore>\n", int(*cfg.Mastery*100+0.5))
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="` + ncName("course-", key) + `" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="organization">
    <organization identifier="organization">
      <title>` + xmlText(cfg.Title) + `</title>
      <item identifier="item" identifierref="game" isvisible="true">
        <title>` + xmlText(cfg.Title) + `</title>
` + mastery + `      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="game" type="webcontent" adlcp:scormtype="sco" href="index.html">
` + fileList(files, "      ") + `    </resource>
  </resources>
</manifest>
`
}

// scorm2004Manifest is imsmanifest.xml for SCORM 2004 4th edition: one
// SCO; with a mastery score, its primary objective is satisfied by it.
func scorm2004Manifest(cfg courseConfig, files []string) string {
	key := courseKey(cfg.ID)
	seq := ""
	if cfg.Mastery != nil {
		seq = fmt.Sprintf(`        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>%s</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
`, trimFloat(*cfg.Mastery))
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="` + ncName("course-", key) + `" version="1.0"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="organization">
    <organization identifier="organization">
      <title>` + xmlText(cfg.Title) + `</title>
      <item identifier="item" identifierref="game">
        <title>` + xmlText(cfg.Title) + `</title>
` + seq + `      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="game" type="webcontent" adlcp:scormType="sco" href="index.html">
` + fileList(files, "      ") + `    </resource>
  </resources>
</manifest>
`
}

// cmi5Course is cmi5.xml, the course structure of cmi5 (section 13 of the
// specification): the course and one AU, the launch page. moveOn is
// CompletedAndPassed: the LMS counts the AU satisfied once the learner has
// played every situation and passed.
func cmi5Course(cfg courseConfig, scs []*scenarios.Scenario) string {
	lang := "en-US"
	if len(scs) > 0 && scs[0].Language != "" {
		lang = scs[0].Language
	}
	var desc []string
	for _, sc := range scs {
		if sc.Summary != "" {
			desc = append(desc, sc.Title+": "+sc.Summary)
		} else {
			desc = append(desc, sc.Title)
		}
	}
	mastery := ""
	if cfg.Mastery != nil {
		mastery = ` masteryScore="` + trimFloat(*cfg.Mastery) + `"`
	}
	ls := func(s string) string {
		return `<langstring lang="` + xmlText(lang) + `">` + xmlText(s) + `</langstring>`
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="` + xmlText(cfg.ID) + `">
    <title>` + ls(cfg.Title) + `</title>
    <description>` + ls(strings.Join(desc, " · ")) + `</description>
  </course>
  <au id="` + xmlText(cfg.ID+"/au") + `" moveOn="CompletedAndPassed"` + mastery + ` launchMethod="AnyWindow">
    <title>` + ls(cfg.Title) + `</title>
    <description>` + ls(strings.Join(desc, " · ")) + `</description>
    <url>index.html</url>
  </au>
</courseStructure>
`
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.4f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
