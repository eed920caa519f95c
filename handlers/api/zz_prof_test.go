package api_test

import (
	"context"
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/caseload"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

func TestZZProfSummary(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		env := testenv.New(t, db)
		p := env.NewPractitioner("Prof", false)
		ids, err := caseload.Seed(context.Background(), env.Store, p.ID, 100000)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 250; i++ {
			v, _, err := env.Store.CreateAssignment(context.Background(), p.ID, models.NewAssignment{ClientID: ids[0], WorksheetKey: "weekly-connection-checkin"}, models.LinkPolicy{TTL: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			ans := worksheets.Answers{"stress": 4.0, "loneliness": 3.0, "asked_help": false}
			if _, _, err := env.Store.Submit(context.Background(), v.ID, models.Submission{Answers: ans, Scores: v.Worksheet.Def.Score(ans)}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 20; i++ {
			p.API("GET", "/api/v1/clients/"+ids[0]+"/summary.pdf", nil)
		}
		f, _ := os.Create("/tmp/zz_" + db.Name + ".prof")
		pprof.StartCPUProfile(f)
		t0, c0 := time.Now(), testenv.ProcessCPU()
		for i := 0; i < 50; i++ {
			p.API("GET", "/api/v1/clients/"+ids[0]+"/summary.pdf", nil)
		}
		t.Logf("%s summary %v cpu %v", db.Name, time.Since(t0)/50, (testenv.ProcessCPU()-c0)/50)
		pprof.StopCPUProfile()
		f.Close()
		resp, body := p.API("GET", "/api/v1/clients/"+ids[0]+"/summary.pdf", nil)
		os.WriteFile("/tmp/zz_"+db.Name+".pdf", []byte(body), 0o644)
		t.Log(resp.StatusCode)
	}
}
