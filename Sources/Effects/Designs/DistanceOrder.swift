/// The rows of a cell sorted by matching distance, ties by tie key and then by position: the
/// one sort that nearest-neighbour matching needs (`GreedyMatching` takes controls ascending and
/// treated descending on the distance) and the own-group neighbours of σ̂² need
/// (`MatchingEstimator.nearestInOwnGroup`, ties by position).
///
/// Why a type: a cell's estimates — every outcome and horizon, the sensitivity variants, the
/// effect path — match subsets of the same rows on the same distance, and sorting each subset
/// again (per τ, per outcome) was a fifth of the estimate's time at national scale. Sorted once
/// per cell, the order is restricted to each estimate's rows in linear time and gives exactly
/// the orders a stable sort of those rows gives, so the matches do not change.
struct DistanceOrder: Sendable {
    let distance: [Double]
    /// Positions 0..<distance.count, ascending by (distance, tie key, position).
    let ascending: [Int]

    init(distance: [Double], tieKeys: [Double]) {
        self.distance = distance
        ascending = distance.indices.sorted { (distance[$0], tieKeys[$0], $0) < (distance[$1], tieKeys[$1], $1) }
    }

    private init(distance: [Double], ascending: [Int]) {
        self.distance = distance
        self.ascending = ascending
    }

    /// The order of the rows `subset` (increasing positions in this order's rows), renumbered
    /// 0..<subset.count as a sample built from them is.
    func restricted(to subset: [Int]) -> DistanceOrder {
        var newPosition = [Int](repeating: -1, count: distance.count)
        for (k, r) in subset.enumerated() { newPosition[r] = k }
        return DistanceOrder(distance: subset.map { distance[$0] }, ascending: ascending.compactMap { newPosition[$0] >= 0 ? newPosition[$0] : nil })
    }

    /// The end (exclusive) of the run of equal distance that starts at index `start` of `ascending`.
    private func endOfTieRun(from start: Int) -> Int {
        var end = start + 1
        while end < ascending.count && distance[ascending[end]] == distance[ascending[start]] { end += 1 }
        return end
    }

    /// Ascending by (distance, position): what a stable sort on the distance alone gives.
    var ascendingByPosition: [Int] {
        var out = [Int]()
        out.reserveCapacity(ascending.count)
        var start = 0
        while start < ascending.count {
            let end = endOfTieRun(from: start)
            if end - start == 1 { out.append(ascending[start]) } else { out.append(contentsOf: ascending[start..<end].sorted()) }
            start = end
        }
        return out
    }

    /// Descending by distance, ties ascending by (tie key, position): `GreedyMatching`'s order of the treated.
    var descendingByDistance: [Int] {
        var out = [Int](repeating: 0, count: ascending.count)
        var start = 0
        while start < ascending.count {
            // The run [start, end) goes, in its own order, to the mirrored place at the back.
            let end = endOfTieRun(from: start)
            let at = ascending.count - end
            for k in start..<end { out[at + k - start] = ascending[k] }
            start = end
        }
        return out
    }
}
