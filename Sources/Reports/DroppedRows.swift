/// A generic-mode result together with the rows left out for a missing value: encoded as
/// the result's own keys plus `rows_dropped_missing`, so scripts reading the result's keys
/// are unaffected.
public struct WithDroppedRows<Base: Encodable>: Encodable {
    public let base: Base
    public let rowsDroppedMissing: Int

    public init(_ base: Base, rowsDroppedMissing: Int) {
        self.base = base
        self.rowsDroppedMissing = rowsDroppedMissing
    }

    enum CodingKeys: String, CodingKey { case rowsDroppedMissing = "rows_dropped_missing" }

    public func encode(to encoder: Encoder) throws {
        try base.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rowsDroppedMissing, forKey: .rowsDroppedMissing)
    }

    /// The line text output ends with.
    public static func note(_ rowsDroppedMissing: Int) -> String { note(shown: String(rowsDroppedMissing)) }

    /// The same line with the count as disclosure control shows it (`<10`).
    public static func note(shown: String) -> String {
        "Rows left out for a missing value (empty, NA, n/a, NaN) in a used column: \(shown)\n"
    }
}
