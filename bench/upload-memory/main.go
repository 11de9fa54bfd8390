// Command upload-memory measures what image uploads cost in memory: it
// builds a small PNG that decodes to a large image (by default the 389 KB,
// 7070 × 7070, 16-bit PNG that took a server from 89 MB to 651 MB), saves
// it N times in parallel through media.Library.SaveImage on a fresh SQLite
// database, and prints the process's resident memory (VmRSS) before, its
// peak (VmHWM) and after. It sets GOGC=400 as serve does.
//
//	go run ./bench/upload-memory                       # the file, six at once
//	go run ./bench/upload-memory -size 5600            # 239 MB decoded: within the budget
package main

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"log"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/media"
	"masthead/internal/store"
)

func main() {
	size := flag.Int("size", 7070, "width and height of the PNG in pixels")
	n := flag.Int("n", 6, "uploads at once")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "upload-memory-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	pic := deepPNG(*size)
	lib := media.New(dir+"/media", db, time.Now)
	debug.FreeOSMemory()
	fmt.Printf("PNG: %d × %d, 16-bit RGBA, %d KB; %d uploads at once\n", *size, *size, len(pic)>>10, *n)
	fmt.Printf("before:  VmRSS %4d MB\n", status("VmRSS"))

	var wg sync.WaitGroup
	results := make([]string, *n)
	for i := range *n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := lib.SaveImage(ctx, bytes.NewReader(pic), 0)
			var bad apperr.Fields
			switch {
			case err == nil:
				results[i] = "stored"
			case errors.As(err, &bad):
				results[i] = "refused: " + bad["image"]
			default:
				results[i] = "refused: " + err.Error()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("peak:    VmHWM %4d MB\n", status("VmHWM"))
	fmt.Printf("after:   VmRSS %4d MB\n", status("VmRSS"))
	time.Sleep(5 * time.Second)
	fmt.Printf("5 s on:  VmRSS %4d MB\n", status("VmRSS"))
	counts := map[string]int{}
	for _, r := range results {
		counts[r]++
	}
	for r, c := range counts {
		fmt.Printf("%d × %s\n", c, r)
	}
}

// deepPNG writes a size × size 16-bit RGBA PNG of one colour row by row,
// so building it takes no more memory than one row.
func deepPNG(size int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(size))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(size))
	chunk("IHDR", append(ihdr, 16, 6, 0, 0, 0))
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	bw := bufio.NewWriter(zw)
	row := make([]byte, 1+size*8)
	for i := 1; i < len(row); i += 2 {
		row[i] = 0x80 // mid grey, opaque enough to be an ordinary picture
	}
	for range size {
		bw.Write(row)
	}
	bw.Flush()
	zw.Close()
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// status reads a field of /proc/self/status in MB.
func status(field string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb >> 10
		}
	}
	return -1
}
