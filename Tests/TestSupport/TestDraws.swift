import Foundation
import StatKit

/// Draws for the tests' simulated data (no source needs them: the simulation uses counter-based
/// draws, the bootstrap `index(below:)`). Fixed algorithms on the seeded stream, so a test's data
/// are the same on every machine.
extension SeededGenerator {
    /// Uniform on [0, 1): the top 53 bits scaled by 2⁻⁵³.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal by Marsaglia's polar method; one of each generated pair is discarded.
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }
}
