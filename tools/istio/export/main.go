// Command export writes the charts and profiles that the pinned Istio release embeds
// (istio.io/istio/manifests.FS) into a directory, with a VERSION stamp. It imports nothing
// else of Istio, so it builds in seconds.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"istio.io/istio/manifests"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: export <out-dir> <version>")
		os.Exit(2)
	}
	out, version := os.Args[1], os.Args[2]
	tmp := out + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		fail(err)
	}
	err := fs.WalkDir(manifests.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(tmp, path)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(manifests.FS, path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "VERSION"), []byte(version+"\n"), 0o644); err != nil {
		fail(err)
	}
	if err := os.RemoveAll(out); err != nil {
		fail(err)
	}
	if err := os.Rename(tmp, out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "export:", err)
	os.Exit(1)
}
