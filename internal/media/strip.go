package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Strip removes what a camera or an editing program wrote about a picture
// (EXIF with GPS position, camera model and serial number, XMP, IPTC,
// comments, embedded thumbnails, text chunks) from a JPEG, PNG or GIF, and
// keeps what affects how it looks: the orientation and the colour profile.
// It rewrites the container only: the compressed image data is copied byte
// for byte, so nothing is re-encoded and no quality is lost. Stripping an
// already stripped image returns the same bytes. Data that does not parse
// as one of the three formats is an error, never a panic.
func Strip(data []byte) ([]byte, error) {
	out, _, err := strip(data)
	return out, err
}

// layout is what the container says about decoding cost, read while
// stripping.
type layout struct {
	// JPEG: samples per pixel over all components (3 for 4:4:4 colour, 1.5
	// for 4:2:0, 1 for grey), and whether scans are progressive (the
	// decoder then keeps every coefficient, 4 bytes per sample).
	samples     float64
	progressive bool
	// PNG: Adam7 interlacing (the decoder builds each pass, then the whole).
	interlaced bool
	// JPEG: the EXIF orientation (1-8; 0 when there is none), which the
	// standard decoder ignores and crops must apply.
	orientation int
}

func strip(data []byte) ([]byte, layout, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		return stripJPEG(data)
	case bytes.HasPrefix(data, pngSignature):
		out, err := stripPNG(data)
		return out, layout{interlaced: len(data) > 28 && data[28] == 1}, err
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		out, err := stripGIF(data)
		return out, layout{}, err
	}
	return nil, layout{}, errors.New("media: strip: not a JPEG, PNG or GIF")
}

var errTruncated = errors.New("media: strip: the file ends inside a segment")

// JPEG markers (ITU T.81 table B.1).
const (
	mSOS   = 0xDA
	mEOI   = 0xD9
	mSOI   = 0xD8
	mAPP0  = 0xE0
	mAPP1  = 0xE1
	mAPP2  = 0xE2
	mAPP14 = 0xEE
	mAPP15 = 0xEF
	mCOM   = 0xFE
)

// stripJPEG walks the segments of a JPEG. Kept: APP0 JFIF (without its
// thumbnail), APP2 ICC_PROFILE, APP14 Adobe (it says how to transform the
// colours), and every segment that is not metadata (tables, frame, scans).
// Dropped: every APP1 (EXIF, XMP), other APPn (IPTC in APP13, MPF, JFXX
// thumbnails), COM, and anything after EOI (appended previews and videos).
// An EXIF orientation other than 1 is written back in a minimal EXIF
// segment holding only that tag.
func stripJPEG(data []byte) ([]byte, layout, error) {
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, mSOI)
	var lay layout
	wroteOrientation := false
	i := 2
	for {
		if i >= len(data) {
			return nil, lay, errTruncated
		}
		if data[i] != 0xFF {
			return nil, lay, fmt.Errorf("media: strip: jpeg: no marker at byte %d", i)
		}
		for i < len(data) && data[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(data) {
			return nil, lay, errTruncated
		}
		m := data[i]
		i++
		switch {
		case m == mEOI:
			return append(out, 0xFF, mEOI), lay, nil
		case m >= 0xD0 && m <= 0xD7 || m == 0x01: // RSTn, TEM: no length
			out = append(out, 0xFF, m)
			continue
		case m == mSOI || m == 0x00:
			return nil, lay, fmt.Errorf("media: strip: jpeg: unexpected marker %#x at byte %d", m, i-1)
		}
		if i+2 > len(data) {
			return nil, lay, errTruncated
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 {
			return nil, lay, fmt.Errorf("media: strip: jpeg: segment length %d at byte %d", n, i)
		}
		if n > len(data)-i {
			return nil, lay, errTruncated
		}
		seg, payload := data[i:i+n], data[i+2:i+n]
		i += n
		switch {
		case m == mAPP0:
			if jfif := jfifWithoutThumbnail(payload); jfif != nil {
				out = appendSegment(out, mAPP0, jfif)
			}
		case m == mAPP1:
			if o := exifOrientation(payload); o != 1 && !wroteOrientation {
				wroteOrientation = true
				lay.orientation = o
				out = appendSegment(out, mAPP1, orientationExif(o))
			}
		case m == mAPP2:
			if bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00")) {
				out = append(append(out, 0xFF, m), seg...)
			}
		case m == mAPP14:
			if bytes.HasPrefix(payload, []byte("Adobe")) {
				out = append(append(out, 0xFF, m), seg...)
			}
		case m > mAPP2 && m <= mAPP15, m == mCOM:
			// metadata of other kinds: IPTC/Photoshop (APP13), Ducky, FlashPix, comments
		default:
			if isSOF(m) {
				lay.samples, lay.progressive = frameSamples(payload), m&3 == 2
			}
			out = append(append(out, 0xFF, m), seg...)
		}
		if m != mSOS {
			continue
		}
		// The entropy-coded data after a scan header runs to the next marker
		// that is neither a stuffed 0xFF00 nor a restart marker.
		j := i
		for {
			if j+1 >= len(data) {
				return nil, lay, errTruncated
			}
			if data[j] == 0xFF {
				if next := data[j+1]; next != 0x00 && !(next >= 0xD0 && next <= 0xD7) {
					break
				}
				j += 2
				continue
			}
			j++
		}
		out = append(out, data[i:j]...)
		i = j
	}
}

