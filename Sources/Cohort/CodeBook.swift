import TableKit

/// A municipality's own spellings of coded values (`reval link --codes codes.toml`): one
/// TOML table per coded column mapping the export's value (compared case-insensitively and
/// trimmed, with spaces, hyphens and underscores alike) to reval's code.
///
/// ```toml
/// [education]
/// "HBO-bachelor" = "HBO"
/// [instrument]
/// "Jobhunting via WSP" = "matching"
/// "Loonkostensubsidie" = "wage_cost_subsidy"   # a new instrument id
/// ```
///
/// A value the file maps takes precedence over the built-in spellings; a value neither
/// maps nor has built in is an error that says to add it here.
public struct CodeBook: Sendable, Equatable {
    /// The codes file, for messages; nil when there is none.
    public let file: String?
    /// Per column: normalised export spelling → canonical code (the code's raw value).
    let mappings: [CodedColumn: [String: String]]

    public static let builtIn = CodeBook(file: nil, mappings: [:])

    init(file: String?, mappings: [CodedColumn: [String: String]]) {
        self.file = file
        self.mappings = mappings
    }

    /// A codes file's tables (`Reports.CodesFile` reads the TOML): table name → export value →
    /// code. Unknown tables and targets that are not codes of their column are errors naming
    /// the file and key.
    public init(file: String, tables: [String: [String: String]]) throws {
        var mappings = [CodedColumn: [String: String]]()
        for key in tables.keys.sorted() {
            guard let column = CodedColumn(rawValue: key) else {
                throw InputError(file: file, column: key, message: "unknown table in the codes file (tables: \(CodedColumn.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var m = [String: String]()
            for (spelling, target) in tables[key]!.sorted(by: { $0.key < $1.key }) {
                let name = "\(key).\"\(spelling)\""
                guard let code = Self.canonical(target, in: column) else {
                    throw InputError(file: file, column: name, value: target, message: "not a code of \(column.words) (\(Self.accepted(column)))")
                }
                let k = CodeNormalization.key(spelling)
                guard !k.isEmpty else { throw InputError(file: file, column: name, message: "empty export value") }
                if let other = m[k], other != code {
                    throw InputError(file: file, column: name, value: target, message: "the same value is already mapped to '\(other)' in this table")
                }
                m[k] = code
            }
            mappings[column] = m
        }
        self.init(file: file, mappings: mappings)
    }

    /// The canonical code a codes file may map to: a built-in code of the column, or for
    /// instruments any valid instrument id.
    static func canonical(_ target: String, in column: CodedColumn) -> String? {
        builtInCode(target, in: column) ?? (column == .instrument ? Instrument(rawValue: target)?.rawValue : nil)
    }

    /// The built-in code a spelling stands for.
    static func builtInCode(_ text: String, in column: CodedColumn) -> String? {
        switch column {
        case .instrument: return Instrument.parse(text)?.rawValue
        case .education: return EducationLevel.parse(text)?.rawValue
        case .sex: return Sex.parse(text)?.rawValue
        case .endReason: return EndReason.parse(text)?.rawValue
        case .household: return Household.parse(text)?.rawValue
        }
    }

    static func accepted(_ column: CodedColumn) -> String {
        switch column {
        case .instrument: return "a built-in instrument or a new id of lower-case letters, digits and _"
        case .education: return "one of " + EducationLevel.acceptedList
        case .sex: return "one of " + Sex.acceptedList
        case .endReason: return "one of " + EndReason.acceptedList
        case .household: return "one of " + Household.acceptedList
        }
    }

    /// The code `text` stands for: the codes file's mapping first, then the built-in spellings.
    public func code<C: AliasedCode>(_ text: String, as type: C.Type) -> C? {
        if let local = mappings[C.codedColumn], !local.isEmpty, let target = local[CodeNormalization.key(text)] {
            return C(rawValue: target)
        }
        return C.parse(text)
    }

    /// Where a value's meaning comes from, for `--list-codes`: the code, or nil when unmapped.
    public func mapping(of text: String, in column: CodedColumn) -> (code: String, source: String)? {
        if let target = mappings[column]?[CodeNormalization.key(text)] { return (target, "codes file") }
        return Self.builtInCode(text, in: column).map { ($0, "built in") }
    }

    /// The one-line message for a value neither mapped nor built in, with a "did you mean" only
    /// when the value is a near spelling of spellings that all mean the same code.
    public func unknownCodeMessage<C: AliasedCode>(_ text: String, as type: C.Type) -> String {
        var candidates = C.builtInSpellings.map { (spelling: $0.spelling, meaning: $0.code.rawValue) }
        for (k, v) in mappings[C.codedColumn] ?? [:] { candidates.append((k, v)) }
        let column = C.codedColumn
        let add = "add it to the codes file under [\(column.rawValue)] (" + (file.map { "--codes \($0)" } ?? "--codes FILE") + "; built-in codes are listed in the README)"
        if let near = CodeNormalization.nearSpelling(of: text, among: candidates) {
            return "unknown \(column.words) code; did you mean '\(near)'? If not, \(add)"
        }
        return "unknown \(column.words) code; \(add)"
    }
}
