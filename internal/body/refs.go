package body

// Ref is an article a see-also block points at, as it is now.
type Ref struct {
	ID        int64
	URL       string // site-relative, "/articles/slug"
	Headline  string
	Published bool
}

// Media is an image of the media library, as it is now.
type Media struct {
	ID            int64
	URL           string // site-relative, "/media/2026/11/abc.jpg"
	Width, Height int
	Mime          string
	Variants      []Variant // responsive widths and formats, when made
	// Focus is the image's own focal point ("0.50,0.50"), which places a
	// use's crop when the use sets none; Crops are the per-use crops that
	// exist now, by CropKey, each a Media of its own files.
	Focus string
	Crops map[string]Media
}

// Variant is one responsive rendition of an image.
type Variant struct {
	URL   string
	Width int
	Mime  string // image/avif, image/webp, or the original's type
}

// Lookup finds what blocks refer to, by id; Markdown also needs articles
// by slug (see-also lines). A nil function finds nothing.
type Lookup struct {
	RefByID   func(id int64) (Ref, bool)
	RefBySlug func(slug string) (Ref, bool)
	Media     func(id int64) (Media, bool)
}

func (l Lookup) ref(id int64) (Ref, bool) {
	if l.RefByID == nil {
		return Ref{}, false
	}
	return l.RefByID(id)
}

func (l Lookup) media(id int64) (Media, bool) {
	if l.Media == nil {
		return Media{}, false
	}
	return l.Media(id)
}
