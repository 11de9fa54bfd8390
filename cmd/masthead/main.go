// Command masthead runs a Masthead publication. See "masthead help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"masthead/internal/app"

	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stdio := app.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		stdio.ReadSecret = func() (string, error) {
			b, err := term.ReadPassword(fd)
			return string(b), err
		}
	}
	code := app.Run(ctx, os.Args[1:], os.Environ(), stdio)
	stop()
	os.Exit(code)
}
