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
        // A stable radix sort on the distance (`StableOrder`), then each run of equal distance
        // (rows with the same covariates at the same τ share their score) sorted on its tie keys:
        // the order of a sort on (distance, tie key, position), a few times faster than that sort.
        var ascending = StableOrder.ascending(distance)
        var run = [Int32](repeating: 0, count: ascending.count), number: Int32 = 0
        var start = 0
        while start < ascending.count {
            var end = start + 1
            while end < ascending.count && distance[ascending[end]] == distance[ascending[start]] { end += 1 }
            if end - start > 1 { ascending[start..<end].sort { (tieKeys[$0], $0) < (tieKeys[$1], $1) } }
            for k in start..<end { run[k] = number }
            number += 1
            start = end
        }
        (self.ascending, self.run) = (ascending, run)
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
