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
    public let onBenefit: [Bool]
    /// Elapsed month of each instrument's first start on or after inflow.
    public let instrumentStarts: [Instrument: Int]
    /// Days from inflow to the first start of any instrument.
    public let firstTrajectoryDays: Int?

    public init(inflowDate: CivilDate, age: Int, sex: Sex, educationLevel: EducationLevel, household: Household?, monthsWorked24m: Int,
                earlierSpells: Int, followupMonths: Int, firstExitDays: Int?, endReason: EndReason?, onBenefit: [Bool],
                instrumentStarts: [Instrument: Int], firstTrajectoryDays: Int?) {
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
        self.onBenefit = onBenefit
        self.instrumentStarts = instrumentStarts
        self.firstTrajectoryDays = firstTrajectoryDays
    }

    public var reentrant: Bool { earlierSpells > 0 }
    public var worked24m: Bool { monthsWorked24m > 0 }
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

    /// Elapsed month of the first start of any instrument.
    public var firstTrajectoryMonth: Int? { instrumentStarts.values.min() }

    /// Elapsed month in which the cohort spell ended (nil when censored).
    public var firstExitMonth: Int? {
        firstExitDays.map { inflowDate.wholeMonths(to: inflowDate.addingDays($0)) }
    }
}
