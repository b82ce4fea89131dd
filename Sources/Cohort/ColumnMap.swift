import TableKit

/// Finds canonical columns in a municipal export's header, accepting the Dutch aliases
/// (case-insensitive; spaces, hyphens and underscores equivalent) in any order.
struct ColumnMap {
    let file: String
    private(set) var index: [String: Int] = [:]
    /// Header columns that match no known column (reported as a notice, then ignored).
    private(set) var unknown: [String] = []
    private let columns: [(canonical: String, aliases: [String])]
    private let header: [String]

    /// Two header columns that name the same column (`begindatum` and `spell_start`) are an
    /// error naming both: taking either one would silently ignore the other's data.
    init(header: [String], file: String, columns: [(canonical: String, aliases: [String])]) throws {
        self.file = file
        self.columns = columns
        self.header = header
        for (i, h) in header.enumerated() {
            let key = CodeNormalization.key(h)
            if let c = columns.first(where: { c in ([c.canonical] + c.aliases).contains { CodeNormalization.key($0) == key } }) {
                if let first = index[c.canonical] {
                    throw InputError(file: file, line: 1, column: h,
                                     message: "columns '\(header[first])' (column \(first + 1)) and '\(h)' (column \(i + 1)) are both \(c.canonical); remove or rename one")
                }
                index[c.canonical] = i
            } else {
                unknown.append(h)
            }
        }
    }

    /// The index of a required column; the error lists every accepted name.
    func require(_ canonical: String) throws -> Int {
        guard let i = index[canonical] else { throw RequiredColumns.missing(canonical, header: header, file: file, acceptedNames: acceptedNames(canonical)) }
        return i
    }

    /// Every name the column goes by, its canonical name first.
    func acceptedNames(_ canonical: String) -> [String] { [canonical] + (columns.first { $0.canonical == canonical }?.aliases ?? []) }

    /// The error for a column the file must have one of several of (`birth_date` or `age_at_start`), naming the first.
    func missing(_ canonical: String, advice: String) -> InputError {
        RequiredColumns.missing(canonical, header: header, file: file, acceptedNames: acceptedNames(canonical), advice: advice)
    }

    subscript(canonical: String) -> Int? { index[canonical] }
}
