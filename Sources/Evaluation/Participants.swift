import Cohort
import Effects
import TableKit

/// The participants an effect table is applied to: a count per instrument (average mode), or
/// per instrument a count per subgroup cell along one dimension (composition mode). Given as
/// counts (`reval apply --counts`, `--cell-counts`) or counted in a linked cohort.
public enum Participants: Sendable {
    case perInstrument([(instrument: String, count: Int)])
    case perCell(dimension: String, [(instrument: String, counts: [(subgroup: String, count: Int)])])

    /// The persons who received each instrument, counted per instrument.
    public static func average(_ users: [(instrument: Instrument, persons: [CohortPerson])]) -> Participants {
        .perInstrument(users.map { ($0.instrument.rawValue, $0.persons.count) })
    }

    /// The persons who received each instrument, counted per subgroup cell of `dimension`
    /// (the provider cell is the provider of the person's first trajectory of the instrument).
    public static func composition(_ users: [(instrument: Instrument, persons: [CohortPerson])], by dimension: SubgroupDimension) -> Participants {
        .perCell(dimension: dimension.rawValue, users.map { i, persons in
            let byCell = Dictionary(grouping: persons) { dimension.cell(of: $0, instrument: i) }
            return (i.rawValue, byCell.keys.sorted().map { ($0, byCell[$0]!.count) })
        })
    }

    /// The participants of a linked cohort (`reval apply --cohort`) in each instrument of the
    /// table, in the table's order: every person who received it (as a published table's
    /// effects are applied in a report), counted per instrument, or per subgroup cell of
    /// `dimension`. An instrument of the table that nobody in the cohort received is left out;
    /// none at all is an error naming `cohortFile`.
    public static func counted(in persons: [CohortPerson], cohortFile: String, instrumentsOf table: EffectTable,
                               by dimension: SubgroupDimension?) throws -> Participants {
        let ids = table.rows.map(\.instrument).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let users = ids.compactMap { Instrument(rawValue: $0) }
            .map { i in (instrument: i, persons: persons.filter { $0.instrumentStarts[i] != nil }) }
            .filter { !$0.persons.isEmpty }
        guard !users.isEmpty else {
            throw InputError(file: cohortFile, message: "nobody in the cohort received an instrument of \(table.file) (it has: \(ids.joined(separator: ", ")))")
        }
        return dimension.map { composition(users, by: $0) } ?? average(users)
    }
}
