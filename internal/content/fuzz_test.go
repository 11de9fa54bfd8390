package content_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
)

// What must never reach a reader's page from a body, whatever a writer
// (or someone with a stolen password) types.
var (
	eventAttr  = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	badScheme  = regexp.MustCompile(`(?i)(href|src)\s*=\s*"?\s*(javascript|data|vbscript):`)
	activeTags = regexp.MustCompile(`(?i)<\s*(script|style|iframe|object|embed|form|input|svg|math|link|meta|base)\b`)
)

func FuzzConvertMarkdown(f *testing.F) {
	for _, seed := range []string{
		"Plain *prose* with a [link](https://example.org).",
		"<script>alert(1)</script>",
		`<img src=x onerror="alert(1)">`,
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"See also: /articles/target\n\n>> Quote <b onmouseover=alert(1)>x</b>\n>> — Name",
		"<a href=\"/articles/target\" onclick=\"x()\">t</a>",
		"> <iframe src=//evil.example></iframe>",
		"<svg><script>alert(1)</script></svg>",
		"```\n<script>in code</script>\n```",
		"See also: <script>",
		"# h1\n###### h6\n\n<style>body{}</style>",
	} {
		f.Add(seed)
	}
	// Shapes whose conversion cost grew with the square of their size:
	// CheckSource refuses them past its limits and lets them through below.
	for _, s := range costlyUnits {
		f.Add(strings.Repeat(s.unit, 3000) + "x")
		f.Add(strings.Repeat(s.unit, 10) + "x")
	}
	f.Add(strings.Repeat("> ", content.MaxNesting) + "x\n" + strings.Repeat("y\n", 100))
	f.Add(strings.Repeat("*a **b", 330) + "\n\n" + strings.Repeat("[a](", 500))
	refs := map[string]content.ArticleRef{"target": {ID: 7, Slug: "target", Headline: `A "quoted" <headline>`, Status: content.StatusPublished}}
	resolve := func(s string) (content.ArticleRef, bool) { r, ok := refs[s]; return r, ok }
	f.Fuzz(func(t *testing.T, src string) {
		res, err := content.ConvertMarkdown(src, resolve)
		if err != nil {
			return
		}
		rendered := content.RenderBody(res.HTML, map[int64]content.ArticleRef{7: refs["target"]}, time.Now())
		for _, out := range []string{res.HTML, rendered} {
			if m := activeTags.FindString(out); m != "" {
				t.Fatalf("active element %q in body from %q:\n%s", m, src, out)
			}
			if m := eventAttr.FindString(out); m != "" {
				t.Fatalf("event handler %q in body from %q:\n%s", m, src, out)
			}
			if m := badScheme.FindString(out); m != "" {
				t.Fatalf("unsafe link %q in body from %q:\n%s", m, src, out)
			}
			if strings.Contains(out, "style=") {
				t.Fatalf("inline style in body from %q:\n%s", src, out)
			}
		}
		content.Check(content.Article{Headline: "h", Standfirst: "s", Body: res.HTML}, res, nil)
	})
}
