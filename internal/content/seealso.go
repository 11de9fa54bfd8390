package content

import "strings"

// SeeAlsoLine is the Markdown line that makes a see-also block pointing
// at the article with this slug.
func SeeAlsoLine(slug string) string { return "See also: /articles/" + slug }

// AppendSeeAlso adds a see-also line for slug at the end of a Markdown
// body, as a paragraph of its own.
func AppendSeeAlso(source, slug string) string {
	source = strings.TrimRight(source, " \t\r\n")
	if source == "" {
		return SeeAlsoLine(slug) + "\n"
	}
	return source + "\n\n" + SeeAlsoLine(slug) + "\n"
}
