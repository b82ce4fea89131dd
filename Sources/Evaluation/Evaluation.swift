// Module Evaluation — one evaluation: the strict config (`EvaluationConfig`, `ConfigSchema`), the
// plan (`EvaluationPlan`), `Evaluation.run` (link → describe → estimate → apply → finance)
// and its result document (`EvaluationResult`); disclosure control, codes and starter files.
// May import: StatKit, TableKit, Cohort, Effects, Finance, TOMLKit.

import Cohort
import Effects
import Finance
import Foundation
import TableKit

/// One evaluation in memory: link (or read the linked cohort) → describe → estimate → apply
/// → finance, from a checked `EvaluationPlan` to one `EvaluationResult`, the document every
/// renderer and `results.json` are made from. The one place the pipeline runs.
public enum Evaluation {
    public static func run(_ plan: EvaluationPlan, progress: (@Sendable (String) -> Void)? = nil) throws -> EvaluationResult {
        let (persons, sampleLoss) = try cohort(of: plan, progress: progress)
        progress?("describe")
        let description = try describe(persons, from: plan.window.describeFrom, to: plan.window.describeTo)
        // Every instrument in one run: they share the canonical order of the persons, and each cell's propensity model.
        let variants = plan.variants
        progress?("estimate \(variants.map(\.instrument.rawValue).joined(separator: ", "))")
        let reports = try estimate(persons, variants: variants, instrumentOption: "evaluation.toml: estimation.instruments", progress: progress)
        let effects = zip(variants, reports).map { o, r in
            EvaluationResult.EffectsOfInstrument(instrument: r.instrument, design: r.design, method: r.method,
                                                 estimand: r.estimandID, estimandLabel: r.estimandLabel, covariates: r.covariates, rows: r.rows,
                                                 balance: r.balance.first { $0.dimension == "all" }?.table, effectPath: r.effectPath,
                                                 overlap: r.overlap, sensitivity: r.sensitivity, participants: participants(of: o, in: persons))
        }
        progress?("apply")
        let savings = try SavingsApplication(plan: plan, effects: effects, persons: persons)
        let breakeven = try Dictionary(uniqueKeysWithValues: plan.breakeven.map { b in (b.name, try BreakEven(b.input)) })
        let first = plan.shared, w = plan.window
        let method = MethodAsRun(
            design: first.design.rawValue, estimator: first.estimator.method.rawValue, estimand: first.estimandID,
            horizons: first.horizons, subgroups: first.dimensions.map(\.rawValue), instruments: effects.map(\.instrument),
            maxTau: first.design == .dynamic ? first.maxTau : nil, window: first.design == .static ? first.window : nil,
            caliper: first.estimator.caliper, ratio: first.estimator.ratio, replacement: first.design == .dynamic || first.estimator.replace,
            trim: first.estimator.trim,
            biasAdjustment: first.design == .dynamic && first.estimator.method == .psm && first.biasAdjustment, minimumCell: first.minimumCell,
            covariates: effects.first?.balance?.modelCovariates ?? [],
            cohortStart: w.start.description, cohortEnd: w.end.description, extractionDate: w.extractionDate.description,
            describeFrom: w.describeFrom?.description, describeTo: w.describeTo?.description)
        return EvaluationResult(
            title: plan.title, municipality: plan.municipality, language: plan.language, method: method, sampleLoss: sampleLoss,
            description: description, effects: effects, appliedAverage: savings.average, appliedComposition: savings.composition,
            savingsBasis: savings.basis, participantCounts: savings.counts, breakeven: breakeven, buig: plan.buig, disclosure: plan.disclosure,
            benchmark: plan.benchmark)
    }

    /// The persons of the inflow cohort and the selection chain that led to them: linked from
    /// the exports, or read from a linked cohort file (which keeps no rows read; the chain then
    /// starts at the cohort's persons).
    static func cohort(of plan: EvaluationPlan, progress: (@Sendable (String) -> Void)?) throws -> ([CohortPerson], EvaluationResult.SampleLoss) {
        switch plan.source {
        case .exports:
            progress?("link")
            let (persons, report) = try link(plan.source)
            let linkage = report!
            return (persons, .init(benefitRowsRead: linkage.benefitRowsRead, trajectoryRowsRead: linkage.trajectoryRowsRead, rowsExcluded: linkage.excludedTotal,
                                   personsInData: linkage.personsInData, cohortPersons: linkage.cohortPersons, reentrants: linkage.reentrants,
                                   censoredPersons: linkage.censoredPersons, rowsExcludedByReason: linkage.excludedByReason,
                                   personsExcluded: linkage.excludedPersons, spellsMerged: linkage.spellsMerged,
                                   spellsRunningAtExtraction: linkage.spellEndsAfterExtraction, trajectoriesRunningAtExtraction: linkage.trajectoryEndsAfterExtraction,
                                   trajectoriesOutsideSpells: linkage.trajectoriesOutsideSpells.total))
        case .cohort(let path):
            progress?("read cohort")
            let persons = try link(plan.source).persons
            let w = plan.window
            if let outside = persons.first(where: { $0.inflowDate < w.start || $0.inflowDate > w.end }) {
                throw InputError(file: path, message: "a person's inflow (\(outside.inflowDate.year)-\(outside.inflowDate.month)) lies outside the cohort window \(w.start) to \(w.end) of [cohort]; link the cohort with that window")
            }
            return (persons, .init(cohortFile: (path as NSString).lastPathComponent, persons: persons))
        }
    }

    /// Where a participant stands with respect to the design's estimates (the rule of `PersonPeriodSample`).
    enum Coverage { case estimated, startedAfterWindow, otherTrajectoryFirst, startedInInflowMonth }

    /// Nil when the person did not receive the instrument.
    static func coverage(_ p: CohortPerson, _ o: CohortEstimationOptions) -> Coverage? {
        guard let start = p.instrumentStarts[o.instrument] else { return nil }
        switch o.design {
        case .static: return start < o.window ? .estimated : .startedAfterWindow
        case .dynamic:
            if p.firstTrajectoryMonth != start { return .otherTrajectoryFirst }
            if start < 1 { return .startedInInflowMonth }
            return start > o.maxTau ? .startedAfterWindow : .estimated
        }
    }

    /// Who received the instrument, and who of them the design estimates.
    static func participants(of o: CohortEstimationOptions, in persons: [CohortPerson]) -> EvaluationResult.Participants {
        var n = [Coverage: Int]()
        for p in persons { if let c = coverage(p, o) { n[c, default: 0] += 1 } }
        return .init(all: n.values.reduce(0, +), estimated: n[.estimated] ?? 0, startedAfterWindow: n[.startedAfterWindow] ?? 0,
                     otherTrajectoryFirst: n[.otherTrajectoryFirst] ?? 0, startedInInflowMonth: n[.startedInInflowMonth] ?? 0)
    }
}