// isSOF reports a start-of-frame marker (SOF0-SOF15 less DHT, JPG, DAC).
func isSOF(m byte) bool {
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC
}

// frameSamples is the number of samples per pixel a frame header asks for,
// over all its components, from their sampling factors; 0 if unreadable.
func frameSamples(p []byte) float64 {
	if len(p) < 6 {
		return 0
	}
	n := int(p[5])
	if n == 0 || len(p) < 6+3*n {
		return 0
	}
	hmax, vmax := 1, 1
	for k := 0; k < n; k++ {
		hmax, vmax = max(hmax, int(p[7+3*k]>>4)), max(vmax, int(p[7+3*k]&15))
	}
	var sum float64
	for k := 0; k < n; k++ {
		sum += float64(int(p[7+3*k]>>4)*int(p[7+3*k]&15)) / float64(hmax*vmax)
	}
	return sum
}

func appendSegment(out []byte, marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append(append(out, 0xFF, marker, byte(n>>8), byte(n)), payload...)
}

// jfifWithoutThumbnail returns a JFIF APP0 payload with any embedded
// thumbnail removed (a thumbnail can show what a crop removed), or nil for
// an APP0 of another kind (JFXX thumbnails among them).
func jfifWithoutThumbnail(p []byte) []byte {
	const header = 14 // "JFIF\0", version, units, densities, thumbnail size
	if len(p) < header || !bytes.HasPrefix(p, []byte("JFIF\x00")) {
		return nil
	}
	if len(p) == header && p[12] == 0 && p[13] == 0 {
		return p
	}
	out := append([]byte(nil), p[:header]...)
	out[12], out[13] = 0, 0
	return out
}

