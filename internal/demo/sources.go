package demo

import "strings"

// exampleSource is the source of every generated record. The records also carry example=true.
const exampleSource = "Eksempeldata genereret af Klimaspor – ikke rigtige tal"

// seeds expands the keys the capital-region data files use for the seed documents.
var seeds = map[string]string{
	"S000":  "000_bfdb9001a4eb5a76.txt – Projektforslag til RUS-puljen 2022: »Værktøjer til kommunernes arbejde med borgere og bæredygtigt forbrug i DK2020-planerne«",
	"S001":  "001_06a0e3ccb30ad5ec.txt – KKR Hovedstaden: »Bagom VIP klimaprojekterne – og næste skridt« (slutrapport, 2024)",
	"S002":  "002_e48955610a926730.txt – Projektforslag til RUS-puljen 2022/2023: »Klimaalliancen i hovedstadsregionen«",
	"S003":  "003_c84598ce500ad0cc.txt – KKR Hovedstaden, mødemateriale (resultatkontrakt 2023 med Erhvervshus Hovedstaden, de 7+3 infrastrukturprojekter, VIP-klimaprojekterne, dimensionering på SOSU-området)",
	"S003c": "003_c84598ce500ad0cc.txt – KKR Hovedstaden: kompendiet »Hovedstadens klima-VIP-projekter – en fælles og ambitiøs indsats for den grønne omstilling« (2020), https://www.kl.dk/media/26051/hovedstadens-klima-vip-projekter.pdf",
	"S003h": "003_c84598ce500ad0cc.txt – KKR Hovedstaden: »KKR Hovedstadens VIP-klimaprojekter – Samlet opsummeret halvvejsstatus« (efteråret 2022)",
	"S004":  "004_5d9cf634e16b99ba.txt – CSR.dk: »Danske kommuners klimaarbejde skal eksporteres til resten af verden« (2. november 2021)",
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
			out = append(out, k+": "+s)
			continue
		}
		// A bare seed file name stands for its key.
		found := false
		for key, s := range seeds {
			if len(key) == 4 && strings.HasPrefix(s, k) {
				out = append(out, key+": "+s)
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
