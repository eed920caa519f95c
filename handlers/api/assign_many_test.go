package api_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestAPIAssignSeveral: worksheet_keys gives each worksheet its own
// assignment and link (201 {data: [...]}, in the order sent); a bad list
// answers 422 naming the place of the bad key and creates nothing.
func TestAPIAssignSeveral(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			path := "/api/v1/clients/" + f.clientID + "/assignments"
			count := func() int {
				rows, _, err := f.env.Store.ListAssignments(context.Background(), f.p.ID, models.AssignmentFilter{ClientID: f.clientID}, models.Page{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				return len(rows)
			}
			before := count()
			keys := []string{"support-map", "weekly-connection-checkin", "relational-timeline"}
			resp, body := f.p.API("POST", path, map[string]any{"worksheet_keys": keys, "due_on": "2026-11-16", "instructions": "One a day."})
			testenv.WantStatus(t, "assign three", resp, body, 201)
			data, _ := testenv.JSON(t, body)["data"].([]any)
			if len(data) != 3 {
				t.Fatalf("data: %s", body)
			}
			links := map[string]bool{}
			for i, d := range data {
				a := d.(map[string]any)
				if a["worksheet"].(map[string]any)["key"] != keys[i] || a["due_on"] != "2026-11-16" || !strings.HasPrefix(a["link"].(string), "http://tend.test/w/") {
					t.Errorf("assignment %d: %v", i, a)
				}
				links[a["link"].(string)] = true
				if _, err := f.env.Store.AssignmentByLink(context.Background(), linkToken(a["link"].(string))); err != nil {
					t.Errorf("link %d does not open: %v", i, err)
				}
			}
			if len(links) != 3 || count() != before+3 {
				t.Fatalf("want three assignments with three links: %d links, %d new", len(links), count()-before)
			}

			many := make([]string, 21)
			for i := range many {
				many[i] = "support-map"
			}
			for _, tc := range []struct {
				name  string
				body  map[string]any
				field string
				msg   string
			}{
				{"unknown key", map[string]any{"worksheet_keys": []string{"support-map", "weekly-connection-checkin", "nope"}}, "worksheet_keys[2]", "no worksheet with this key"},
				{"duplicate", map[string]any{"worksheet_keys": []string{"support-map", "support-map"}}, "worksheet_keys[1]", "is listed twice"},
				{"empty", map[string]any{"worksheet_keys": []string{}}, "worksheet_keys", "at least one"},
				{"too many", map[string]any{"worksheet_keys": many}, "worksheet_keys", "at most 20"},
				{"both forms", map[string]any{"worksheet_key": "support-map", "worksheet_keys": []string{"support-map"}}, "worksheet_keys", "not both"},
				{"not strings", map[string]any{"worksheet_keys": []int{1}}, "worksheet_keys", ""},
			} {
				resp, body := f.p.API("POST", path, tc.body)
				testenv.WantStatus(t, tc.name, resp, body, 422)
				if !strings.Contains(body, `"field":"`+tc.field+`"`) || !strings.Contains(body, tc.msg) {
					t.Errorf("%s: %s", tc.name, body)
				}
			}
			if n := count(); n != before+3 {
				t.Fatalf("a refused list created %d assignments", n-before-3)
			}
			// The single form answers as before: one object, not a list.
			resp, body = f.p.API("POST", path, map[string]any{"worksheet_key": "support-map"})
			testenv.WantStatus(t, "single", resp, body, 201)
			if m := testenv.JSON(t, body); m["data"] != nil || m["link"] == nil {
				t.Fatalf("single form changed shape: %s", body)
			}
		})
	}
}

// TestAPIHomeLink: POST turns a client's own page on (201 {link}); a second
// POST re-issues it and the first link stops; DELETE turns it off (204).
func TestAPIHomeLink(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			ctx := context.Background()
			path := "/api/v1/clients/" + f.clientID + "/home-link"
			issue := func() string {
				resp, body := f.p.API("POST", path, nil)
				testenv.WantStatus(t, "issue", resp, body, 201)
				link := testenv.JSON(t, body)["link"].(string)
				if !strings.HasPrefix(link, "http://tend.test/c/") || len(linkToken(link)) != 43 {
					t.Fatalf("link %q", link)
				}
				return linkToken(link)
			}
			first := issue()
			if on, err := f.env.Store.HomePageOn(ctx, f.p.ID, f.clientID); !on || err != nil {
				t.Fatalf("home page on: %v %v", on, err)
			}
			second := issue()
			if _, err := f.env.Store.ClientByHomeLink(ctx, first); err == nil {
				t.Fatal("the first link still opens after a new one")
			}
			if id, err := f.env.Store.ClientByHomeLink(ctx, second); err != nil || id != f.clientID {
				t.Fatalf("new link: %q %v", id, err)
			}
			resp, body := f.p.API("DELETE", path, nil)
			testenv.WantStatus(t, "revoke", resp, body, 204)
			if _, err := f.env.Store.ClientByHomeLink(ctx, second); err == nil {
				t.Fatal("the link opens after DELETE")
			}
			if on, _ := f.env.Store.HomePageOn(ctx, f.p.ID, f.clientID); on {
				t.Fatal("still on after DELETE")
			}
			resp, body = f.p.API("DELETE", path, nil)
			testenv.WantStatus(t, "revoke again", resp, body, 204)
			// An archived client gets no new page.
			f.p.API("DELETE", "/api/v1/clients/"+f.clientID, nil)
			resp, body = f.p.API("POST", path, nil)
			testenv.WantStatus(t, "archived", resp, body, 409)
		})
	}
}

// TestAPIHomeLinkConcurrent: several issues of one client's link at once
// all answer 201, and exactly one of the links opens.
func TestAPIHomeLinkConcurrent(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			const n = 6
			links := make(chan string, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, body := f.p.API("POST", "/api/v1/clients/"+f.clientID+"/home-link", nil)
					if resp.StatusCode != 201 {
						t.Errorf("issue: %d %s", resp.StatusCode, body)
						return
					}
					links <- testenv.JSON(t, body)["link"].(string)
				}()
			}
			wg.Wait()
			close(links)
			open := 0
			for l := range links {
				if _, err := f.env.Store.ClientByHomeLink(context.Background(), linkToken(l)); err == nil {
					open++
				}
			}
			if open != 1 {
				t.Fatalf("%d links open, want exactly one", open)
			}
		})
	}
}
