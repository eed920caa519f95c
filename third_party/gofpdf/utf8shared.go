package gofpdf

// Tend patch: a UTF-8 font parsed once per process and shared read-only by
// any number of documents, rendered concurrently. See README.md.

import (
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
)

// UTF8Font is a TrueType font parsed once, for use by any number of
// documents at the same time (AddUTF8FontShared). Nothing a document does
// changes it: a document keeps its own set of used runes, and each subset
// is cut from the font without touching the parsed tables.
type UTF8Font struct {
	file *utf8FontFile // parsed and prepared for cutting; read-only
	def  fontDefType   // Tp, Desc, Up, Ut, Cw; read-only

	mu   sync.Mutex
	ids  map[string]string // font key -> generateFontID of def under that key
	subs subsetCache       // subsets by exact rune set
}

// ParseUTF8Font parses a TrueType font (its bytes are kept and must not be
// changed afterwards).
func ParseUTF8Font(utf8Bytes []byte) (font *UTF8Font, err error) {
	defer func() {
		if p := recover(); p != nil { // a malformed font indexes out of range
			font, err = nil, fmt.Errorf("gofpdf: cannot parse TrueType font: %v", p)
		}
	}()
	file := newUTF8Font(&fileReader{array: utf8Bytes})
	if err := file.parseFile(); err != nil {
		return nil, err
	}
	def := fontDefType{
		Tp: "UTF8",
		Desc: FontDescType{
			Ascent:       int(file.Ascent),
			Descent:      int(file.Descent),
			CapHeight:    file.CapHeight,
			Flags:        file.Flags,
			FontBBox:     file.Bbox,
			ItalicAngle:  file.ItalicAngle,
			StemV:        file.StemV,
			MissingWidth: round(file.DefaultWidth),
		},
		Up: int(round(file.UnderlinePosition)),
		Ut: round(file.UnderlineThickness),
		Cw: file.CharWidths,
	}
	if !file.prepareCut() {
		return nil, fmt.Errorf("gofpdf: TrueType font has no cmap for Unicode")
	}
	return &UTF8Font{file: file, def: def, ids: map[string]string{}}, nil
}

// AddUTF8FontShared makes a parsed font available in this document under
// familyStr and styleStr, like AddUTF8FontFromBytes but without parsing it
// again.
func (f *Fpdf) AddUTF8FontShared(familyStr, styleStr string, font *UTF8Font) {
	f.addUTF8Font(getFontKey(fontFamilyEscape(familyStr), styleStr), "", font)
}

// addUTF8Font adds font under fontkey; file is the font's path ("" for
// bytes), written into the definition as upstream does.
func (f *Fpdf) addUTF8Font(fontkey, file string, font *UTF8Font) {
	if f.err != nil {
		return
	}
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	def := font.def
	def.Name, def.File = fontkey, file
	var err error
	if def.i, err = font.id(fontkey); err != nil {
		f.err = err
		return
	}
	def.utf8 = font
	if f.aliasNbPagesStr == "" {
		def.usedRunes = makeSubsetRange(57)
	} else {
		def.usedRunes = makeSubsetRange(32)
	}
	f.fonts[fontkey] = def
}

// id is the font's id under fontkey, as upstream computes it (a SHA-1 of
// the JSON definition, 65,536 widths included), computed once.
func (u *UTF8Font) id(fontkey string) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if id, ok := u.ids[fontkey]; ok {
		return id, nil
	}
	def := u.def
	def.Name = fontkey
	id, err := generateFontID(def)
	if err == nil {
		u.ids[fontkey] = id
	}
	return id, err
}

// utf8Subset is what a document embeds of a UTF-8 font for one rune set.
type utf8Subset struct {
	font     []byte // the cut TrueType font, zlib-compressed
	size     int    // its uncompressed length
	cidToGid []byte // the CIDToGIDMap stream, zlib-compressed
	widths   string // the CIDFont's /W entry
}

// subset returns the embedded subset for usedRunes (a document's map of
// used runes, key 0 already removed), cutting and compressing it only when
// the same rune set has not been seen recently.
func (u *UTF8Font) subset(usedRunes map[int]int) *utf8Subset {
	key := runeSetKey(usedRunes)
	if s := u.subs.get(key); s != nil {
		return s
	}
	cut := *u.file // shallow: the parsed tables are only read
	cut.fileReader = &fileReader{array: u.file.fileReader.array}
	stream := cut.cutFont(usedRunes)
	cidToGid := make([]byte, 256*256*2)
	for cc, glyph := range cut.CodeSymbolDictionary {
		if cc == 0 {
			continue
		}
		cidToGid[cc*2] = byte(glyph >> 8)
		cidToGid[cc*2+1] = byte(glyph & 0xFF)
	}
	s := &utf8Subset{
		font:     sliceCompress(stream),
		size:     len(stream),
		cidToGid: sliceCompress(cidToGid),
		widths:   cidWidths(u.def.Cw, usedRunes, cut.LastRune),
	}
	u.subs.put(key, s)
	return s
}

// runeSetKey encodes the distinct values of usedRunes (what the cut and the
// widths depend on), sorted, as a string.
func runeSetKey(usedRunes map[int]int) string {
	runes := make([]int, 0, len(usedRunes))
	for _, r := range usedRunes {
		runes = append(runes, r)
	}
	sort.Ints(runes)
	b := make([]byte, 0, 2*len(runes))
	prev := -1
	for _, r := range runes {
		if r != prev {
			b = binary.AppendUvarint(b, uint64(r-prev))
			prev = r
		}
	}
	return string(b)
}

// subsetCacheSize bounds the subsets kept per font: documents are mostly
// set in the same few dozen runes, and a compressed subset is tens of KB.
const subsetCacheSize = 32

// subsetCache holds recent subsets, evicting the oldest when full.
type subsetCache struct {
	mu    sync.Mutex
	byKey map[string]*utf8Subset
	order []string // insertion order, oldest first
}

func (c *subsetCache) get(key string) *utf8Subset {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byKey[key]
}

func (c *subsetCache) put(key string, s *utf8Subset) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[string]*utf8Subset{}
	}
	if _, ok := c.byKey[key]; ok {
		return
	}
	if len(c.order) >= subsetCacheSize {
		delete(c.byKey, c.order[0])
		c.order = append(c.order[:0], c.order[1:]...)
	}
	c.byKey[key] = s
	c.order = append(c.order, key)
}
