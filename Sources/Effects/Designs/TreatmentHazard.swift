import Cohort
import Foundation
import StatKit

/// The monthly hazard of starting a first trajectory while on benefit, for the
/// *now vs never* estimand: controls are censored when they start a trajectory themselves
/// and the others are weighted by the inverse probability of staying untreated (IPCW).
///
/// A discrete-time logit on person-months on benefit and untreated: covariates at inflow,
/// inflow year, elapsed-month groups (1, 2–11, 12–23, 24+). It is fitted on every person:
/// all covariates are categorical, so the person-months collapse into cells (exposure months
/// and starts), and a binomial GLM on the cells' shares weighted by their exposure has the
/// same maximum-likelihood estimate as the fit on the person-months (10⁸ rows for 10⁶
/// persons) in a few hundred rows. Fitting on a sample instead left an error in the hazard
/// that every weight shares: over a 96-month horizon it moved all cells of one simulation the
/// same way, by more than their standard errors.
struct TreatmentHazard {
    /// Coefficients: intercept, the person's covariates, inflow years after the first, month groups 2–11, 12–23, 24+.
    let coefficients: [Double]
    let years: [Int]

    /// The covariates of a person that do not change with the month.
    static func personFeatures(_ p: CohortPerson, years: [Int]) -> [Double] {
        [1, p.ageBand == "25-44" ? 1 : 0, p.ageBand == "45-54" ? 1 : 0, p.ageBand == "55+" ? 1 : 0, p.sex == .female ? 1 : 0,
         p.education == "high" ? 1 : 0, p.education == "unknown" ? 1 : 0, p.worked24m ? 1 : 0, p.reentrant ? 1 : 0]
            + years.dropFirst().map { p.inflowDate.year == $0 ? 1 : 0 }
    }

    /// Elapsed-month group: 0 for month 1, 1 for 2–11, 2 for 12–23, 3 for 24 and later.
    static func monthGroup(_ m: Int) -> Int { m <= 1 ? 0 : m < 12 ? 1 : m < 24 ? 2 : 3 }
    static let monthGroups = 4

    init(persons: [CohortPerson]) throws {
        years = Array(Set(persons.map { $0.inflowDate.year })).sorted()
        // Cells: person covariates × month group → (exposure months, starts).
        var cells = [[Double]: [(exposure: Double, starts: Double)]]()
        for p in persons {
            let end = min(p.followupMonths, p.firstTrajectoryMonth ?? p.followupMonths)
            guard end >= 1 else { continue }
            let key = Self.personFeatures(p, years: years)
            var counts = cells[key] ?? [(exposure: Double, starts: Double)](repeating: (0, 0), count: Self.monthGroups)
            for m in 1...end where p.onBenefit[m] {
                let g = Self.monthGroup(m)
                counts[g].exposure += 1
                if p.firstTrajectoryMonth == m { counts[g].starts += 1 }
            }
            cells[key] = counts
        }
        // Rows in a fixed order (a Dictionary's order changes from run to run, and so would the fit's rounding).
        var rows = [[Double]](), share = [Double](), exposure = [Double]()
        for key in cells.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            for (g, c) in cells[key]!.enumerated() where c.exposure > 0 {
                rows.append(key + (1..<Self.monthGroups).map { g == $0 ? 1 : 0 })
                share.append(c.starts / c.exposure)
                exposure.append(c.exposure)
            }
        }
        guard let width = rows.first?.count else { throw EstimationError.unsupported("no person-months to model treatment starts") }
        var x = Matrix(rows: rows.count, columns: width)
        for (r, v) in rows.enumerated() { for j in 0..<width { x[r, j] = v[j] } }
        let fit: GLMResults
        do { fit = try GeneralizedLinearModel.fit(x: x, y: share, columnNames: (0..<width).map { "h\($0)" }, family: .binomial, weights: exposure) } catch {
            throw EstimationError.unsupported("treatment-start hazard model: \(error)")
        }
        coefficients = fit.coefficients.map { $0.isNaN ? 0 : $0 }
    }

    /// P(no trajectory start in months (from, to]) given the person's benefit path: the
    /// product of 1 − hazard over the months on benefit.
    func survival(_ p: CohortPerson, from: Int, to: Int) -> Double {
        guard to > from else { return 1 }
        let f = Self.personFeatures(p, years: years)
        let base = zip(f, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        let stay = (0..<Self.monthGroups).map { g in 1 - 1 / (1 + exp(-(base + (g == 0 ? 0 : coefficients[f.count + g - 1])))) }
        var s = 1.0
        for m in (from + 1)...to where m < p.onBenefit.count && p.onBenefit[m] { s *= stay[Self.monthGroup(m)] }
        return s
    }
}
