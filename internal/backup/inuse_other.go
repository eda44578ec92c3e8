//go:build !unix

package backup

// sqliteInUse cannot ask the operating system here; the operator stops the servers first,
// as the restore command's help says.
func sqliteInUse(path string) (bool, error) { return false, nil }
