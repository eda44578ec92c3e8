package demo

import (
	"fmt"

	"klimaspor/internal/model"
)

// Region codes of the Danish regions (DAGI regionskode) and their names.
var regions = []struct{ code, da, en string }{
	{"1081", "Region Nordjylland", "North Denmark Region"},
	{"1082", "Region Midtjylland", "Central Denmark Region"},
	{"1083", "Region Syddanmark", "Region of Southern Denmark"},
	{"1084", "Region Hovedstaden", "Capital Region of Denmark"},
	{"1085", "Region Sjælland", "Region Zealand"},
}

// nationCode is the nation's code (ISO 3166): the organisation above the five regions, whose
// totals of the energy and CO2 accounts are the sums of its municipalities'.
const nationCode = "DK"

// regionH is Region Hovedstaden's code.
const regionH = "1084"

// Codes of our own for the organisations that have no official one.
const (
	orgKKR        = "KKRH"
	orgGate21     = "GATE21"
	orgEHH        = "EHH"
	orgENS        = "ENS"
	orgCONCITO    = "CONCITO"
	orgC40        = "C40"
	orgRealdania  = "REALDANIA"
	orgKL         = "KL"
	orgEa         = "EA"
	orgARGO       = "ARGO"
	orgVestfor    = "VESTFOR"
	orgARC        = "ARC"
	orgHOFOR      = "HOFOR"
	orgMovia      = "MOVIA"
	orgErhvervsst = "ERST"
)

// otherOrgs are the secretariat, partners and companies the sources name.
var otherOrgs = []struct{ kind, code, da, en string }{
	{"other", orgKKR, "KKR Hovedstaden", "KKR Capital Region (municipal contact council)"},
	{"secretariat", orgGate21, "Gate 21", "Gate 21"},
	{"partner", orgEHH, "Erhvervshus Hovedstaden", "Copenhagen Business Hub"},
	{"partner", orgENS, "Energistyrelsen", "Danish Energy Agency"},
	{"partner", orgErhvervsst, "Erhvervsstyrelsen", "Danish Business Authority"},
	{"partner", orgCONCITO, "CONCITO", "CONCITO, Denmark's green think tank"},
	{"partner", orgC40, "C40 Cities", "C40 Cities"},
	{"partner", orgRealdania, "Realdania", "Realdania"},
	{"other", orgKL, "KL – Kommunernes Landsforening", "Local Government Denmark"},
	{"company", orgEa, "Ea Energianalyse", "Ea Energy Analyses"},
	{"company", orgARGO, "ARGO", "ARGO"},
	{"company", orgVestfor, "Vestforbrænding", "Vestforbrænding"},
	{"company", orgARC, "ARC – Amager Ressourcecenter", "ARC – Amager Resource Centre"},
	{"company", orgHOFOR, "HOFOR", "HOFOR (Greater Copenhagen Utility)"},
	{"company", orgMovia, "Movia", "Movia"},
}

func (l *loader) organisations() error {
	for _, r := range regions {
		id, err := l.create(model.Organisations, model.Record{"kind": "region", "code": r.code, "name_da": r.da, "name_en": r.en}, r.code)
		if err != nil {
			return err
		}
		l.orgs[r.code] = id
		l.byName[r.da] = id
	}
	for _, m := range l.d.municipalities {
		parent, err := l.org(m.RegionCode)
		if err != nil {
			return fmt.Errorf("municipality %s: %w", m.Code, err)
		}
		en := m.Name
		if m.Code == "101" {
			en = "Copenhagen"
		}
		id, err := l.create(model.Organisations, model.Record{
			"kind": "municipality", "code": m.Code, "name_da": m.Name, "name_en": en, "parent_id": parent,
			"population": []model.Population{{Year: m.PopulationYear, Value: m.Population, Source: m.Source}},
		}, m.Code)
		if err != nil {
			return err
		}
		l.orgs[m.Code] = id
		l.byName[m.Name] = id
	}
	for _, o := range otherOrgs {
		id, err := l.create(model.Organisations, model.Record{"kind": o.kind, "code": o.code, "name_da": o.da, "name_en": o.en}, o.code)
		if err != nil {
			return err
		}
		l.orgs[o.code] = id
	}
	return l.nation()
}

// nation adds Denmark above the five regions. It comes after the other organisations, so
// that theirs keep the ids they had before the nation was added.
func (l *loader) nation() error {
	id, err := l.create(model.Organisations, model.Record{"kind": "country", "code": nationCode, "name_da": "Danmark", "name_en": "Denmark"}, nationCode)
	if err != nil {
		return err
	}
	l.orgs[nationCode] = id
	for _, r := range regions {
		region, err := l.org(r.code)
		if err != nil {
			return err
		}
		if _, err := l.tx.Update(l.ctx, model.Organisations, region, 1, model.Record{"parent_id": id}); err != nil {
			return fmt.Errorf("region %s under the nation: %w", r.code, err)
		}
	}
	return nil
}

// kkrMunicipalities are the 29 municipalities of KKR Hovedstaden, in file order.
func (d *dataset) kkrMunicipalities() []municipality {
	var out []municipality
	for _, m := range d.municipalities {
		if m.KKR {
			out = append(out, m)
		}
	}
	return out
}
