import TableKit

/// The columns of an effect table CSV, in the order written: those of DESIGN §5 (`instrument` …
/// `source`), and those that make the CSV carry every key of the JSON row (`unit`, the other
/// counts, the balance, design, method and estimand, the suppressed fields, the notes).
///
/// The one list of them: `EffectTable.read` looks up the columns it reads here, the writer
/// (`EffectTableWriter` in Reports, which renders under disclosure control) writes them in this
/// order with `EffectTable.header` and `EffectTable.line`, and the JSON row (`CohortEffectRow`)
/// uses the same names as its keys.
public enum EffectColumn: String, CaseIterable, Sendable, CodingKey {
    case instrument, dimension, subgroup, outcome
    case horizonMonths = "horizon_months"
    case unit, estimate, se
    case ciLow = "ci_low", ciHigh = "ci_high"
    case status
    case nTreated = "n_treated", nControl = "n_control", nControlRows = "n_control_rows", nTreatedCensored = "n_treated_censored"
    case nControlsUsed = "n_controls_used", nTreatedDropped = "n_treated_dropped", nTreatedOutsideSupport = "n_treated_outside_support"
    case maxAbsSMDAfter = "max_abs_smd_after"
    case design, method, estimand, source, suppressed, notes

    /// The columns a table must have to be read (DESIGN §5).
    public static let required: [EffectColumn] = [.instrument, .dimension, .subgroup, .outcome, .horizonMonths, .estimate, .status, .source]
    /// The columns read when a table has them (DESIGN §5).
    public static let optional: [EffectColumn] = [.se, .ciLow, .ciHigh, .nTreated, .nControl]
    /// The counts of a row, each under disclosure control.
    public static let counts: [EffectColumn] = [.nTreated, .nControl, .nControlRows, .nTreatedCensored, .nControlsUsed, .nTreatedDropped, .nTreatedOutsideSupport]
    /// The values of a row's model, withheld together with its estimate.
    public static let modelValues: [EffectColumn] = [.estimate, .se, .ciLow, .ciHigh, .maxAbsSMDAfter]
    /// The columns that name a cell of an estimate (the balance CSV names its rows by them).
    public static let cell: [EffectColumn] = [.instrument, .estimand, .dimension, .subgroup, .outcome, .horizonMonths]
}

extension EffectTable {
    /// The header line of an effect table as reval writes it.
    public static let header = EffectColumn.allCases.map(\.rawValue).joined(separator: ",") + "\n"

    /// One line of an effect table: each column's field (as text, quoted where needed), an absent one empty.
    public static func line(_ fields: [EffectColumn: String]) -> String {
        EffectColumn.allCases.map { (fields[$0] ?? "").csvField }.joined(separator: ",") + "\n"
    }
}
