//go:build linux && cgo

package main

// early_linux.c answers --help and --version, or says there is no display,
// before Go starts (see main.go). The functions below let the tests
// compare what it prints with the Go side.

/*
#cgo LDFLAGS: -lX11
#include <stddef.h>
#include <stdlib.h>
#include "early_help.h"
size_t sa_version_text(const char *modp, size_t modn, const char *gop, size_t gon, char *dst, size_t cap);
static const char *sa_help_text(void) { return sa_help; }
*/
import "C"

import "unsafe"

// earlyHelp is the help text the C side prints.
func earlyHelp() string { return C.GoString(C.sa_help_text()) }

// earlyVersion is what the C side prints for --version, given a build's
// module text (debug.BuildInfo.String) and Go version.
func earlyVersion(mod, goVersion string) string {
	var buf [1024]C.char
	m, g := C.CString(mod), C.CString(goVersion)
	defer C.free(unsafe.Pointer(m))
	defer C.free(unsafe.Pointer(g))
	n := C.sa_version_text(m, C.size_t(len(mod)), g, C.size_t(len(goVersion)), &buf[0], C.size_t(len(buf)))
	return C.GoStringN(&buf[0], C.int(n))
}
