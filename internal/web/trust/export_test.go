package trust

// SetMaxURLsForTest lowers the sitemap's limit of addresses per file and returns what
// restores it.
func SetMaxURLsForTest(n int) func() {
	old := maxURLs
	maxURLs = n
	return func() { maxURLs = old }
}
