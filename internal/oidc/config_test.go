package oidc_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/oidc"
)

func TestConfigFromEnv(t *testing.T) {
	full := map[string]string{
		"KLIMASPOR_OIDC_ISSUER":        "https://login.microsoftonline.com/0b5c7a3e-1111-2222-3333-444455556666/v2.0",
		"KLIMASPOR_OIDC_CLIENT_ID":     "client",
		"KLIMASPOR_OIDC_CLIENT_SECRET": "secret",
		"KLIMASPOR_OIDC_REDIRECT_URL":  "https://klimaspor.dk/auth/callback",
	}
	with := func(kv ...string) map[string]string {
		env := map[string]string{}
		for k, v := range full {
			env[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	tests := []struct {
		name        string
		env         map[string]string
		want        oidc.Config
		wantEnabled bool
		// wantErr lists strings the error must contain; nil means no error.
		wantErr []string
		// notInErr lists variables the error must not name.
		notInErr []string
	}{
		{
			name: "nothing set: disabled, not an error",
			env:  map[string]string{},
		},
		{
			name: "everything set, default name",
			env:  full,
			want: oidc.Config{
				Issuer:       full["KLIMASPOR_OIDC_ISSUER"],
				ClientID:     "client",
				ClientSecret: "secret",
				RedirectURL:  "https://klimaspor.dk/auth/callback",
				Name:         "Microsoft Entra ID",
			},
			wantEnabled: true,
		},
		{
			name: "name and surrounding spaces",
			env:  with("KLIMASPOR_OIDC_NAME", " Aarhus Kommune ", "KLIMASPOR_OIDC_CLIENT_ID", " client\n"),
			want: oidc.Config{
				Issuer:       full["KLIMASPOR_OIDC_ISSUER"],
				ClientID:     "client",
				ClientSecret: "secret",
				RedirectURL:  "https://klimaspor.dk/auth/callback",
				Name:         "Aarhus Kommune",
			},
			wantEnabled: true,
		},
		{
			name:     "issuer only: names every missing variable",
			env:      map[string]string{"KLIMASPOR_OIDC_ISSUER": full["KLIMASPOR_OIDC_ISSUER"]},
			wantErr:  []string{"KLIMASPOR_OIDC_CLIENT_ID", "KLIMASPOR_OIDC_CLIENT_SECRET", "KLIMASPOR_OIDC_REDIRECT_URL"},
			notInErr: []string{"KLIMASPOR_OIDC_ISSUER"},
		},
		{
			name:     "missing secret",
			env:      with("KLIMASPOR_OIDC_CLIENT_SECRET", ""),
			wantErr:  []string{"KLIMASPOR_OIDC_CLIENT_SECRET"},
			notInErr: []string{"KLIMASPOR_OIDC_CLIENT_ID", "KLIMASPOR_OIDC_REDIRECT_URL"},
		},
		{
			name:     "everything but the issuer is partial, not disabled",
			env:      with("KLIMASPOR_OIDC_ISSUER", ""),
			wantErr:  []string{"KLIMASPOR_OIDC_ISSUER"},
			notInErr: []string{"KLIMASPOR_OIDC_CLIENT_ID"},
		},
		{
			name:    "only a name is partial",
			env:     map[string]string{"KLIMASPOR_OIDC_NAME": "Entra"},
			wantErr: []string{"KLIMASPOR_OIDC_ISSUER", "KLIMASPOR_OIDC_CLIENT_ID"},
		},
		{
			name:    "Entra ID /common issuer",
			env:     with("KLIMASPOR_OIDC_ISSUER", "https://login.microsoftonline.com/common/v2.0"),
			wantErr: []string{"KLIMASPOR_OIDC_ISSUER", "tenant issuer", "/common"},
		},
		{
			name:    "Entra ID /organizations issuer",
			env:     with("KLIMASPOR_OIDC_ISSUER", "https://login.microsoftonline.com/organizations/v2.0"),
			wantErr: []string{"tenant issuer"},
		},
		{
			name:    "plain http issuer off loopback",
			env:     with("KLIMASPOR_OIDC_ISSUER", "http://idp.example.com"),
			wantErr: []string{"KLIMASPOR_OIDC_ISSUER", "https"},
		},
		{
			name:    "relative redirect URL",
			env:     with("KLIMASPOR_OIDC_REDIRECT_URL", "/auth/callback"),
			wantErr: []string{"KLIMASPOR_OIDC_REDIRECT_URL", "absolute"},
		},
		{
			name: "http on loopback for development",
			env:  with("KLIMASPOR_OIDC_ISSUER", "http://127.0.0.1:5556", "KLIMASPOR_OIDC_REDIRECT_URL", "http://localhost:8080/auth/callback"),
			want: oidc.Config{
				Issuer:       "http://127.0.0.1:5556",
				ClientID:     "client",
				ClientSecret: "secret",
				RedirectURL:  "http://localhost:8080/auth/callback",
				Name:         "Microsoft Entra ID",
			},
			wantEnabled: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := oidc.ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ConfigFromEnv: %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Config (-want +got):\n%s", diff)
				}
				if got.Enabled() != tt.wantEnabled {
					t.Errorf("Enabled() = %v, want %v", got.Enabled(), tt.wantEnabled)
				}
				return
			}
			if err == nil {
				t.Fatalf("ConfigFromEnv = %+v, want an error", got)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			for _, s := range tt.notInErr {
				if strings.Contains(err.Error(), s+",") || strings.HasSuffix(err.Error(), s) {
					t.Errorf("error %q names %s, which is set", err, s)
				}
			}
			if got.Enabled() {
				t.Errorf("a failed configuration is enabled: %+v", got)
			}
		})
	}
}
