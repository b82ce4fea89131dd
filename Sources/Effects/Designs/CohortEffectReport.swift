import Cohort

/// One estimated cell: instrument × subgroup × outcome × horizon.
public struct CohortEffectRow: Sendable, Codable, Equatable {
    public let instrument: String
    public let dimension: String
    public let subgroup: String
    public let outcome: String
    public let horizonMonths: Int
    public let estimate: Double?
    public let se: Double?
    public let ciLow: Double?
    public let ciHigh: Double?
    /// `estimate`, or `not_reported` when the cell was too small to estimate.
    public let status: String
    /// Treated persons with an observed outcome (one row each).
    public let nTreated: Int
    /// Control persons with an observed outcome (distinct persons).
    public let nControl: Int
    /// Control rows: in the dynamic design a person is a control at every τ they were eligible for.
    public let nControlRows: Int
    public let nTreatedCensored: Int
    /// Distinct controls used by the matches (or with positive weight).
    public let nControlsUsed: Int?
    /// Treated left out of the estimate: no control within the caliper (or, dynamic design, at their τ).
    public let nTreatedDropped: Int?
    /// Treated whose propensity score lies outside the range of the controls' (at their τ in
    /// the dynamic design); they are kept, and matched to the nearest control.
    public let nTreatedOutsideSupport: Int?
    public let maxAbsSMDAfter: Double?
    /// Why the cell is `not_reported`, or what to keep in mind about its estimate (each one sentence).
    public let notes: [String]
    /// Parameters of the cell's propensity model (intercept included): disclosure control shows
    /// an estimate only with at least 10 residual degrees of freedom.
    public var modelParameters: Int? = nil

    /// The unit of the estimate, from the outcome (`EffectUnit`).
    public var unit: EffectUnit { EffectUnit(outcome: outcome) }

    /// The count of column `c` (one of `EffectColumn.counts`); nil when the row has none.
    public func count(_ c: EffectColumn) -> Int? {
        switch c {
        case .nTreated: return nTreated
        case .nControl: return nControl
        case .nControlRows: return nControlRows
        case .nTreatedCensored: return nTreatedCensored
        case .nControlsUsed: return nControlsUsed
        case .nTreatedDropped: return nTreatedDropped
        case .nTreatedOutsideSupport: return nTreatedOutsideSupport
        default: return nil
        }
    }

    /// The key of the JSON row that the effect table CSV does not carry.
    fileprivate enum ModelKey: String, CodingKey { case modelParameters = "model_parameters" }

    /// Every key written (a missing value as null), and the unit; the keys are the effect table's column names (`EffectColumn`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: EffectColumn.self)
        try c.encode(instrument, forKey: .instrument)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(subgroup, forKey: .subgroup)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(horizonMonths, forKey: .horizonMonths)
        try c.encode(estimate, forKey: .estimate)
        try c.encode(se, forKey: .se)
        try c.encode(ciLow, forKey: .ciLow)
        try c.encode(ciHigh, forKey: .ciHigh)
        try c.encode(status, forKey: .status)
        for k in EffectColumn.counts { try c.encode(count(k), forKey: k) }
        try c.encode(maxAbsSMDAfter, forKey: .maxAbsSMDAfter)
        try c.encode(notes, forKey: .notes)
        try c.encode(unit, forKey: .unit)
        var m = encoder.container(keyedBy: ModelKey.self)
        try m.encode(modelParameters, forKey: .modelParameters)
    }

    /// A copy with another standard error and interval (e.g. from the bootstrap), and `extra` notes appended.
    func withUncertainty(se: Double, ciLow: Double, ciHigh: Double, notes extra: [String]) -> CohortEffectRow {
        CohortEffectRow(instrument: instrument, dimension: dimension, subgroup: subgroup, outcome: outcome, horizonMonths: horizonMonths,
                        estimate: estimate, se: se, ciLow: ciLow, ciHigh: ciHigh, status: status, nTreated: nTreated, nControl: nControl,
                        nControlRows: nControlRows, nTreatedCensored: nTreatedCensored, nControlsUsed: nControlsUsed, nTreatedDropped: nTreatedDropped,
                        nTreatedOutsideSupport: nTreatedOutsideSupport, maxAbsSMDAfter: maxAbsSMDAfter, notes: notes + extra,
                        modelParameters: modelParameters)
    }
}

