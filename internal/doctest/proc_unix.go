//go:build unix

package doctest

import (
	"os/exec"
	"syscall"
)

// killGroup starts the tool in a process group of its own and makes a timeout kill the whole
// group: soffice starts soffice.bin under a launcher, and killing the launcher alone leaves
// soffice.bin running and holding the test's output pipe.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
