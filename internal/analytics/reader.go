package analytics

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
	return !prefetch(secPurpose, purpose, xMoz) && browserAgent(userAgent)
}

// prefetch reports whether a request is a prefetch or prerender:
// Sec-Purpose: prefetch (and "prefetch;prerender"); Purpose and X-Moz:
// prefetch, from older browsers. No other value is in use.
func prefetch(secPurpose, purpose, xMoz string) bool {
	return secPurpose != "" || purpose != "" || xMoz != ""
}

// browserAgent reports whether a User-Agent is a browser's: it starts
// with "Mozilla/" and has no bot marker.
func browserAgent(userAgent string) bool {
	if len(userAgent) < len("Mozilla/") || len(userAgent) > maxAgent || userAgent[:len("Mozilla/")] != "Mozilla/" {
		return false
	}
	for i := 0; i < len(userAgent); i++ {
		for _, m := range markersByFirst[userAgent[i]|0x20] {
			if hasPrefixLower(userAgent[i:], m) {
				return false
			}
		}
	}
	return true
}

// markersByFirst indexes the markers by their first byte, so that one
// pass over the agent tries only the markers that can start at each
// byte: this runs on every counted page, and scanning the agent once per
// marker cost a microsecond.
var markersByFirst = func() (t [256][]string) {
	for _, m := range botMarkers {
		t[m[0]] = append(t[m[0]], m)
	}
	return t
}()

// hasPrefixLower reports whether s starts with lower, a lower-case
// marker, ignoring the case of ASCII letters in s. (Setting bit 0x20
// lower-cases a letter and leaves the digits, '/', '-' and '.' of the
// markers as they are; another byte it maps onto one of them only makes
// a garbled agent count as a bot.)
func hasPrefixLower(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for j := 0; j < len(lower); j++ {
		if s[j]|0x20 != lower[j] {
			return false
		}
	}
	return true
}
