import Foundation

/// Draws from common distributions. Each uses a fixed, documented algorithm on top
/// of the raw 64-bit stream, so a seed gives the same draws everywhere (the standard
/// library's `Double.random(in:using:)` algorithm is not part of its contract).
extension SeededGenerator {
    /// Uniform on [0, 1): the top 53 bits scaled by 2⁻⁵³.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1): never 0, safe to take a logarithm of.
    public mutating func uniformOpen() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1.0p-52
    }

    /// Standard normal by Marsaglia's polar method (exact; uses only log and sqrt).
    /// One of each generated pair is discarded, keeping the stream stateless.
    public mutating func normal(mean: Double = 0, standardDeviation sd: Double = 1) -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return mean + sd * u * (-2 * log(s) / s).squareRoot() }
        }
    }

    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// Exponential with the given rate, by inversion.
    public mutating func exponential(rate: Double) -> Double {
        -log(uniformOpen()) / rate
    }

    /// Binomial(n, p), exact: counts geometric waiting times between successes
    /// (Devroye 1986, §X.4), O(n·min(p, 1−p)) expected time.
    public mutating func binomial(trials n: Int, probability p: Double) -> Int {
        precondition(n >= 0 && p >= 0 && p <= 1)
        if p == 0 || n == 0 { return 0 }
        if p == 1 { return n }
        let q = min(p, 1 - p)
        let logQ = log1p(-q)
        var successes = 0, position = 0
        while true {
            position += Int((log(uniformOpen()) / logQ).rounded(.down)) + 1
            if position > n { break }
            successes += 1
        }
        return p <= 0.5 ? successes : n - successes
    }

    /// An index drawn with probability proportional to `weights`, by inversion of the
    /// cumulative weights (binary search).
    public mutating func categorical(weights: [Double]) -> Int {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 })
        var cumulative = [Double]()
        cumulative.reserveCapacity(weights.count)
        var total = 0.0
        for w in weights { total += w; cumulative.append(total) }
        precondition(total > 0, "categorical weights sum to zero")
        let u = uniform() * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        while weights[lo] == 0 { lo += 1 } // skip zero-weight categories at u on a boundary
        return lo
    }

    /// A uniform integer in 0..<n without modulo bias (Lemire 2019).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }
}
