package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/tend-health/tend/models"
)

// resetPassword is "tend practitioner reset-password": a new password from
// stdin for the account with --email; its sessions and API tokens end at
// once (in the store's transaction, audited as the command line). With
// --temporary the practitioner must choose a new one at the next sign-in.
func resetPassword(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("practitioner reset-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "email address of the account")
	temporary := fs.Bool("temporary", false, "the practitioner must choose a new password at the next sign-in")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("--email is required")
	}
	pw, store, err := readPasswordOpenStore(stdin, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx = models.WithActor(ctx, models.Actor{Type: "system", ID: "cli"})
	p, err := store.ResetPasswordByEmail(ctx, *email, pw, *temporary)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("no account with the email %s", *email)
	}
	if err != nil {
		return problems(err)
	}
	msg := "new password set for %s; their sessions and API tokens have ended\n"
	if *temporary {
		msg = "temporary password set for %s; their sessions and API tokens have ended; they choose a new password at the next sign-in\n"
	}
	fmt.Fprintf(stdout, msg, p.Email)
	return nil
}
