import Cohort
import Foundation

/// Simulates one person's benefit history month by month under a treatment policy.
///
/// Each month on benefit: a trajectory may start (hazard by elapsed month, covariates and
/// inflow year), then the person may leave benefit (hazard by spell duration, covariates
/// and the instruments' effects from the trajectory start on). Each month off benefit the
/// person may come back (re-entry hazard). All draws are `CounterDraws` addressed by
/// month, so the actual path and the counterfactual paths share their random numbers.
struct PathSimulator {
    enum Policy: Equatable {
        case actual
        /// No trajectory at all ("without re-integration").
        case never
        /// No trajectory in this month, but possibly later (Sianesi's "waiting").
        case notAt(Int)
    }

    struct Path {
        var onBenefit: [Bool] = []
        /// Spells as day numbers; `end` nil while running at the end of the simulated months.
        var spells: [(start: Int, end: Int?)] = []
        var tau: Int?
        var bundle: Set<Instrument> = []
    }

    let preset: SimulationPreset
    let x: SimulatedCovariates
    let draws: CounterDraws
    let inflowYear: Int
    /// Day numbers of the anniversaries 0…months.
    let anniversaries: [Int]
    /// Elapsed month in which the person reaches 67 (state pension, AOW): benefit ends, no re-entry.
    let pensionMonth: Int

    static func logistic(_ v: Double) -> Double { 1 / (1 + exp(-v)) }

    func bundleProbability(_ i: Instrument) -> Double {
        let base = preset.bundleProbabilities[i] ?? 0
        switch i {
        case .schooling:
            // Leiden gives schooling mostly to people without a basic qualification and long out of work (004 figs 3.2-3.3).
            return min(1, base * (x.education.group == "low" ? 1.35 : 0.65) * (x.worked ? 0.8 : 1.2))
        default:
            return base
        }
    }

    func simulate(months: Int, policy: Policy) -> Path {
        var path = Path()
        path.onBenefit.reserveCapacity(months)
        var on = true, spellMonth = 0, monthsOff = 0
        var spellStart = anniversaries[0]
        for m in 0..<months {
            if on && m >= pensionMonth {
                path.onBenefit.append(true)
                path.spells.append((spellStart, max(anniversaries[m], spellStart)))
                on = false
                monthsOff = 0
            } else if on {
                path.onBenefit.append(true)
                if path.tau == nil && m >= 1 && policy != .never && policy != .notAt(m) {
                    let idx = m == 1 ? 0 : m < 12 ? 1 : 2
                    let p = Self.logistic(preset.treatmentBaseline[idx] + preset.treatmentShift(x) + (preset.treatmentYearShift[inflowYear] ?? 0))
                    if draws.uniform(.treatment, m) < p {
                        path.tau = m
                        for (k, i) in Instrument.allCases.enumerated() where draws.uniform(.bundle, m, k) < bundleProbability(i) {
                            path.bundle.insert(i)
                        }
                        if path.bundle.isEmpty { path.bundle.insert(.activeMediation) }
                    }
                }
                let idx = spellMonth == 0 ? 0 : spellMonth == 1 ? 1 : spellMonth < 6 ? 2 : spellMonth < 12 ? 3 : spellMonth < 24 ? 4 : 5
                var logit = preset.exitBaseline[idx] + preset.exitShift(x)
                if let tau = path.tau { logit += TrueEffects.shift(bundle: path.bundle, tau: tau, month: m, x: x) }
                if draws.uniform(.exit, m) < Self.logistic(logit) {
                    let length = anniversaries[m + 1] - anniversaries[m]
                    let end = anniversaries[m] + Int(draws.uniform(.exitDay, m) * Double(length))
                    path.spells.append((spellStart, max(end, spellStart)))
                    on = false
                    monthsOff = 0
                } else {
                    spellMonth += 1
                }
            } else {
                path.onBenefit.append(false)
                let r = monthsOff < 12 ? preset.reentryHazard.early : preset.reentryHazard.late
                if m < pensionMonth && draws.uniform(.reentry, m) < r {
                    let length = anniversaries[m + 1] - anniversaries[m]
                    spellStart = anniversaries[m] + 1 + Int(draws.uniform(.reentryDay, m) * Double(length - 1))
                    on = true
                    spellMonth = 0
                }
                monthsOff += 1
            }
        }
        if on { path.spells.append((spellStart, nil)) }
        return path
    }
}
