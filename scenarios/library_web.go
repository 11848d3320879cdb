//go:build weblibrary

package scenarios

import (
	_ "embed"
	"io/fs"
)

// The browser game (scripts/build-web.sh builds it with -tags weblibrary)
// carries only the library's catalog, the top-level keys of every bundled
// file, and fetches a scenario's file from the panel (/play/library/...)
// when it is picked: the whole library would add about 300 KB to the
// compressed download, against its 3 MB budget, for files a player mostly
// never opens. TestCatalogFileUpToDate keeps library_catalog.json in step
// with the files.
//
//go:embed library_catalog.json
var catalogJSON []byte

// libraryFS holds no files in this build.
var libraryFS fs.FS = noFiles{}

type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: ErrRemoteLibrary}
}

// RemoteLibrary is true in a build that carries only the library's
// catalog and fetches a scenario's file when it is played.
const RemoteLibrary = true

func remoteCatalog() ([]Entry, Diagnostics) { return decodeCatalog(catalogJSON) }
