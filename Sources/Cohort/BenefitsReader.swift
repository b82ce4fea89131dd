import TableKit

/// Reads and validates `benefits.csv`: one row per benefit spell.
///
/// Row checks: dates parse and are possible, the end is not before the start, no start or
/// birth date is after the extraction date (an end after it is a planned end: the spell was
/// running at extraction), codes are built in or in the codes file, months_worked_24m is
/// 0–24. Person checks, after all rows: no duplicate spell (same person and start), no
/// overlapping spells. Each problem is one line naming file, line, column and value; under
/// `--on-error exclude` the row is dropped and counted by reason instead (and its person
/// remembered, so linkage can leave the person out whole).
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
        /// Spells whose end date lies after the extraction date: read as running then.
        public let endsAfterExtraction: Int
        /// The user-named covariates carried (`UserCovariates.name` of each), in the order asked;
        /// each spell's `covariates` follow this order.
        public let covariateNames: [String]
    }

    /// `covariates` names further columns of the export to carry as covariates (`--covariates`).
    public static func read(path: String, extractionDate: CivilDate, codes: CodeBook = .builtIn, covariates: [String] = [], log: inout ExclusionLog,
                            progress: ((ReadProgress) -> Void)? = nil) throws -> Result {
        let csv = try CSVReader(path: path)
        let map = try ColumnMap(header: csv.header, file: path, columns: columns)
        let extra = try covariateColumns(covariates, header: csv.header, unknown: map.unknown, file: path)
        let person = try map.require("person_id")
        let start = try map.require("spell_start")
        let end = try map.require("spell_end")
        let sex = try map.require("sex")
        let education = try map.require("education")
        let worked = try map.require("months_worked_24m")
        let birth = map["birth_date"], age = map["age_at_start"]
        guard birth != nil || age != nil else {
            throw map.missing("birth_date", advice: "give birth_date (geboortedatum) or age_at_start (leeftijd)")
        }
        let reason = map["end_reason"], household = map["household"]

        var spells = [BenefitSpell]()
        var rows = 0, endsAfter = 0
        try csv.forEachRecord(malformedRecord: { rows += 1; try log.record(.malformedRecord, $0, person: BenefitsReader.personID($1, person)) },
                              progress: progress) { rec in
            rows += 1
            do {
                var s = try parse(rec, person: person, start: start, end: end, sex: sex, education: education, worked: worked,
                                  birth: birth, age: age, reason: reason, household: household, extraction: extractionDate, codes: codes)
                if s.endsAfterExtraction { endsAfter += 1 }
                s.spell.covariates = extra.map { UserCovariates.value(rec[$0.column]) }
                spells.append(s.spell)
            } catch let p as Problem {
                try log.record(p.reason, p.error, person: BenefitsReader.personID(rec, person))
            }
        }
        let kept = canonicalNumbers(try checkPersons(spells, file: path, log: &log), columns: extra.count,
                                    decimalComma: csv.delimiter != UInt8(ascii: ","))
        let carried = Set(extra.map { csv.header[$0.column] })
        return Result(spells: kept, rowsRead: rows, encoding: csv.encoding, ignoredColumns: map.unknown.filter { !carried.contains($0) },
                      endsAfterExtraction: endsAfter, covariateNames: extra.map(\.name))
    }

    /// The export columns of the named covariates. A name is matched by `UserCovariates.name`
    /// (case, spaces and punctuation do not matter); one that matches no column, or a column
    /// reval already reads, is an error listing the columns that can be named.
    static func covariateColumns(_ names: [String], header: [String], unknown: [String], file: String) throws -> [(name: String, column: Int)] {
        let available = unknown.filter { !UserCovariates.name($0).isEmpty }
        var seen = Set<String>()
        return try names.map { asked in
            let name = UserCovariates.name(asked)
            let list = available.isEmpty ? "the export has no other columns" : "columns that can be named: " + available.joined(separator: ", ")
            guard let i = header.indices.first(where: { available.contains(header[$0]) && UserCovariates.name(header[$0]) == name }), !name.isEmpty else {
                let known = header.contains { UserCovariates.name($0) == name }
                throw InputError(file: file, line: 1, column: asked, message: known
                    ? "covariate '\(asked)' is one of the columns reval reads itself; name another column; \(list)"
                    : "no column '\(asked)' to carry as a covariate (--covariates); \(list)")
            }
            if header.indices.contains(where: { $0 != i && available.contains(header[$0]) && UserCovariates.name(header[$0]) == name }) {
                throw InputError(file: file, line: 1, column: asked, message: "more than one column is '\(name)' once case and punctuation are ignored; rename one")
            }
            guard seen.insert(name).inserted else { throw InputError(file: file, line: 1, column: asked, message: "covariate '\(asked)' is named twice") }
            return (name, i)
        }
    }

    /// Numeric covariate columns (`UserCovariates.numbers`) with their values written the canonical way.
    static func canonicalNumbers(_ spells: [BenefitSpell], columns: Int, decimalComma: Bool) -> [BenefitSpell] {
        var out = spells
        for k in 0..<columns {
            guard let numbers = UserCovariates.numbers(spells.map { $0.covariates[k] }, decimalComma: decimalComma) else { continue }
            for i in out.indices { out[i].covariates[k] = numbers[i].map(UserCovariates.text) }
        }
        return out
    }

    /// The person a (possibly malformed) row belongs to, when it names one.
    static func personID(_ rec: CSVRecord, _ column: Int) -> String? {
        column < rec.count && !rec.isEmpty(column) ? rec[column] : nil
    }

    struct Problem: Error {
        let reason: ExclusionReason
        let error: InputError
    }

    static func date(_ rec: CSVRecord, _ i: Int, required: Bool, extraction: CivilDate) throws -> CivilDate? {
        guard let d = try anyDate(rec, i, required: required) else { return nil }
        if d > extraction {
            throw Problem(reason: .afterExtractionDate, error: rec.error(column: i, "date after the extraction date \(extraction)"))
        }
        return d
    }

    /// A date that may lie in the future (a planned end), as written.
    static func anyDate(_ rec: CSVRecord, _ i: Int, required: Bool) throws -> CivilDate? {
        if rec.isEmpty(i) {
            if required { throw Problem(reason: .missingValue, error: rec.error(column: i, "missing value")) }
            return nil
        }
        guard let d = rec.withRawBytes(i, CivilDate.parse(bytes:)) else {
            throw Problem(reason: .invalidDate, error: rec.error(column: i, "not a valid date (use YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)"))
        }
        return d
    }

    /// An end date: checked against the start, and nil (running at extraction) when it lies
    /// after the extraction date. `endsAfter` tells the caller which.
    static func endDate(_ rec: CSVRecord, _ i: Int, start: CivilDate, extraction: CivilDate, what: String) throws -> (end: CivilDate?, endsAfter: Bool) {
        guard let e = try anyDate(rec, i, required: false) else { return (nil, false) }
        if e < start { throw Problem(reason: .endBeforeStart, error: rec.error(column: i, "\(what) ends before it starts (\(start))")) }
        return e > extraction ? (nil, true) : (e, false)
    }

    static func code<C: AliasedCode>(_ rec: CSVRecord, _ i: Int, _ type: C.Type, codes: CodeBook) throws -> C {
        if rec.isEmpty(i) { throw Problem(reason: .missingValue, error: rec.error(column: i, "missing value")) }
        let text = rec[i]
        guard let c = codes.code(text, as: C.self) else {
            throw Problem(reason: .unknownCode, error: rec.error(column: i, codes.unknownCodeMessage(text, as: C.self)))
        }
        return c
    }

    private static func parse(_ rec: CSVRecord, person: Int, start: Int, end: Int, sex: Int, education: Int, worked: Int,
                              birth: Int?, age: Int?, reason: Int?, household: Int?, extraction: CivilDate,
                              codes: CodeBook) throws -> (spell: BenefitSpell, endsAfterExtraction: Bool) {
        if rec.isEmpty(person) { throw Problem(reason: .missingValue, error: rec.error(column: person, "missing person id")) }
        let s = try date(rec, start, required: true, extraction: extraction)!
        let (e, endsAfter) = try endDate(rec, end, start: s, extraction: extraction, what: "spell")
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
        // A running spell has no end reason yet (a planned end may carry one).
        if let r = reason, !rec.isEmpty(r) { endReason = try code(rec, r, EndReason.self, codes: codes) }
        if endsAfter { endReason = nil }
        var hh: Household?
        if let h = household, !rec.isEmpty(h) { hh = try code(rec, h, Household.self, codes: codes) }
        return (BenefitSpell(personID: rec[person], start: s, end: e, endReason: endReason, birthDate: birthDate, ageAtStart: ageAtStart,
                             sex: try code(rec, sex, Sex.self, codes: codes), education: try code(rec, education, EducationLevel.self, codes: codes),
                             household: hh, monthsWorked24m: w, line: rec.line), endsAfter)
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
                                                           message: "duplicate spell of this person (also on line \(p.line))"), person: s.personID)
            } else if p.end.map({ s.start <= $0 }) ?? true {
                keep[i] = false
                try log.record(.overlappingSpell, InputError(file: file, line: s.line, column: "spell_start", value: s.start.description,
                                                             message: "spell overlaps the person's spell from \(p.start) on line \(p.line)"), person: s.personID)
            }
        }
        return spells.indices.filter { keep[$0] }.map { spells[$0] }
    }

    /// Joins spells of one person (sorted by start, disjoint) that follow each other within
    /// `gapDays` days: an administrative split (a new record after a change of household or
    /// rate) is not an exit and a re-entry. The joined spell has the first spell's covariates
    /// and the last one's end and end reason (covariates at inflow: the first row's, user-named ones too). Returns the spells and how many joins were made.
    public static func merge(_ spells: [BenefitSpell], gapDays: Int) -> (spells: [BenefitSpell], merges: Int) {
        guard var current = spells.first else { return ([], 0) }
        var out = [BenefitSpell](), merges = 0
        for s in spells.dropFirst() {
            if let end = current.end, s.start.dayNumber - end.dayNumber <= gapDays {
                current = BenefitSpell(personID: current.personID, start: current.start, end: s.end, endReason: s.endReason,
                                       birthDate: current.birthDate, ageAtStart: current.ageAtStart, sex: current.sex,
                                       education: current.education, household: current.household,
                                       monthsWorked24m: current.monthsWorked24m, line: current.line, covariates: current.covariates)
                merges += 1
            } else {
                out.append(current)
                current = s
            }
        }
        out.append(current)
        return (out, merges)
    }
}
