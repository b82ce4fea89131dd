/// A 64-bit hash of a record's values, for choices that must depend on the data's content
/// alone (never on a row's position, a person id or a seed): tie-breaking keys, a canonical
/// row order, a content-keyed subsample.
///
/// FNV-1a over the bytes fed in, then SplitMix64's finaliser (a bijection with full
/// avalanche), so records that differ in one bit get unrelated hashes. Written here rather
/// than taken from swift-crypto because it runs once per row of a million-row table and must
/// be a few nanoseconds; it is not meant to resist an adversary, only to be a fixed function
/// of the content on every machine and Swift version (`Hasher` is seeded per process).
public struct ContentHash: Sendable {
    public private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    @inline(__always)
    public mutating func combine(_ v: UInt64) {
        var b = v
        for _ in 0..<8 { state = (state ^ (b & 0xFF)) &* 0x100_0000_01B3; b >>= 8 }
    }

    @inline(__always)
    public mutating func combine(_ v: Int) { combine(UInt64(bitPattern: Int64(v))) }

    @inline(__always)
    public mutating func combine(_ v: Double) { combine(v.bitPattern) }

    /// The finalised hash.
    public var value: UInt64 { Self.mix(state) }

    /// The hash as a uniform number in [0, 1) (53 bits).
    public var uniform: Double { Double(value >> 11) * 0x1.0p-53 }

    /// SplitMix64's increment, 2⁶⁴ divided by the golden ratio.
    public static let goldenGamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's finaliser of x + golden ratio: the one mixing function of the package (the
    /// seeded generator's seeding, the simulation's counter-based draws, tie-breaking keys).
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 { finalise(x &+ goldenGamma) }

    /// SplitMix64's finaliser alone: a bijection on 64 bits with full avalanche.
    @inline(__always)
    public static func finalise(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) from a hash and an index (e.g. a person's content hash and a month).
    @inline(__always)
    public static func uniform(_ hash: UInt64, _ index: Int) -> Double {
        Double(mix(hash ^ mix(UInt64(bitPattern: Int64(index)))) >> 11) * 0x1.0p-53
    }
}
