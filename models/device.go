package models

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"gorm.io/gorm/clause"
)

const deviceKey = "device_cookie_secret"

// deviceSecret is the server secret that signs device cookies, created
// once (the first instance to write it wins; the others read it).
func (s *Store) deviceSecret(ctx context.Context) ([]byte, error) {
	var st Setting
	err := s.ctx(ctx).Where("key = ?", deviceKey).Limit(1).Find(&st).Error
	if err == nil && st.Value == "" {
		tok, terr := NewToken()
		if terr != nil {
			return nil, terr
		}
		err = s.ctx(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&Setting{Key: deviceKey, Value: tok}).Error
		if err == nil {
			err = s.ctx(ctx).Where("key = ?", deviceKey).First(&st).Error
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: device secret: %w", err)
	}
	return []byte(st.Value), nil
}

func deviceMAC(secret []byte, pid string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("tend-device:" + pid))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// DeviceCookie is the value of the known-device cookie set at a successful
// sign-in: account pid, signed with the server secret.
func (s *Store) DeviceCookie(ctx context.Context, pid string) (string, error) {
	secret, err := s.deviceSecret(ctx)
	if err != nil {
		return "", err
	}
	return pid + "." + deviceMAC(secret, pid), nil
}

// DeviceKnown reports whether cookie is a valid device cookie of the
// account with email: that browser signed in to it before.
func (s *Store) DeviceKnown(ctx context.Context, email, cookie string) bool {
	pid, mac, ok := strings.Cut(cookie, ".")
	if !ok || pid == "" || len(cookie) > 200 {
		return false
	}
	secret, err := s.deviceSecret(ctx)
	if err != nil || !hmac.Equal([]byte(mac), []byte(deviceMAC(secret, pid))) {
		return false
	}
	var p Practitioner
	err = s.ctx(ctx).Select("id").Where("email = ? AND id = ?", NormalizeEmail(email), pid).First(&p).Error
	return err == nil
}
