package assets

import _ "embed"

// ProseFont is Open Sans Regular (SIL Open Font License 1.1, see
// fonts/OFL.txt), the face of the customer's lines and the player's
// options: the Go fonts' slashed zero and short hyphen make prose look
// like code. It is subset to what the game's languages write (Basic
// Latin, Latin-1, Latin Extended-A, general punctuation, €, ™, the
// arrows ←↑→↓ and the minus sign) to keep the browser download small;
// the game falls back to the Go font for anything else. fonts/README.md
// says how it was made.
//
//go:embed fonts/OpenSans-Regular-subset.ttf
var ProseFont []byte
