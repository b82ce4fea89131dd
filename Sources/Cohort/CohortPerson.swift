// Module Cohort — municipal benefits and re-integration data: codes and their Dutch aliases,
// reading and validating the exports, linkage, the cohort file, description.
// May import: StatKit, TableKit.

/// One person of the inflow cohort with covariates at inflow, instrument starts and
/// benefit history: everything needed to compute any outcome. No person id.
///
/// Time runs in elapsed months counted on the anniversaries of the inflow date: month m
/// begins on inflow date + m months (a spell that starts on the 17th runs in months from
/// the 17th).
public struct CohortPerson: Sendable, Equatable {
    public let inflowDate: CivilDate
    public let age: Int
    public let sex: Sex
    public let educationLevel: EducationLevel
    public let household: Household?
    public let monthsWorked24m: Int
    /// Had a benefit spell before the cohort spell (in the data).
    public let earlierSpells: Int
    /// Whole months from inflow to the extraction date: months 0…followupMonths are observed.
    public let followupMonths: Int
    /// Days from inflow to the end of the cohort spell; nil when it was running at extraction.
    public let firstExitDays: Int?
    public let endReason: EndReason?
    /// On benefit at the start of elapsed month m, m = 0…followupMonths.
    public let onBenefit: BenefitHistory
    /// Elapsed month of each instrument's first start on or after inflow.
    public let instrumentStarts: [Instrument: Int]
    /// Days from inflow to the first start of any instrument.
    public let firstTrajectoryDays: Int?
    /// The provider (aanbieder) of each instrument's first trajectory (the one `instrumentStarts`
    /// counts), for the instruments whose trajectory the export names one for.
    public let providers: [Instrument: String]
    /// The user-named covariates at inflow (`reval link --covariates`), in the cohort file's order.
    public let covariates: [NamedCovariate]
    /// Elapsed month of the first start of any instrument: the minimum of `instrumentStarts`,
    /// kept because the designs ask it for every person at every month (a dictionary walk each time
    /// showed in profiles at national scale).
    public let firstTrajectoryMonth: Int?

    public init(inflowDate: CivilDate, age: Int, sex: Sex, educationLevel: EducationLevel, household: Household?, monthsWorked24m: Int,
                earlierSpells: Int, followupMonths: Int, firstExitDays: Int?, endReason: EndReason?, onBenefit: some Sequence<Bool>,
                instrumentStarts: [Instrument: Int], firstTrajectoryDays: Int?, providers: [Instrument: String] = [:],
                covariates: [NamedCovariate] = []) {
        self.inflowDate = inflowDate
        self.age = age
        self.sex = sex
        self.educationLevel = educationLevel
        self.household = household
        self.monthsWorked24m = monthsWorked24m
        self.earlierSpells = earlierSpells
        self.followupMonths = followupMonths
        self.firstExitDays = firstExitDays
        self.endReason = endReason
        self.onBenefit = BenefitHistory(onBenefit)
        self.instrumentStarts = instrumentStarts
        self.firstTrajectoryDays = firstTrajectoryDays
        self.providers = providers
        self.covariates = covariates
        firstTrajectoryMonth = instrumentStarts.values.min()
    }

    public var reentrant: Bool { earlierSpells > 0 }
    public var worked24m: Bool { monthsWorked24m > 0 }
    /// The work-history group of the published tables: `worked_24m` or `not_worked_24m`.
    public var workHistory: String { worked24m ? "worked_24m" : "not_worked_24m" }
    public var education: String { educationLevel.group }

    /// Age bands of the linkage: 18–24, 25–44, 45–54, 55+ (under 18 joins 18–24).
    public var ageBand: String {
        switch age {
        case ..<25: return "18-24"
        case 25..<45: return "25-44"
        case 45..<55: return "45-54"
        default: return "55+"
        }
    }

    /// Elapsed month in which the cohort spell ended (nil when censored).
    public var firstExitMonth: Int? {
        firstExitDays.map { inflowDate.wholeMonths(to: inflowDate.addingDays($0)) }
    }
}

/// The dimensions `reval describe --by` tabulates instrument use along.
public enum CohortDimension: String, Sendable, Codable, CaseIterable {
    case age, sex, household, education, workHistory = "work_history"
    /// The provider (aanbieder) of a trajectory: a person is in the group of each provider
    /// that ran one of their instruments, "unknown" where the export names none.
    case provider

    /// The group of a person's trajectory of `instrument`: the person's group along a
    /// dimension of the person, or the provider of that instrument's first trajectory.
    public func cell(of p: CohortPerson, instrument: Instrument) -> String {
        switch self {
        case .age: return p.ageBand
        case .sex: return p.sex.rawValue
        case .household: return p.household?.rawValue ?? "unknown"
        case .education: return p.education
        case .workHistory: return p.workHistory
        case .provider: return p.providers[instrument] ?? "unknown"
        }
    }
}
