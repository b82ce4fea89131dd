import TableKit

/// Reads and validates `benefits.csv`: one row per benefit spell.
///
/// Row checks: dates parse and are possible, the end is not before the start, no date
/// is after the extraction date, codes are known (with the nearest valid code
/// suggested), months_worked_24m is 0–24. Person checks, after all rows: no duplicate
/// spell (same person and start), no overlapping spells. Each problem is one line
/// naming file, line, column and value; under `--on-error exclude` the row is dropped
/// and counted by reason instead.
public enum BenefitsReader {
    static let columns: [(canonical: String, aliases: [String])] = [
        ("person_id", ["persoonsnummer", "bsn_pseudo", "clientnummer"]),
        ("spell_start", ["begindatum", "startdatum"]),
        ("spell_end", ["einddatum"]),
        ("end_reason", ["reden_einde", "uitstroomreden"]),
        ("birth_date", ["geboortedatum"]),
        ("age_at_start", ["leeftijd"]),
        ("sex", ["geslacht"]),
        ("education", ["opleiding", "opleidingsniveau"]),
        ("household", ["huishouden", "leefvorm"]),
        ("months_worked_24m", ["maanden_gewerkt_24m"]),
    ]

    public struct Result: Sendable {
        public let spells: [BenefitSpell]
        public let rowsRead: Int
        public let encoding: TextEncoding
        public let ignoredColumns: [String]
    }

    public static func read(path: String, extractionDate: CivilDate, log: inout ExclusionLog) throws -> Result {
        let csv = try CSVReader(path: path)
        let map = try ColumnMap(header: csv.header, file: path, columns: columns)
        let person = try map.require("person_id")
        let start = try map.require("spell_start")
        let end = try map.require("spell_end")
        let sex = try map.require("sex")
        let education = try map.require("education")
        let worked = try map.require("months_worked_24m")
        let birth = map["birth_date"], age = map["age_at_start"]
        guard birth != nil || age != nil else {
            throw InputError(file: path, line: 1, column: "birth_date", message: "missing required column: give birth_date (geboortedatum) or age_at_start (leeftijd)")
        }
        let reason = map["end_reason"], household = map["household"]

        var spells = [BenefitSpell]()
        var rows = 0
        try csv.forEachRecord(malformed: { rows += 1; try log.record(.malformedRecord, $0) }) { rec in
            rows += 1
            do {
                spells.append(try parse(rec, person: person, start: start, end: end, sex: sex, education: education, worked: worked,
                                        birth: birth, age: age, reason: reason, household: household, extraction: extractionDate))
            } catch let p as Problem {
                try log.record(p.reason, p.error)
            }
        }
        return Result(spells: try checkPersons(spells, file: path, log: &log), rowsRead: rows, encoding: csv.encoding, ignoredColumns: map.unknown)
    }

    struct Problem: Error {
        let reason: ExclusionReason
        let error: InputError
    }

    static func date(_ rec: CSVRecord, _ i: Int, required: Bool, extraction: CivilDate) throws -> CivilDate? {
        if rec.isEmpty(i) {
            if required { throw Problem(reason: .missingValue, error: rec.error(column: i, "missing value")) }
            return nil
        }
        guard let d = rec.withRawBytes(i, CivilDate.parse(bytes:)) else {
            throw Problem(reason: .invalidDate, error: rec.error(column: i, "not a valid date (use YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)"))
        }
        if d > extraction {
            throw Problem(reason: .afterExtractionDate, error: rec.error(column: i, "date after the extraction date \(extraction)"))
        }
        return d
    }

    static func code<C: AliasedCode>(_ rec: CSVRecord, _ i: Int, _ type: C.Type, what: String) throws -> C {
        if rec.isEmpty(i) { throw Problem(reason: .missingValue, error: rec.error(column: i, "missing value")) }
        guard let c = C.parse(rec[i]) else {
            throw Problem(reason: .unknownCode, error: rec.error(column: i, "unknown \(what) code; did you mean '\(C.nearest(to: rec[i]))'? (accepted: \(C.acceptedList))"))
        }
        return c
    }

