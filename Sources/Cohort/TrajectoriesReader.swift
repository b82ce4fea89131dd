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
        /// The trajectories kept, grouped by person in the order of `persons`, each person's in file order.
        public let trajectories: [TrajectoryRecord]
        public let rowsRead: Int
        public let encoding: TextEncoding
        public let ignoredColumns: [String]
        /// Trajectories whose end date lies after the extraction date: read as running then.
        public let endsAfterExtraction: Int
        /// Where each person's trajectories begin in `trajectories`, and their end after the last person.
        let firstOfPerson: [Int]
    }

    /// `persons`: the ids of the persons with benefit spells, grouped and ordered as
    /// `BenefitsReader.Result.spells` has them (one id per person).
    public static func read(path: String, extractionDate: CivilDate, codes: CodeBook = .builtIn, persons: [String],
                            log: inout ExclusionLog, progress: ((ReadProgress) -> Void)? = nil) throws -> Result {
        try finish(parse(path: path, extractionDate: extractionDate, codes: codes, policy: log.policy, progress: progress), persons: persons, log: &log)
    }

    /// The export's rows, read and checked one by one, before the bad ones are logged and the
    /// rows matched to the persons of the benefits export (`finish`): what linkage reads while
    /// the benefits are read on another thread.
    struct Parsed: Sendable {
        let file: String
        /// The rows taken, in file order.
        let trajectories: [TrajectoryRecord]
        /// The positions in `trajectories` by person id (in `String` order) and line: the order
        /// in which `finish` matches them to persons.
        let byPerson: [Int32]
        let rows: RowReading
        let endsAfterExtraction: Int
        let encoding: TextEncoding
        let ignoredColumns: [String]
        /// The header of the person-id column, for the error of a trajectory without benefits.
        let personColumn: String
    }

    static func parse(path: String, extractionDate: CivilDate, codes: CodeBook, policy: ErrorPolicy,
                      progress: ((ReadProgress) -> Void)? = nil) throws -> Parsed {
        let csv = try CSVReader(path: path)
        let map = try ColumnMap(header: csv.header, file: path, columns: columns)
        let person = try map.require("person_id")
        var instrument = CodedField<Instrument>(try map.require("instrument"), codes: codes)
        let start = try map.require("start_date")
        let end = map["end_date"], provider = map["provider"]
        var providers = DistinctFieldValues<String?>()
        var out = [TrajectoryRecord](), endsAfter = 0
        let rows = try RowReading.read(csv, policy: policy, person: person, progress: progress, reserve: { out.reserveCapacity($0) }) { rec in
            if rec.isEmpty(person) { throw Problem(reason: .missingValue, error: rec.error(column: person, "missing person id")) }
            let inst = try instrument.required(rec)
            let s = try BenefitsReader.date(rec, start, required: true, extraction: extractionDate)!
            var e: CivilDate?
            if let ei = end {
                let (date, after) = try BenefitsReader.endDate(rec, ei, start: s, extraction: extractionDate, what: "trajectory")
                e = date
                if after { endsAfter += 1 }
            }
            // Whether the person has benefit spells is checked once both exports are read (`finish`).
            out.append(TrajectoryRecord(personID: rec[person], instrument: inst, start: s, end: e,
                                        provider: provider.flatMap { providers.value(of: rec, $0, UserCovariates.value) }, line: rec.line))
        }
        var byPerson = (0..<Int32(out.count)).map { $0 }
        byPerson.sort { a, b in
            out[Int(a)].personID != out[Int(b)].personID ? out[Int(a)].personID < out[Int(b)].personID : a < b
        }
        return Parsed(file: path, trajectories: out, byPerson: byPerson, rows: rows, endsAfterExtraction: endsAfter,
                      encoding: csv.encoding, ignoredColumns: map.unknown, personColumn: csv.header[person])
    }

    /// Logs the bad rows of a read in file order, each trajectory of a person without benefit
    /// spells among them (`persons` as in `read`), and groups the others by person.
    static func finish(_ p: consuming Parsed, persons: [String], log: inout ExclusionLog) throws -> Result {
        // Both lists are in id order: one walk matches every row to its person (-1: none).
        var personOf = [Int32](repeating: -1, count: p.trajectories.count)
        var firstOfPerson = [Int](repeating: 0, count: persons.count + 1)
        var k = 0
        for i in p.byPerson {
            let id = p.trajectories[Int(i)].personID
            while k < persons.count && persons[k] < id { k += 1 }
            if k < persons.count && persons[k] == id {
                personOf[Int(i)] = Int32(k)
                firstOfPerson[k + 1] += 1
            }
        }
        for k in persons.indices { firstOfPerson[k + 1] += firstOfPerson[k] }
        var next = 0
        for (i, r) in p.trajectories.enumerated() where personOf[i] < 0 {
            try p.rows.log(before: i, from: &next, into: &log)
            // No value in the message: it would be the person id.
            try log.record(.trajectoryWithoutBenefits, InputError(file: p.file, line: r.line, column: p.personColumn,
                                                                 message: "no benefit spell for this person in the benefits file"), person: r.personID)
        }
        try p.rows.log(from: &next, into: &log)
        var kept = [TrajectoryRecord]()
        kept.reserveCapacity(firstOfPerson[persons.count])
        for i in p.byPerson where personOf[Int(i)] >= 0 { kept.append(p.trajectories[Int(i)]) }
        return Result(trajectories: kept, rowsRead: p.rows.records, encoding: p.encoding, ignoredColumns: p.ignoredColumns,
                      endsAfterExtraction: p.endsAfterExtraction, firstOfPerson: firstOfPerson)
    }
}
