package pgtest

import (
	"errors"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// account is the user PostgreSQL runs as.
type account = syscall.Credential

// runAs returns the credentials to run PostgreSQL with: none unless the
// process is root.
func runAs() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 != nil || err2 != nil {
			continue
		}
		return &account{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root, and there is no postgres or nobody user to run PostgreSQL as")
}

func chown(path string, a *account) error {
	if a == nil {
		return nil
	}
	return os.Chown(path, int(a.Uid), int(a.Gid))
}

// procAttr runs a program as a; the server also stops with the tests,
// however they end (the parent's death signals it).
func procAttr(a *account, server bool) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Credential: a}
	if server {
		attr.Pdeathsig = syscall.SIGQUIT
		attr.Setpgid = true
	}
	return attr
}
