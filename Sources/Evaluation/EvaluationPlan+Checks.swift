import Cohort
import Effects
import TableKit

/// Two dates of a plan in the wrong order (`cohort_start` after `cohort_end`); `key`s are the
/// config's snake_case names, which a command translates to its flags.
public struct DatesOutOfOrder: Error, CustomStringConvertible, Sendable {
    public let firstKey: String, first: CivilDate
    public let secondKey: String, second: CivilDate
    public var description: String { "\(firstKey) \(first) lies after \(secondKey) \(second)" }
}

extension EvaluationPlan {
    /// The share of rows or persons linkage may exclude under `on_error = "exclude"`.
    public static let maxExcludedRange = 0.0...1.0
    /// Days between spells of one person that make them one spell.
    public static let mergeGapDaysRange = 0...3650

    /// Throws `DatesOutOfOrder` when both dates are given and `first` lies after `second`.
    public static func checkOrder(_ first: CivilDate?, _ firstKey: String, _ second: CivilDate?, _ secondKey: String) throws {
        if let first, let second, first > second { throw DatesOutOfOrder(firstKey: firstKey, first: first, secondKey: secondKey, second: second) }
    }
}

extension EvaluationPlan.CohortWindow {
    /// The window in order, as a config's: start ≤ end ≤ extraction date, describe_from ≤ describe_to.
    public func validate() throws {
        try EvaluationPlan.checkOrder(start, "start", end, "end")
        try EvaluationPlan.checkOrder(end, "end", extractionDate, "extraction_date")
        try EvaluationPlan.checkOrder(describeFrom, "describe_from", describeTo, "describe_to")
    }
}

extension EvaluationPlan.Source {
    /// The linkage settings checked, as the config's are: cohort start ≤ cohort end ≤
    /// extraction date, the exclusion limit a share, the merge gap 0 to 3650 days.
    /// Throws `DatesOutOfOrder` or `InvalidSetting`.
    public func validate() throws {
        guard case .exports(_, _, let o) = self else { return }
        try EvaluationPlan.checkOrder(o.cohortStart, "cohort_start", o.cohortEnd, "cohort_end")
        try EvaluationPlan.checkOrder(o.cohortEnd, "cohort_end", o.extractionDate, "extraction_date")
        guard o.maxExcluded.isFinite, EvaluationPlan.maxExcludedRange.contains(o.maxExcluded) else {
            throw InvalidSetting(key: "max_excluded", value: "\(o.maxExcluded)", expected: "a share from 0 to 1")
        }
        guard EvaluationPlan.mergeGapDaysRange.contains(o.mergeGapDays) else {
            throw InvalidSetting(key: "merge_gap_days", value: "\(o.mergeGapDays)", expected: "from 0 to 3650")
        }
    }

    /// The files the source reads, by the name the user gave them (`--benefits`), which no output may overwrite.
    public var inputs: [OutputPaths.Named] {
        switch self {
        case .exports(let benefits, let trajectories, _): return [.init("--benefits", benefits), .init("--trajectories", trajectories)]
        case .cohort(let path): return [.init("--cohort", path)]
        }
    }
}
