import StatKit

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
    /// For each entry of `ascending`, the number of its run of equal distance (runs numbered in
    /// order, in the order the rows were first sorted). Why: the tie runs are walked for every
    /// match, and comparing the distances meant reading them at scattered positions of millions
    /// of rows; the run numbers lie in the order they are walked in.
    private let run: [Int32]

    init(distance: [Double], tieKeys: [Double]) {
        self.distance = distance
        // The sort holds each row's (distance, tie key, position), not the position alone: its
        // comparisons then read what it holds, where looking the values up was a cache miss per
        // comparison on a national cell's millions of rows. The keys are distinct (the position
        // is one of them), so the order is the one sorting the positions gives.
        var keys = zip(distance, tieKeys).enumerated().map { ($1.0, $1.1, $0) }
        keys.sort { $0 < $1 }
        var run = [Int32](repeating: 0, count: keys.count), number: Int32 = 0
        for k in keys.indices.dropFirst() {
            if keys[k].0 != keys[k - 1].0 { number += 1 }
            run[k] = number
        }
        (ascending, self.run) = (keys.map(\.2), run)
    }

    private init(distance: [Double], ascending: [Int], run: [Int32]) {
        self.distance = distance
        self.ascending = ascending
        self.run = run
    }

    /// The order of the rows `subset` (increasing positions in this order's rows), renumbered
    /// 0..<subset.count as a sample built from them is. Rows of equal distance stay in one run
    /// (they were next to each other, and so are those of them kept).
    func restricted(to subset: [Int]) -> DistanceOrder {
        // Every row in order: the order itself.
        if subset.isEveryIndex(below: distance.count) { return self }
        var newPosition = [Int](repeating: -1, count: distance.count)
        for (k, r) in subset.enumerated() { newPosition[r] = k }
        var kept = [Int](), keptRun = [Int32]()
        kept.reserveCapacity(subset.count)
        keptRun.reserveCapacity(subset.count)
        for (k, r) in ascending.enumerated() where newPosition[r] >= 0 {
            kept.append(newPosition[r])
            keptRun.append(run[k])
        }
        return DistanceOrder(distance: distance.gathered(at: subset), ascending: kept, run: keptRun)
    }

    /// The end (exclusive) of the run of equal distance that starts at index `start` of `ascending`.
    private func endOfTieRun(from start: Int) -> Int {
        var end = start + 1
        while end < ascending.count && run[end] == run[start] { end += 1 }
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
