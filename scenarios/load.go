package scenarios

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// VignetteDir is the folder of the bundled library that holds the hiring
// battery's vignettes.
const VignetteDir = "library/vignettes"

// IsVignette reports whether a bundled file (as LibraryFiles names it) is
// one of the hiring battery's vignettes.
func IsVignette(file string) bool { return path.Dir(file) == VignetteDir }

// LoadFile reads and parses one scenario file from disk.
func LoadFile(name string) (*Scenario, Diagnostics) {
	data, err := readLimited(name)
	if err != nil {
		return nil, Diagnostics{{File: name, Message: err.Error()}}
	}
	return Parse(name, data)
}

// readLimited reads a file, refusing folders, devices and anything larger
// than MaxFileSize without reading it all into memory.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, describeOpenError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, describeOpenError(err)
	}
	if info.IsDir() {
		return nil, errors.New("is a folder, not a scenario file")
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file is %s; a scenario file may be at most %s", humanSize(int(info.Size())), humanSize(MaxFileSize))
	}
	return data, nil
}

func describeOpenError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or folder")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// IsScenarioFile reports whether a file name is one folder searches read as
// a scenario: *.toml, but not the *.test.toml test plans trainers keep
// beside their scenarios.
func IsScenarioFile(name string) bool {
	return strings.HasSuffix(name, ".toml") && !strings.HasSuffix(name, ".test.toml")
}

// Set is a group of scenarios loaded together, such as a library folder.
type Set struct {
	Scenarios []*Scenario
	// Files lists every file read, valid or not, in the order read.
	Files []string
}

// ByID returns the scenario with the given id, or nil.
func (s *Set) ByID(id string) *Scenario {
	for _, sc := range s.Scenarios {
		if sc.ID == id {
			return sc
		}
	}
	return nil
}

// LoadPaths reads every scenario named by paths: files, and folders
// searched recursively for *.toml. Besides each file's own diagnostics it
// reports scenario ids used by more than one file. Only valid scenarios are
// returned.
func LoadPaths(paths []string) (*Set, Diagnostics) {
	var files []string
	var diags Diagnostics
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			diags = append(diags, Diagnostic{File: p, Message: describeOpenError(err).Error()})
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		found, err := findTOML(p)
		if err != nil {
			diags = append(diags, Diagnostic{File: p, Message: err.Error()})
		}
		if len(found) == 0 && err == nil {
			diags = append(diags, Diagnostic{File: p, Message: "no .toml scenario files in this folder"})
		}
		files = append(files, found...)
	}
	return loadAll(files, diags, func(name string) ([]byte, error) { return readLimited(name) })
}

// findTOML lists the *.toml files under root, sorted, skipping hidden
// folders such as .git.
func findTOML(root string) ([]string, error) {
	var out []string
	var problems []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, describeOpenError(err)))
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if IsScenarioFile(d.Name()) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	if err == nil && len(problems) > 0 {
		err = errors.New("some entries could not be read: " + strings.Join(problems, "; "))
	}
	return out, err
}

func loadAll(files []string, diags Diagnostics, read func(string) ([]byte, error)) (*Set, Diagnostics) {
	// Files are read and parsed in parallel; results are merged in order so
	// the output does not depend on scheduling.
	results := make([]parsed, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				data, err := read(files[i])
				if err != nil {
					results[i] = parsed{diags: Diagnostics{{File: files[i], Message: err.Error()}}}
					continue
				}
				results[i] = parseFile(files[i], data)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	set := &Set{Files: files}
	type origin struct {
		file string
		line int
	}
	ids := map[string]origin{}
	for i, r := range results {
		diags = append(diags, r.diags...)
		if r.id != "" {
			if prev, dup := ids[r.id]; dup {
				diags = append(diags, Diagnostic{File: files[i], Line: r.idPos.Line, Col: r.idPos.Col,
					Message: fmt.Sprintf("duplicate scenario id %q: already used by %s:%d", r.id, prev.file, prev.line)})
				continue
			}
			ids[r.id] = origin{files[i], r.idPos.Line}
		}
		if r.sc != nil {
			set.Scenarios = append(set.Scenarios, r.sc)
		}
	}
	return set, diags
}

// Library loads the scenarios bundled into the binary. The bundled files are
// checked by the tests, so diagnostics here mean a broken build.
func Library() (*Set, Diagnostics) {
	return LoadLibraryFiles(LibraryFiles())
}

// LibraryFiles names the bundled scenario files, sorted (the vignettes'
// folder included), as LibraryFile takes them.
func LibraryFiles() []string {
	if RemoteLibrary {
		entries, _ := Catalog()
		files := make([]string, len(entries))
		for i, e := range entries {
			files[i] = e.File
		}
		return files
	}
	var files []string
	fs.WalkDir(libraryFS, "library", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && IsScenarioFile(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files
}

// LoadLibraryFiles loads some of the bundled files, as Library does.
func LoadLibraryFiles(files []string) (*Set, Diagnostics) {
	return loadAll(files, nil, LibraryFile)
}

// LibraryFile returns the bytes of one bundled file, named as in
// Scenario.File (for example "library/double-charge.toml"). In a build
// whose library is fetched (RemoteLibrary), it fails with
// ErrRemoteLibrary: the caller fetches the file from LibraryURL instead.
func LibraryFile(name string) ([]byte, error) {
	if RemoteLibrary {
		return nil, ErrRemoteLibrary
	}
	return fs.ReadFile(libraryFS, name)
}

// ErrRemoteLibrary is returned for the bytes of a bundled file by a build
// that carries only the library's catalog (the browser game: see
// library_web.go).
var ErrRemoteLibrary = errors.New("this build fetches the bundled scenarios from its server")

// LibraryPath returns the path, relative to the browser game's assets, at
// which the panel serves a bundled file: "library/double-charge.toml" is
// served as "library/double-charge.toml" under /play/.
func LibraryPath(file string) string { return file }
