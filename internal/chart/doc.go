// Package chart renders accessible, server-side SVG charts and their HTML
// table alternatives for klimaspor's server-rendered pages.
//
// The package has no JavaScript, no external assets and no language strings:
// every visible text (title, description, legend names, axis titles, the
// "no data" message) is passed in already translated, and every number is
// rendered through a caller-supplied Formatter so that it follows the
// reader's locale (for example Danish "1.234,5"). All functions are pure and
// deterministic: the same input always yields the same bytes.
//
// Chart kinds: Line (series with optional baseline reference and target
// markers), Bar (horizontal, optionally sorted, optional highlighted bar),
// StackedBar (categories × parts, negative parts stacked below zero) and
// Progress (small inline bar from a baseline towards a target). Each chart
// type has a TableData method, and Table renders any TableData as an HTML
// table.
//
// Accessibility rules followed (WCAG 2.1 AA, as required for Danish public
// sector web sites):
//
//   - The root element is <svg role="img" aria-labelledby="ID-title ID-desc">
//     with a <title> and a <desc> child, so screen readers announce the
//     caller's title and description (1.1.1 Non-text Content). The caller
//     supplies a unique ID prefix per page; characters outside [A-Za-z0-9_-]
//     are replaced so that the ID is always a valid reference.
//   - The data is always available as a real HTML table (Table with <caption>,
//     <th scope="col"> and <th scope="row">), which callers should render next
//     to, or in a disclosure below, each chart (1.3.1 Info and Relationships).
//   - Colour is never the only carrier of meaning (1.4.1 Use of Color):
//     series use the Okabe–Ito colour-blind-safe palette ordered so that
//     neighbouring colours differ in lightness (greyscale printing), and in
//     addition line series differ by dash pattern and marker shape, filled
//     areas differ by hatch pattern, the highlighted bar has a thick outline,
//     a hatch and a bold label, and targets are open diamonds on a dashed line.
//   - Lines and markers that carry data use colours with at least 3:1 contrast
//     against white where the palette allows (1.4.11 Non-text Contrast).
//   - Text is at least 12px at the default width (viewBox widths are chosen to
//     match a typical content column and an A4 print width), and is rendered
//     as real SVG text, never as paths (1.4.4 Resize Text).
//   - All caller text is XML-escaped; there is no inline script and no
//     external reference. Styling uses presentation attributes, so charts
//     render correctly even without the optional CSS snippet in CSS, which adds
//     responsive sizing and print rules (avoid page breaks, exact colours).
//
// Axes are honest (docs/DECISIONS.md 44): bars start at zero; a line's y axis
// includes zero unless the values barely vary, and a cut axis is marked on the
// axis and, through LineChart.CutAxisNote, in the description and table
// caption; axes end near the data; tick labels carry only the decimals the
// tick step needs (formatted by the optional TickFormat, or trimmed from the
// Formatter's text); long bar labels wrap onto up to three lines.
//
// Empty data, NaN and ±Inf never cause a panic: non-finite values are
// ignored (a line is broken at a gap) and a chart without any finite data
// renders the caller's "no data" text instead.
package chart
