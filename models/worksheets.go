package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// Worksheet sources.
const (
	SourceBuiltin = "builtin"
	SourceCustom  = "custom"
)

// WorksheetView is a stored version with its parsed definition.
type WorksheetView struct {
	WorksheetVersion
	Def *worksheets.Definition
	// derived: what callers work out once per version (Derived); shared by
	// every copy of a cached view.
	derived *derived
}

func (w WorksheetVersion) view() (*WorksheetView, error) {
	var d worksheets.Definition
	if err := json.Unmarshal([]byte(w.Definition), &d); err != nil {
		return nil, fmt.Errorf("store: worksheet %s v%d: %w", w.Key, w.Version, err)
	}
	return &WorksheetView{WorksheetVersion: w, Def: &d, derived: &derived{}}, nil
}

// SyncBuiltins records every built-in definition version that is not stored
// yet, so each answer can point at the exact version it was given. The
// stored ones are read in one query (a start's usual case: all stored).
func (s *Store) SyncBuiltins(ctx context.Context, defs []*worksheets.Definition) error {
	var stored []WorksheetVersion
	if err := s.ctx(ctx).Select("key", "version").Where("source = ?", SourceBuiltin).Find(&stored).Error; err != nil {
		return fmt.Errorf("store: sync builtins: %w", err)
	}
	have := map[string]bool{}
	for _, w := range stored {
		have[fmt.Sprint(w.Key, "@", w.Version)] = true
	}
	for _, d := range defs {
		if have[fmt.Sprint(d.Key, "@", d.Version)] {
			continue
		}
		js, err := json.Marshal(d)
		if err != nil {
			return err
		}
		w := WorksheetVersion{ID: newID(), Key: d.Key, Version: d.Version, Title: d.Title, Definition: string(js), Source: SourceBuiltin}
		if err := s.ctx(ctx).Create(&w).Error; err != nil && !errors.Is(err, gorm.ErrDuplicatedKey) {
			return fmt.Errorf("store: sync builtins: %w", err)
		}
	}
	return nil
}

// visibleTo scopes worksheet versions to built-ins and pid's own; an
// admin sees every practitioner's custom worksheets too.
func (s *Store) visibleTo(ctx context.Context, pid string) *gorm.DB {
	return visibleIn(s.read(ctx), pid)
}

// visibleIn is visibleTo on db (a transaction, so SQLite's one connection
// is not asked for twice). Whether pid is an admin is asked in the same
// statement.
func visibleIn(db *gorm.DB, pid string) *gorm.DB {
	return db.Where("(source = ? OR owner_id = ? OR EXISTS (SELECT 1 FROM practitioners WHERE id = ? AND role = ? AND disabled_at IS NULL))",
		SourceBuiltin, pid, pid, RoleAdmin)
}

// ListWorksheets returns the latest version of every worksheet pid can use,
// in course order (worksheets.CourseLess).
func (s *Store) ListWorksheets(ctx context.Context, pid string) ([]*WorksheetView, error) {
	out, err := s.latestViews(ctx, s.visibleTo(ctx, pid))
	if err != nil {
		return nil, fmt.Errorf("store: list worksheets: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return worksheets.CourseLess(out[i].Def, out[j].Def) })
	return out, nil
}

// LatestWorksheet returns the newest version of key that pid can use.
func (s *Store) LatestWorksheet(ctx context.Context, pid, key string) (*WorksheetView, error) {
	out, err := s.latestViews(ctx, s.visibleTo(ctx, pid).Where("key = ?", key))
	if err != nil {
		return nil, fmt.Errorf("store: latest worksheet: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out[0], nil
}

// LatestWorksheets is LatestWorksheet for several keys in one query, by
// key; a key pid cannot use is left out.
func (s *Store) LatestWorksheets(ctx context.Context, pid string, keys []string) (map[string]*WorksheetView, error) {
	out := make(map[string]*WorksheetView, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	vs, err := s.latestViews(ctx, s.visibleTo(ctx, pid).Where("key IN ?", keys))
	if err != nil {
		return nil, fmt.Errorf("store: latest worksheets: %w", err)
	}
	for _, v := range vs {
		out[v.Key] = v
	}
	return out, nil
}

// latestViews returns the newest version of each key among q's worksheet
// versions, by key. q's rows are read without their definitions (the
// bulk of a row): a version never changes, so its parsed view comes from
// the cache, and only versions not cached are read whole, in one more
// statement.
func (s *Store) latestViews(ctx context.Context, q *gorm.DB) ([]*WorksheetView, error) {
	var rows []WorksheetVersion
	if err := q.Select("id", "key", "version").Order("key, version DESC").Limit(5000).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]*WorksheetView, 0, len(rows))
	var missing []string
	for i, r := range rows {
		if i > 0 && rows[i-1].Key == r.Key {
			continue
		}
		if v := s.defs.get(r.ID); v != nil {
			out = append(out, v)
		} else {
			missing = append(missing, r.ID)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	var whole []WorksheetVersion
	if err := s.read(ctx).Where("id IN ?", missing).Find(&whole).Error; err != nil {
		return nil, err
	}
	for _, w := range whole {
		v, err := s.view(w)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// WorksheetVersionByID loads an exact version (for rendering old answers).
// A version never changes, so one parsed before is not read again.
func (s *Store) WorksheetVersionByID(ctx context.Context, id string) (*WorksheetView, error) {
	if v := s.defs.get(id); v != nil {
		return v, nil
	}
	var w WorksheetVersion
	if err := s.read(ctx).Where("id = ?", id).First(&w).Error; err != nil {
		return nil, notFound("worksheet version", err)
	}
	return s.view(w)
}

// SaveCustomWorksheet stores a validated definition as pid's own. A key
// used by a built-in or by another practitioner is ErrConflict; a key pid
// already owns gets the next version number.
func (s *Store) SaveCustomWorksheet(ctx context.Context, pid string, d *worksheets.Definition) (*WorksheetView, error) {
	var out *WorksheetView
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var latest WorksheetVersion
		err := tx.Where("key = ?", d.Key).Order("version DESC").First(&latest).Error
		next := 1
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
		case err != nil:
			return err
		case latest.Source != SourceCustom || latest.OwnerID != pid:
			return fmt.Errorf("%w: the key %q is already used by another worksheet; choose another key", ErrConflict, d.Key)
		default:
			next = latest.Version + 1
		}
		cp := *d
		cp.Version = next
		js, err := json.Marshal(&cp)
		if err != nil {
			return err
		}
		w := WorksheetVersion{ID: newID(), Key: cp.Key, Version: next, Title: cp.Title, Definition: string(js), Source: SourceCustom, OwnerID: pid}
		if err := tx.Create(&w).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fmt.Errorf("%w: saved at the same moment elsewhere; try again", ErrConflict)
			}
			return err
		}
		out = &WorksheetView{WorksheetVersion: w, Def: &cp, derived: &derived{}}
		return s.audit(ctx, tx, practitionerActor(pid), "worksheet.save", "worksheet", w.ID)
	})
	return out, err
}
