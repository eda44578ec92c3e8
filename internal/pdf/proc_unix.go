//go:build unix

package pdf

import (
	"os/exec"
	"syscall"
)

// killGroup starts the browser in a process group of its own and makes a cancelled context kill
// the whole group: a wrapper script (Debian's /usr/bin/chromium is one) may not exec the
// browser, and killing the script alone would leave the browser and its helpers running.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
