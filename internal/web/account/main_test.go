package account_test

import (
	"os"
	"testing"

	"klimaspor/internal/mail/mailtest"
)

// TestMain lets the test binary double as the SMTP server process some tests start
// (mailtest.StartProcess).
func TestMain(m *testing.M) {
	mailtest.ServeIfChild()
	os.Exit(m.Run())
}
