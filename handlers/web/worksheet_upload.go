package web

import (
	"errors"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// "Make it yours": paste or upload a worksheet's YAML. Nothing is saved
// until the whole definition is valid; every problem is listed with its
// line number (and that line quoted) beside the YAML, which is kept.

type uploadProblem struct {
	Line    int
	Path    string
	Message string
	Excerpt string
}

type uploadPage struct {
	httpx.Base
	From     string
	YAML     string
	Problems []uploadProblem
}

// maxUploadYAML caps a pasted or uploaded definition (the body limit is
// the outer bound).
const maxUploadYAML = 512 << 10

func (h *Handler) showUploadPage(c *fiber.Ctx) error {
	p := uploadPage{Base: h.Base(c, "worksheets", "Upload a worksheet")}
	if from := c.Query("from"); from != "" {
		_, data, err := h.worksheetYAML(c, from)
		if err != nil {
			return err
		}
		p.From, p.YAML = from, string(data)
	}
	return h.Render(c, "pages/worksheet_upload", p)
}

// uploadWorksheet parses the YAML and saves it as the practitioner's own
// worksheet (a new version when they already own the key).
func (h *Handler) uploadWorksheet(c *fiber.Ctx) error {
	src, problem, err := readUploadYAML(c)
	if err != nil {
		return err
	}
	if problem != "" {
		return h.uploadProblems(c, src, []uploadProblem{{Message: problem}})
	}
	def, err := worksheets.Parse([]byte(src))
	var de *worksheets.DefinitionError
	if errors.As(err, &de) {
		return h.uploadProblems(c, src, problemsWithLines(src, de.Problems))
	}
	if err != nil {
		return h.uploadProblems(c, src, []uploadProblem{{Message: "The YAML could not be read."}})
	}
	w, err := h.Store.SaveCustomWorksheet(c.UserContext(), httpx.Me(c).ID, def)
	if errors.Is(err, models.ErrConflict) {
		return h.uploadProblems(c, src, problemsWithLines(src, []worksheets.Problem{{Path: "key", Line: keyLine(src),
			Message: "this key is already used by another worksheet; change key: to a new name of your own"}}))
	}
	if err != nil {
		return err
	}
	h.Flash(c, "Worksheet saved as your own.")
	return httpx.Redirect(c, "/worksheets/"+w.Key)
}

// readUploadYAML reads YAML pasted in the "yaml" field or sent as the
// "file" upload (which wins); problem says what is wrong with it in words.
func readUploadYAML(c *fiber.Ctx) (src, problem string, err error) {
	src = c.FormValue("yaml")
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		if fh.Size > maxUploadYAML {
			return src, "The file is too large (at most 512 KB).", nil
		}
		f, err := fh.Open()
		if err != nil {
			return src, "", err
		}
		data, err := io.ReadAll(io.LimitReader(f, maxUploadYAML))
		f.Close()
		if err != nil {
			return src, "", err
		}
		src = string(data)
	}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	if strings.TrimSpace(src) == "" {
		return src, "Paste the YAML or choose a file.", nil
	}
	return src, "", nil
}

func (h *Handler) uploadProblems(c *fiber.Ctx, src string, probs []uploadProblem) error {
	return h.unprocessable(c, "pages/worksheet_upload", uploadPage{Base: h.Base(c, "worksheets", "Upload a worksheet"),
		YAML: src, Problems: probs})
}

// problemsWithLines quotes each problem's line from the YAML.
func problemsWithLines(src string, ps []worksheets.Problem) []uploadProblem {
	lines := strings.Split(src, "\n")
	out := make([]uploadProblem, 0, len(ps))
	for _, p := range ps {
		up := uploadProblem{Line: p.Line, Path: p.Path, Message: p.Message}
		if p.Line > 0 && p.Line <= len(lines) {
			up.Excerpt = strings.TrimRight(lines[p.Line-1], " \t")
			if r := []rune(up.Excerpt); len(r) > 160 {
				up.Excerpt = string(r[:160]) + "…"
			}
		}
		out = append(out, up)
	}
	return out
}

// keyLine finds the line of the top-level "key:" (0 when there is none).
func keyLine(src string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "key:") {
			return i + 1
		}
	}
	return 0
}
