package analytics

import "bytes"

// botMarkers are pieces of User-Agent strings, lower-case, that mark
// crawlers, link previewers, monitors and test browsers among the agents
// that otherwise look like a browser (start with "Mozilla/"). The list is
// short on purpose (decision 0033): tools that do not pretend to be a
// browser (curl, wget, HTTP libraries, most feed readers) are already
// excluded by the prefix, and what a page view is worth does not justify
// a database of agents.
var botMarkers = []string{
	"bot",         // Googlebot, bingbot, AhrefsBot, GPTBot, Applebot, Slackbot…
	"crawl",       // crawler, Crawl
	"spider",      // Baiduspider, Bytespider
	"slurp",       // Yahoo! Slurp
	"headless",    // HeadlessChrome: automation
	"lighthouse",  // Chrome-Lighthouse, PageSpeed Insights
	"inspection",  // Google-InspectionTool
	"preview",     // link previews (Google Web Preview, SkypeUriPreview…)
	"externalhit", // facebookexternalhit
	"embedly",
	"pingdom",
	"monitor", // uptime and site monitors
	"curl", "wget", "python", "java/", "httpclient", "go-http-client",
}

// maxAgent is the longest User-Agent considered a browser's; real ones
// are a few hundred bytes at most, and longer ones are not worth scanning.
const maxAgent = 512

// IsReader reports whether a request with these header values is a
// person's page view: a browser's User-Agent without a bot marker, and
// not a prefetch or prerender (Sec-Purpose, Purpose, X-Moz), which a
// browser may make for a page nobody ends up reading. It allocates
// nothing: it runs on every cached page a reader gets.
func IsReader(userAgent, secPurpose, purpose, xMoz string) bool {
	if secPurpose != "" || purpose != "" || xMoz != "" {
		// Sec-Purpose: prefetch (and "prefetch;prerender"); Purpose and
		// X-Moz: prefetch, from older browsers. No other value is in use.
		return false
	}
	if len(userAgent) < len("Mozilla/") || len(userAgent) > maxAgent || userAgent[:len("Mozilla/")] != "Mozilla/" {
		return false
	}
	var buf [maxAgent]byte
	lower := buf[:len(userAgent)]
	for i := 0; i < len(userAgent); i++ {
		c := userAgent[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, m := range markerBytes {
		if bytes.Contains(lower, m) {
			return false
		}
	}
	return true
}

// markerBytes are the markers as byte slices, so that matching them
// converts nothing per request.
var markerBytes = func() [][]byte {
	out := make([][]byte, len(botMarkers))
	for i, m := range botMarkers {
		out[i] = []byte(m)
	}
	return out
}()
