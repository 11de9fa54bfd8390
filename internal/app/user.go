package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/mail"
)

func userCommand(ctx context.Context, args, env []string, stdio IO) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: masthead user create --email E --name N --role contributor|author|editor|admin`)
	}
	var email, name, role string
	cfg, err := config.Load(env, args[1:], stdio.Stderr, "user create", func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "email address (required)")
		fs.StringVar(&name, "name", "", "full name (required)")
		fs.StringVar(&role, "role", "author", "contributor, author, editor or admin")
	})
	if err != nil {
		return err
	}
	password, err := readPassword(stdio)
	if err != nil {
		return err
	}
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := auth.NewService(db, noMail{}, logger, time.Now, func(context.Context) (string, string) { return "", "" })
	u, err := svc.CreateUser(ctx, email, name, password, auth.Role(role))
	if err != nil {
		if msg := apperr.Message(err); msg != "" {
			return errors.New(msg)
		}
		return err
	}
	fmt.Fprintf(stdio.Stdout, "created %s <%s> as %s\n", u.Name, u.Email, u.Role)
	return nil
}

// readPassword prompts on a terminal (twice) or reads one line from a pipe,
// so scripts can do: echo "$PW" | masthead user create ...
func readPassword(stdio IO) (string, error) {
	r := bufio.NewReader(stdio.Stdin)
	line := func() (string, error) {
		s, err := r.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && s != "") {
			return "", errors.New("no password given on standard input")
		}
		return strings.TrimRight(s, "\r\n"), nil
	}
	if stdio.ReadSecret == nil {
		return line()
	}
	fmt.Fprint(stdio.Stderr, "Password: ")
	p1, err := stdio.ReadSecret()
	if err != nil {
		return "", err
	}
	fmt.Fprint(stdio.Stderr, "\nRepeat password: ")
	p2, err := stdio.ReadSecret()
	fmt.Fprintln(stdio.Stderr)
	if err != nil {
		return "", err
	}
	if p1 != p2 {
		return "", errors.New("the passwords differ")
	}
	return p1, nil
}

// noMail is the sender of a command that has no mail to send: creating a
// user from the command line mails nobody, and a message would be a bug,
// so it is refused rather than dropped.
type noMail struct{}

func (noMail) Send(context.Context, mail.Message) error {
	return errors.New("mail: this command sends no mail")
}
