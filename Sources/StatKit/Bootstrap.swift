/// The nonparametric bootstrap: resampling units with replacement.
///
/// Replicate b draws from its own stream `SeededGenerator(seed:stream: b)`, so a
/// replicate's sample does not depend on how many replicates ran before it or on
/// which thread ran it.
public struct Bootstrap: Sendable {
    public let seed: UInt64
    public let replicates: Int

    public init(replicates: Int, seed: UInt64) {
        precondition(replicates > 0)
        self.replicates = replicates
        self.seed = seed
    }

    /// Row indices of replicate `b`: `count` draws with replacement from 0..<count.
    public func sample(_ b: Int, count: Int) -> [Int] {
        var g = SeededGenerator(seed: seed, stream: UInt64(b))
        return (0..<count).map { _ in g.index(below: count) }
    }

    /// Runs `statistic` on every replicate's indices and summarises the results.
    /// Replicates whose statistic is not finite are counted and left out.
    public func run(count: Int, progress: ((Int) -> Void)? = nil, _ statistic: ([Int]) -> Double) -> BootstrapSummary {
        var values = [Double]()
        var failed = 0
        for b in 0..<replicates {
            let v = statistic(sample(b, count: count))
            if v.isFinite { values.append(v) } else { failed += 1 }
            progress?(b + 1)
        }
        return BootstrapSummary(values: values, failedReplicates: failed)
    }
}

/// Bootstrap replicates of one statistic with their standard error and percentile interval.
public struct BootstrapSummary: Sendable {
    public let values: [Double]
    public let failedReplicates: Int

    public init(values: [Double], failedReplicates: Int) {
        self.values = values
        self.failedReplicates = failedReplicates
    }

    /// Standard deviation of the replicates (n − 1 denominator).
    public var standardError: Double { WeightedStatistics.variance(values).squareRoot() }

    /// Percentile interval at the given level (e.g. 0.95).
    public func percentileInterval(level: Double = 0.95) -> (low: Double, high: Double) {
        let a = (1 - level) / 2
        let q = WeightedStatistics.quantiles(values, [a, 1 - a])
        return (q[0], q[1])
    }
}
