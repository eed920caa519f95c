package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/tend-health/tend/models"
)

// rotateBatch is how many rows one re-encryption transaction rewrites.
const rotateBatch = 200

// keysRotate is "tend keys rotate": a new key (random id) becomes the
// active one, then --finish re-encrypts every value with it, --status
// counts the values on each key and --drop-unused removes keys nothing
// uses. Only the new keyring line is printed (TEND_ENCRYPTION_KEY), never
// another key or any data.
func keysRotate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := fs.Bool("finish", false, "re-encrypt every value with the active key (rerun to finish an interrupted run)")
	status := fs.Bool("status", false, "count the values that still use each key")
	drop := fs.Bool("drop-unused", false, "remove from the key file the keys no value uses (never the active one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	store, err := openStore(stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	c := store.Crypter()
	switch {
	case *status:
	case *finish:
		res, err := models.ReencryptAll(ctx, store.DB(), c, rotateBatch, nil)
		fmt.Fprintf(stdout, "re-encrypted %d values with key %s; %d changed meanwhile (run again to pick them up)\n", res.Rewritten, c.ActiveKeyID(), res.Skipped)
		if err != nil {
			return fmt.Errorf("stopped early, run again to finish: %w", err)
		}
	case *drop:
		use, err := models.KeyUsage(ctx, store.DB(), c)
		if err != nil {
			return err
		}
		unused := map[string]bool{}
		for id, n := range use {
			unused[id] = n == 0
		}
		if cfg.Keys != "" {
			var ids []string
			for id := range unused {
				if unused[id] && id != c.ActiveKeyID() {
					ids = append(ids, id)
				}
			}
			sort.Strings(ids)
			fmt.Fprintf(stdout, "remove these key ids from %s: %s\n", cfg.KeysVar, strings.Join(ids, ", "))
			return nil
		}
		text, err := os.ReadFile(cfg.KeyFile)
		if err != nil {
			return fmt.Errorf("TEND_ENCRYPTION_KEY_FILE: %w", err)
		}
		out, dropped, err := models.DropKeyLines(string(text), unused)
		if err != nil {
			return err
		}
		if err := models.WriteKeyFile(cfg.KeyFile, out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "dropped %d unused keys from the key file: %s\n", len(dropped), strings.Join(dropped, ", "))
	default:
		var err error
		if c, err = addKey(ctx, store, cfg.Keys, cfg.KeyFile, stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new writes use key %s once Tend restarts with it; restart every instance, then run: tend keys rotate --finish\n", c.ActiveKeyID())
	}
	return printKeyUsage(ctx, store, c, stdout)
}

// addKey adds a new active key: to the key file (rewritten atomically), or,
// with keys given in the environment, printed for the operator to append.
// Its fingerprint is recorded.
func addKey(ctx context.Context, store *models.Store, envKeys, keyFile string, stdout io.Writer) (*models.Crypter, error) {
	text := envKeys
	if text == "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, fmt.Errorf("TEND_ENCRYPTION_KEY_FILE: %w", err)
		}
		text = string(b)
	}
	text, c, line, err := models.AddKeyLine(text)
	if err != nil {
		return nil, err
	}
	if envKeys != "" {
		fmt.Fprintf(stdout, "add this line as the last entry of TEND_ENCRYPTION_KEY and store it with your secrets:\n%s\n", line)
	} else if err := models.WriteKeyFile(keyFile, text); err != nil {
		return nil, err
	} else {
		fmt.Fprintf(stdout, "added key %s to the key file; back up the key file now, apart from the database\n", c.ActiveKeyID())
	}
	return c, models.RecordKey(ctx, store.DB(), c, time.Now())
}

// printKeyUsage prints how many values use each key, the active one marked.
func printKeyUsage(ctx context.Context, store *models.Store, c *models.Crypter, stdout io.Writer) error {
	use, err := models.KeyUsage(ctx, store.DB(), c)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(use))
	for id := range use {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		mark := ""
		if id == c.ActiveKeyID() {
			mark = " (active)"
		}
		fmt.Fprintf(stdout, "key %s%s: %d values\n", id, mark, use[id])
	}
	if len(ids) == 0 {
		return errors.New("no keys")
	}
	return nil
}
