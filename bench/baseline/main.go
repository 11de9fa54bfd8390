// Command baseline serves one file from memory with a bare net/http
// handler: the ceiling a Go server reaches on this machine, for the
// article-page benchmark to compare against. With -like-masthead it sends
// the same response headers as a Masthead page-cache hit.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
)

func main() {
	file := flag.String("file", "", "file to serve at every path")
	addr := flag.String("addr", "127.0.0.1:28082", "listen address")
	like := flag.Bool("like-masthead", false, "send Masthead's response headers too")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	extra := http.Header{
		"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"Cache-Control":           {"public, max-age=60, stale-while-revalidate=300"},
		"Vary":                    {"Accept-Encoding"},
		"Last-Modified":           {"Thu, 26 Nov 2026 09:00:00 GMT"},
		"Etag":                    {`"0123456789abcdef01234567"`},
		"Content-Length":          {strconv.Itoa(len(body))},
	}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"text/html; charset=utf-8"}
		if *like {
			for k, v := range extra {
				h[k] = v
			}
		}
		w.Write(body)
	})))
}
