import Cohort

/// How far persons are followed up, by inflow year: the censoring distribution of the
/// months-out-of-benefit outcome.
///
/// Follow-up ends at the extraction date, so it is administrative and depends on the inflow
/// date only. Within an inflow year, G_y(m) = share of the year's persons observed at elapsed
/// month m (follow-up ≥ m) is the Kaplan–Meier estimate of P(C ≥ m) without estimation error,
/// because every person's censoring time is known.
///
/// Months out of benefit in [τ, τ + h) are then estimated by inverse probability of censoring
/// weighting, month by month (the "partitioned" estimator of Bang & Tsiatis 2000; for a
/// restricted mean it equals ∫ of the Kaplan–Meier-weighted monthly state probabilities):
///
///     Ŷ = Σ_{m=τ}^{τ+h−1} 1[observed at m] · 1[off benefit at m] / (G_y(m) / G_y(τ)),
///
/// which has expectation Σ_m P(off benefit at m) when, within an inflow year, the inflow date
/// does not go with the outcome. Persons followed up to τ + h get weights ≥ 1 for the months
/// in which others of their year are no longer observed; persons followed up less still
/// contribute their observed months. A month that nobody of the year is observed in makes
/// the outcome not estimable for that year (nil).
public struct FollowUpDistribution: Sendable {
    /// Inflow year → count of persons by follow-up months, as survival: observed[y][m] = #(follow-up ≥ m).
    private let observed: [Int: [Int]]
    /// Inflow year → for each start month s, the weight 1 / (G_y(m) / G_y(s)) of each month
    /// m = s, s + 1, … up to the first month nobody of the year is observed in (none when nobody
    /// is observed at s). Why a table: a national sample's millions of rows each weigh up to 96
    /// months, and a division per month was a fifth of building the outcome columns; the table
    /// holds the very quotients, so every outcome is what dividing gives.
    private let weights: [Int: [[Double]]]

    public init(persons: [CohortPerson]) {
        var byYear = [Int: [Int]]()
        for p in persons {
            var counts = byYear[p.inflowDate.year, default: []]
            if counts.count <= p.followupMonths { counts += [Int](repeating: 0, count: p.followupMonths + 1 - counts.count) }
            counts[p.followupMonths] += 1
            byYear[p.inflowDate.year] = counts
        }
        // Turn counts by follow-up into counts observed at each month (a reverse cumulative sum).
        observed = byYear.mapValues { counts in
            var atLeast = counts
            for m in stride(from: atLeast.count - 2, through: 0, by: -1) { atLeast[m] += atLeast[m + 1] }
            return atLeast
        }
        weights = observed.mapValues { atLeast in
            // G_y does not grow with m, so every month before the first empty one is observed.
            let firstEmpty = atLeast.firstIndex(of: 0) ?? atLeast.count
            return atLeast.indices.map { s in
                atLeast[s] == 0 ? [] : (s..<firstEmpty).map { m in 1 / (Double(atLeast[m]) / Double(atLeast[s])) }
            }
        }
    }

    /// G_y(m) / G_y(from): the probability that a person of inflow year `year`, observed at
    /// month `from`, is still observed at month `m`.
    public func probabilityObserved(year: Int, month m: Int, from: Int) -> Double {
        guard let atLeast = observed[year], from < atLeast.count, atLeast[from] > 0 else { return 0 }
        return m < atLeast.count ? Double(atLeast[m]) / Double(atLeast[from]) : 0
    }

    /// Months out of benefit in [start, start + h), censoring-weighted; nil when some month of
    /// the window is observed for nobody of the person's inflow year.
    public func monthsOutOfBenefit(_ p: CohortPerson, start: Int, horizon h: Int) -> Double? {
        guard start <= p.followupMonths else { return nil }
        guard h > 0 else { return 0 }
        guard let table = weights[p.inflowDate.year], start < table.count, h <= table[start].count else { return nil }
        let weight = table[start]
        var total = 0.0
        for m in start..<min(start + h, p.followupMonths + 1) where !p.onBenefit[m] { total += weight[m - start] }
        return total
    }
}
