import Foundation
import StatKit
import TableKit

/// `reval estimate`'s generic mode: a treatment effect on any table with one row per person
/// (a 0/1 treatment column, an outcome column and covariates), as R's `MatchIt`/`WeightIt` take it.
extension TreatmentSample {
    /// The sample of a person table: `treatment` must be 0 or 1 in every row and `outcome`
    /// numeric; string covariates become dummies (first sorted level as reference), as in R.
    public init(table: DataTable, treatment: String, outcome: String, covariates: [String]) throws {
        guard case .numeric(let t) = table[treatment]!, t.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw InputError(file: table.file, column: treatment, message: "treatment must be 0 or 1 in every row")
        }
        guard case .numeric(let y) = table[outcome]! else { throw InputError(file: table.file, column: outcome, message: "outcome must be numeric") }
        let design = try DesignMatrix(table: table, covariates: covariates)
        self.init(treated: t.map { $0 == 1 }, outcome: y, design: design.matrix, covariateNames: design.columnNames, factors: design.factors)
    }
}

extension TreatmentEffectEstimator {
    /// The estimate of `sample`; with `replicates` > 0 its standard error and a percentile
    /// interval come from a seeded bootstrap over persons (`progress` gets the replicates done).
    public static func estimate(_ sample: TreatmentSample, options: EstimatorOptions, bootstrapReplicates replicates: Int, seed: UInt64,
                                progress: ((Int) -> Void)? = nil) throws -> TreatmentEffectEstimate {
        let result = try estimate(sample, options: options)
        guard replicates > 0 else { return result }
        let b = bootstrap(sample, options: options, replicates: replicates, seed: seed, progress: progress)
        return result.withStandardError(b.standardError, method: "bootstrap over persons, \(b.values.count) replicates (seed \(seed)), percentile interval" + (b.failedReplicates > 0 ? ", \(b.failedReplicates) failed" : ""),
                                        interval: b.percentileInterval())
    }
}
