import Foundation
import TableKit

/// A table from a source document, entered exactly as printed (`Data/published/tables/`).
public struct PublishedTable: Sendable {
    public let id: String
    public let document: String
    public let section: String
    public let title: String
    /// The unit the table's figures are rounded to (1 for whole euros, 10 for tens, 0.1 for one decimal).
    public let rounding: Double
    public let rowLabels: [String]
    public let columnLabels: [String]
    /// Printed text by "row@column".
    public let cells: [String: String]
    public let file: String

    /// The cell's value; errors name the file and the cell.
    public func value(row: String, column: String) throws -> Double {
        guard let text = cells["\(row)@\(column)"] else {
            throw InputError(file: file, column: column, value: row, message: "no such cell in table \(id)")
        }
        guard let v = PrintedNumber.parse(text) else {
            throw InputError(file: file, column: column, value: text, message: "cell [\(row)@\(column)] is not a number")
        }
        return v
    }

    /// Reads `Data/published/tables.csv` and every table it lists.
    public static func readAll(manifest path: String) throws -> [String: PublishedTable] {
        let dir = (path as NSString).deletingLastPathComponent
        let csv = try CSVReader(path: path)
        let need = ["id", "file", "document", "section", "rounding", "title"]
        let idx = try need.map { n -> Int in
            guard let i = csv.header.firstIndex(of: n) else { throw InputError(file: path, line: 1, column: n, message: "missing required column") }
            return i
        }
        var tables = [String: PublishedTable]()
        try csv.forEachRecord { rec in
            guard let rounding = PrintedNumber.parse(rec[idx[4]]), rounding > 0 else {
                throw rec.error(column: idx[4], "rounding must be a positive number")
            }
            let file = (dir as NSString).appendingPathComponent(rec[idx[1]])
            let t = try read(path: file, id: rec[idx[0]], document: rec[idx[2]], section: rec[idx[3]], rounding: rounding, title: rec[idx[5]])
            if tables[t.id] != nil { throw rec.error(column: idx[0], "duplicate table id") }
            tables[t.id] = t
        }
        return tables
    }

    static func read(path: String, id: String, document: String, section: String, rounding: Double, title: String) throws -> PublishedTable {
        let csv = try CSVReader(path: path)
        let columns = Array(csv.header.dropFirst())
        var rows = [String](), cells = [String: String]()
        try csv.forEachRecord { rec in
            let label = rec[0]
            if rows.contains(label) { throw rec.error(column: 0, "duplicate row label") }
            rows.append(label)
            for (k, c) in columns.enumerated() where !rec.isEmpty(k + 1) { cells["\(label)@\(c)"] = rec[k + 1] }
        }
        return PublishedTable(id: id, document: document, section: section, title: title, rounding: rounding,
                              rowLabels: rows, columnLabels: columns, cells: cells, file: path)
    }
}

/// Resolves `[row@column]` (within a default table) and `[table:row@column]` references.
struct CellResolver {
    let tables: [String: PublishedTable]
    let defaultTable: String?

    func locate(_ ref: String) throws -> (table: PublishedTable, row: String, column: String) {
        var tableID = defaultTable
        var rest = Substring(ref)
        if let colon = ref.firstIndex(of: ":"), let at = ref.firstIndex(of: "@"), colon < at {
            tableID = String(ref[..<colon])
            rest = ref[ref.index(after: colon)...]
        }
        guard let id = tableID, let table = tables[id] else { throw ExpressionError.unknownReference(ref) }
        guard let at = rest.lastIndex(of: "@") else { throw ExpressionError.unknownReference(ref) }
        return (table, String(rest[..<at]).trimmingCharacters(in: .whitespaces),
                String(rest[rest.index(after: at)...]).trimmingCharacters(in: .whitespaces))
    }

    func value(_ ref: String) throws -> Double {
        let (t, r, c) = try locate(ref)
        return try t.value(row: r, column: c)
    }

    /// Half the rounding unit of the table each reference points into, summed over distinct references.
    func tolerance(of refs: [String]) throws -> Double {
        try Set(refs).reduce(0) { $0 + (try locate($1).table.rounding) / 2 }
    }
}
