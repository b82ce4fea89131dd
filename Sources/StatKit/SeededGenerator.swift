/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64.
///
/// Written here rather than taken from a package because none of the packages on
/// the machine ships a seedable generator, and reproducibility needs a stream that
/// is fixed by the seed alone: same seed, same numbers, on every machine and
/// Swift version (the standard library's `SystemRandomNumberGenerator` is not
/// seedable and its algorithm is unspecified). Period 2²⁵⁶ − 1; passes BigCrush.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            defer { sm &+= ContentHash.goldenGamma }
            return ContentHash.mix(sm)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// An independent generator for stream `index` of this seed (e.g. one per bootstrap
    /// replicate or per person), so results do not depend on the order of consumption.
    public init(seed: UInt64, stream index: UInt64) {
        self.init(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03) &+ index)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }
}

extension SeededGenerator {
    /// A uniform integer in 0..<n without modulo bias (Lemire 2019): the bootstrap's draw of a person.
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
