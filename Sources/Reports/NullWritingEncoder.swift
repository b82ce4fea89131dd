import Foundation

/// An `Encoder` over another that writes an absent optional as `null` instead of leaving its key
/// out. Synthesised `Encodable` conformances write an optional with `encodeIfPresent`, which
/// skips nil; this encoder's keyed containers answer it with `encodeNil`, and every nested value
/// is encoded through the same wrapper. Every JSON reval writes passes through it (`JSONOutput`,
/// `Disclosed.json`), so a missing value is always a `null` key, never an omitted one.
///
/// Written by hand: `JSONEncoder` has no option for it, and the alternative — a hand-written
/// `encode(to:)` per type — would have to be remembered for every new optional.
struct NullWritingEncoder: Encoder {
    let base: Encoder
    var codingPath: [CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedNulls(base: base.container(keyedBy: type)))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer { UnkeyedNulls(base: base.unkeyedContainer()) }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleNulls(base: base.singleValueContainer(), encoder: self) }
}

private struct KeyedNulls<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var base: KeyedEncodingContainer<Key>
    var codingPath: [CodingKey] { base.codingPath }

    mutating func encodeNil(forKey key: Key) throws { try base.encodeNil(forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try base.encode(value, forKey: key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if try PlainValue.encode(value, { try base.encode($0, forKey: key) }) { return }
        try value.encode(to: NullWritingEncoder(base: base.superEncoder(forKey: key)))
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try put(value, key) }

    private mutating func put<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try base.encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedNulls<NestedKey>(base: base.nestedContainer(keyedBy: keyType, forKey: key)))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { UnkeyedNulls(base: base.nestedUnkeyedContainer(forKey: key)) }
    mutating func superEncoder() -> Encoder { NullWritingEncoder(base: base.superEncoder()) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NullWritingEncoder(base: base.superEncoder(forKey: key)) }
}

private struct UnkeyedNulls: UnkeyedEncodingContainer {
    var base: UnkeyedEncodingContainer
    var codingPath: [CodingKey] { base.codingPath }
    var count: Int { base.count }

    mutating func encodeNil() throws { try base.encodeNil() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if try PlainValue.encode(value, { try base.encode($0) }) { return }
        try value.encode(to: NullWritingEncoder(base: base.superEncoder()))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedNulls<NestedKey>(base: base.nestedContainer(keyedBy: keyType)))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { UnkeyedNulls(base: base.nestedUnkeyedContainer()) }
    mutating func superEncoder() -> Encoder { NullWritingEncoder(base: base.superEncoder()) }
}

private struct SingleNulls: SingleValueEncodingContainer {
    var base: SingleValueEncodingContainer
    let encoder: NullWritingEncoder
    var codingPath: [CodingKey] { base.codingPath }

    mutating func encodeNil() throws { try base.encodeNil() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if try PlainValue.encode(value, { try base.encode($0) }) { return }
        try value.encode(to: encoder)
    }
}

/// The values the base container writes itself: numbers, strings, truth values, and the types
/// `JSONEncoder` spells its own way (dates, data, URLs, decimals).
private enum PlainValue {
    /// Writes `value` with `write` when it is plain; false when it is not.
    static func encode(_ value: Any, _ write: (any Encodable) throws -> Void) throws -> Bool {
        switch value {
        case let v as Double: try write(v)
        case let v as String: try write(v)
        case let v as Int: try write(v)
        case let v as Bool: try write(v)
        case let v as Float: try write(v)
        case let v as Int64: try write(v)
        case let v as UInt64: try write(v)
        case let v as Int32: try write(v)
        case let v as UInt32: try write(v)
        case let v as Date: try write(v)
        case let v as URL: try write(v)
        case let v as Decimal: try write(v)
        case let v as Data: try write(v)
        default: return false
        }
        return true
    }
}
