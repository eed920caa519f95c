#!/bin/sh
# subset.sh remakes the two embedded fonts from DejaVu Sans 2.37 as shipped
# by github.com/go-fonts/dejavu v0.3.2, keeping only the scripts the PDFs
# promise (see doc.go). Needs Go and fontTools (Debian: apt-get install
# python3-fonttools; made with 4.38.0). Run from this directory:
#
#	sh subset.sh
#
# The output is byte-for-byte reproducible (fontTools keeps the source's
# head.modified unless asked to recalculate it).
set -eu
src=$(cd "${TMPDIR:-/tmp}" && GOFLAGS= go mod download -json github.com/go-fonts/dejavu@v0.3.2 | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
# Latin (Basic to Extended-B, IPA and modifier letters, Extended Additional
# for Vietnamese, C and D), combining marks, Greek, Cyrillic, Armenian,
# Georgian; punctuation, super/subscripts, currency, letterlike, number
# forms, arrows, mathematical operators, technical, enclosed alphanumerics,
# box drawing, blocks, geometric shapes, symbols, dingbats, Latin
# ligatures and U+FFFD (the placeholder).
unicodes="U+0000-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+0530-058F,U+10A0-10FF,\
U+1E00-1EFF,U+1F00-1FFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,\
U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-25FF,U+2600-26FF,U+2700-27BF,\
U+2C60-2C7F,U+A720-A7FF,U+FB00-FB06,U+FFFD"
for f in DejaVuSans:dejavusans DejaVuSans-Bold:dejavusansbold; do
	name=${f%%:*} dir=${f##*:}
	python3 -m fontTools.subset "$src/$dir/$name.ttf" --unicodes="$unicodes" \
		--layout-features='' --name-IDs='*' --name-languages='*' --notdef-outline \
		--no-hinting --output-file="$name.ttf"
done
cp "$src/LICENSE-DejaVu" LICENSE && chmod 644 LICENSE
