// Package geo draws Danish municipalities as server-side SVG choropleth
// maps, with a legend and an HTML table alternative, for pages that must
// work without JavaScript, offline and in print (WCAG 2.1 AA: the map is a
// named, described image; the table carries the same data and links).
//
// Boundaries come from the embedded TopoJSON data/dk_kommuner_dagi_simplified.topo.json
// (DAGI, "Indeholder data fra Klimadatastyrelsen"; see data/SOURCES.md):
// 98 municipalities plus Christiansø, keyed here by the 3-digit kommunekode
// ("0101" in the data is "101"). The topology is decoded once with
// encoding/json (quantized, delta-encoded arcs; reversed arc references;
// Polygon and MultiPolygon).
//
// Geometry is projected with an equirectangular projection around 56°N
// (x scaled by cos 56°), fitted to the subset being drawn, and simplified
// per layout with Douglas–Peucker on whole boundary chains between
// junctions, so neighbours share identical simplified borders. Coordinates
// are written in tenths of a unit with relative path commands. Layouts are
// cached per subset and width, so repeated renders only format strings.
// Bornholm (and Christiansø, if asked for) go in a framed inset in the
// top-right corner when drawn with other municipalities, or beside the map
// when that corner is not empty (as for the capital region).
//
// Typical use:
//
//	vals := map[string]float64{"101": 2.1, "147": 1.9}
//	opts := geo.Options{
//		ID: "co2map", Title: "CO₂e per indbygger 2023", Description: "…",
//		Codes: geo.CapitalRegionCodes(), Values: vals, Format: formatDanish,
//		Breaks: geo.QuantileBreaks(vals, geo.DefaultClasses), NoDataLabel: "Ingen data",
//		NameHeader: "Kommune", ValueHeader: "t CO₂e", ClassHeader: "Interval",
//	}
//	svg, err := geo.Choropleth(opts)
//	table, err := geo.Table(opts)
package geo
