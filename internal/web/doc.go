// Package web is the plumbing every surface that takes requests from a
// browser shares: the newsroom (internal/admin) and the public site
// (internal/site). It holds the one error-returning handler adapter (each
// surface says how it draws an error page), form reading with its body
// limits and character checks, the defences against forged requests
// (cross-origin refusal for every state-changing request, and tokens where a
// page is private to one browser), sessions that know whose they are (staff
// or reader) and request-rate limits on shared counters.
//
// Decision 0017 says why public forms on cached pages need no per-reader
// token, and how an embedded sign-up form on another site gets through.
package web
