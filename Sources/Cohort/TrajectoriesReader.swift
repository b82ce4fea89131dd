import TableKit

/// Reads and validates `trajectories.csv`: one row per instrument a person received.
/// A trajectory must belong to a person with benefit spells; it may start outside their
/// spells (a wage subsidy after leaving benefit for work, an intake before the spell), which
/// linkage counts and does not treat as treatment. An end date after the extraction date is
/// a planned end: the trajectory was running at extraction.
public enum TrajectoriesReader {
    static let columns: [(canonical: String, aliases: [String])] = [
        ("person_id", ["persoonsnummer", "bsn_pseudo", "clientnummer"]),
        ("instrument", ["voorziening"]),
        ("start_date", ["begindatum", "startdatum"]),
        ("end_date", ["einddatum"]),
        ("provider", ["aanbieder"]),
    ]

    public struct Result: Sendable {
        public let trajectories: [TrajectoryRecord]
        public let rowsRead: Int
        public let encoding: TextEncoding
        public let ignoredColumns: [String]
        /// Trajectories whose end date lies after the extraction date: read as running then.
        public let endsAfterExtraction: Int
    }

    public static func read(path: String, extractionDate: CivilDate, codes: CodeBook = .builtIn, spellsByPerson: [String: [BenefitSpell]],
                            log: inout ExclusionLog, progress: ((ReadProgress) -> Void)? = nil) throws -> Result {
        let csv = try CSVReader(path: path)
        let map = try ColumnMap(header: csv.header, file: path, columns: columns)
        let person = try map.require("person_id")
        let instrument = try map.require("instrument")
        let start = try map.require("start_date")
        let end = map["end_date"], provider = map["provider"]
        var out = [TrajectoryRecord](), rows = 0, endsAfter = 0
        try csv.forEachRecord(malformedRecord: { rows += 1; try log.record(.malformedRecord, $0, person: BenefitsReader.personID($1, person)) },
                              progress: progress) { rec in
            rows += 1
            do {
                if rec.isEmpty(person) { throw BenefitsReader.Problem(reason: .missingValue, error: rec.error(column: person, "missing person id")) }
                let inst = try BenefitsReader.code(rec, instrument, Instrument.self, codes: codes)
                let s = try BenefitsReader.date(rec, start, required: true, extraction: extractionDate)!
                var e: CivilDate?
                if let ei = end {
                    let (date, after) = try BenefitsReader.endDate(rec, ei, start: s, extraction: extractionDate, what: "trajectory")
                    e = date
                    if after { endsAfter += 1 }
                }
                let id = rec[person]
                guard spellsByPerson[id] != nil else {
                    // No value in the message: it would be the person id.
                    throw BenefitsReader.Problem(reason: .trajectoryWithoutBenefits, error: InputError(
                        file: path, line: rec.line, column: csv.header[person], message: "no benefit spell for this person in the benefits file"))
                }
                out.append(TrajectoryRecord(personID: id, instrument: inst, start: s, end: e,
                                            provider: provider.flatMap { UserCovariates.value(rec[$0]) }, line: rec.line))
            } catch let p as BenefitsReader.Problem {
                try log.record(p.reason, p.error, person: BenefitsReader.personID(rec, person))
            }
        }
        return Result(trajectories: out, rowsRead: rows, encoding: csv.encoding, ignoredColumns: map.unknown, endsAfterExtraction: endsAfter)
    }
}
