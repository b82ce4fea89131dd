import StatKit
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
        /// The spells kept, grouped by person (persons in the order of their ids), each person's by start.
        public internal(set) var spells: [BenefitSpell]
        public let rowsRead: Int
        public let encoding: TextEncoding
        public let ignoredColumns: [String]
        /// Spells whose end date lies after the extraction date: read as running then.
        public let endsAfterExtraction: Int
        /// The user-named covariates carried (`UserCovariates.name` of each), in the order asked;
        /// each spell's `covariates` follow this order.
        public let covariateNames: [String]

        /// The spells, moved out (leaving none): for linkage to merge them in place.
        mutating func takeSpells() -> [BenefitSpell] {
            var taken = [BenefitSpell]()
            swap(&taken, &spells)
            return taken
        }
    }

    /// `covariates` names further columns of the export to carry as covariates (`--covariates`).
    public static func read(path: String, extractionDate: CivilDate, codes: CodeBook = .builtIn, covariates: [String] = [], log: inout ExclusionLog,
                            progress: ((ReadProgress) -> Void)? = nil) throws -> Result {
        try finish(parse(path: path, extractionDate: extractionDate, codes: codes, covariates: covariates, policy: log.policy, progress: progress),
                   log: &log)
    }

    /// The export's rows, read and checked one by one, before the bad ones are logged and the
    /// persons checked (`finish`): what linkage reads while the trajectories are read on another thread.
    struct Parsed: Sendable {
        let file: String
        /// The rows taken, in file order.
        private(set) var spells: [BenefitSpell]
        let rows: RowReading
        let endsAfterExtraction: Int
        let encoding: TextEncoding
        let decimalComma: Bool
        let ignoredColumns: [String]
        let covariateNames: [String]

        /// The spells, moved out (leaving none): for `finish` to sort them in place.
        mutating func takeSpells() -> [BenefitSpell] {
            var taken = [BenefitSpell]()
            swap(&taken, &spells)
            return taken
        }
    }

    static func parse(path: String, extractionDate: CivilDate, codes: CodeBook, covariates: [String], policy: ErrorPolicy,
                      progress: ((ReadProgress) -> Void)? = nil) throws -> Parsed {
        let csv = try CSVReader(path: path)
        let map = try ColumnMap(header: csv.header, file: path, columns: columns)
        let extra = try covariateColumns(covariates, header: csv.header, unknown: map.unknown, file: path)
        let parser = try RowParser(map: map, extraction: extractionDate, codes: codes)
        @Sendable func read(_ part: CSVReader.Part?, _ progress: ((ReadProgress) -> Void)?) throws -> (rows: RowReading, spells: [BenefitSpell], endsAfter: Int) {
            var row = parser, spells = [BenefitSpell](), endsAfter = 0
            let rows = try RowReading.read(csv, part: part, policy: policy, person: row.person, progress: progress, reserve: { spells.reserveCapacity($0) }) { rec in
                var s = try row.parse(rec)
                if s.endsAfterExtraction { endsAfter += 1 }
                s.spell.covariates = extra.map { UserCovariates.value(rec[$0.column]) }
                spells.append(s.spell)
            }
            return (rows, spells, endsAfter)
        }
        // Without a listener, a file without quoted fields is read in two halves side by side
        // (`CSVReader.parts`): linkage reads the trajectories beside this, and a national
        // benefits export took a second longer, on one core while the other had finished.
        let parts = progress == nil ? csv.parts(2) : []
        let (rows, spells, endsAfter): (RowReading, [BenefitSpell], Int)
        if parts.count > 1 {
            var reads = try ParallelMap.run(parts.count) { try read(parts[$0], nil) }
            let (joined, kept) = RowReading.joined(reads.map(\.rows), policy: policy)
            var all = [BenefitSpell]()
            all.reserveCapacity(reads[..<kept].reduce(0) { $0 + $1.spells.count })
            for k in 0..<kept { all += reads[k].spells; reads[k].spells = [] }
            (rows, spells, endsAfter) = (joined, all, reads[..<kept].reduce(0) { $0 + $1.endsAfter })
        } else {
            (rows, spells, endsAfter) = try read(nil, progress)
        }
        let carried = Set(extra.map { csv.header[$0.column] })
        return Parsed(file: path, spells: spells, rows: rows, endsAfterExtraction: endsAfter, encoding: csv.encoding,
                      decimalComma: csv.delimiter != UInt8(ascii: ","), ignoredColumns: map.unknown.filter { !carried.contains($0) },
                      covariateNames: extra.map(\.name))
    }

    /// Logs the bad rows of a read, then checks the persons (`checkPersons`). The read's spells
    /// are moved, not copied, into the sort and the result: a national export's are 100 MB.
    static func finish(_ p: consuming Parsed, log: inout ExclusionLog) throws -> Result {
        var next = 0
        try p.rows.log(from: &next, into: &log)
        let kept = canonicalNumbers(try checkPersons(p.takeSpells(), file: p.file, log: &log), columns: p.covariateNames.count,
                                    decimalComma: p.decimalComma)
        return Result(spells: kept, rowsRead: p.rows.records, encoding: p.encoding, ignoredColumns: p.ignoredColumns,
                      endsAfterExtraction: p.endsAfterExtraction, covariateNames: p.covariateNames)
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
    static func canonicalNumbers(_ spells: consuming [BenefitSpell], columns: Int, decimalComma: Bool) -> [BenefitSpell] {
        var out = consume spells
        for k in 0..<columns {
            guard let numbers = UserCovariates.numbers(out.map { $0.covariates[k] }, decimalComma: decimalComma) else { continue }
            for i in out.indices { out[i].covariates[k] = numbers[i].map(UserCovariates.text) }
        }
        return out
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

    /// Duplicate and overlapping spells of one person; the later row is the one reported (and
    /// excluded). Returns the spells kept, grouped by person (persons in the order of their ids)
    /// and each person's by start: the order the checks walk them in, and linkage's grouping.
    static func checkPersons(_ spells: consuming [BenefitSpell], file: String, log: inout ExclusionLog) throws -> [BenefitSpell] {
        var sorted = consume spells
        sorted.sort { a, b in a.personID != b.personID ? a.personID < b.personID : (a.startDay, a.line) < (b.startDay, b.line) }
        var keep = [Bool](repeating: true, count: sorted.count), dropped = false
        var previous: BenefitSpell?
        for (i, s) in sorted.enumerated() {
            defer { if keep[i] { previous = s } }
            guard let p = previous, p.personID == s.personID else { continue }
            if p.startDay == s.startDay {
                keep[i] = false
                try log.record(.duplicateSpell, InputError(file: file, line: s.line, column: "spell_start", value: s.start.description,
                                                           message: "duplicate spell of this person (also on line \(p.line))"), person: s.personID)
            } else if s.startDay <= p.endDay {
                keep[i] = false
                try log.record(.overlappingSpell, InputError(file: file, line: s.line, column: "spell_start", value: s.start.description,
                                                             message: "spell overlaps the person's spell from \(p.start) on line \(p.line)"), person: s.personID)
            }
            dropped = dropped || !keep[i]
        }
        return dropped ? sorted.indices.filter { keep[$0] }.map { sorted[$0] } : sorted
    }

    /// Joins spells of a person (sorted by start, disjoint) that follow each other within
    /// `gapDays` days: an administrative split (a new record after a change of household or
    /// rate) is not an exit and a re-entry. The joined spell has the first spell's covariates
    /// and the last one's end and end reason (covariates at inflow: the first row's, user-named
    /// ones too). `spells` may hold several persons, grouped by person (as `Result.spells`); spells
    /// of different persons are never joined. Returns the spells and how many joins were made.
    public static func merge(_ spells: consuming [BenefitSpell], gapDays: Int) -> (spells: [BenefitSpell], merges: Int) {
        // In place: each spell is joined to the last one kept, or kept after it.
        var out = consume spells
        var kept = 0, merges = 0
        for i in out.indices {
            if kept > 0, out[kept - 1].endDay != BenefitSpell.noDay, Int(out[i].startDay) - Int(out[kept - 1].endDay) <= gapDays,
               out[i].personID == out[kept - 1].personID {
                out[kept - 1] = out[kept - 1].joined(with: out[i])
                merges += 1
            } else {
                if kept != i { out[kept] = out[i] }
                kept += 1
            }
        }
        out.removeLast(out.count - kept)
        return (out, merges)
    }
}
