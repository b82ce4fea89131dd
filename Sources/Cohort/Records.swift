import TableKit

/// One benefit spell as read from `benefits.csv` (DESIGN §5).
///
/// Dates are stored as day numbers (`CivilDate.dayNumber`) and given out as `CivilDate`s: a
/// national export has millions of rows, and three `CivilDate`s of three `Int`s each made a
/// spell three times the size; linkage compares and subtracts the day numbers themselves.
public struct BenefitSpell: Sendable, Equatable {
    public let personID: String
    let startDay: Int32
    /// `noDay` while running at the extraction date.
    let endDay: Int32
    /// `noDay` when the export gives age instead of birth date.
    let birthDay: Int32
    /// Age in whole years at the spell start (15–67), when the export gives age instead of
    /// birth date; `noAge` otherwise.
    let age: Int8
    public let endReason: EndReason?
    public let sex: Sex
    public let education: EducationLevel
    public let household: Household?
    let monthsWorked: Int8
    public let line: Int
    /// Values of the user-named covariates on this row (`BenefitsReader.Result.covariateNames`
    /// order; nil: missing).
    public internal(set) var covariates: [String?] = []

    static let noDay = Int32.max, noAge: Int8 = -1

    init(personID: String, start: CivilDate, end: CivilDate?, endReason: EndReason?, birthDate: CivilDate?, ageAtStart: Int?,
         sex: Sex, education: EducationLevel, household: Household?, monthsWorked24m: Int, line: Int, covariates: [String?] = []) {
        self.init(personID: personID, startDay: Int32(start.dayNumber), endDay: end.map { Int32($0.dayNumber) } ?? Self.noDay,
                  birthDay: birthDate.map { Int32($0.dayNumber) } ?? Self.noDay, age: ageAtStart.map { Int8($0) } ?? Self.noAge,
                  endReason: endReason, sex: sex, education: education, household: household, monthsWorked: Int8(monthsWorked24m),
                  line: line, covariates: covariates)
    }

    private init(personID: String, startDay: Int32, endDay: Int32, birthDay: Int32, age: Int8, endReason: EndReason?, sex: Sex,
                 education: EducationLevel, household: Household?, monthsWorked: Int8, line: Int, covariates: [String?]) {
        self.personID = personID
        self.startDay = startDay
        self.endDay = endDay
        self.birthDay = birthDay
        self.age = age
        self.endReason = endReason
        self.sex = sex
        self.education = education
        self.household = household
        self.monthsWorked = monthsWorked
        self.line = line
        self.covariates = covariates
    }

    public var start: CivilDate { CivilDate(dayNumber: Int(startDay)) }
    /// nil while the spell was still running at the extraction date (an end date after it,
    /// a planned end, is read as running).
    public var end: CivilDate? { endDay == Self.noDay ? nil : CivilDate(dayNumber: Int(endDay)) }
    public var birthDate: CivilDate? { birthDay == Self.noDay ? nil : CivilDate(dayNumber: Int(birthDay)) }
    /// Age in whole years at the spell start, when the export gives age instead of birth date.
    public var ageAtStart: Int? { age == Self.noAge ? nil : Int(age) }
    public var monthsWorked24m: Int { Int(monthsWorked) }

    /// Whether `date` lies in the spell (end inclusive; an open spell runs on).
    public func contains(_ date: CivilDate) -> Bool { contains(day: Int32(date.dayNumber)) }

    /// As `contains(_:)`, for a day number (`noDay`, the end of an open spell, lies after every day).
    func contains(day: Int32) -> Bool { day >= startDay && day <= endDay }

    /// This spell (its covariates at inflow) running on to `later`'s end, with `later`'s end reason:
    /// an administrative split joined (`BenefitsReader.merge`).
    func joined(with later: BenefitSpell) -> BenefitSpell {
        BenefitSpell(personID: personID, startDay: startDay, endDay: later.endDay, birthDay: birthDay, age: age, endReason: later.endReason,
                     sex: sex, education: education, household: household, monthsWorked: monthsWorked, line: line, covariates: covariates)
    }
}

/// One instrument a person received, as read from `trajectories.csv`; dates stored as day
/// numbers, as `BenefitSpell`'s are.
public struct TrajectoryRecord: Sendable, Equatable {
    public let personID: String
    public let instrument: Instrument
    let startDay: Int32
    /// `BenefitSpell.noDay` while running at the extraction date.
    let endDay: Int32
    /// The provider (aanbieder), trimmed; nil when the export names none: empty, or a text that
    /// R's `read.csv` or pandas read as missing (`NA`, `NULL`, …), so the cohort file means the same there.
    public let provider: String?
    public let line: Int

    init(personID: String, instrument: Instrument, start: CivilDate, end: CivilDate?, provider: String?, line: Int) {
        self.personID = personID
        self.instrument = instrument
        startDay = Int32(start.dayNumber)
        endDay = end.map { Int32($0.dayNumber) } ?? BenefitSpell.noDay
        self.provider = provider
        self.line = line
    }

    public var start: CivilDate { CivilDate(dayNumber: Int(startDay)) }
    /// nil while the trajectory was running at the extraction date (an end date after it,
    /// a planned end, is read as running).
    public var end: CivilDate? { endDay == BenefitSpell.noDay ? nil : CivilDate(dayNumber: Int(endDay)) }
}

/// What to do with a bad row.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Stop at the first error (exit code 2).
    case fail
    /// Drop the row and count it by reason in the linkage report.
    case exclude
}

/// Why a row was excluded; the keys of the linkage report's exclusion counts.
public enum ExclusionReason: String, Sendable, CaseIterable, Codable, Comparable {
    case malformedRecord = "malformed_record"
    case missingValue = "missing_value"
    case invalidDate = "invalid_date"
    case endBeforeStart = "end_before_start"
    case afterExtractionDate = "after_extraction_date"
    case unknownCode = "unknown_code"
    case outOfRange = "out_of_range"
    case duplicateSpell = "duplicate_spell"
    case overlappingSpell = "overlapping_spell"
    case trajectoryWithoutBenefits = "trajectory_without_benefits"

    public static func < (a: ExclusionReason, b: ExclusionReason) -> Bool { a.rawValue < b.rawValue }
}

/// Applies the error policy: throws under `fail`, counts under `exclude`.
public struct ExclusionLog: Sendable {
    public let policy: ErrorPolicy
    public private(set) var counts: [ExclusionReason: Int] = [:]
    /// The first excluded row of each reason, so the user can see an example; its message names
    /// file, line and column but never a person id or birth date (`PersonalData`). One per reason,
    /// so the examples do not count the excluded rows of a reason (counts below 10 are suppressed).
    public var examples: [String] { exampleByReason.sorted { $0.key < $1.key }.map(\.value) }
    private var exampleByReason: [ExclusionReason: String] = [:]
    /// Persons with at least one excluded row, with the reason of their first: they leave the
    /// cohort whole, so that a dropped trajectory never turns a treated person into a control.
    /// Internal bookkeeping only: the ids never leave reval (reports count them by reason).
    public private(set) var excludedPersons: [String: ExclusionReason] = [:]

    public init(policy: ErrorPolicy) { self.policy = policy }

    mutating func record(_ reason: ExclusionReason, _ error: InputError, person: String? = nil) throws {
        if policy == .fail { throw error }
        counts[reason, default: 0] += 1
        if exampleByReason[reason] == nil { exampleByReason[reason] = PersonalData.redacted(error).description }
        if let person, excludedPersons[person] == nil { excludedPersons[person] = reason }
    }

    public var total: Int { counts.values.reduce(0, +) }
}