// exifOrientation reads the Orientation tag (0x0112) from IFD0 of an EXIF
// APP1 payload; 1 (as stored) when there is none or it cannot be read.
func exifOrientation(p []byte) int {
	if !bytes.HasPrefix(p, []byte("Exif\x00\x00")) {
		return 1
	}
	t := p[6:]
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := uint64(bo.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 1
	}
	count := uint64(bo.Uint16(t[ifd:]))
	for k := uint64(0); k < count; k++ {
		e := ifd + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 { // one SHORT
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// orientationExif is an EXIF APP1 payload holding only an Orientation tag.
func orientationExif(o int) []byte {
	p := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + // TIFF header, IFD0 at 8
		"\x00\x01" + // one entry
		"\x01\x12\x00\x03\x00\x00\x00\x01") // Orientation, SHORT, count 1
	p = append(p, byte(o>>8), byte(o), 0, 0) // value, padded to 4 bytes
	return append(p, 0, 0, 0, 0)             // no next IFD
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngDropped are the PNG chunks that carry metadata rather than pixels or
// colour: EXIF, text (author, software, comments, XMP in iTXt), and time.
var pngDropped = map[string]bool{"eXIf": true, "tEXt": true, "zTXt": true, "iTXt": true, "tIME": true}

// stripPNG copies every chunk up to IEND except the metadata ones; colour
// chunks (iCCP, sRGB, gAMA, cHRM), pHYs and animation chunks stay.
func stripPNG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	i := len(pngSignature)
	for {
		if len(data)-i < 12 {
			return nil, errTruncated
		}
		n := uint64(binary.BigEndian.Uint32(data[i:]))
		if n > 0x7FFFFFFF {
			return nil, fmt.Errorf("media: strip: png: chunk length %d at byte %d", n, i)
		}
		if n+12 > uint64(len(data)-i) {
			return nil, errTruncated
		}
		end := i + 12 + int(n)
		typ := string(data[i+4 : i+8])
		if !pngDropped[typ] {
			out = append(out, data[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, nil // anything appended after IEND goes
		}
	}
}

// gifKeptApps are the application extensions that change how a GIF plays
// or looks: looping, and an ICC colour profile. Others (XMP among them) go.
var gifKeptApps = map[string]bool{"NETSCAPE2.0": true, "ANIMEXTS1.0": true, "ICCRGBG1012": true}

// stripGIF drops comment extensions and application extensions other than
// gifKeptApps; image data, colour tables and graphic control stay.
func stripGIF(data []byte) ([]byte, error) {
	const header = 13 // signature, version, logical screen descriptor
	if len(data) < header {
		return nil, errTruncated
	}
	i := header
	if flags := data[10]; flags&0x80 != 0 {
		i += 3 << (flags&7 + 1)
	}
	if i > len(data) {
		return nil, errTruncated
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:i]...)
	for {
		if i >= len(data) {
			return nil, errTruncated
		}
		switch data[i] {
		case 0x3B: // trailer
			return append(out, 0x3B), nil
		case 0x2C: // image descriptor, local colour table, LZW code size, data
			start := i
			if len(data)-i < 11 {
				return nil, errTruncated
			}
			j := i + 10
			if flags := data[i+9]; flags&0x80 != 0 {
				j += 3 << (flags&7 + 1)
			}
			j++ // LZW minimum code size
			end, err := gifSubBlocks(data, j)
			if err != nil {
				return nil, err
			}
			out = append(out, data[start:end]...)
			i = end
		case 0x21: // extension
			if len(data)-i < 2 {
				return nil, errTruncated
			}
			end, err := gifSubBlocks(data, i+2)
			if err != nil {
				return nil, err
			}
			keep := true
			switch data[i+1] {
			case 0xFE: // comment
				keep = false
			case 0xFF: // application: the first sub-block names it
				keep = i+3+11 <= end && data[i+2] == 11 && gifKeptApps[string(data[i+3:i+3+11])]
			}
			if keep {
				out = append(out, data[i:end]...)
			}
			i = end
		default:
			return nil, fmt.Errorf("media: strip: gif: unknown block %#x at byte %d", data[i], i)
		}
	}
}

// gifSubBlocks returns the index just past the sub-blocks starting at i
// (each a length byte and that many bytes, ending with a zero length).
func gifSubBlocks(data []byte, i int) (int, error) {
	for {
		if i >= len(data) {
			return 0, errTruncated
		}
		n := int(data[i])
		i++
		if n == 0 {
			return i, nil
		}
		if n > len(data)-i {
			return 0, errTruncated
		}
		i += n
	}
}
