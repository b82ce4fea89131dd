import TableKit

/// One benefit spell as read from `benefits.csv` (DESIGN §5).
public struct BenefitSpell: Sendable, Equatable {
    public let personID: String
    public let start: CivilDate
    /// nil while the spell was still running at the extraction date (an end date after it,
    /// a planned end, is read as running).
    public let end: CivilDate?
    public let endReason: EndReason?
    public let birthDate: CivilDate?
    /// Age in whole years at the spell start, when the export gives age instead of birth date.
    public let ageAtStart: Int?
    public let sex: Sex
    public let education: EducationLevel
    public let household: Household?
    public let monthsWorked24m: Int
    public let line: Int
    /// Values of the user-named covariates on this row (`BenefitsReader.Result.covariateNames`
    /// order; nil: missing).
    public internal(set) var covariates: [String?] = []

    /// Whether `date` lies in the spell (end inclusive; an open spell runs on).
    public func contains(_ date: CivilDate) -> Bool {
        date >= start && (end.map { date <= $0 } ?? true)
    }
}

/// One instrument a person received, as read from `trajectories.csv`.
public struct TrajectoryRecord: Sendable, Equatable {
    public let personID: String
    public let instrument: Instrument
    public let start: CivilDate
    /// nil while the trajectory was running at the extraction date (an end date after it,
    /// a planned end, is read as running).
    public let end: CivilDate?
    /// The provider (aanbieder), trimmed; nil when the export names none: empty, or a text that
    /// R's `read.csv` or pandas read as missing (`NA`, `NULL`, …), so the cohort file means the same there.
    public let provider: String?
    public let line: Int
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
