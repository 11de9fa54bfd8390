package apperr

import "testing"

func TestMaxCharsCountsCharactersAndNamesTheLimit(t *testing.T) {
	f := Fields{}
	if !f.MaxChars("name", "The name", "ééé", 3) {
		t.Error("three two-byte characters refused under a three-character limit")
	}
	if f.MaxChars("caption", "The caption", "abcd", 3) {
		t.Error("four characters accepted under a limit of three")
	}
	long := make([]byte, 1_234_567)
	f.MaxChars("body", "The body", string(long), 1000)
	want := Fields{"caption": "The caption can have at most 3 characters; this one has 4.",
		"body": "The body can have at most 1,000 characters; this one has 1,234,567."}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s: %q, want %q", k, f[k], v)
		}
	}
}

func TestOneLineRefusesControlCharacters(t *testing.T) {
	f := Fields{}
	if !f.OneLine("name", "name", "The Weekly — Ünïcode") {
		t.Error("an ordinary one-line value refused")
	}
	for _, v := range []string{"a\r\nBcc: x@y", "a\tb", "a\x00b", "a\x7fb"} {
		g := Fields{}
		if g.OneLine("name", "name", v) || g["name"] == "" {
			t.Errorf("%q accepted as one line", v)
		}
	}
}
