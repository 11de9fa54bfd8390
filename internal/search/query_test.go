package search

import (
	"reflect"
	"strings"
	"testing"
)

func word(w string) Term            { return Term{Words: []string{w}} }
func phrase(ws ...string) Term      { return Term{Words: ws} }
func prefix(ws ...string) Term      { return Term{Words: ws, Prefix: true} }
func all(groups ...[]Term) [][]Term { return groups }
func oneOf(ts ...Term) []Term       { return ts }

// What a person types becomes words, phrases, exclusions, OR groups and
// prefixes; everything else is text or nothing.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Query
	}{
		{"Tram plan", Query{All: all(oneOf(word("tram")), oneOf(word("plan")))}},
		{`"tram plan" council`, Query{All: all(oneOf(phrase("tram", "plan")), oneOf(word("council")))}},
		{`"state of the art"`, Query{All: all(oneOf(phrase("state", "of", "the", "art")))}},
		{`"the city"`, Query{All: all(oneOf(word("city")))}},
		{`"unclosed phrase`, Query{All: all(oneOf(phrase("unclosed", "phrase")))}},
		{"tram -bus", Query{All: all(oneOf(word("tram"))), None: []Term{word("bus")}}},
		{`tram -"bus lane"`, Query{All: all(oneOf(word("tram"))), None: []Term{phrase("bus", "lane")}}},
		{"tram OR bus council", Query{All: all(oneOf(word("tram"), word("bus")), oneOf(word("council")))}},
		{"a OR b OR c", Query{All: all(oneOf(word("b"), word("c")))}}, // a is a stop word
		{"OR tram", Query{All: all(oneOf(word("tram")))}},
		{"tram OR", Query{All: all(oneOf(word("tram")))}},
		{"tram OR -bus", Query{All: all(oneOf(word("tram"))), None: []Term{word("bus")}}},
		{"tram or bus", Query{All: all(oneOf(word("tram")), oneOf(word("bus")))}},
		{"elect*", Query{All: all(oneOf(prefix("elect")))}},
		{"el*", Query{All: all(oneOf(word("el")))}},
		{`"tram pla"*`, Query{All: all(oneOf(prefix("tram", "pla")))}},
		{"e-mail", Query{All: all(oneOf(phrase("e", "mail")))}},
		{"a_b", Query{All: all(oneOf(word("b")))}},
		{"50%", Query{All: all(oneOf(word("50")))}},
		{"NEAR(tram bus)", Query{All: all(oneOf(phrase("near", "tram")), oneOf(word("bus")))}},
		{"headline:tram", Query{All: all(oneOf(phrase("headline", "tram")))}},
		{"-tram", Query{}},
		{"the and of", Query{}},
		{`" * - OR : ^ % _`, Query{}},
		{"Москва", Query{All: all(oneOf(word("москва")))}},
		{"a\x00b \xff tram", Query{All: all(oneOf(word("b")), oneOf(word("tram")))}},
	} {
		if got := Parse(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// Limits cut long input and say so.
func TestParseLimits(t *testing.T) {
	q := Parse(strings.Repeat("tram ", 100))
	if !q.Cut || q.Terms() != MaxTerms {
		t.Errorf("100 words: %d terms, cut %v", q.Terms(), q.Cut)
	}
	q = Parse(strings.Repeat("x", 10000))
	if !q.Cut || len(q.All) != 1 || len(q.All[0][0].Words[0]) != MaxWordBytes || !q.All[0][0].Prefix {
		t.Errorf("10,000 letters: %+v", q)
	}
	q = Parse(`"` + strings.Repeat("tram ", 20) + `"`)
	if len(q.All[0][0].Words) != MaxPhraseWords {
		t.Errorf("a 20-word phrase kept %d words", len(q.All[0][0].Words))
	}
	if Parse("tram").Cut {
		t.Error("a short query is marked cut")
	}
}

// Highlight escapes everything and makes <mark> only from the markers,
// balanced.
func TestHighlight(t *testing.T) {
	for in, want := range map[string]string{
		"a " + Mark + "tram" + Unmark + " b": "a <mark>tram</mark> b",
		"<script>" + Mark + "x" + Unmark:     "&lt;script&gt;<mark>x</mark>",
		Mark + "cut off":                     "<mark>cut off</mark>",
		Unmark + "stray" + Mark + Mark + "x": "stray<mark>x</mark>",
		"<mark>forged</mark> & \"quoted\"":   "&lt;mark&gt;forged&lt;/mark&gt; &amp; &#34;quoted&#34;",
		"":                                   "",
	} {
		if got := Highlight(in); got != want {
			t.Errorf("Highlight(%q) = %q, want %q", in, got, want)
		}
	}
	if got := IndexText("a" + Mark + "b" + Unmark + "c" + Tag + "d"); got != "abcd" {
		t.Errorf("IndexText kept markers: %q", got)
	}
}

func TestAnyOf(t *testing.T) {
	q := AnyOf("The tram plan", "Council")
	want := Query{All: all(oneOf(word("tram"), word("plan"), word("council")))}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("AnyOf = %+v", q)
	}
	if !AnyOf("the", "of").Empty() {
		t.Error("AnyOf of stop words is not empty")
	}
}
