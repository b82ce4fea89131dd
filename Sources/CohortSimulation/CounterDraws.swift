import StatKit

/// Uniform draws addressed by (person, month, purpose) instead of by position in a stream.
///
/// Common random numbers need the same draw for "does this person leave benefit in
/// month m" in the actual path and in each counterfactual path, whatever happened
/// before. A counter-based generator gives that directly: u = mix(seed, person, month,
/// purpose), with SplitMix64's finaliser as the mixing function (a bijection on 64 bits
/// with full avalanche). It also lets persons be simulated in parallel chunks with
/// results identical to a serial run.
struct CounterDraws {
    let seed: UInt64
    let person: UInt64

    enum Purpose: UInt64 {
        case exit = 1, exitDay, reentry, reentryDay, treatment, bundle, covariates, inflowDay, endReason, earlierSpell
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 { ContentHash.mix(x) }

    /// Uniform on [0, 1) for a purpose, a month (or other index) and a sub-index.
    @inline(__always)
    func uniform(_ purpose: Purpose, _ month: Int, _ sub: Int = 0) -> Double {
        var h = Self.mix(seed ^ 0x5DEE_CE66_D1CE_4E5B)
        h = Self.mix(h ^ person)
        h = Self.mix(h ^ (purpose.rawValue << 56) ^ (UInt64(truncatingIfNeeded: month) << 16) ^ UInt64(truncatingIfNeeded: sub))
        return Double(h >> 11) * 0x1.0p-53
    }
}
