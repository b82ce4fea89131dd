import Foundation

/// A problem in an input file, located precisely enough to fix it in the source system.
///
/// Its description is one line: `FILE:LINE: column 'COL': MESSAGE (value 'VALUE')`.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    /// 1-based physical line where the record starts; nil for whole-file problems.
    public let line: Int?
    public let column: String?
    public let value: String?
    public let message: String

    public init(file: String, line: Int? = nil, column: String? = nil, value: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    public var description: String {
        var s = file.escapingControlCharacters
        if let line { s += ":\(line)" }
        s += ": "
        if let column { s += "column '\(column.escapingControlCharacters)': " }
        s += message.escapingControlCharacters
        if let value { s += " (value '\(Self.printable(value))')" }
        return s
    }

    /// Keeps the message on one line and bounded in length; control characters are
    /// escaped (`\n`, `\x1b`) so a value cannot act on the terminal.
    static func printable(_ v: String) -> String {
        let flat = v.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n").escapingControlCharacters
        return flat.count > 60 ? String(flat.prefix(57)) + "..." : flat
    }
}
