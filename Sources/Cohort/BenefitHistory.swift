/// A person's benefit history: for each elapsed month m = 0…followup, whether the person is on
/// benefit at its start (`CohortPerson.onBenefit`), stored as bits.
///
/// Why not `[Bool]`: a history of twelve years is then a byte a month in an allocation of its
/// own (192 bytes a person with malloc's rounding, 0.19 GB at national scale, held by `link`,
/// `describe` and `estimate` alike); as bits it is 64. It reads as a collection of flags, so
/// `history[m]`, `count` and iteration are as they were.
public struct BenefitHistory: RandomAccessCollection, Sendable, Equatable {
    /// Month m is bit m % 64 of word m / 64; bits beyond `count` are 0 (so == compares the flags).
    @usableFromInline let words: [UInt64]
    public let count: Int

    public init<Flags: Sequence>(_ flags: Flags) where Flags.Element == Bool {
        var words = [UInt64](), count = 0
        for on in flags {
            if count & 63 == 0 { words.append(0) }
            if on { words[count >> 6] |= 1 << UInt64(count & 63) }
            count += 1
        }
        self.words = words
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// On benefit at the start of month m (0 ≤ m < count).
    @inlinable
    public subscript(m: Int) -> Bool {
        precondition(m >= 0 && m < count, "month \(m) is outside the history")
        return words[m >> 6] >> UInt64(m & 63) & 1 == 1
    }

    /// On benefit at the start of month m ≥ 0, where every month from `count` on reads as off:
    /// how the survival walks read a history that their months may run past.
    @inlinable
    public func isOn(_ m: Int) -> Bool {
        m < count && words[m >> 6] >> UInt64(m & 63) & 1 == 1
    }

    /// The months on benefit without a break that end at month m − 1 (0 when month m − 1 is off,
    /// or m is 0), months from `count` on read as off (`isOn`).
    public func run(endingBefore m: Int) -> Int {
        var k = m - 1
        while k >= 0 && isOn(k) { k -= 1 }
        return m - 1 - k
    }
}
