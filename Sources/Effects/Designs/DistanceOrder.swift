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
struct DistanceOrder {
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

    /// Runs of equal distance in `ascending`, as ranges of its indices.
    private var tieRuns: [Range<Int>] {
        guard !ascending.isEmpty else { return [] }
        var runs = [Range<Int>](), start = 0
        for k in 1...ascending.count where k == ascending.count || distance[ascending[k]] != distance[ascending[start]] {
            runs.append(start..<k)
            start = k
        }
        return runs
    }

    /// Ascending by (distance, position): what a stable sort on the distance alone gives.
    var ascendingByPosition: [Int] {
        tieRuns.flatMap { ascending[$0].sorted() }
    }

    /// Descending by distance, ties ascending by (tie key, position): `GreedyMatching`'s order of the treated.
    var descendingByDistance: [Int] {
        tieRuns.reversed().flatMap { ascending[$0] }
    }
}
