package analytics

import "testing"

func TestIsReader(t *testing.T) {
	const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	for _, tc := range []struct {
		ua   string
		want bool
	}{
		{chrome, true},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", true},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", true},
		{"", false},
		{"Mozilla/", true}, // nothing marks it as a tool
		{"Mozilla", false},
		{"curl/8.5.0", false},
		{"Wget/1.21.4", false},
		{"python-requests/2.32.3", false},
		{"Go-http-client/1.1", false},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", false},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0 Safari/537.36", false},
		{"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", false},
		{"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", false},
		{"Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)", false},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", false},
		{"Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse", false},
		{"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", false},
		{"Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)", false},
		{"Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", false},
		{"Mozilla/5.0 " + string(make([]byte, maxAgent)), false}, // too long to be a browser
	} {
		if got := IsReader(tc.ua, "", "", ""); got != tc.want {
			t.Errorf("IsReader(%q) = %v, want %v", tc.ua, got, tc.want)
		}
	}
	for _, h := range [][3]string{{"prefetch", "", ""}, {"prefetch;prerender", "", ""}, {"", "prefetch", ""}, {"", "", "prefetch"}} {
		if IsReader(chrome, h[0], h[1], h[2]) {
			t.Errorf("a prefetch (%q) counted as a reader's view", h)
		}
	}
}

func TestIsReaderAllocatesNothing(t *testing.T) {
	ua := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	if n := testing.AllocsPerRun(100, func() { IsReader(ua, "", "", "") }); n != 0 {
		t.Errorf("IsReader allocates %.0f times", n)
	}
}

// The counter's remembered verdicts agree with IsReader, the first time
// and the next, and no agent is kept.
func TestCounterIsReaderRemembers(t *testing.T) {
	c := NewCounter(nil, nil, nil)
	agents := []string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"curl/8.5.0", "",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
	}
	for range 3 {
		for _, ua := range agents {
			if got, want := c.IsReader(ua, "", "", ""), IsReader(ua, "", "", ""); got != want {
				t.Errorf("remembered verdict on %q: %v, want %v", ua, got, want)
			}
		}
	}
	if c.IsReader(agents[0], "prefetch", "", "") {
		t.Error("a prefetch from a remembered browser counted")
	}
	if n := testing.AllocsPerRun(100, func() { c.IsReader(agents[0], "", "", "") }); n != 0 {
		t.Errorf("a remembered verdict allocates %.0f times", n)
	}
}
