/// A table of named columns read from a CSV file: each column numeric or categorical.
///
/// A column is numeric when every value parses as a number (decimal comma allowed
/// when the file is not comma-separated), categorical otherwise. Missing values are
/// an error, not silently dropped rows: an audit figure must not depend on which
/// rows a tool quietly left out.
public struct DataTable: Sendable {
    public enum Column: Sendable, Equatable {
        case numeric([Double])
        case categorical([String])

        public var count: Int {
            switch self {
            case .numeric(let v): return v.count
            case .categorical(let v): return v.count
            }
        }
    }

    public let file: String
    public let rowCount: Int
    /// Columns in the order they were requested.
    public let names: [String]
    public let columns: [String: Column]
    /// Physical line of each row, for error messages about a row.
    public let lines: [Int]

    public init(file: String, names: [String], columns: [String: Column], lines: [Int]) {
        self.file = file
        self.names = names
        self.columns = columns
        self.lines = lines
        self.rowCount = lines.count
    }

    public subscript(name: String) -> Column? { columns[name] }

    /// Reads the named columns of a CSV file; `progress` hears how far the read has got.
    public static func read(path: String, columns wanted: [String], progress: ((ReadProgress) -> Void)? = nil) throws -> DataTable {
        let csv = try CSVReader(path: path)
        return try read(csv, columns: wanted, progress: progress)
    }

    public static func read(_ csv: CSVReader, columns wanted: [String], progress: ((ReadProgress) -> Void)? = nil) throws -> DataTable {
        var indices = [Int]()
        for name in wanted {
            guard let i = csv.header.firstIndex(of: name)
                ?? csv.header.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                throw InputError(file: csv.file, line: 1, column: name,
                                 message: "no such column; the header has: \(csv.header.joined(separator: ", "))")
            }
            indices.append(i)
        }
        let decimalComma = csv.delimiter != UInt8(ascii: ",")
        // One pass stores numbers while a column is numeric; a column that turns out
        // not to be is read again as text in a second pass over that column only.
        var numeric = [Bool](repeating: true, count: wanted.count)
        var nums = [[Double]](repeating: [], count: wanted.count)
        var lines = [Int]()
        try csv.forEachRecord(progress: progress) { rec in
            lines.append(rec.line)
            for (k, i) in indices.enumerated() {
                if rec.isEmpty(i) { throw rec.error(column: i, "missing value; reval does not drop rows silently: fill it in or remove the row") }
                guard numeric[k] else { continue }
                if let v = rec.number(i, decimalComma: decimalComma) {
                    if !v.isFinite { throw rec.error(column: i, "number out of range") }
                    nums[k].append(v)
                } else {
                    numeric[k] = false
                    nums[k] = []
                }
            }
        }
        var strs = [[String]](repeating: [], count: wanted.count)
        if numeric.contains(false) {
            try csv.forEachRecord { rec in
                for (k, i) in indices.enumerated() where !numeric[k] { strs[k].append(rec[i]) }
            }
        }
        var cols = [String: Column]()
        for (k, name) in wanted.enumerated() {
            cols[name] = numeric[k] ? .numeric(nums[k]) : .categorical(strs[k])
        }
        return DataTable(file: csv.file, names: wanted, columns: cols, lines: lines)
    }
}
