package feed

import (
	"bufio"
	"io"
	"strconv"
	"time"
)

// WriteAtom writes f as Atom 1.0 (RFC 4287). The feed's id is its home
// page's address; each entry's is the item's tag URI. The publication is
// the feed's author, so entries without a byline stay valid.
func WriteAtom(out io.Writer, f *Feed) error {
	w := bufio.NewWriter(out)
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"`)
	if f.Language != "" {
		w.WriteString(` xml:lang="`)
		xmlText(w, f.Language)
		w.WriteString(`"`)
	}
	w.WriteString(">\n")
	element(w, "", "id", f.HomeURL)
	textElement(w, "title", f.Title)
	textElement(w, "subtitle", f.Description)
	link(w, "self", AtomType, f.SelfURL)
	link(w, "alternate", "text/html", f.HomeURL)
	updated := f.Updated
	if updated.IsZero() {
		updated = time.Unix(0, 0) // an empty feed still needs one
	}
	element(w, "", "updated", atomTime(updated))
	w.WriteString("<author>\n")
	element(w, "", "name", f.Publisher)
	element(w, "", "uri", f.HomeURL)
	w.WriteString("</author>\n")
	element(w, "", "icon", f.IconURL)
	w.WriteString(`<generator>Masthead</generator>` + "\n")
	for i := range f.Items {
		it := &f.Items[i]
		w.WriteString("<entry>\n")
		element(w, "", "id", it.ID)
		textElement(w, "title", it.Title)
		link(w, "alternate", "text/html", it.URL)
		element(w, "", "published", atomTime(it.Published))
		element(w, "", "updated", atomTime(it.updated()))
		for _, a := range it.Authors {
			w.WriteString("<author>\n")
			element(w, "", "name", a.Name)
			element(w, "", "uri", a.URL)
			w.WriteString("</author>\n")
		}
		for _, c := range it.Categories {
			w.WriteString(`<category term="`)
			xmlText(w, c)
			w.WriteString("\"/>\n")
		}
		textElement(w, "summary", it.Summary)
		if it.HTML != "" {
			w.WriteString(`<content type="html">`)
			xmlText(w, it.HTML)
			w.WriteString("</content>\n")
		}
		if img := it.Image; img != nil {
			if img.Length > 0 {
				w.WriteString(`<link rel="enclosure" type="`)
				xmlText(w, img.Type)
				w.WriteString(`" length="` + strconv.FormatInt(img.Length, 10) + `" href="`)
				xmlText(w, img.URL)
				w.WriteString("\"/>\n")
			}
			mediaContent(w, img)
		}
		w.WriteString("</entry>\n")
	}
	w.WriteString("</feed>\n")
	return w.Flush()
}

// atomTime is RFC 3339 in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// textElement writes a plain-text Atom construct, nothing when empty.
func textElement(w *bufio.Writer, name, text string) {
	if text == "" {
		return
	}
	w.WriteString("<" + name + ` type="text">`)
	xmlText(w, text)
	w.WriteString("</" + name + ">\n")
}

func link(w *bufio.Writer, rel, typ, href string) {
	w.WriteString(`<link rel="` + rel + `" type="` + typ + `" href="`)
	xmlText(w, href)
	w.WriteString("\"/>\n")
}
