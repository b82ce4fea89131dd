/// A setting outside the values an estimator can use. Library entry points reject it before
/// any work, so no command line or config value can reach a precondition; `key` is the
/// setting's snake_case name (as in the evaluation config), which fronts translate to their
/// own spelling (`--max-tau`).
public struct InvalidSetting: Error, CustomStringConvertible, Equatable, Sendable {
    public let key: String
    public let value: String
    /// What a valid value is, e.g. "a whole number from 1 to 100".
    public let expected: String

    public init(key: String, value: String, expected: String) {
        self.key = key
        self.value = value
        self.expected = expected
    }

    public var description: String { "\(key) must be \(expected) (value '\(value)')" }

    /// Whole-number settings: `value` must lie in `range`.
    public static func check(_ value: Int, _ key: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw InvalidSetting(key: key, value: String(value), expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
    }

    /// Bootstrap replicates: 0 (none) up to 100,000.
    public static let bootstrapReplicates = 0...100_000
}

extension EstimatorOptions {
    /// Controls per treated unit.
    public static let ratioRange = 1...100

    /// Throws `InvalidSetting` for a value the estimators cannot use.
    public func validate() throws {
        try InvalidSetting.check(ratio, "ratio", in: Self.ratioRange)
        if let caliper, !(caliper.isFinite && caliper > 0) {
            throw InvalidSetting(key: "caliper", value: "\(caliper)", expected: "a positive number of standard deviations (e.g. 0.2)")
        }
        guard trim.isFinite, trim >= 0, trim < 0.5 else {
            throw InvalidSetting(key: "trim", value: "\(trim)", expected: "at least 0 and below 0.5 (units with a score outside [trim, 1 - trim] are dropped)")
        }
    }
}

extension CohortEstimationOptions {
    /// Horizons, the static window and the latest month of treatment, in months (50 years).
    public static let monthsRange = 1...600

    /// Throws `InvalidSetting` for a value the cohort estimators cannot use (`validate` also
    /// checks combinations).
    public func validateSettings() throws {
        try estimator.validate()
        guard !horizons.isEmpty else { throw InvalidSetting(key: "horizons", value: "", expected: "at least one horizon in months") }
        for h in horizons { try InvalidSetting.check(h, "horizons", in: Self.monthsRange) }
        if let h = horizons.enumerated().first(where: { k, h in horizons[..<k].contains(h) }) {
            throw InvalidSetting(key: "horizons", value: String(h.element), expected: "a list without repeats")
        }
        guard !outcomes.isEmpty else { throw InvalidSetting(key: "outcomes", value: "", expected: "at least one outcome") }
        if let d = dimensions.enumerated().first(where: { k, d in dimensions[..<k].contains(d) }) {
            throw InvalidSetting(key: "by", value: d.element.rawValue, expected: "a list without repeats")
        }
        try InvalidSetting.check(window, "window", in: Self.monthsRange)
        try InvalidSetting.check(maxTau, "max_tau", in: Self.monthsRange)
        try InvalidSetting.check(minimumCell, "minimum_cell", in: 2...1_000_000)
        try InvalidSetting.check(bootstrap, "bootstrap", in: InvalidSetting.bootstrapReplicates)
        if let budget = controlRowBudget { try InvalidSetting.check(budget, "max_control_rows", in: 1...Int.max) }
        try InvalidSetting.check(minimumControlsPerTreated, "min_controls_per_treated", in: Self.controlsPerTreatedRange)
    }
}
