import Foundation
import StatKit
import TableKit

/// The units an estimator works on: treatment, outcome and covariates, one row per unit.
public struct TreatmentSample: Sendable {
    public let treated: [Bool]
    public private(set) var outcome: [Double]
    /// Covariate design with an intercept first; used for the propensity and outcome models.
    /// When the sample is a view of a larger design (`designRows` at init) this materialises
    /// the sample's rows on each access: the hot paths use `designRows(_:)`, `designSourceRows`
    /// and `withDesignColumn(_:_:)`, which copy at most the rows they need.
    public var design: Matrix { sourceRows == nil && sourceColumns == nil ? source : source.selecting(rows: sourceRows, columns: columnsOfSource) }
    public let covariateNames: [String]
    /// Tie keys in [0, 1) that order units with equal scores pseudo-randomly but by content only.
    /// By default a hash of (group, covariates, outcome, rank among identical rows): rows
    /// identical in all of these are interchangeable, so the result does not depend on row
    /// order; and because the key is a hash, tied controls are not ordered by their outcome in
    /// any systematic direction (a key that sorted them by outcome, or gave a treated unit the
    /// same key as its tied controls, would bias the estimate). Callers that know a content hash
    /// of each row already (the dynamic design: the person's content hash and τ) pass keys from
    /// it, which saves hashing every covariate of every row for every estimate. Greedy matching
    /// without replacement on LaLonde has tied scores whose order changes the ATT, so the
    /// reference result in PeerAgreementTests holds for the default key function: change it and
    /// the R reference must be rechecked.
    public let tieKeys: [Double]

    /// Extra weights of control units (inverse probability of censoring); nil for none.
    public private(set) var controlWeights: [Double]?
    /// The person each row belongs to when a person has several rows (the dynamic design's
    /// person-periods): standard errors then sum the rows' contributions within a person. Nil: rows are persons.
    public let clusters: [Int]?
    /// The factors of the design (their dummies among `covariateNames`): balance tables add each
    /// reference level. A factor whose levels the caller merged (pooled) must be left out.
    public let factors: [DesignFactor]

    /// The balance table's unweighted half, when the caller computed it once for several
    /// estimates on these same units (`BalanceTable.Before`); nil: each table computes its own.
    public var balanceBefore: BalanceTable.Before?

    /// Whether the caller gave the tie keys (else they hash the outcome: `withOutcome` may not keep them).
    private let tieKeysGiven: Bool
    private let source: Matrix
    private let sourceRows: [Int]?
    /// The design's columns in `source` when the sample reads a view of it (`MatrixView`).
    private let sourceColumns: [Int]?

    /// - Parameters:
    ///   - design: the covariates, one row per unit — or, with `designRows`, a larger design
    ///     whose rows `designRows[i]` belong to unit i (no copy is made: a cell's estimates of
    ///     several outcomes share its design).
    ///   - tieKeys: content-derived tie keys in [0, 1), one per unit; nil computes them from the
    ///     unit's values (see `tieKeys`).
    public init(treated: [Bool], outcome: [Double], design: Matrix, covariateNames: [String], controlWeights: [Double]? = nil,
                clusters: [Int]? = nil, designRows: [Int]? = nil, tieKeys: [Double]? = nil, factors: [DesignFactor] = []) {
        self.init(treated: treated, outcome: outcome, design: MatrixView(design), covariateNames: covariateNames, controlWeights: controlWeights,
                  clusters: clusters, designRows: designRows, tieKeys: tieKeys, factors: factors)
    }

    /// As above, on a view of a larger design (a subgroup cell's rows and columns, read in place):
    /// `designRows` are then rows of the view.
    public init(treated: [Bool], outcome: [Double], design view: MatrixView, covariateNames: [String], controlWeights: [Double]? = nil,
                clusters: [Int]? = nil, designRows: [Int]? = nil, tieKeys: [Double]? = nil, factors: [DesignFactor] = []) {
        precondition(treated.count == outcome.count && outcome.count == (designRows?.count ?? view.rows) && covariateNames.count == view.columns)
        precondition(tieKeys == nil || tieKeys!.count == treated.count)
        self.controlWeights = controlWeights
        self.clusters = clusters
        self.treated = treated
        self.outcome = outcome
        self.source = view.base
        self.sourceRows = view.rowIndices.map { cell in designRows.map { $0.map { cell[$0] } } ?? cell } ?? designRows
        self.sourceColumns = view.columnIndices
        self.covariateNames = covariateNames
        self.factors = factors
        tieKeysGiven = tieKeys != nil
        if let tieKeys { self.tieKeys = tieKeys; return }
        let rowsOfSource = sourceRows ?? Array(0..<source.rows), columns = (0..<view.columns).map(view.baseColumn)
        var seen = [UInt64: UInt64]()
        self.tieKeys = rowsOfSource.indices.map { i in
            // FNV-1a over the bit patterns of the unit's group, covariates and outcome.
            var content = ContentHash()
            content.combine(treated[i] ? 1.0 : 0.0)
            for j in columns { content.combine(view.base[rowsOfSource[i], j]) }
            content.combine(outcome[i])
            let h = content.state
            let rank = seen[h, default: 0]
            seen[h] = rank + 1
            // SplitMix64 finaliser of (hash, rank): identical rows get distinct, well-spread keys.
            return Double(ContentHash.finalise(h ^ (rank &* ContentHash.goldenGamma)) >> 11) * 0x1.0p-53
        }
    }

