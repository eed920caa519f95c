package web

import (
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// qrCode is a QR code as SVG path data, one unit per module, drawn by the
// template inside a white square of Size units (quiet zone included).
type qrCode struct {
	Size int
	Path string
}

// newQR encodes s; each horizontal run of dark modules becomes one
// rectangle in the path, which keeps the SVG small.
func newQR(s string) (qrCode, error) {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return qrCode{}, err
	}
	bm := q.Bitmap()
	var b strings.Builder
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			n := strconv.Itoa(x - start)
			b.WriteString("M" + strconv.Itoa(start) + " " + strconv.Itoa(y) + "h" + n + "v1h-" + n + "z")
		}
	}
	return qrCode{Size: len(bm), Path: b.String()}, nil
}
