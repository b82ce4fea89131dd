import Foundation
import TableKit
import TOMLKit

/// The keys a TOML config may hold, their types and their valid values; `check` walks a
/// parsed document against it so that an unknown key, a misspelled value, a wrong type or
/// an out-of-range number is an error naming file, line and key, never a silent default.
struct ConfigSchema {
    indirect enum Kind {
        case string
        /// One of the listed values; `parse` may accept other spellings of them (aliases).
        case choice([String], parse: ((String) -> Bool)? = nil)
        /// A date as `YYYY-MM-DD` or `DD-MM-YYYY`, checked by `valid`.
        case date(valid: (String) -> Bool)
        case int(ClosedRange<Int>)
        /// A number written as an integer or a float.
        case number(ClosedRange<Double>)
        case list(Kind, nonEmpty: Bool)
        case table(ConfigSchema)
        case tables(ConfigSchema)
    }

    struct Key {
        let name: String
        let kind: Kind
        let required: Bool
        init(_ name: String, _ kind: Kind, required: Bool = true) {
            self.name = name
            self.kind = kind
            self.required = required
        }
    }

    let keys: [Key]

    /// Where a value sits: its table path (`estimation`, `breakeven` number 2) and key.
    struct Place {
        var tables: [(name: String, index: Int?)] = []
        var tableName: String { tables.isEmpty ? "the top level" : "[" + tables.map(\.name).joined(separator: ".") + "]" }
    }

    func check(_ table: TOMLTable, at place: Place, lines: ConfigLines) throws {
        for name in table.keys.sorted() where !keys.contains(where: { $0.name == name }) {
            var message = "unknown key '\(name)' in \(place.tableName)"
            if let near = TextDistance.nearSpelling(of: name, among: keys.map(\.name)) { message += "; did you mean '\(near)'?" }
            else { message += "; valid keys: \(keys.map(\.name).joined(separator: ", "))" }
            throw lines.error(place, key: name, message)
        }
        for key in keys {
            guard let value = table[key.name] else {
                if key.required { throw lines.error(place, key: nil, "missing key '\(key.name)' in \(place.tableName)") }
                continue
            }
            try check(value, key.kind, key: key.name, at: place, lines: lines)
        }
    }

    private func check(_ value: TOMLValueConvertible, _ kind: Kind, key: String, at place: Place, lines: ConfigLines, item: Int? = nil) throws {
        let label = item.map { "'\(key)' (item \($0 + 1))" } ?? "'\(key)'"
        func fail(_ why: String) -> Error { lines.error(place, key: key, "\(label) in \(place.tableName) \(why)") }
        func typeName(_ t: TOMLType) -> String {
            switch t {
            case .int: return "an integer"
            case .double: return "a number"
            case .string: return "a string"
            case .bool: return "true or false"
            case .array: return "a list"
            case .table: return "a table"
            default: return "a date or time"
            }
        }
        func wrongType(_ expected: String) -> Error { fail("must be \(expected), not \(typeName(value.type))") }
        switch kind {
        case .string:
            guard value.string != nil else { throw wrongType("a string") }
        case .choice(let choices, let parse):
            guard let s = value.string else { throw wrongType("a string (one of: \(choices.joined(separator: ", ")))") }
            guard choices.contains(s) || parse?(s) == true else {
                var why = "has an unknown value '\(s.escapingControlCharacters)'; valid: \(choices.joined(separator: ", "))"
                if let near = TextDistance.nearSpelling(of: s, among: choices) { why += "; did you mean '\(near)'?" }
                throw fail(why)
            }
        case .date(let valid):
            guard let s = value.string else { throw wrongType("a date in quotes (\"2014-06-30\")") }
            guard valid(s) else { throw fail("is not a valid date (value '\(s.escapingControlCharacters)'; use YYYY-MM-DD)") }
        case .int(let range):
            guard value.type == .int, let v = value.int else { throw wrongType("a whole number") }
            guard range.contains(v) else { throw fail("must be from \(range.lowerBound) to \(range.upperBound) (value \(v))") }
        case .number(let range):
            let v: Double
            if value.type == .int, let i = value.int { v = Double(i) }
            else if value.type == .double, let d = value.double { v = d }
            else { throw wrongType("a number") }
            guard v.isFinite, range.contains(v) else { throw fail("must be from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound)) (value \(Self.show(v)))") }
        case .list(let element, let nonEmpty):
            guard let array = value.array else { throw wrongType("a list [...]") }
            let items = Array(array)
            if nonEmpty && items.isEmpty { throw fail("must list at least one value") }
            for (k, v) in items.enumerated() { try check(v, element, key: key, at: place, lines: lines, item: k) }
            let texts = items.map { $0.string ?? $0.int.map(String.init) ?? "" }
            if let twice = texts.enumerated().first(where: { k, t in !t.isEmpty && texts[..<k].contains(t) }) {
                throw fail("lists '\(twice.element.escapingControlCharacters)' twice")
            }
        case .table(let schema):
            guard let t = value.table else { throw wrongType("a table [\(key)]") }
            var inner = place
            inner.tables.append((key, nil))
            try schema.check(t, at: inner, lines: lines)
        case .tables(let schema):
            guard let array = value.array else { throw wrongType("tables [[\(key)]]") }
            for (k, v) in Array(array).enumerated() {
                var inner = place
                inner.tables.append((key, k))
                guard let t = v.table else { throw lines.error(inner, key: nil, "[[\(key)]] must hold tables") }
                try schema.check(t, at: inner, lines: lines)
            }
        }
    }

    static func show(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e16 ? String(Int(v)) : String(v) }
}

/// Line numbers of tables and keys in a TOML file's text.
///
/// TOMLKit (over toml++) reports the line of a syntax error but not where a parsed table
/// or key came from, so the validator finds the line itself: it scans the text for the
/// table header (`[estimation]`, the n-th `[[breakeven]]`) and then for `key =` inside
/// that table. Configs are written by hand, one key per line, which this covers; when a
/// key is not found (an inline table, say) the table header's line is given.
struct ConfigLines {
    let file: String
    let lines: [Substring]

    init(file: String, text: String) {
        self.file = file
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func error(_ place: ConfigSchema.Place, key: String?, _ message: String) -> ReportError {
        let n = line(of: place, key: key)
        return .config(file + (n.map { ":\($0)" } ?? ""), message)
    }

    func line(of place: ConfigSchema.Place, key: String?) -> Int? {
        let path = place.tables.map(\.name).joined(separator: ".")
        let index = place.tables.last?.index ?? 0
        var current = "", count = [String: Int](), headerLine: Int?
        var inPlace = path.isEmpty
        // A key that is itself a table (`[aply]`) is found by its header.
        let subtable = key.map { path.isEmpty ? $0 : path + "." + $0 }
        for (k, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("[") {
                let isArray = text.hasPrefix("[[")
                let name = text.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                if name == subtable { return k + 1 }
                current = name
                var seen = 0
                if isArray { seen = count[name, default: 0]; count[name] = seen + 1 }
                inPlace = current == path && seen == index
                if inPlace { headerLine = k + 1 }
                continue
            }
            guard inPlace, let key else { continue }
            let bare = text.hasPrefix("\"") ? String(text.dropFirst().prefix(while: { $0 != "\"" })) : String(text.prefix(while: { $0 != "=" && $0 != " " && $0 != "\t" }))
            if bare == key, text.dropFirst(text.hasPrefix("\"") ? key.count + 2 : key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                return k + 1
            }
        }
        return headerLine
    }
}
