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
    /// Per row of a running-text table (columns `waarde`, `section`, `place`, `quote`): where the number is printed.
    public let rowCitations: [String: RowCitation]

    /// Where a number quoted in running text stands: each row of a text table cites its own place.
    public struct RowCitation: Sendable, Equatable {
        public let section: String
        public let place: String
        public let quote: String
    }

    /// A running-text table: one printed number per row, each with its own section, place and quote.
    public var isRunningText: Bool { !rowCitations.isEmpty }

    /// The short document id ("004") of the seed file name.
    public var documentID: String { String(document.prefix { $0 != "_" }) }

    /// Where the cell is printed, for audit findings: "004 §2.6 (table 2.1)" or, for a
    /// running-text row, "004 §4.1, text below figure 4.1".
    public func location(row: String) -> String {
        if let c = rowCitations[row] { return "\(documentID) §\(c.section), \(c.place)" }
        return "\(documentID) §\(section)"
    }

    /// Half the unit a cell may be off by: the table's rounding, or for a running-text row
    /// the last digit printed ("ongeveer 130" → ±0,5; what 'ongeveer' adds is the relation's `approximation`).
    func halfUnit(row: String, column: String) -> Double {
        if isRunningText, let text = cells["\(row)@\(column)"], let unit = PrintedNumber.unit(text) { return unit / 2 }
        return rounding / 2
    }

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
        let idx = try requiredColumns(need, of: csv, path: path)
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
        var rows = [String](), cells = [String: String](), citations = [String: RowCitation]()
        let citing = ["waarde", "section", "place", "quote"].map { csv.header.firstIndex(of: $0) }
        let isText = citing.allSatisfy { $0 != nil }
        try csv.forEachRecord { rec in
            let label = rec[0]
            if rows.contains(label) { throw rec.error(column: 0, "duplicate row label") }
            rows.append(label)
            for (k, c) in columns.enumerated() where !rec.isEmpty(k + 1) { cells["\(label)@\(c)"] = rec[k + 1] }
            if isText {
                for i in citing.dropFirst() where rec.isEmpty(i!) { throw rec.error(column: i!, "a running-text row needs its section, place and quote") }
                guard PrintedNumber.parse(rec[citing[0]!]) != nil else { throw rec.error(column: citing[0]!, "not a printed number") }
                citations[label] = RowCitation(section: rec[citing[1]!], place: rec[citing[2]!], quote: rec[citing[3]!])
            }
        }
        return PublishedTable(id: id, document: document, section: section, title: title, rounding: rounding,
                              rowLabels: rows, columnLabels: columns, cells: cells, file: path, rowCitations: citations)
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

    /// Half the rounding unit of each distinct reference (the table's, or a running-text row's printed digit), summed.
    func tolerance(of refs: [String]) throws -> Double {
        try Set(refs).reduce(0) { sum, ref in
            let (t, r, c) = try locate(ref)
            return sum + t.halfUnit(row: r, column: c)
        }
    }

    /// Where each distinct reference is printed, in order of appearance.
    func locations(of refs: [String]) throws -> [String] {
        try refs.reduce(into: [String]()) { out, ref in
            let (t, r, _) = try locate(ref)
            let l = t.location(row: r)
            if !out.contains(l) { out.append(l) }
        }
    }
}
