// Command c2sp-go checks a CityHealth ledger with an independent implementation: Go's golang.org/x/mod/sumdb
// (the note and tlog packages behind the Go checksum database), not the hub's own Java library.
//
// It opens the checkpoint with the log's verifier key (signed-note, Ed25519), recomputes the tree hash from the
// hash tiles (tlog.TileHashReader authenticates every tile against the checkpoint's root), and proves and checks
// the inclusion of every entry of the entry bundles. sumdb's tile paths carry the tile height ("tile/8/0/000");
// C2SP tlog-tiles dropped it ("tile/0/000") and calls the data tiles "entries": the reader below maps one onto
// the other and falls back to the full tile when a partial one has been superseded, as tlog-tiles allows.
//
// Usage: go run main.go <log directory> <verifier key>
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return height }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := d.read(t)
		if err != nil {
			return nil, err
		}
		data[i] = b
	}
	return data, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// read returns the tile's bytes, or the first W hashes (or entries) of the full tile when the partial one is gone.
func (d dirTiles) read(t tlog.Tile) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(d.dir, c2spPath(t)))
	if err == nil || t.W == 1<<height {
		return b, err
	}
	full := t
	full.W = 1 << height
	b, err = os.ReadFile(filepath.Join(d.dir, c2spPath(full)))
	if err != nil {
		return nil, err
	}
	if t.L < 0 {
		return b, nil // entry bundles are cut by the caller, which knows how many entries it wants
	}
	return b[:t.W*tlog.HashSize], nil
}

func c2spPath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), "tile/"+strconv.Itoa(height)+"/")
	p = strings.Replace(p, "data/", "entries/", 1)
	return "tile/" + p
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "c2sp-go: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: c2sp-go <log directory> <verifier key>")
	}
	dir, vkey := os.Args[1], os.Args[2]
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("checkpoint: origin %q is not the key's name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("checkpoint root: %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], rootBytes)

	tiles := dirTiles{dir}
	reader := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, tiles)
	if computed, err := tlog.TreeHash(size, reader); err != nil || computed != root {
		fail("tree hash from the tiles: %v (computed %v, checkpoint %v)", err, computed, root)
	}
	for bundle := int64(0); bundle*(1<<height) < size; bundle++ {
		width := size - bundle*(1<<height)
		if width > 1<<height {
			width = 1 << height
		}
		data, err := tiles.read(tlog.Tile{H: height, L: -1, N: bundle, W: int(width)})
		if err != nil {
			fail("entry bundle %d: %v", bundle, err)
		}
		r := bytes.NewReader(data)
		for k := int64(0); k < width; k++ {
			index := bundle*(1<<height) + k
			var length [2]byte
			if _, err := r.Read(length[:]); err != nil {
				fail("entry %d: bundle too short", index)
			}
			entry := make([]byte, int(length[0])<<8|int(length[1]))
			if got, _ := r.Read(entry); got != len(entry) {
				fail("entry %d: bundle too short", index)
			}
			proof, err := tlog.ProveRecord(size, index, reader)
			if err != nil {
				fail("entry %d: proof: %v", index, err)
			}
			if err := tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(entry)); err != nil {
				fail("entry %d: %v", index, err)
			}
		}
	}
	fmt.Printf("ok (golang.org/x/mod/sumdb): %s, %d entries, every inclusion proof checks against the signed root\n", verifier.Name(), size)
}
