import Cohort
import Effects
import Foundation
import TableKit

/// The steps `Evaluation.run` is made of, each open to the command that runs only it: `link`
/// and `describe` (the persons and their description), `estimate` (the effects) and `apply`
/// (an effect table applied to participants). Every step takes its part of an
/// `EvaluationPlan`, checked by the same rules as a config's.
extension Evaluation {
    /// The persons of the source: linked from the exports (with the linkage report), or read
    /// from a linked cohort file (no report). The cohort window is not checked here: `run` checks it.
    public static func link(_ source: EvaluationPlan.Source, progress: ((Linkage.Progress) -> Void)? = nil)
        throws -> (persons: [CohortPerson], linkage: LinkageReport?) {
        try source.validate()
        switch source {
        case .exports(let benefits, let trajectories, let options):
            let (persons, report) = try Linkage.link(benefits: benefits, trajectories: trajectories, options: options, progress: progress)
            return (persons, report)
        case .cohort(let path):
            return (try CohortFile.read(path: path) { p in progress?(.reading(file: path, p)) }, nil)
        }
    }

    /// Outflow and instrument use of the persons whose inflow lies in `from`…`to`, by `dimensions`.
    public static func describe(_ persons: [CohortPerson], from: CivilDate?, to: CivilDate?, by dimensions: [CohortDimension] = []) throws -> CohortDescription {
        try EvaluationPlan.checkOrder(from, "describe_from", to, "describe_to")
        return CohortDescription(persons: persons, inflowFrom: from, inflowTo: to, by: dimensions)
    }

    /// The client stock on `day` (000 §3): age groups and benefit-duration classes (`describe --stock`).
    /// `category`: a covariate column of the cohort to count the stock by (e.g. a distance-to-work
    /// category exported by the municipality and linked with `--covariates`); it must be in the cohort.
    public static func describeStock(_ persons: [CohortPerson], on day: CivilDate, category: String? = nil) throws -> StockDescription {
        if let category, let first = persons.first, !first.covariates.contains(where: { $0.name == category }) {
            let names = first.covariates.map(\.name)
            throw InvalidSetting(key: "category", value: category,
                                 expected: names.isEmpty ? "a covariate of the cohort file, which has none (link it with --covariates)"
                                                         : "a covariate of the cohort file (\(names.joined(separator: ", ")))")
        }
        return StockDescription(persons: persons, on: day, category: category)
    }

    /// The effects of every variant, estimated together; every instrument must be one the persons received or the codes know.
    /// `instrumentOption` names where the instruments were given (`--instrument`), for the error.
    /// The persons are `consuming`: a caller handing over its only copy lets the estimate put
    /// them in canonical order in place (`CohortEffectEstimator.estimate`).
    public static func estimate(_ persons: consuming [CohortPerson], variants: [CohortEstimationOptions], instrumentOption: String,
                                progress: (@Sendable (String) -> Void)? = nil) throws -> [CohortEffectReport] {
        guard !variants.isEmpty else { throw InvalidSetting(key: "instruments", value: "", expected: "at least one instrument") }
        for v in variants {
            try v.validate()
            _ = try CohortFile.instrument(named: v.instrument.rawValue, in: persons, option: instrumentOption)
        }
        return try CohortEffectEstimator.estimate(consume persons, variants: variants, progress: progress)
    }

    /// An effect table applied to participants: counted per instrument (average mode) or per
    /// subgroup cell of `application.compositionBy` (composition mode).
    public static func apply(_ table: EffectTable, to participants: Participants, monthlyBenefit: MonthlyBenefit,
                             horizons: (short: Int, long: Int)? = nil) throws -> AppliedEffects {
        var application = EffectApplication(table: table)
        if let horizons { (application.shortHorizon, application.longHorizon) = horizons }
        switch participants {
        case .perInstrument(let counts):
            return try application.applyAverage(counts: counts, monthlyBenefit: monthlyBenefit)
        case .perCell(let dimension, let cells):
            return try application.applyComposition(dimension: dimension, cells: cells, monthlyBenefit: monthlyBenefit)
        }
    }
}
