import TableKit

/// Finds canonical columns in a municipal export's header, accepting the Dutch aliases
/// (case-insensitive; spaces, hyphens and underscores equivalent) in any order.
struct ColumnMap {
    let file: String
    private(set) var index: [String: Int] = [:]
    /// Header columns that match no known column (reported as a notice, then ignored).
    private(set) var unknown: [String] = []
    private let columns: [(canonical: String, aliases: [String])]

    init(header: [String], file: String, columns: [(canonical: String, aliases: [String])]) {
        self.file = file
        self.columns = columns
        for (i, h) in header.enumerated() {
            let key = CodeNormalization.key(h)
            if let c = columns.first(where: { c in ([c.canonical] + c.aliases).contains { CodeNormalization.key($0) == key } }) {
                if index[c.canonical] == nil { index[c.canonical] = i }
            } else {
                unknown.append(h)
            }
        }
    }

    /// The index of a required column; the error lists every accepted name.
    func require(_ canonical: String) throws -> Int {
        let aliases = columns.first { $0.canonical == canonical }?.aliases ?? []
        guard let i = index[canonical] else {
            throw InputError(file: file, line: 1, column: canonical,
                             message: "missing required column (accepted names: \(([canonical] + aliases).joined(separator: ", ")))")
        }
        return i
    }

    subscript(canonical: String) -> Int? { index[canonical] }
}
