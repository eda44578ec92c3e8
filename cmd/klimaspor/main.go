// Command klimaspor runs Klimaspor: see `klimaspor --help`.
package main

import (
	"context"
	"os"

	"klimaspor/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
