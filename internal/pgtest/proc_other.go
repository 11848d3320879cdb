//go:build !linux

package pgtest

import (
	"errors"
	"os"
	"syscall"
)

// account is the user PostgreSQL runs as: the tests' own, away from Linux.
type account struct{}

// runAs refuses root, whom PostgreSQL refuses too; on Linux the server is
// started as an unprivileged user instead.
func runAs() (*account, error) {
	if os.Geteuid() == 0 {
		return nil, errors.New("PostgreSQL refuses to run as root: run the tests as another user")
	}
	return nil, nil
}

func chown(string, *account) error { return nil }

func procAttr(*account, bool) *syscall.SysProcAttr { return nil }
