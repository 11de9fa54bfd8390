package newsletter

import (
	"errors"
	"net/mail"

	mailer "masthead/internal/mail"
)

func mailFrom(name, addr string) string {
	return (&mail.Address{Name: name, Address: addr}).String()
}

func isInvalidMail(err error) bool { return errors.Is(err, mailer.ErrInvalid) }
