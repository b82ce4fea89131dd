import Foundation

/// JSON as reval writes it: sorted keys (stable for scripts and diffs), pretty-printed,
/// no escaped slashes, a missing value as `null` (`NullWritingEncoder`), and a trailing newline.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(NullsWritten(value))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A value encoded through `NullWritingEncoder`: its absent optionals written as `null`.
struct NullsWritten<T: Encodable>: Encodable {
    let value: T
    init(_ value: T) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: NullWritingEncoder(base: encoder)) }
}
