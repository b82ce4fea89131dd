import TableKit

/// `reval link --list-codes`: every distinct value of every coded column of both exports,
/// with its count and what it maps to (or that it is unmapped), so that a user can write a
/// codes file. Only coded columns are read: no person id or date is listed; the counts are shown
/// under disclosure control (`CodeListingSummary`, Reports).
public struct CodeListing: Codable, Sendable, Equatable {
    public struct Value: Codable, Sendable, Equatable {
        public let value: String
        public let count: Int
        /// The code the value stands for; nil when unmapped.
        public let code: String?
        /// "built in" or "codes file"; nil when unmapped.
        public let source: String?
    }

    public struct Column: Codable, Sendable, Equatable {
        public let column: String
        public let file: String
        public let values: [Value]
    }

    public let columns: [Column]

    public var unmapped: Int { columns.reduce(0) { $0 + $1.values.filter { $0.code == nil }.count } }

    public init(benefits: String, trajectories: String, codes: CodeBook) throws {
        var columns = [Column]()
        for (path, spec) in [(benefits, BenefitsReader.columns), (trajectories, TrajectoriesReader.columns)] {
            let csv = try CSVReader(path: path)
            let map = try ColumnMap(header: csv.header, file: path, columns: spec)
            let coded = CodedColumn.allCases.compactMap { c in map[c.rawValue].map { (c, $0) } }
            var counts = [[String: Int]](repeating: [:], count: coded.count)
            try csv.forEachRecord(malformed: { _ in }) { rec in
                for (k, (_, i)) in coded.enumerated() where !rec.isEmpty(i) {
                    counts[k][String(rec[i].trimmingWhitespace()), default: 0] += 1
                }
            }
            for (k, (column, _)) in coded.enumerated() {
                let values = counts[k].sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { v, n in
                    let m = codes.mapping(of: v, in: column)
                    return Value(value: v, count: n, code: m?.code, source: m?.source)
                }
                columns.append(Column(column: column.rawValue, file: path, values: values))
            }
        }
        self.columns = columns
    }

    /// The same listing with each column's values in another order (`order(k)`: the indices of column k's values).
    public func reordered(_ order: (Int) -> [Int]) -> CodeListing {
        CodeListing(columns: columns.enumerated().map { k, c in Column(column: c.column, file: c.file, values: order(k).map { c.values[$0] }) })
    }

    private init(columns: [Column]) { self.columns = columns }
}
