package content

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"masthead/internal/auth"
)

// @mentions in editorial notes (decision 0046). A staff member's handles
// come from their name: the first word ("@carla") and all its words joined
// by dots ("@carla.jones"), lowercase, accents folded, letters and digits
// only. A handle that fits several active staff members mentions nobody
// (the note says to use the longer one); so does one that fits nobody.

// Handle is one way to mention a staff member.
type Handle struct {
	Handle string // without the @
	UserID int64
	Name   string
}

// handleWord is w lowercased with accents folded and anything but letters
// and digits dropped.
func handleWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(w) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// handlesOf is u's handles: the first word of their name, and all of its
// words joined by dots when there are several. A user with no usable name
// has the part of their email address before the @.
func handlesOf(u auth.User) []string {
	var words []string
	for _, w := range strings.Fields(u.Name) {
		if h := handleWord(w); h != "" {
			words = append(words, h)
		}
	}
	if len(words) == 0 {
		local, _, _ := strings.Cut(u.Email, "@")
		if h := handleWord(local); h != "" {
			return []string{h}
		}
		return nil
	}
	if len(words) == 1 {
		return words
	}
	return []string{words[0], strings.Join(words, ".")}
}

// handleIndex maps each handle to the active staff members it fits.
type handleIndex map[string][]auth.User

func indexHandles(users []auth.User) handleIndex {
	idx := handleIndex{}
	for _, u := range users {
		if !u.Active() {
			continue
		}
		for _, h := range handlesOf(u) {
			idx[h] = append(idx[h], u)
		}
	}
	return idx
}

// preferred is the shortest handle of u that fits only u, or "".
func (idx handleIndex) preferred(u auth.User) string {
	for _, h := range handlesOf(u) {
		if len(idx[h]) == 1 {
			return h
		}
	}
	return ""
}

// MentionHandles lists, for the note form's hint, the handle to use for
// each of users who is active, by name.
func MentionHandles(users []auth.User) []Handle {
	idx := indexHandles(users)
	var out []Handle
	for _, u := range users {
		if !u.Active() {
			continue
		}
		if h := idx.preferred(u); h != "" {
			out = append(out, Handle{Handle: h, UserID: u.ID, Name: u.Name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Handle < out[j].Handle })
	return out
}

// mentionsIn returns the handles text mentions, each once, lowercased and
// folded, in the order they first appear. A mention is an @ at the start
// or after a character that is not a letter, digit or dot (so an email
// address is not one), followed by letters, digits and inner dots.
func mentionsIn(text string) []string {
	var out []string
	seen := map[string]bool{}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '@' || (i > 0 && isHandleRune(rs[i-1])) {
			continue
		}
		j := i + 1
		for j < len(rs) && isHandleRune(rs[j]) {
			j++
		}
		h := strings.TrimRight(string(rs[i+1:j]), ".")
		i = j - 1
		var folded []string
		for _, w := range strings.Split(h, ".") {
			if w = handleWord(w); w != "" {
				folded = append(folded, w)
			}
		}
		h = strings.Join(folded, ".")
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

func isHandleRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '.'
}
