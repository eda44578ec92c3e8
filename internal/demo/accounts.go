package demo

import (
	"fmt"
	"math"
	"strconv"

	"klimaspor/internal/model"
)

const accountsMethod = `Territorial udledning pr. kommune og år fra Energistyrelsens Energi- og CO2-regnskab (datatypen »Nøgletal«). Totalen har opdelingen "" (tom); sektorerne er opdelinger af den: sector:energi (el, fjernvarme og brændsler), sector:transport, sector:landbrug (API-sektoren Landbrug; kan være negativ i bykommuner), sector:affald (affaldsdeponi og spildevand) og sector:industri (kemiske processer). Sektorerne summerer til totalen. Energistyrelsen genberegner tidligere år, når nye datakilder kommer til; derfor har hver værdi en udgivelsesdato (vintage).`

// accounts adds the energy and CO2 accounts 2018–2023 of all 98 municipalities: total and
// sectors, per inhabitant, and renewable electricity self-sufficiency.
func (l *loader) accounts() error {
	ens, err := l.org(orgENS)
	if err != nil {
		return err
	}
	aj := l.d.accountsJSON
	jsonSource := fmt.Sprintf("%s (%s), hentet %s", aj.Attribution, aj.SourceURL, accountsVintage)
	var total, perCapita, ve int64
	for _, ind := range []struct {
		id                                   *int64
		code, da, en, unit, direction, descr string
		method                               string
	}{
		{&total, model.IndicatorCO2eTotal, "Udledning af drivhusgasser", "Greenhouse gas emissions", "t CO2e", "lower",
			"Kommunens samlede territoriale udledning af drivhusgasser, i alt og fordelt på sektorer.", accountsMethod},
		{&perCapita, model.IndicatorCO2ePerCapita, "Udledning af drivhusgasser pr. indbygger", "Greenhouse gas emissions per inhabitant", "t CO2e pr. indbygger", "lower",
			"Kommunens samlede territoriale udledning delt med antallet af indbyggere, som Energi- og CO2-regnskabet opgør den (3 decimaler).", ""},
		{&ve, model.IndicatorRenewableShare, "Selvforsyning med vedvarende el", "Renewable electricity self-sufficiency", "%", "higher",
			"Produktionen af el fra vedvarende energi i kommunen i procent af kommunens elforbrug (over 100 %, når kommunen producerer mere, end den bruger).",
			"Nøgletallet »veAndel« fra Energi- og CO2-regnskabet, ganget med 100."},
	} {
		rec := model.Record{"code": ind.code, "name_da": ind.da, "name_en": ind.en, "unit": ind.unit, "direction": ind.direction,
			"description": ind.descr, "method": ind.method, "owner_organisation_id": ens, "source": jsonSource,
			// The national accounts are the Energy Agency's to report for every municipality.
			"owner_only": true}
		if *ind.id, err = l.create(model.Indicators, rec, ind.code); err != nil {
			return err
		}
	}

	sectorKnown := map[string]bool{}
	for _, s := range model.EmissionSectors {
		sectorKnown[s] = true
	}
	vals := make([]model.Record, 0, len(l.d.accounts)+600)
	for _, r := range l.d.accounts {
		org, err := l.org(r.Code)
		if err != nil {
			return err
		}
		v := model.Record{"organisation_id": org, "period": strconv.FormatInt(r.Year, 10), "value": r.Value,
			"source": r.Source, "vintage": accountsVintage}
		switch {
		case r.Sector == "total":
			v["indicator_id"], v["breakdown"] = total, ""
		case r.Sector == "total_per_capita":
			v["indicator_id"], v["breakdown"] = perCapita, ""
		case sectorKnown[r.Sector]:
			v["indicator_id"], v["breakdown"] = total, model.EmissionBreakdown(r.Sector)
			if r.Value < 0 {
				v["note"] = "Negativ værdi som offentliggjort: sektoren Landbrug rummer tilsyneladende også optag fra arealanvendelse."
			}
		default:
			return fmt.Errorf("municipality %s, %d: unknown sector %q", r.Code, r.Year, r.Sector)
		}
		vals = append(vals, v)
	}
	for _, k := range aj.Kommuner {
		code, err := kommunekode(k.Code)
		if err != nil {
			return err
		}
		org, err := l.org(code)
		if err != nil {
			return err
		}
		if len(k.VEAndel) != len(k.Years) {
			return fmt.Errorf("municipality %s: %d years but %d renewable shares", code, len(k.Years), len(k.VEAndel))
		}
		for i, share := range k.VEAndel {
			if share == nil {
				continue
			}
			vals = append(vals, model.Record{"indicator_id": ve, "organisation_id": org, "period": strconv.FormatInt(k.Years[i], 10),
				"breakdown": "", "value": math.Round(*share*10000) / 100, "source": jsonSource, "vintage": accountsVintage})
		}
	}
	return l.insertValues(vals)
}
