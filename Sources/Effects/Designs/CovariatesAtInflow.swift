import Cohort
import TableKit

/// The covariates at inflow that the designs adjust for, in two sets.
///
/// - `categorical`: groups only (5-year age groups, months worked in groups, sex, education
///   group, household, re-entry, inflow year). The trajectory-start hazard (`TreatmentHazard`)
///   uses these: persons with the same values collapse into one cell, which keeps its fit exact
///   and fast on a million persons.
/// - `all`: the categorical set plus what a band hides — age as a quadratic in decades from 40
///   within the groups, months worked as a number, the finest education level the export gives
///   (each level against the first of its group), the number of earlier benefit spells beyond the first (the first is `reentrant`), and the
///   calendar time of inflow within the years. The propensity model uses these: on data where
///   age and work history act continuously, a model with bands alone leaves confounding behind.
struct CovariatesAtInflow {
    let years: [Int]
    /// Day number of 1 January of the first inflow year (calendar time is measured from it).
    private let origin: Int
    /// Education levels with a column of their own: every level but the first of each group.
    private let levels: [EducationLevel]

    static let ageGroups = [25, 30, 35, 40, 45, 50, 55, 60] // lower bounds; 18–24 is the reference
    static let workedGroups = [1, 7, 13, 19] // lower bounds of 1–6, 7–12, 13–18, 19–24 months; 0 is the reference

    init(years: [Int]) {
        self.years = years
        origin = CivilDate(year: years.first ?? 2000, month: 1, day: 1)!.dayNumber
        var firstOfGroup = Set<String>()
        levels = EducationLevel.allCases.filter { $0 != .unknown && !firstOfGroup.insert($0.group).inserted }
    }

    var categoricalNames: [String] {
        ["(Intercept)"] + Self.ageGroups.map { $0 == 60 ? "age_60_plus" : "age_\($0)_\($0 + 4)" } + ["female", "education_high", "education_unknown"]
            + ["worked_1_6", "worked_7_12", "worked_13_18", "worked_19_24"] + ["single_parent", "couple", "reentrant"]
            + years.dropFirst().map { "inflow_\($0)" }
    }

    func categorical(_ p: CohortPerson) -> [Double] {
        var v: [Double] = [1]
        v += Self.ageGroups.enumerated().map { k, lo in p.age >= lo && (k + 1 == Self.ageGroups.count || p.age < Self.ageGroups[k + 1]) ? 1 : 0 }
        v += [p.sex == .female ? 1 : 0, p.education == "high" ? 1 : 0, p.education == "unknown" ? 1 : 0]
        v += Self.workedGroups.enumerated().map { k, lo in
            p.monthsWorked24m >= lo && (k + 1 == Self.workedGroups.count || p.monthsWorked24m < Self.workedGroups[k + 1]) ? 1 : 0
        }
        v += [p.household == .singleParent ? 1 : 0, p.household == .couple ? 1 : 0, p.reentrant ? 1 : 0]
        return v + years.dropFirst().map { p.inflowDate.year == $0 ? 1 : 0 }
    }

    /// The covariates of `values` in words, for the outputs' list of covariates used.
    static let descriptions = [
        "age at inflow (5-year groups and a quadratic in decades from 40)", "sex", "education (low/high/unknown and the finest level the export gives)",
        "months worked in the 24 months before inflow (groups and the number)", "household type", "re-entry and the number of earlier benefit spells",
        "inflow year and calendar time of inflow",
    ]

    /// The factors of `names`, each against its reference level (the level without a column).
    /// A person without a household type is in the reference level with the singles.
    var factors: [DesignFactor] {
        let names = categoricalNames
        func columns(_ prefix: String) -> [String] { names.filter { $0.hasPrefix(prefix) } }
        func group(_ g: String) -> [String] { levels.filter { $0.group == g }.map { "education_level_\($0.rawValue)" } }
        var firstOfGroup = [String: EducationLevel]()
        for level in EducationLevel.allCases where level != .unknown && firstOfGroup[level.group] == nil { firstOfGroup[level.group] = level }
        return [DesignFactor(reference: "age_18_24", levels: columns("age_")), DesignFactor(reference: "male", levels: ["female"]),
                DesignFactor(reference: "education_low", levels: ["education_high", "education_unknown"]),
                DesignFactor(reference: "worked_0", levels: columns("worked_")),
                DesignFactor(reference: "single_or_unknown_household", levels: ["single_parent", "couple"])]
            + (years.count > 1 ? [DesignFactor(reference: "inflow_\(years[0])", levels: columns("inflow_"))] : [])
            + ["low", "high"].compactMap { g in
                firstOfGroup[g].map { DesignFactor(reference: "education_level_\($0.rawValue)", levels: group(g), within: "education_\(g)") }
            }
    }

    var names: [String] {
        categoricalNames + ["age_decades_from_40", "age_decades_from_40_squared", "months_worked_24m", "earlier_spells_beyond_first", "inflow_years_since_start"]
            + levels.map { "education_level_\($0.rawValue)" }
    }

    func values(_ p: CohortPerson) -> [Double] {
        let a = Double(p.age - 40) / 10
        return categorical(p) + [a, a * a, Double(p.monthsWorked24m), Double(max(0, min(p.earlierSpells, 5) - 1)),
                                 Double(p.inflowDate.dayNumber - origin) / 365.25]
            + levels.map { p.educationLevel == $0 ? 1 : 0 }
    }
}
