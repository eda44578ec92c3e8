//go:build !unix

package pdf

import "os/exec"

// killGroup leaves the default, killing the browser's process, where there are no process groups.
func killGroup(cmd *exec.Cmd) {}
