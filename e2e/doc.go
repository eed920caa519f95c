// Package e2e drives a real Tend server in headless Chromium (Debian's
// chromium, when TEND_TEST_BROWSER=1): clients filling worksheets on a phone
// with and without JavaScript, practitioner pages, accessibility (axe) and
// screenshots for review. It holds tests only; nothing may import it.
package e2e