    /// The same units with another outcome and other censoring weights (a cell's outcome columns
    /// observed on the same rows): every other array is shared, not copied. Only for a sample
    /// whose tie keys the caller gave: default keys hash the outcome.
    public func withOutcome(_ outcome: [Double], controlWeights: [Double]?) -> TreatmentSample {
        precondition(tieKeysGiven, "the tie keys hash the outcome: build the sample anew")
        precondition(outcome.count == count && (controlWeights?.count ?? count) == count)
        var s = self
        s.outcome = outcome
        s.controlWeights = controlWeights
        return s
    }

    /// Number of covariate columns (intercept included).
    public var designColumns: Int { sourceColumns?.count ?? source.columns }

    /// The design's columns in the underlying matrix.
    private var columnsOfSource: [Int] { sourceColumns ?? Array(0..<source.columns) }

    /// For each unit, its row in the underlying design (the identity when the sample owns its design).
    public var designSourceRows: [Int] { sourceRows ?? Array(0..<source.rows) }

    /// The design rows of the given units, in that order (a copy of those rows only).
    public func designRows(_ units: [Int]) -> Matrix {
        source.selecting(rows: designSourceRows(of: units), columns: columnsOfSource)
    }

    /// The given units' rows in the underlying design.
    public func designSourceRows(of units: [Int]) -> [Int] {
        sourceRows.map { r in units.map { r[$0] } } ?? units
    }

    /// A weighted linear regression on the covariates of the given units, read in place
    /// (`WeightedLinearFit`); predict at units' rows with `designSourceRows(of:)`.
    public func linearFit(units: [Int], weights: [Double]?) throws -> WeightedLinearFit {
        try WeightedLinearFit(design: MatrixView(source, rows: designSourceRows(of: units), columns: sourceColumns), weights: weights)
    }

    /// Calls `body` with every column of the design (intercept first) read in place from the
    /// underlying design, indexed by `designSourceRows`: for passes that read all columns at
    /// the same rows (`BalanceTable`).
    public func withDesignColumns<R>(_ body: ([ColumnReader]) throws -> R) rethrows -> R {
        try source.withColumnReaders { readers in try body(columnsOfSource.map { readers[$0] }) }
    }

    /// Calls `body` with column j of the underlying design read in place, indexed by `designSourceRows`.
    public func withDesignColumn<R>(_ j: Int, _ body: (ColumnReader) throws -> R) rethrows -> R {
        try source.withColumnReader(sourceColumns?[j] ?? j, body)
    }

    public var count: Int { treated.count }
    public var treatedCount: Int { treated.count(where: { $0 }) }

    /// The sample restricted to the given rows (bootstrap, subgroup cells).
    public func subset(_ rows: [Int]) -> TreatmentSample {
        TreatmentSample(treated: rows.map { treated[$0] }, outcome: rows.map { outcome[$0] }, design: designRows(rows),
                        covariateNames: covariateNames, controlWeights: controlWeights.map { w in rows.map { w[$0] } },
                        clusters: clusters.map { c in rows.map { c[$0] } }, factors: factors)
    }
}

/// Which effect is estimated.
public enum Estimand: String, Sendable, Codable, CaseIterable {
    /// Average effect on the treated. The raw value is the id every output writes (`estimand`)
    /// and `--estimand` takes.
    case att
    /// Average effect in the whole sample.
    case ate

    /// The estimand in words (`estimand_label`).
    public var label: String {
        switch self {
        case .att: return "ATT: average effect on the treated"
        case .ate: return "ATE: average effect in the whole sample"
        }
    }
}

/// How the effect is estimated.
public enum EstimationMethod: String, Sendable, Codable, CaseIterable {
    /// Nearest-neighbour propensity-score matching.
    case psm
    /// Inverse-probability weighting (normalised weights).
    case ipw
    /// Augmented IPW (doubly robust).
    case aipw
}

public enum EstimationError: Error, CustomStringConvertible, Equatable {
    case tooFewUnits(treated: Int, control: Int, needed: Int)
    case propensity(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .tooFewUnits(let t, let c, let n): return "too few units to estimate: \(t) treated and \(c) controls (need at least \(n) of each)"
        case .propensity(let s): return "propensity model: \(s)"
        case .unsupported(let s): return s
        }
    }
}
