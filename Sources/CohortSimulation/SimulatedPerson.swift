import Cohort
import Foundation

/// Covariates of one synthetic person, drawn to look like a Dutch bijstand inflow.
struct SimulatedCovariates {
    let age: Int
    let sex: Sex
    let education: EducationLevel
    let household: Household
    let monthsWorked24m: Int
    /// Index into the preset's `DistrictConfounding.districts` (0 when the preset has none).
    let district: Int

    static let educationShares: [(EducationLevel, Double)] = [
        (.bo, 0.10), (.lbo, 0.12), (.mavo, 0.10), (.vmbo, 0.15), (.havo, 0.05), (.vwo, 0.04), (.mbo, 0.24), (.hbo, 0.08), (.wo, 0.04), (.unknown, 0.08),
    ]

    init(_ d: CounterDraws, districts: DistrictConfounding? = nil) {
        let a = d.uniform(.covariates, 0)
        let band = a < 0.2 ? (18, 24) : a < 0.7 ? (25, 44) : a < 0.9 ? (45, 54) : (55, 64)
        age = band.0 + Int(d.uniform(.covariates, 1) * Double(band.1 - band.0 + 1))
        sex = d.uniform(.covariates, 2) < 0.5 ? .female : .male
        var u = d.uniform(.covariates, 3), level = EducationLevel.unknown
        for (l, s) in Self.educationShares { if u < s { level = l; break }; u -= s }
        education = level
        let h = d.uniform(.covariates, 4)
        household = h < 0.55 ? .single : h < 0.75 ? .singleParent : .couple
        // Recent work: more likely for the higher educated and less for the older.
        let pWorked = 0.45 + (level.group == "high" ? 0.15 : 0) - (age >= 45 ? 0.15 : 0)
        monthsWorked24m = d.uniform(.covariates, 5) < pWorked ? 1 + Int(d.uniform(.covariates, 6) * 24) : 0
        var k = 0, v = d.uniform(.covariates, 8)
        for (i, x) in (districts?.districts ?? []).enumerated() { k = i; if v < x.share { break }; v -= x.share }
        district = k
    }

    var worked: Bool { monthsWorked24m > 0 }

    /// Covariate part of the exit log-odds.
    var exitShift: Double {
        var s = 0.0
        if education.group == "high" { s += 0.3 } else if education == .unknown { s -= 0.1 }
        if worked { s += 0.45 }
        if age < 25 { s += 0.1 } else if age >= 55 { s -= 0.7 } else if age >= 45 { s -= 0.3 }
        if sex == .female { s -= 0.1 }
        if household == .singleParent { s -= 0.3 }
        return s
    }

    /// Covariate part of the trajectory log-odds: confounding, because the low educated and
    /// those without recent work (slower leavers) get trajectories more often.
    var treatmentShift: Double {
        var s = 0.0
        if education.group == "low" { s += 0.25 }
        if !worked { s += 0.2 }
        if age >= 55 { s -= 0.6 }
        return s
    }

    /// Subgroup labels used in the truth tables (the linkage's definitions).
    var subgroups: [(dimension: String, subgroup: String)] {
        let band = age < 25 ? "18-24" : age < 45 ? "25-44" : age < 55 ? "45-54" : "55+"
        return [("all", "all"), ("education", education.group), ("age", band),
                ("work_history", worked ? "worked_24m" : "not_worked_24m"), ("sex", sex.rawValue)]
    }
}

/// The true instrument effects of the generator, as shifts of the exit log-odds.
enum TrueEffects {
    /// Exit log-odds shift in month `m` for someone whose trajectory started in month `tau` with `bundle`.
    static func shift(bundle: Set<Instrument>, tau: Int, month m: Int, x: SimulatedCovariates) -> Double {
        var s = 0.0
        if bundle.contains(.matching) {
            s += 0.30 + (x.education.group == "high" ? 0.15 : 0) + (x.worked ? 0.10 : 0) - (x.age >= 55 ? 0.15 : 0)
        }
        if bundle.contains(.schooling) {
            // Lock-in while in training, then a lasting gain, larger for the low educated.
            s += m - tau < 6 ? -0.5 : (x.education.group == "low" ? 0.45 : 0.15) + (x.worked ? 0 : 0.1)
        }
        if bundle.contains(.jobSearchTraining) { s += 0.05 }
        if bundle.contains(.wageSubsidy) { s += 0.3 }
        return s
    }
}
