/// The overlap of the propensity scores of treated and control rows in one cell: each group's
/// scores at every fifth percentile (5, 10, …, 95), so a chart can show where the two
/// distributions lie and where one has no counterpart in the other (common support).
///
/// Percentiles rather than a histogram: a bin is a count, often a small one, while a
/// percentile of a group of at least the minimum cell size describes no single person's
/// position by itself (the 0th and 100th, which would, are left out).
public struct PropensityOverlap: Sendable, Codable, Equatable {
    /// The percentiles given, 5 to 95 in steps of 5.
    public static let percentiles = Array(stride(from: 5, through: 95, by: 5))
    /// Scores of the treated rows at `percentiles`.
    public let treated: [Double]
    /// Scores of the control rows at `percentiles` (in the dynamic design a person is a control row at each τ).
    public let controls: [Double]

    /// Nil when either group is empty. `ascending`: the rows in ascending order of their scores
    /// when the caller has that order (`DistanceOrder` on the score); each group's scores are
    /// then read off it, already sorted, instead of sorted again (a national cell's millions).
    init?(scores: [Double], treated isTreated: [Bool], ascending: [Int]? = nil) {
        var t = [Double](), c = [Double]()
        if let ascending {
            for r in ascending { if isTreated[r] { t.append(scores[r]) } else { c.append(scores[r]) } }
        } else {
            t = scores.indices.filter { isTreated[$0] }.map { scores[$0] }.sorted()
            c = scores.indices.filter { !isTreated[$0] }.map { scores[$0] }.sorted()
        }
        guard !t.isEmpty, !c.isEmpty else { return nil }
        func at(_ sorted: [Double]) -> [Double] {
            Self.percentiles.map { p in sorted[min(sorted.count - 1, max(0, Int((Double(p) / 100 * Double(sorted.count)).rounded(.up)) - 1))] }
        }
        treated = at(t)
        controls = at(c)
    }
}
