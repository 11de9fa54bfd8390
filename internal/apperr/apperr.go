// Package apperr gives errors a kind the HTTP layer maps to a status code,
// and a message that is safe to show to the person who caused it.
package apperr

import (
	"errors"
	"sort"
	"strings"
)

// Kind classifies an error for the person who sees it.
type Kind int

const (
	Internal    Kind = iota // a fault of ours: log the cause, show a generic message
	Invalid                 // the input is wrong: say what and where
	NotFound                // nothing by that name
	Conflict                // it clashes with what is stored
	Forbidden               // not allowed for this user
	Unavailable             // try again later
)

// Error carries a kind, a safe message and the underlying cause.
type Error struct {
	Kind    Kind
	Message string // safe to show
	Err     error  // for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind with a safe message.
func New(kind Kind, msg string) error { return &Error{Kind: kind, Message: msg} }

// Wrap returns an error of kind with a safe message and a logged cause.
func Wrap(kind Kind, msg string, err error) error { return &Error{Kind: kind, Message: msg, Err: err} }

// KindOf returns the kind of err; Internal for unclassified errors.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var f Fields
	if errors.As(err, &f) {
		return Invalid
	}
	return Internal
}

// Message returns the safe message of err, or "" for an internal error.
func Message(err error) string {
	var f Fields
	if errors.As(err, &f) {
		return f.Error()
	}
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return ""
}

// Fields is a validation failure: field name to what is wrong with it.
type Fields map[string]string

func (f Fields) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + f[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with a field, keeping the first one reported.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns f as an error, or nil when there is no problem.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}
