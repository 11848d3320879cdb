//go:build !weblibrary

package scenarios

import "embed"

// The bundled library: full scenarios in library/, the hiring battery's
// short vignettes in library/vignettes/. Every build carries it but the
// browser game's (built with -tags weblibrary, see library_web.go).
//
//go:embed library
var libraryFS embed.FS

// RemoteLibrary is true in a build that carries only the library's
// catalog and fetches a scenario's file when it is played.
const RemoteLibrary = false

func remoteCatalog() ([]Entry, Diagnostics) { return nil, nil }
