// Module TableKit — tables: CSV reading (encodings, dialects), typed columns, design matrices,
// output files and locale-independent number formatting.
// May import: StatKit.

/// What to do with a row that has a missing value ("", NA, N/A or NaN, any case) in a
/// column the analysis uses.
public enum MissingValuePolicy: String, Sendable, CaseIterable {
    /// Leave the row out and count it (`DataTable.rowsDroppedMissing`), so outputs can say so.
    case drop
    /// Stop with an error naming file, line, column and value.
    case fail
}

/// A table of named columns read from a CSV file: each column numeric or categorical.
///
/// A column is numeric when every present value parses as a number (decimal comma
/// allowed when the file is not comma-separated), categorical otherwise; a missing
/// value never makes a numeric column categorical, and a column of mostly numbers with a
/// value that is not one (".", "Inf", "1.234,5") is an error naming that value. Rows with a missing value are an
/// error or are left out and counted, never dropped silently: an audit figure must not
/// depend on which rows a tool quietly left out.
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
    /// Rows left out because a requested column had a missing value (policy `.drop`).
    public let rowsDroppedMissing: Int

    public init(file: String, names: [String], columns: [String: Column], lines: [Int], rowsDroppedMissing: Int = 0) {
        self.file = file
        self.names = names
        self.columns = columns
        self.lines = lines
        self.rowCount = lines.count
        self.rowsDroppedMissing = rowsDroppedMissing
    }

    /// Whether field `i` of a record is a missing value: empty, NA, N/A or NaN (any case).
    static func isMissing(_ rec: CSVRecord, _ i: Int) -> Bool {
        if rec.isEmpty(i) { return true }
        return rec.withRawBytes(i) { b in
            var lo = 0, hi = b.count
            while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
            while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
            guard hi - lo <= 3 else { return false }
            let word = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self).lowercased()
            return word == "na" || word == "n/a" || word == "nan"
        }
    }

    public subscript(name: String) -> Column? { columns[name] }

    /// Reads the named columns of a CSV file; `progress` hears how far the read has got.
    public static func read(path: String, columns wanted: [String], missing: MissingValuePolicy = .fail,
                            progress: ((ReadProgress) -> Void)? = nil) throws -> DataTable {
        let csv = try CSVReader(path: path)
        return try read(csv, columns: wanted, missing: missing, progress: progress)
    }

    public static func read(_ csv: CSVReader, columns wanted: [String], missing: MissingValuePolicy = .fail,
                            progress: ((ReadProgress) -> Void)? = nil) throws -> DataTable {
        if let twice = wanted.enumerated().first(where: { k, name in wanted[..<k].contains { $0.lowercased() == name.lowercased() } }) {
            throw InputError(file: csv.file, line: 1, column: twice.element, message: "column requested twice")
        }
        // The reader has rejected headers that differ only in case, so this is unambiguous.
        let indices = try RequiredColumns.indices(of: wanted, in: csv.header, file: csv.file, ignoringCase: true)
        let decimalComma = csv.delimiter != UInt8(ascii: ",")
        // One pass stores numbers while a column is numeric; a column that turns out
        // not to be is read again as text in a second pass over that column only.
        var numeric = [Bool](repeating: true, count: wanted.count)
        var nums = [[Double]](repeating: [], count: wanted.count)
        var lines = [Int]()
        var dropped = 0
        func complete(_ rec: CSVRecord) throws -> Bool {
            guard let i = indices.first(where: { isMissing(rec, $0) }) else { return true }
            if missing == .fail { throw rec.error(column: i, "missing value (missing values are an error here: fill it in or remove the row)") }
            return false
        }
        try csv.forEachRecord(progress: progress) { rec in
            guard try complete(rec) else { dropped += 1; return }
            lines.append(rec.line)
            for (k, i) in indices.enumerated() {
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
            var numbers = [Int](repeating: 0, count: wanted.count)
            var firstText = [InputError?](repeating: nil, count: wanted.count)
            try csv.forEachRecord { rec in
                guard try complete(rec) else { return }
                for (k, i) in indices.enumerated() where !numeric[k] {
                    strs[k].append(rec[i])
                    if rec.number(i, decimalComma: decimalComma) != nil {
                        numbers[k] += 1
                    } else if firstText[k] == nil {
                        firstText[k] = rec.error(column: i, "not a number in a column of numbers; write a missing value as empty or NA")
                    }
                }
            }
            // Mostly numbers: a stray "." or "Inf" is a mistake, not a categorical column.
            for k in wanted.indices where !numeric[k] && 2 * numbers[k] > strs[k].count {
                throw firstText[k]!
            }
        }
        var cols = [String: Column]()
        for (k, name) in wanted.enumerated() {
            cols[name] = numeric[k] ? .numeric(nums[k]) : .categorical(strs[k])
        }
        return DataTable(file: csv.file, names: wanted, columns: cols, lines: lines, rowsDroppedMissing: dropped)
    }
}
