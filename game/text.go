package game

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/rivo/uniseg"
)

// Block is a piece of text wrapped to a width: its lines, as spans of the
// original string so drawing slices it without allocating.
type Block struct {
	Src   string
	Face  FaceID
	Spans []span
	H     float64
	LineH float64
}

type span struct{ start, end int }

// Lines returns the number of lines.
func (b *Block) Lines() int { return len(b.Spans) }

// Line returns line i.
func (b *Block) Line(i int) string { return b.Src[b.Spans[i].start:b.Spans[i].end] }

type wrapKey struct {
	s    string
	face FaceID
	maxW int
	// lines is WrapAtMost's limit, 0 for Wrap's none.
	lines int
}

type clusterKey struct {
	c    string
	face FaceID
}

// textCache keeps wrapped layouts and grapheme widths, so a steady frame
// draws from cached spans and allocates nothing. It is emptied whenever the
// scale or text size changes.
type textCache struct {
	blocks map[wrapKey]*Block
	widths map[clusterKey]float64
}

func (c *textCache) reset() {
	c.blocks = nil
	c.widths = nil
}

// Wrap returns s wrapped to maxW device pixels in style f, cached.
func (u *UI) Wrap(s string, f FaceID, maxW float64) *Block {
	key := wrapKey{s, f, int(maxW), 0}
	if b, ok := u.texts.blocks[key]; ok {
		return b
	}
	if u.texts.blocks == nil {
		u.texts.blocks = map[wrapKey]*Block{}
	}
	measure := func(cluster string) float64 { return u.clusterW(cluster, f) }
	b := &Block{Src: s, Face: f, LineH: u.LineH(f)}
	b.Spans = wrapSpans(s, maxW, measure, nil)
	b.H = float64(len(b.Spans)) * b.LineH
	u.texts.blocks[key] = b
	return b
}

// ellipsis ends a line cut short by WrapAtMost.
const ellipsis = "…"

// WrapAtMost wraps s like Wrap, in at most n lines: when s needs more, the
// last line shown is cut to end in "…" within maxW. For a name on a card
// ("Maria da Conceição Albuquerque de Vasc…"). Cached like Wrap.
func (u *UI) WrapAtMost(s string, f FaceID, maxW float64, n int) *Block {
	b := u.Wrap(s, f, maxW)
	if n < 1 || b.Lines() <= n {
		return b
	}
	key := wrapKey{s, f, int(maxW), n}
	if c, ok := u.texts.blocks[key]; ok {
		return c
	}
	last := b.Spans[n-1]
	line := s[last.start:last.end]
	room := maxW - u.LabelW(ellipsis, f)
	// Keep the graphemes of the last line that fit before the ellipsis.
	keep, w, state := 0, 0.0, -1
	for rest := line; len(rest) > 0; {
		var c string
		c, rest, _, state = uniseg.StepString(rest, state)
		if w += u.clusterW(c, f); w > room {
			break
		}
		keep += len(c)
	}
	cut := strings.TrimRight(line[:keep], " \t") + ellipsis
	src := s[:last.start] + cut
	c := &Block{Src: src, Face: f, LineH: b.LineH, H: float64(n) * b.LineH}
	c.Spans = append(append([]span(nil), b.Spans[:n-1]...), span{last.start, len(src)})
	u.texts.blocks[key] = c
	return c
}

// clusterW is the advance of one grapheme cluster in style f, shaped once
// and then kept.
func (u *UI) clusterW(cluster string, f FaceID) float64 {
	k := clusterKey{cluster, f}
	if w, ok := u.texts.widths[k]; ok {
		return w
	}
	if u.texts.widths == nil {
		u.texts.widths = map[clusterKey]float64{}
	}
	w := text.Advance(cluster, u.drawFace(f))
	u.texts.widths[k] = w
	return w
}

// LabelW measures a short label as the sum of its grapheme clusters'
// advances, as Wrap does: no shaping beyond the clusters already known and
// no allocation, so laying out many labels (the title's tag chips) is cheap
// and a label can be measured every frame. It can differ from TextW by the
// font's kerning, a fraction of a pixel per pair.
func (u *UI) LabelW(s string, f FaceID) float64 {
	w, state := 0.0, -1
	for len(s) > 0 {
		var c string
		c, s, _, state = uniseg.StepString(s, state)
		w += u.clusterW(c, f)
	}
	return w
}

// wrapSpans breaks s into lines no wider than maxW. Break opportunities
// come from Unicode line breaking (UAX #14, via uniseg) and widths are
// summed per grapheme cluster, so "ç", "ñ" or a decomposed "é" are measured
// as the one character the reader sees. A word wider than the line is
// broken between graphemes rather than overflowing. Trailing spaces are
// left out of each line; a newline always breaks.
func wrapSpans(s string, maxW float64, measure func(string) float64, dst []span) []span {
	state := -1
	lineStart, pos := 0, 0
	w := 0.0                   // width of s[lineStart:pos]
	breakAt, breakW := -1, 0.0 // last break opportunity on this line, and the width before it
	rest := s
	for len(rest) > 0 {
		cluster, r, boundaries, st := uniseg.StepString(rest, state)
		rest, state = r, st
		end := pos + len(cluster)
		if cluster == "\n" || cluster == "\r\n" || cluster == "\r" {
			dst = append(dst, trimSpan(s, lineStart, pos))
			lineStart, pos, w, breakAt = end, end, 0, -1
			continue
		}
		cw := measure(cluster)
		if !isSpace(cluster) && w+cw > maxW && pos > lineStart {
			if breakAt > lineStart {
				dst = append(dst, trimSpan(s, lineStart, breakAt))
				lineStart, w = breakAt, w-breakW
			}
			if w+cw > maxW && pos > lineStart {
				// Still too wide: a word longer than the line. Break it here.
				dst = append(dst, span{lineStart, pos})
				lineStart, w = pos, 0
			}
			breakAt = -1
		}
		w += cw
		pos = end
		if boundaries&uniseg.MaskLine == uniseg.LineCanBreak {
			breakAt, breakW = end, w
		}
	}
	if lineStart < len(s) || len(dst) == 0 {
		dst = append(dst, trimSpan(s, lineStart, len(s)))
	}
	return dst
}

func isSpace(c string) bool { return c == " " || c == "\t" || c == "\u00a0" || c == "\u3000" }

func trimSpan(s string, start, end int) span {
	line := strings.TrimRight(s[start:end], " \t")
	return span{start, start + len(line)}
}

// DrawBlock draws a wrapped block with its top-left at (x, y). Only the
// first reveal bytes of the source show (the typewriter); pass -1 for all.
func (u *UI) DrawBlock(dst *ebiten.Image, b *Block, x, y float64, c color.RGBA, reveal int) {
	for i, sp := range b.Spans {
		end := sp.end
		if reveal >= 0 && reveal < end {
			end = reveal
		}
		if end <= sp.start {
			if reveal >= 0 && reveal <= sp.start {
				break // the typewriter has not reached this line
			}
			continue // an empty line (a paragraph break)
		}
		u.Text(dst, b.Src[sp.start:end], b.Face, x, y+float64(i)*b.LineH, c)
	}
}

// advanceRunes returns the byte offset n runes after off in s (at most
// len(s)), stepping whole UTF-8 sequences so a slice never splits one.
func advanceRunes(s string, off, n int) int {
	for ; n > 0 && off < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}