extension CohortEffectRow {
    /// Reads the JSON row `encode` writes.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: EffectColumn.self)
        self.init(instrument: try c.decode(String.self, forKey: .instrument), dimension: try c.decode(String.self, forKey: .dimension),
                  subgroup: try c.decode(String.self, forKey: .subgroup), outcome: try c.decode(String.self, forKey: .outcome),
                  horizonMonths: try c.decode(Int.self, forKey: .horizonMonths), estimate: try c.decodeIfPresent(Double.self, forKey: .estimate),
                  se: try c.decodeIfPresent(Double.self, forKey: .se), ciLow: try c.decodeIfPresent(Double.self, forKey: .ciLow),
                  ciHigh: try c.decodeIfPresent(Double.self, forKey: .ciHigh), status: try c.decode(String.self, forKey: .status),
                  nTreated: try c.decode(Int.self, forKey: .nTreated), nControl: try c.decode(Int.self, forKey: .nControl),
                  nControlRows: try c.decode(Int.self, forKey: .nControlRows), nTreatedCensored: try c.decode(Int.self, forKey: .nTreatedCensored),
                  nControlsUsed: try c.decodeIfPresent(Int.self, forKey: .nControlsUsed), nTreatedDropped: try c.decodeIfPresent(Int.self, forKey: .nTreatedDropped),
                  nTreatedOutsideSupport: try c.decodeIfPresent(Int.self, forKey: .nTreatedOutsideSupport),
                  maxAbsSMDAfter: try c.decodeIfPresent(Double.self, forKey: .maxAbsSMDAfter), notes: try c.decode([String].self, forKey: .notes),
                  modelParameters: try decoder.container(keyedBy: ModelKey.self).decodeIfPresent(Int.self, forKey: .modelParameters))
    }
}

/// Everything `reval estimate --cohort` reports.
public struct CohortEffectReport: Sendable, Codable {
    public let instrument: String
    public let design: String
    public let method: String
    /// Short name: now-vs-waiting, now-vs-never, static-att or static-ate.
    public let estimandID: String
    /// The estimand in words.
    public let estimandLabel: String
    /// The covariates of the propensity model in words, the user-named ones with how they entered.
    public let covariates: [String]
    public let rows: [CohortEffectRow]
    /// Balance of every estimated cell, in the order of `rows`.
    public let balance: [CellBalance]
    /// The whole cohort's effect on being out of benefit every 3 months (dynamic matching); nil otherwise.
    public let effectPath: EffectPath?
    /// The headline figure (whole cohort, first outcome and horizon) under other matching choices (dynamic matching).
    public let sensitivity: [SensitivityRow]
    public let notes: [String]
    /// The whole-cohort cell's propensity scores of treated and controls (the report's overlap
    /// chart); not in `reval estimate`'s JSON.
    public var overlap: PropensityOverlap? = nil

    enum CodingKeys: String, CodingKey {
        case instrument, design, method, covariates, rows, balance, notes
        case effectPath = "effect_path", sensitivity
        case estimandID = "estimand", estimandLabel = "estimand_label"
    }
}

/// The balance table of one estimated cell, named by the cell.
public struct CellBalance: Sendable, Codable, Equatable {
    public let dimension: String
    public let subgroup: String
    public let outcome: String
    public let horizonMonths: Int
    public let table: BalanceTable

    enum CodingKeys: String, CodingKey {
        case dimension, subgroup, outcome, table
        case horizonMonths = "horizon_months"
    }
}

/// The headline estimate under one alternative specification.
public struct SensitivityRow: Sendable, Codable, Equatable {
    public let specification: String
    public let estimate: Double?
    public let se: Double?
    public let ciLow: Double?
    public let ciHigh: Double?
    /// Treated persons matched under this specification.
    public let nTreated: Int?

    enum CodingKeys: String, CodingKey {
        case specification, estimate, se
        case ciLow = "ci_low", ciHigh = "ci_high", nTreated = "n_treated"
    }

    /// Absent values are written as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(specification, forKey: .specification)
        try c.encode(estimate, forKey: .estimate)
        try c.encode(se, forKey: .se)
        try c.encode(ciLow, forKey: .ciLow)
        try c.encode(ciHigh, forKey: .ciHigh)
        try c.encode(nTreated, forKey: .nTreated)
    }
}
