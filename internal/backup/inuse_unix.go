//go:build unix

package backup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// shmDMS is the byte of a WAL database's -shm file on which every connection of SQLite's
// unix VFS holds a shared lock while it is open (its "dead man switch", UNIX_SHM_DMS in
// os_unix.c): a write lock on it conflicts while any other process has the database open.
const shmDMS = 128

// sqliteInUse says whether another process has the SQLite database at path open, as a
// running server has: it asks the kernel (F_GETLK, which takes no lock) whether a write
// lock on the -shm file's DMS byte would conflict. Locks of this process do not count.
func sqliteInUse(path string) (bool, error) {
	f, err := os.Open(path + "-shm")
	if errors.Is(err, os.ErrNotExist) {
		return false, nil // no connection in WAL mode has it open
	} else if err != nil {
		return false, err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: shmDMS, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false, fmt.Errorf("ask whether %s is in use: %w", path, err)
	}
	return lk.Type != syscall.F_UNLCK, nil
}
