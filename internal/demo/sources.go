package demo

import (
	"regexp"
	"strings"
)

// exampleSource is the source of every generated record. The records also carry example=true.
const exampleSource = "Eksempeldata genereret af Klimaspor – ikke rigtige tal"

// seeds expands the keys the capital-region data files use for the seed documents.
var seeds = map[string]string{
	"S000":  "Projektforslag til RUS-puljen 2022: »Værktøjer til kommunernes arbejde med borgere og bæredygtigt forbrug i DK2020-planerne«",
	"S001":  "KKR Hovedstaden: »Bagom VIP klimaprojekterne – og næste skridt« (slutrapport, 2024)",
	"S002":  "Projektforslag til RUS-puljen 2022/2023: »Klimaalliancen i hovedstadsregionen«",
	"S003":  "KKR Hovedstaden, mødemateriale (resultatkontrakt 2023 med Erhvervshus Hovedstaden, de 7+3 infrastrukturprojekter, VIP-klimaprojekterne, dimensionering på SOSU-området)",
	"S003c": "KKR Hovedstaden: kompendiet »Hovedstadens klima-VIP-projekter – en fælles og ambitiøs indsats for den grønne omstilling« (2020), https://www.kl.dk/media/26051/hovedstadens-klima-vip-projekter.pdf",
	"S003h": "KKR Hovedstaden: »KKR Hovedstadens VIP-klimaprojekter – Samlet opsummeret halvvejsstatus« (efteråret 2022)",
	"S004":  "CSR.dk: »Danske kommuners klimaarbejde skal eksporteres til resten af verden« (2. november 2021)",
}

// seedFiles are the file names of the seed documents, by key, which the data files may
// write instead of the key. Pages never show them: a source is a citation.
var seedFiles = map[string]string{
	"S000": "000_bfdb9001a4eb5a76.txt",
	"S001": "001_06a0e3ccb30ad5ec.txt",
	"S002": "002_e48955610a926730.txt",
	"S003": "003_c84598ce500ad0cc.txt",
	"S004": "004_5d9cf634e16b99ba.txt",
}

// ref turns a source as the data files write it ("S003c", "S001, 002_e48955610a926730.txt")
// into a readable reference. Keys it does not know are kept as they are.
func ref(keys string) string {
	var out []string
	for _, k := range strings.Split(keys, ",") {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if s, ok := seeds[k]; ok {
			out = append(out, s)
			continue
		}
		// A bare seed file name stands for its key.
		found := false
		for key, file := range seedFiles {
			if file == k {
				out = append(out, seeds[key])
				found = true
				break
			}
		}
		if !found {
			out = append(out, k)
		}
	}
	return strings.Join(out, "; ")
}

// withNote appends a note to a source reference.
func withNote(source, note string) string {
	if note == "" {
		return source
	}
	return source + " (" + note + ")"
}

// citations rewrite what the source files say of where a figure came from (a mirror's
// repository path and commit, a "Kilde:" of its own) into the citation a reader needs:
// publisher, title, year, link. The chain through mirrors is in data/README.md, not on pages.
var citations = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^Kilde:\s*`), ""},
	{regexp.MustCompile(`Open-Earth-Foundation/Query_mechanism_urbind:documents/copenhagen\.md@[0-9a-f]+ \(markdown conversion of City of Copenhagen 'Climate City Contract - 2030 Climate Neutrality Action Plan', NetZeroCities; tables 9-14\) Table (\d+)`), cphPlan + ", tabel $1"},
	{regexp.MustCompile(`Open-Earth-Foundation/Query_mechanism_urbind:documents/copenhagen\.md@[0-9a-f]+ \(markdown conversion of City of Copenhagen 'Climate City Contract - 2030 Climate Neutrality Action Plan', NetZeroCities; tables 9-14\)`), cphPlan},
	{regexp.MustCompile(`\s*via [\w.-]+/[\w.-]+:[\w./-]+@[0-9a-f]+`), ""},
	{regexp.MustCompile(`^Energistyrelsen Energi- og CO2-regnskabet \(klimaregnskabet\.dk API\)`), "Energistyrelsen: Energi- og CO2-regnskabet, https://klimaregnskabet.dk"},
}

// cphPlan is Copenhagen's climate plan as the city published it for NetZeroCities.
const cphPlan = "Københavns Kommune: »Climate City Contract – 2030 Climate Neutrality Action Plan« (NetZeroCities)"

// cite turns a source as the files write it into a citation (see citations).
func cite(source string) string {
	for _, c := range citations {
		source = c.re.ReplaceAllString(source, c.with)
	}
	return source
}
