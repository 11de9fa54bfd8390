// Package mediatest builds images for tests: a JPEG as a phone or camera
// writes it, with the metadata that must never reach readers.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// Secrets are strings the camera JPEG holds in its metadata (camera make and
// model, body serial number, GPS date, XMP position, IPTC byline, comment):
// none may be left in a stored or served copy.
var Secrets = []string{"Canon", "EOS R5", "SN-4815162342", "2026:11:30", "GPSLatitude", "Jane Source", "safehouse"}

// ICCProfile is the APP2 segment payload of the camera JPEG: it must stay.
var ICCProfile = append([]byte("ICC_PROFILE\x00\x01\x01"), iccBody()...)

// OrientationExif is the EXIF segment payload a stripped copy of the camera
// JPEG keeps: only Orientation = 6 (rotate 90° clockwise to show).
var OrientationExif = []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")

func iccBody() []byte {
	p := make([]byte, 132)
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	copy(p[4:], "lcms")
	copy(p[12:], "mntrRGB XYZ ")
	copy(p[36:], "acsp")
	return p
}

// CameraJPEG is a w×h JPEG with, after SOI: an EXIF APP1 holding Make,
// Model, Orientation = 6, an Exif IFD with BodySerialNumber and a GPS IFD
// with position and date; an XMP APP1 with a GPS position; an APP2 ICC
// profile; an APP13 IPTC byline; and a comment.
func CameraJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 5), uint8(x + y), 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain := enc.Bytes()
	var out []byte
	out = append(out, plain[:2]...) // SOI
	out = segment(out, 0xE1, append([]byte("Exif\x00\x00"), cameraTIFF()...))
	out = segment(out, 0xE1, []byte(`http://ns.adobe.com/xap/1.0/`+"\x00"+
		`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="51,30.12N" exif:GPSLongitude="0,7.5W"/></rdf:RDF></x:xmpmeta>`))
	out = segment(out, 0xE2, ICCProfile)
	out = segment(out, 0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0f\x1c\x02\x50\x00\x0bJane Source"))
	out = segment(out, 0xFE, []byte("taken at the safehouse"))
	return append(out, plain[2:]...)
}

func segment(out []byte, marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append(append(out, 0xFF, marker, byte(n>>8), byte(n)), payload...)
}

type entry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

func ascii(tag uint16, s string) entry {
	return entry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
}

func long(tag uint16, v uint32) entry {
	return entry{tag, 4, 1, binary.LittleEndian.AppendUint32(nil, v)}
}

func rationals(tag uint16, vs ...uint32) entry { // numerator, denominator pairs
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return entry{tag, 5, uint32(len(vs) / 2), b}
}

// cameraTIFF is a little-endian TIFF structure as cameras write it.
func cameraTIFF() []byte {
	ifd0 := func(exifAt, gpsAt uint32) []entry {
		return []entry{
			ascii(0x010F, "Canon"), ascii(0x0110, "Canon EOS R5"),
			{0x0112, 3, 1, []byte{6, 0}},
			long(0x8769, exifAt), long(0x8825, gpsAt),
		}
	}
	exif := []entry{ascii(0xA431, "SN-4815162342")}
	gps := []entry{
		{0x0000, 1, 4, []byte{2, 3, 0, 0}},
		ascii(0x0001, "N"), rationals(0x0002, 51, 1, 30, 1, 1234, 100),
		ascii(0x0003, "W"), rationals(0x0004, 0, 1, 7, 1, 3000, 100),
		ascii(0x001D, "2026:11:30"),
	}
	b0 := ifd(8, ifd0(0, 0))
	exifAt := 8 + len(b0)
	bE := ifd(exifAt, exif)
	gpsAt := exifAt + len(bE)
	bG := ifd(gpsAt, gps)
	b0 = ifd(8, ifd0(uint32(exifAt), uint32(gpsAt)))
	out := []byte("II\x2a\x00\x08\x00\x00\x00")
	return append(append(append(out, b0...), bE...), bG...)
}

// ifd lays out one IFD starting at offset start, values longer than four
// bytes after it.
func ifd(start int, es []entry) []byte {
	le := binary.LittleEndian
	dataAt := start + 2 + 12*len(es) + 4
	head := le.AppendUint16(nil, uint16(len(es)))
	var data []byte
	for _, e := range es {
		head = le.AppendUint16(head, e.tag)
		head = le.AppendUint16(head, e.typ)
		head = le.AppendUint32(head, e.count)
		if len(e.data) <= 4 {
			head = append(head, append(e.data, make([]byte, 4-len(e.data))...)...)
			continue
		}
		head = le.AppendUint32(head, uint32(dataAt+len(data)))
		data = append(data, e.data...)
		if len(data)%2 == 1 {
			data = append(data, 0)
		}
	}
	head = le.AppendUint32(head, 0)
	return append(head, data...)
}
