package templates

import (
	"strings"
	"testing"
)

// TestLinkify: the crisis text's URLs and phone numbers become links, the
// rest stays escaped text; a tel: link holds only "+" and digits.
func TestLinkify(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"call 112 now", `call <a href="tel:112">112</a> now`},
		{"Samaritans 116 123, or +44 800-123-4567.", `Samaritans <a href="tel:116123">116 123</a>, or <a href="tel:+448001234567">+44 800-123-4567</a>.`},
		{"(000 in Australia)", `(<a href="tel:000">000</a> in Australia)`},
		{"see https://findahelpline.com.", `see <a href="https://findahelpline.com" rel="noopener noreferrer">https://findahelpline.com</a>.`},
		{"24/7, room A12345 or 12", "24/7, room A12345 or 12"},
		{`<b>"999"</b>`, `&lt;b&gt;&#34;<a href="tel:999">999</a>&#34;&lt;/b&gt;`},
	}
	for _, tc := range tests {
		if got := string(linkify(tc.in)); got != tc.want {
			t.Errorf("linkify(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	if got := string(linkify("https://x.org/a?b=1&c=<script>")); strings.Contains(got, "<script>") {
		t.Errorf("markup got through: %s", got)
	}
}
