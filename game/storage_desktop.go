//go:build !js

package game

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

const saveName = "save.json"

// fileStorage keeps the save document in a folder, by default
// os.UserConfigDir()/shockabsorber.
type fileStorage struct{ dir string }

func newStorage(dir string) (storage, error) {
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return nil, err
		}
		dir = filepath.Join(base, "shockabsorber")
	}
	return &fileStorage{dir: dir}, nil
}

func (f *fileStorage) path() string { return filepath.Join(f.dir, saveName) }

func (f *fileStorage) read() ([]byte, error) {
	b, err := os.ReadFile(f.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// write replaces the file atomically: a temp file in the same folder,
// flushed to disk, then renamed over the old one, so a crash or a full disk
// leaves either the old save or the new one, never half of one.
func (f *fileStorage) write(data []byte) error {
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(f.dir, ".save-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), f.path()); err != nil {
		return err
	}
	// Make the rename itself durable; not every system can sync a folder.
	if d, err := os.Open(f.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func (f *fileStorage) quarantine() (string, error) {
	bad := f.path() + ".corrupt"
	return bad, os.Rename(f.path(), bad)
}
