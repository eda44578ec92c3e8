package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bound what reading one file may cost. The file itself is never held whole in
// memory: it is read row by row from the caller's file, or from a temporary copy of a
// stream. What is bounded here is what an XLSX workbook, a zip archive of XML parts,
// unpacks to.
type Limits struct {
	// Unpacked is the most bytes all parts of a workbook may unpack to together
	// (excelize's UnzipSizeLimit). A large worksheet is unpacked to a temporary file and
	// read from there, so this bounds disk and time rather than memory. Zero means
	// DefaultLimits.
	Unpacked int64
}

// UnpackRatio is how many times its own size a workbook may unpack to. XML compresses
// well: Klimaspor's own export of a million indicator values unpacks to 14 times its size;
// a decompression bomb to a thousand times.
const UnpackRatio = 16

// LimitsFor are the limits for files of at most maxFile bytes.
func LimitsFor(maxFile int64) Limits {
	return Limits{Unpacked: maxFile * UnpackRatio}
}

// DefaultLimits are the limits for files of up to 64 MiB: a workbook may unpack to 1 GiB.
var DefaultLimits = LimitsFor(64 << 20)

// What an XLSX workbook may hold. excelize keeps every part in memory except worksheets
// and the shared strings larger than maxPart, which it unpacks to temporary files
// (UnzipXMLSizeLimit); the other parts are parsed whole. Shared strings in memory cost about
// 20 times their size (290,000 strings, 7.7 MB of XML, took 130–155 MB more at the peak of
// a million-row import); from a temporary file they cost an index entry of about 50 bytes a
// string, but every lookup reads the file, which doubled the time of that import. A row is
// decoded whole by excelize's row iterator.
const (
	maxPart          = 4 << 20  // any part held in memory; worksheets and shared strings beyond it are read from disk
	maxInMemory      = 32 << 20 // all parts held in memory together
	maxSharedStrings = 32 << 20 // the shared strings table, unpacked
	maxRowXML        = 4 << 20  // one row of a worksheet (the XML from one row's start to the next)
)

// TooLargeError is a file beyond what an import takes. The API answers it with 413.
type TooLargeError struct {
	Reason string
}

func (e *TooLargeError) Error() string { return e.Reason }

func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", (n+1023)>>10)
	}
	return fmt.Sprintf("%d MiB", (n+1<<20-1)>>20)
}

// checkWorkbook looks through the workbook's parts before excelize opens it, so that no
// part is unpacked into memory beyond the limits: it reads the sizes the archive declares
// (archive/zip refuses a part that unpacks to more than it declares), then reads each
// worksheet and the shared strings once, as a stream, to check that no row is too large.
func checkWorkbook(zr *zip.Reader, lim Limits) error {
	var total, inMemory int64
	for _, f := range zr.File {
		size := int64(min(f.UncompressedSize64, 1<<62))
		total += size
		if total > lim.Unpacked {
			return &TooLargeError{fmt.Sprintf("the workbook unpacks to more than %s, the most an import takes; "+
				"it is a damaged file or a decompression bomb, or else split it into smaller files or save it as CSV", mib(lim.Unpacked))}
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		sheetLike := strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
		switch {
		case name == "xl/sharedstrings.xml" && size > maxSharedStrings:
			return &TooLargeError{fmt.Sprintf("the workbook's shared strings (xl/sharedStrings.xml) unpack to %s, more than the %s an import takes; save the sheet as CSV", mib(size), mib(maxSharedStrings))}
		case sheetLike && size > maxPart:
			// unpacked to a temporary file and read from there
		case !sheetLike && size > maxPart:
			return &TooLargeError{fmt.Sprintf("the workbook's part %s unpacks to %s, more than the %s an import takes for a part that is not a worksheet; "+
				"it is a damaged file or a decompression bomb, or else save the sheet as CSV", f.Name, mib(size), mib(maxPart))}
		default:
			inMemory += size
			if inMemory > maxInMemory {
				return &TooLargeError{fmt.Sprintf("the workbook's parts besides its large worksheets unpack to more than %s, the most an import takes; save the sheet as CSV", mib(maxInMemory))}
			}
		}
	}
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if !strings.HasPrefix(name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return damaged(err)
		}
		err = checkRows(rc, maxRowXML)
		rc.Close()
		var tle *TooLargeError
		if errors.As(err, &tle) {
			return &TooLargeError{fmt.Sprintf("the workbook's part %s: %s", f.Name, tle.Reason)}
		}
		if err != nil {
			return damaged(err)
		}
	}
	return nil
}

// checkRows reads a worksheet's XML and refuses it if any stretch between the starts of two
// rows (or before the first, or after the last) is longer than max bytes: excelize decodes
// a row, with all its cells and their text, in one piece.
func checkRows(r io.Reader, max int) error {
	br := bufio.NewReaderSize(r, 64<<10)
	since := 0 // bytes since the last row's start
	for {
		chunk, err := br.ReadSlice('<')
		since += len(chunk)
		if since > max {
			return &TooLargeError{fmt.Sprintf("it holds a row, or XML between rows, of more than %s; it is a damaged file or a decompression bomb", mib(int64(max)))}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
		// After "<": a row starts with the element row, perhaps with a namespace prefix.
		name, _ := br.Peek(32)
		if end := bytes.IndexAny(name, " \t\r\n/>"); end >= 0 {
			name = name[:end]
		}
		if i := bytes.LastIndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		if bytes.Equal(name, rowName) {
			since = 0
		}
	}
}

var rowName = []byte("row")

// damaged reports a workbook that cannot be read.
func damaged(err error) error {
	detail := readable(err)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		detail = "a part is missing or cut short"
	}
	return &ImportError{Kind: "xlsx", Errors: []CellError{{Row: 0, Reason: "the file is not an Excel workbook (.xlsx) or it is damaged: " + detail}}}
}

// readable is an error's text for a message: a damaged part's XML error may quote its
// bytes, which need not be UTF-8 (FuzzImportXLSX), and are shown as U+FFFD.
func readable(err error) string {
	return strings.ToValidUTF8(err.Error(), "\uFFFD")
}
