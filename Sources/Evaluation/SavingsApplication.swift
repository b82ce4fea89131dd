import Cohort
import Effects
import Foundation

/// The savings of an evaluation: an effect table — the one `inputs.effects` names, or this run's
/// own estimates (`[apply] effects = "estimates"`) — applied to the participants it covers.
///
/// With the run's estimates only the participants the design estimates are counted (a start
/// after `max_tau` is outside them); an estimate that disclosure control withholds is not
/// applied (composition mode falls back to the instrument's average for it), since the applied
/// figure over a shown count would reveal it. A published table does not say which starts its
/// effects cover: it is applied to every participant, and the report says so.
struct SavingsApplication {
    let average: AppliedEffects
    let composition: AppliedEffects?
    let basis: EvaluationResult.SavingsBasis
    /// Participants applied to, by instrument.
    let counts: [String: Int]

    init(plan: EvaluationPlan, effects: [EvaluationResult.EffectsOfInstrument], persons: [CohortPerson]) throws {
        let disclosure = plan.disclosure
        let table: EffectTable
        var horizons: (short: Int, long: Int)?
        var tablePath: String?, tableEstimand: String?
        switch plan.application.effects {
        case .estimates:
            table = EffectTable(file: "estimates", rows: effects.flatMap { e in e.rows.compactMap { Self.effectRow($0, estimand: e.estimand, disclosure: disclosure) } })
            horizons = (plan.shared.horizons.min()!, plan.shared.horizons.max()!)
        case .table(let path, let estimand):
            table = try EffectTable.read(path: path)
            (tablePath, tableEstimand) = (path, estimand)
        }
        let ownEstimates = tablePath == nil
        // The evaluated instruments (as the estimates name them) that the table has effects for.
        let evaluated = effects.compactMap { Instrument(rawValue: $0.instrument) }
        let applied = evaluated.filter { i in table.rows.contains { $0.instrument == i.rawValue } }
        func users(_ i: Instrument) -> [CohortPerson] {
            guard let o = plan.variants.first(where: { $0.instrument == i }) else { return [] }
            return persons.filter { ownEstimates ? Evaluation.coverage($0, o) == .estimated : $0.instrumentStarts[i] != nil }
        }
        let usersOf = applied.map { ($0, users($0)) }
        counts = Dictionary(uniqueKeysWithValues: usersOf.map { ($0.0.rawValue, $0.1.count) })
        let benefit = plan.application.monthlyBenefit
        average = try Evaluation.apply(table, to: .average(usersOf), monthlyBenefit: benefit, horizons: horizons)
        let dim = plan.application.compositionBy
        composition = table.rows.contains(where: { $0.dimension == dim.rawValue })
            ? try Evaluation.apply(table, to: .composition(usersOf, by: dim), monthlyBenefit: benefit, horizons: horizons) : nil
        // The sources of the average effects applied (the composition uses the same table's subgroup rows).
        let sources = average.instruments.flatMap { [$0.extraOutOfBenefitShort, $0.extraOutOfBenefitLong, $0.benefitMonthsSaved] }.flatMap(\.cells).compactMap(\.source)
        basis = .init(effectsFrom: ownEstimates ? "estimates" : "table",
                      table: tablePath.map { ($0 as NSString).lastPathComponent },
                      sources: sources.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
                      estimand: ownEstimates ? effects.first?.estimand : tableEstimand,
                      instrumentsWithoutEffects: evaluated.filter { !applied.contains($0) }.map(\.rawValue))
    }

    /// A row of the run's estimates as an effect-table row; a withheld or missing estimate is `not_reported`.
    static func effectRow(_ r: CohortEffectRow, estimand: String, disclosure: DisclosureControl) -> EffectRow? {
        guard let outcome = EffectOutcome(rawValue: r.outcome), outcome == .outOfBenefit || outcome == .monthsOutOfBenefit else { return nil }
        let shown = r.estimate != nil && disclosure.mayShowModel(treated: r.nTreated, controls: r.nControl, parameters: r.modelParameters ?? 0)
        return EffectRow(instrument: r.instrument, dimension: r.dimension, subgroup: r.subgroup, outcome: outcome, horizonMonths: r.horizonMonths,
                         estimate: shown ? r.estimate : nil, standardError: shown ? r.se : nil, ciLow: shown ? r.ciLow : nil, ciHigh: shown ? r.ciHigh : nil,
                         status: shown ? .estimate : .notReported, nTreated: r.nTreated, nControl: r.nControl,
                         source: "estimates of this report (\(estimand))")
    }
}