    private static func parse(_ rec: CSVRecord, person: Int, start: Int, end: Int, sex: Int, education: Int, worked: Int,
                              birth: Int?, age: Int?, reason: Int?, household: Int?, extraction: CivilDate) throws -> BenefitSpell {
        if rec.isEmpty(person) { throw Problem(reason: .missingValue, error: rec.error(column: person, "missing person id")) }
        let s = try date(rec, start, required: true, extraction: extraction)!
        let e = try date(rec, end, required: false, extraction: extraction)
        if let e, e < s {
            throw Problem(reason: .endBeforeStart, error: rec.error(column: end, "spell ends before it starts (\(s))"))
        }
        var birthDate: CivilDate?, ageAtStart: Int?
        if let b = birth, !rec.isEmpty(b) {
            birthDate = try date(rec, b, required: true, extraction: extraction)
            if let bd = birthDate, bd.wholeYears(to: s) < 15 || bd.wholeYears(to: s) > 67 {
                throw Problem(reason: .outOfRange, error: rec.error(column: b, "age at spell start would be \(bd.wholeYears(to: s)); expected 15-67"))
            }
        } else if let a = age, !rec.isEmpty(a) {
            guard let v = Int(rec[a]), (15...67).contains(v) else {
                throw Problem(reason: .outOfRange, error: rec.error(column: a, "age must be a whole number 15-67"))
            }
            ageAtStart = v
        } else {
            throw Problem(reason: .missingValue, error: rec.error(column: birth ?? age!, "missing birth date or age"))
        }
        if rec.isEmpty(worked) { throw Problem(reason: .missingValue, error: rec.error(column: worked, "missing value")) }
        guard let w = Int(rec[worked]), (0...24).contains(w) else {
            throw Problem(reason: .outOfRange, error: rec.error(column: worked, "months worked in the 24 months before inflow must be a whole number 0-24"))
        }
        var endReason: EndReason?
        if let r = reason, !rec.isEmpty(r) { endReason = try code(rec, r, EndReason.self, what: "end reason") }
        var hh: Household?
        if let h = household, !rec.isEmpty(h) { hh = try code(rec, h, Household.self, what: "household") }
        return BenefitSpell(personID: rec[person], start: s, end: e, endReason: endReason, birthDate: birthDate, ageAtStart: ageAtStart,
                            sex: try code(rec, sex, Sex.self, what: "sex"), education: try code(rec, education, EducationLevel.self, what: "education"),
                            household: hh, monthsWorked24m: w, line: rec.line)
    }

    /// Duplicate and overlapping spells of one person; the later row is the one reported (and excluded).
    static func checkPersons(_ spells: [BenefitSpell], file: String, log: inout ExclusionLog) throws -> [BenefitSpell] {
        let order = spells.indices.sorted {
            (spells[$0].personID, spells[$0].start, spells[$0].line) < (spells[$1].personID, spells[$1].start, spells[$1].line)
        }
        var keep = [Bool](repeating: true, count: spells.count)
        var previous: BenefitSpell?
        for i in order {
            let s = spells[i]
            defer { if keep[i] { previous = s } }
            guard let p = previous, p.personID == s.personID else { continue }
            if p.start == s.start {
                keep[i] = false
                try log.record(.duplicateSpell, InputError(file: file, line: s.line, column: "spell_start", value: s.start.description,
                                                           message: "duplicate spell of this person (also on line \(p.line))"))
            } else if p.end.map({ s.start <= $0 }) ?? true {
                keep[i] = false
                try log.record(.overlappingSpell, InputError(file: file, line: s.line, column: "spell_start", value: s.start.description,
                                                             message: "spell overlaps the person's spell from \(p.start) on line \(p.line)"))
            }
        }
        return spells.indices.filter { keep[$0] }.map { spells[$0] }
    }
}
