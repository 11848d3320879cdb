//go:build !js

package game

// newA11yPort: the desktop game has no page to mirror into.
func newA11yPort() a11yPort { return nil }

// reducedMotion is the desktop's motion preference: the game animates.
func reducedMotion() bool { return false }
