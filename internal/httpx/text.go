package httpx

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"unicode/utf8"

	"masthead/internal/apperr"
)

// Text that cannot be stored. PostgreSQL refuses a NUL byte and invalid
// UTF-8 in text columns (SQLite keeps them, and they break later as
// mangled pages, emails and headers), and no field of a form has a use for
// the other C0 control characters. So every value and name of a form or a
// query string is checked as it is read, and such a request is refused
// with a message before anything is looked up or changed. Tab, newline and
// carriage return stay allowed in every field: multi-line fields need
// them, and each single-line field refuses line breaks itself.

// Storable reports whether s is valid UTF-8 with no control character
// other than tab, newline and carriage return.
func Storable(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return false
		}
		i += n
	}
	return true
}

const unstorable = "characters that cannot be stored (a NUL byte, another control character or invalid UTF-8)"

// UnstorableForm is the refusal of a form holding such characters in the
// field named; name may be "" when the name itself is the problem.
func UnstorableForm(name string) error {
	in := ""
	if name != "" && Storable(name) {
		in = " in “" + name + "”"
	}
	return apperr.New(apperr.Invalid, "The form contained "+unstorable+in+". Remove them and send it again: nothing was changed.")
}

// UnstorableAddress is the refusal of an address (path or query string)
// holding such characters.
func UnstorableAddress(name string) error {
	in := ""
	if name != "" && Storable(name) {
		in = " in “" + name + "”"
	}
	return apperr.New(apperr.Invalid, "The address contained "+unstorable+in+". Check the link: nothing was changed.")
}

// badValue returns the first name (in sorted order, so messages are
// stable) whose name or one of whose values is not Storable.
func badValue(v map[string][]string) (string, bool) {
	var bad []string
	for k, vs := range v {
		if !Storable(k) {
			bad = append(bad, k)
			continue
		}
		for _, s := range vs {
			if !Storable(s) {
				bad = append(bad, k)
				break
			}
		}
	}
	if len(bad) == 0 {
		return "", false
	}
	sort.Strings(bad)
	return bad[0], true
}

// CheckAddress refuses a request whose path or query string, decoded,
// holds characters that cannot be stored. Pairs that do not parse (a bad
// escape, a semicolon) are left out, as r.URL.Query leaves them out for
// the handlers.
func CheckAddress(r *http.Request) error {
	if err := CheckPath(r); err != nil {
		return err
	}
	if r.URL.RawQuery == "" {
		return nil
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	if name, bad := badValue(q); bad {
		return UnstorableAddress(name)
	}
	return nil
}

// CheckPath refuses a request whose path, decoded, holds characters that
// cannot be stored, for handlers that check the query parameters they read
// themselves and ignore the others.
func CheckPath(r *http.Request) error {
	if !Storable(r.URL.Path) {
		return UnstorableAddress("")
	}
	return nil
}

// CheckForm refuses a parsed form (url-encoded or multipart: values and
// the names of uploaded files) holding characters that cannot be stored.
// Call it after ParseForm or ParseMultipartForm.
func CheckForm(r *http.Request) error {
	if name, bad := badValue(r.PostForm); bad {
		return UnstorableForm(name)
	}
	if mf := r.MultipartForm; mf != nil {
		if name, bad := badValue(mf.Value); bad {
			return UnstorableForm(name)
		}
		if name, bad := badValue(fileNames(mf)); bad {
			return UnstorableForm(name)
		}
	}
	return nil
}

func fileNames(mf *multipart.Form) map[string][]string {
	names := make(map[string][]string, len(mf.File))
	for k, fs := range mf.File {
		for _, f := range fs {
			names[k] = append(names[k], f.Filename)
		}
	}
	return names
}
