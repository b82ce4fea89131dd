import TableKit

/// Reads and validates `trajectories.csv`: one row per instrument a person received.
/// A trajectory must belong to a person with benefit spells and start within one of them.
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
    }

    public static func read(path: String, extractionDate: CivilDate, spellsByPerson: [String: [BenefitSpell]],
                            log: inout ExclusionLog) throws -> Result {
        let csv = try CSVReader(path: path)
        let map = try ColumnMap(header: csv.header, file: path, columns: columns)
        let person = try map.require("person_id")
        let instrument = try map.require("instrument")
        let start = try map.require("start_date")
        let end = map["end_date"], provider = map["provider"]
        var out = [TrajectoryRecord](), rows = 0
        try csv.forEachRecord(malformed: { rows += 1; try log.record(.malformedRecord, $0) }) { rec in
            rows += 1
            do {
                if rec.isEmpty(person) { throw BenefitsReader.Problem(reason: .missingValue, error: rec.error(column: person, "missing person id")) }
                let inst = try BenefitsReader.code(rec, instrument, Instrument.self, what: "instrument")
                let s = try BenefitsReader.date(rec, start, required: true, extraction: extractionDate)!
                var e: CivilDate?
                if let ei = end {
                    e = try BenefitsReader.date(rec, ei, required: false, extraction: extractionDate)
                    if let e, e < s { throw BenefitsReader.Problem(reason: .endBeforeStart, error: rec.error(column: ei, "trajectory ends before it starts (\(s))")) }
                }
                let id = rec[person]
                guard let spells = spellsByPerson[id] else {
                    throw BenefitsReader.Problem(reason: .trajectoryWithoutBenefits, error: rec.error(column: person, "no benefit spell for this person"))
                }
                guard spells.contains(where: { $0.contains(s) }) else {
                    throw BenefitsReader.Problem(reason: .trajectoryOutsideSpells, error: rec.error(column: start, "trajectory starts outside every benefit spell of this person"))
                }
                out.append(TrajectoryRecord(personID: id, instrument: inst, start: s, end: e,
                                            provider: provider.flatMap { rec.isEmpty($0) ? nil : rec[$0] }, line: rec.line))
            } catch let p as BenefitsReader.Problem {
                try log.record(p.reason, p.error)
            }
        }
        return Result(trajectories: out, rowsRead: rows, encoding: csv.encoding, ignoredColumns: map.unknown)
    }
}
