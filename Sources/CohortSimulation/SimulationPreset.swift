import Cohort
import Foundation

/// The parameters of a synthetic inflow: who flows in when, how fast they leave benefit,
/// who gets which instrument, and what the instruments truly do.
///
/// Hazards are monthly and logistic: logit h = baseline(duration) + covariate terms
/// (+ instrument effects after the start). The `leiden` preset is calibrated so that
/// linking and describing its output reproduces the published marginals of 004
/// (inflow 830/1,090/930 in 2010–2012 and 1,358 from October 2011 to December 2012,
/// table 4.1 and fig. 2.4; 12 % out within 7 weeks, 42 % spontaneous outflow within a
/// year, mean 24.7 weeks for those leaving after week 7; trajectory rates 20 % and 29 %
/// in 2011 and 2012; the table 3.1 instrument shares).
public struct SimulationPreset: Sendable {
    public let name: String
    /// Inflow per calendar month: (year, month, persons), scaled to `--persons` when given.
    public let monthlyInflow: [(year: Int, month: Int, persons: Double)]
    public let extractionDate: CivilDate

    /// Baseline log-odds of leaving benefit in spell month 0, 1, 2–5, 6–11, 12–23, 24+.
    public var exitBaseline: [Double] = [-2.78, -2.58, -3.05, -3.12, -3.5, -4.2]
    /// Monthly re-entry hazard in the first year off benefit, and after.
    public var reentryHazard: (early: Double, late: Double) = (0.02, 0.006)
    /// Log-odds of starting a trajectory in a month on benefit (months ≥ 1), by spell month: 1, 2–11, 12+.
    public var treatmentBaseline: [Double] = [-4.7, -3.45, -4.6]
    /// Added to the treatment log-odds by inflow year (Leiden's rate rose from 20 % to 29 %).
    public var treatmentYearShift: [Int: Double] = [:]
    /// Probability that a trajectory includes each instrument (004 table 3.1), before covariate shifts.
    public var bundleProbabilities: [Instrument: Double] = [
        .activeMediation: 0.93, .matching: 0.93, .jobSearchTraining: 0.74, .aftercare: 0.46, .schooling: 0.17,
        .wageSubsidy: 0.09, .supplyStrengthening: 0.04, .noRiskPolicy: 0.004,
    ]

    /// Continuous confounding beyond the bands (national preset): per year of age from 40 and
    /// per month worked in the 24 months before inflow, added to the exit and the trajectory
    /// log-odds. Older persons within an age band leave benefit more slowly and are offered
    /// trajectories more often; more months worked speeds exit and lowers the trajectory rate.
    /// An estimator that sees age only in bands and work only as yes/no is then confounded.
    public var continuousConfounding: (agePerYearExit: Double, agePerYearTreatment: Double,
                                       perMonthWorkedExit: Double, perMonthWorkedTreatment: Double) = (0, 0, 0, 0)

    /// A confounder that only an extra export column shows (`reval simulate --district`): the
    /// person's district, written as the column `district`, shifts the exit and the trajectory
    /// log-odds. An estimate that does not name the column (`--covariates district`) is confounded
    /// by it. Nil: no district column.
    public var districtConfounding: DistrictConfounding?

    /// The covariate part of the exit log-odds of a person.
    func exitShift(_ x: SimulatedCovariates) -> Double {
        x.exitShift + continuousConfounding.agePerYearExit * Double(x.age - 40)
            + continuousConfounding.perMonthWorkedExit * Double(x.monthsWorked24m)
            + (districtConfounding?.districts[x.district].exitShift ?? 0)
    }

    /// The covariate part of the trajectory log-odds of a person.
    func treatmentShift(_ x: SimulatedCovariates) -> Double {
        x.treatmentShift + continuousConfounding.agePerYearTreatment * Double(x.age - 40)
            + continuousConfounding.perMonthWorkedTreatment * Double(x.monthsWorked24m)
            + (districtConfounding?.districts[x.district].treatmentShift ?? 0)
    }

    public static func named(_ name: String) -> SimulationPreset? {
        switch name {
        case "leiden": return leiden
        case "national": return national
        default: return nil
        }
    }

    /// `total` persons spread over `months` consecutive months of `year` from `firstMonth`, whole numbers, earlier months first.
    static func spread(_ total: Int, year: Int, months: ClosedRange<Int>) -> [(year: Int, month: Int, persons: Double)] {
        let n = months.count
        return months.enumerated().map { k, m in (year, m, Double(total / n + (k < total % n ? 1 : 0))) }
    }

    /// Leiden 2010–2012, extraction 2014-06-30.
    public static var leiden: SimulationPreset {
        // 004 table 4.1: 830, 1,090 and 930 new benefits in 2010-2012. Of 2011's 1,090, 428 fall in
        // October–December, so that October 2011 – December 2012 holds the 1,358 of 004 fig. 2.4.
        let months = spread(830, year: 2010, months: 1...12) + spread(662, year: 2011, months: 1...9)
            + spread(428, year: 2011, months: 10...12) + spread(930, year: 2012, months: 1...12)
        var p = SimulationPreset(name: "leiden", monthlyInflow: months, extractionDate: CivilDate(year: 2014, month: 6, day: 30)!)
        p.treatmentYearShift = [2010: -0.5, 2011: -0.5, 2012: 0.1]
        return p
    }

    /// A national inflow 2003–2004 with follow-up to 2014-12-31 (at least 10 years), default 1,000,000 persons.
    public static var national: SimulationPreset {
        let months = spread(500_000, year: 2003, months: 1...12) + spread(500_000, year: 2004, months: 1...12)
        var p = SimulationPreset(name: "national", monthlyInflow: months, extractionDate: CivilDate(year: 2014, month: 12, day: 31)!)
        p.continuousConfounding = (agePerYearExit: -0.02, agePerYearTreatment: 0.02, perMonthWorkedExit: 0.025, perMonthWorkedTreatment: -0.02)
        return p
    }

    public var defaultPersons: Int { Int(monthlyInflow.reduce(0) { $0 + $1.persons }.rounded()) }

    /// Share of persons with an earlier benefit spell that ended before the inflow window (re-entrants).
    public var earlierSpellShare = 0.25

    /// Persons per inflow month for a total of `persons`, by largest remainders (sums exactly).
    public func inflowCounts(persons: Int) -> [Int] {
        let total = monthlyInflow.reduce(0) { $0 + $1.persons }
        let exact = monthlyInflow.map { $0.persons / total * Double(persons) }
        var counts = exact.map { Int($0) }
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        for k in 0..<(persons - counts.reduce(0, +)) { counts[order[k % order.count]] += 1 }
        return counts
    }
}

/// Districts of a synthetic municipality and what living in each does to the hazards
/// (`SimulationPreset.districtConfounding`). Where people leave benefit slowly, they are offered
/// trajectories more often, so participants look worse off than they are unless the district is
/// in the model.
public struct DistrictConfounding: Sendable {
    public let districts: [(name: String, share: Double, exitShift: Double, treatmentShift: Double)]

    public static let standard = DistrictConfounding(districts: [
        ("Noord", 0.35, 0, 0), ("Oost", 0.25, 0.4, -0.4), ("Zuid", 0.25, -0.7, 0.9), ("West", 0.15, 0.6, -0.6),
    ])
}

