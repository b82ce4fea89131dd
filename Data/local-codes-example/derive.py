"""Derives this example export from ../leiden-synthetic (synthetic data, no real persons).

Run from this folder: python3 derive.py. Deterministic: the same input gives the same files.
The first 300 persons are rewritten the way a municipal case system exports them: Dutch
headers, ';' separated, DD-MM-YYYY dates, local spellings (some built in, some mapped in
codes.toml), running trajectories with planned end dates after the extraction date, wage cost
subsidies after leaving benefit for work, and administrative splits of a spell a day apart.
"""
import csv, datetime as dt, random

rnd = random.Random(12)
EXTRACTION = dt.date(2014, 6, 30)
PERSONS = 300

def d(s): return dt.date.fromisoformat(s) if s else None
def nl(x): return x.strftime("%d-%m-%Y") if x else ""

education = {
    "BO": ["Basisonderwijs"], "LBO": ["Praktijkonderwijs", "LBO"], "MAVO": ["MAVO"],
    "VMBO": ["VMBO-BB", "VMBO-KB", "VMBO-TL"], "MBO": ["MBO 2", "MBO 3", "MBO-niv 4"],
    "HAVO": ["HAVO"], "VWO": ["VWO"], "HBO": ["HBO-bachelor", "Hoger beroepsonderwijs"],
    "WO": ["WO master"], "unknown": ["Onbekend"],
}
end_reason = {"work": ["Werk", "Uitstroom naar werk (loondienst)"], "moved": ["Verhuizing"], "other": ["Overig", "Detentie"],
              "other_benefit": ["Andere uitkering"], "unknown": ["Onbekend"], "": [""]}
household = {"single": ["Alleenstaand"], "single_parent": ["Alleenstaande ouder"], "couple": ["Gehuwd/samenwonend"]}
sex = {"M": "Man", "F": "Vrouw"}
instrument = {"matching": "Jobhunting via WSP", "active_mediation": "Actieve bemiddeling", "job_search_training": "Sollicitatietraining",
              "aftercare": "Nazorg", "schooling": "Vakopleiding (scholing)", "wage_subsidy": "Opstapsubsidie",
              "supply_strengthening": "Aanbodversterking", "no_risk_policy": "No-risk polis"}

spells = [r for r in csv.DictReader(open("../leiden-synthetic/benefits.csv"))]
ids = sorted({r["person_id"] for r in spells})[:PERSONS]
keep = set(ids)
benefits = []
for r in spells:
    if r["person_id"] not in keep: continue
    start, end = d(r["spell_start"]), d(r["spell_end"])
    row = [r["person_id"].replace("P", "C"), nl(start), nl(end), rnd.choice(end_reason[r["end_reason"]]), nl(d(r["birth_date"])),
           sex[r["sex"]], rnd.choice(education[r["education"]]), household[r["household"]][0], r["months_worked_24m"]]
    # An administrative split: a new record a day later after a change of household, same spell.
    if (end is None or (end - start).days > 400) and rnd.random() < 0.25:
        cut = start + dt.timedelta(days=rnd.randint(120, 300))
        if cut < (end or EXTRACTION) - dt.timedelta(days=30):
            benefits.append(row[:2] + [nl(cut), ""] + row[4:])
            row = row[:1] + [nl(cut + dt.timedelta(days=1))] + row[2:7] + [rnd.choice(["Alleenstaande ouder", "Gehuwd/samenwonend"])] + row[8:]
    # A planned end date: still running at extraction.
    if end is None and rnd.random() < 0.3:
        row[2], row[3] = nl(EXTRACTION + dt.timedelta(days=rnd.randint(30, 400))), ""
    benefits.append(row)

trajectories = []
for r in csv.DictReader(open("../leiden-synthetic/trajectories.csv")):
    if r["person_id"] not in keep: continue
    start, end = d(r["start_date"]), d(r["end_date"])
    # A trajectory that was running at extraction has its planned end date in the export.
    if end is None or end > EXTRACTION - dt.timedelta(days=60):
        end = max(end or EXTRACTION, EXTRACTION) + dt.timedelta(days=rnd.randint(30, 180))
    trajectories.append([r["person_id"].replace("P", "C"), instrument[r["instrument"]], nl(start), nl(end), "Re-integratie Leiden"])
    # A local programme that is none of the ten Leiden instruments, during the spell.
    if r["instrument"] == "active_mediation" and rnd.random() < 0.35:
        trajectories.append([r["person_id"].replace("P", "C"), "Werkfit-traject", nl(start), nl(end), "Werkfit BV"])
# A wage cost subsidy after leaving benefit for work: a new instrument, outside every spell.
for r in spells:
    if r["person_id"] in keep and r["end_reason"] == "work" and rnd.random() < 0.4:
        start = d(r["spell_end"]) + dt.timedelta(days=rnd.randint(1, 20))
        if start < EXTRACTION:
            trajectories.append([r["person_id"].replace("P", "C"), "Loonkostensubsidie", nl(start), nl(start + dt.timedelta(days=365)), "UWV/gemeente"])

with open("benefits.csv", "w", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(["Persoonsnummer", "Begindatum", "Einddatum", "Reden einde", "Geboortedatum", "Geslacht", "Opleiding", "Leefvorm", "Maanden gewerkt 24m"])
    w.writerows(benefits)
with open("trajectories.csv", "w", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(["Persoonsnummer", "Voorziening", "Begindatum", "Einddatum", "Aanbieder"])
    w.writerows(sorted(trajectories, key=lambda t: (t[0], t[2][6:] + t[2][3:5] + t[2][:2], t[1])))
