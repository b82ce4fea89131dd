import Cohort
import Foundation
import StatKit

/// The monthly hazard of starting a first trajectory while on benefit, for the
/// *now vs never* estimand: controls are censored when they start a trajectory themselves
/// and the others are weighted by the inverse probability of staying untreated (IPCW).
///
/// A discrete-time logit on person-months on benefit and untreated: covariates at inflow,
/// inflow year, elapsed-month groups (1, 2–11, 12–23, 24+). It is fitted on at most
/// `maxPersons` persons drawn by a seeded hash (enough for a dozen coefficients; the fit on
/// all person-months of 10⁶ persons would hold 10⁸ rows).
struct TreatmentHazard {
    let coefficients: [Double]
    let years: [Int]
    static let maxPersons = 20_000

    static func features(_ p: CohortPerson, month m: Int, years: [Int]) -> [Double] {
        [1, p.ageBand == "25-44" ? 1 : 0, p.ageBand == "45-54" ? 1 : 0, p.ageBand == "55+" ? 1 : 0, p.sex == .female ? 1 : 0,
         p.education == "high" ? 1 : 0, p.education == "unknown" ? 1 : 0, p.worked24m ? 1 : 0, p.reentrant ? 1 : 0]
            + years.dropFirst().map { p.inflowDate.year == $0 ? 1 : 0 }
            + [m >= 2 && m <= 11 ? 1 : 0, m >= 12 && m <= 23 ? 1 : 0, m >= 24 ? 1 : 0]
    }

    init(persons: [CohortPerson], seed: UInt64) throws {
        years = Array(Set(persons.map { $0.inflowDate.year })).sorted()
        let share = min(1, Double(Self.maxPersons) / Double(max(1, persons.count)))
        var rows = [[Double]](), y = [Double]()
        for (i, p) in persons.enumerated() where StackedSample.hashUniform(seed ^ 0xABCD, i, 0) < share {
            let end = min(p.followupMonths, p.firstTrajectoryMonth ?? p.followupMonths)
            guard end >= 1 else { continue }
            for m in 1...end where p.onBenefit[m] {
                rows.append(Self.features(p, month: m, years: years))
                y.append(p.firstTrajectoryMonth == m ? 1 : 0)
            }
        }
        guard let width = rows.first?.count else { throw EstimationError.unsupported("no person-months to model treatment starts") }
        var x = Matrix(rows: rows.count, columns: width)
        for (r, v) in rows.enumerated() { for j in 0..<width { x[r, j] = v[j] } }
        let fit: GLMResults
        do { fit = try GeneralizedLinearModel.fit(x: x, y: y, columnNames: (0..<width).map { "h\($0)" }, family: .binomial) } catch {
            throw EstimationError.unsupported("treatment-start hazard model: \(error)")
        }
        coefficients = fit.coefficients.map { $0.isNaN ? 0 : $0 }
    }

    /// P(no trajectory start in months (from, to]) given the person's benefit path.
    func survival(_ p: CohortPerson, from: Int, to: Int) -> Double {
        var s = 1.0
        guard to > from else { return 1 }
        for m in (from + 1)...to where m < p.onBenefit.count && p.onBenefit[m] {
            let f = Self.features(p, month: m, years: years)
            var eta = 0.0
            for j in 0..<f.count { eta += f[j] * coefficients[j] }
            s *= 1 - 1 / (1 + exp(-eta))
        }
        return s
    }
}
