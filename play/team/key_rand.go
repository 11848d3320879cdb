//go:build !js

package team

import "crypto/rand"

// NewKey returns a new random key (see KeyOf).
func NewKey() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return KeyOf(b), nil
}
