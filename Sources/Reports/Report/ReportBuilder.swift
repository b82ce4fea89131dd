import Cohort
import Effects
import Finance
import Foundation

/// Runs the whole pipeline of a config: link → describe → estimate → apply → finance.
public enum ReportBuilder {
    public static func build(config c: EvaluationConfig, baseDirectory: String, progress: ((String) -> Void)? = nil) throws -> ReportResults {
        func path(_ p: String) -> String { p.hasPrefix("/") ? p : (baseDirectory as NSString).appendingPathComponent(p) }
        func date(_ s: String, _ key: String) throws -> CivilDate {
            guard let d = CivilDate.parse(s) else { throw ReportError.config("evaluation.toml", "\(key): not a valid date (value '\(s)')") }
            return d
        }
        progress?("link")
        let (persons, linkage) = try Linkage.link(
            benefits: path(c.inputs.benefits), trajectories: path(c.inputs.trajectories),
            options: LinkageOptions(cohortStart: try date(c.cohort.start, "cohort.start"), cohortEnd: try date(c.cohort.end, "cohort.end"),
                                    extractionDate: try date(c.cohort.extractionDate, "cohort.extraction_date"),
                                    errorPolicy: c.inputs.onError.flatMap(ErrorPolicy.init(rawValue:)) ?? .fail,
                                    codes: try c.inputs.codes.map { try CodesFile.read(path: path($0)) } ?? .builtIn,
                                    maxExcluded: c.inputs.maxExcluded ?? LinkageOptions.defaultMaxExcluded,
                                    mergeGapDays: c.inputs.mergeGapDays ?? LinkageOptions.defaultMergeGapDays,
                                    covariates: c.estimation.covariates ?? []))
        progress?("describe")
        let description = CohortDescription(persons: persons, inflowFrom: try c.cohort.describeFrom.map { try date($0, "cohort.describe_from") },
                                            inflowTo: try c.cohort.describeTo.map { try date($0, "cohort.describe_to") })
        // Every instrument in one run: they share the canonical order of the persons, and each cell's propensity model.
        var variants = [CohortEstimationOptions]()
        for name in c.estimation.instruments {
            let inst = try CohortFile.instrument(named: name, in: persons, option: "evaluation.toml: estimation.instruments")
            var o = CohortEstimationOptions(instrument: inst)
            o.design = EvaluationDesign(rawValue: c.estimation.design) ?? .dynamic
            o.estimator.method = EstimationMethod(rawValue: c.estimation.method) ?? .psm
            o.dynamicEstimand = DynamicEstimand(rawValue: c.estimation.estimand) ?? .nowVsWaiting
            o.horizons = c.estimation.horizons
            o.dimensions = c.estimation.by.compactMap(SubgroupDimension.init(rawValue:))
            o.outcomes = c.estimation.outcomes?.compactMap(CohortOutcome.init(rawValue:)) ?? CohortOutcome.standard
            o.covariates = c.estimation.covariates ?? []
            o.minimumCell = max(c.minCellSize, 20)
            o.seed = c.seed
            // The report does not show the effect path or the sensitivity table yet (issue #15): not computed.
            o.effectPath = false
            o.sensitivity = false
            variants.append(o)
        }
        progress?("estimate \(c.estimation.instruments.joined(separator: ", "))")
        let effects = try CohortEffectEstimator.estimate(persons, variants: variants, progress: progress).map { r in
            ReportResults.EffectsOfInstrument(instrument: r.instrument, estimand: r.estimand, covariates: r.covariates, rows: r.rows,
                                              balance: r.balance.first { $0.dimension == "all" }?.table)
        }
        progress?("apply")
        let table = try EffectTable.read(path: path(c.inputs.effects))
        let application = EffectApplication(table: table)
        let benefit = MonthlyBenefit(gross: c.apply.monthlyBenefit, net: c.apply.netMonthlyBenefit)
        let applied = ["schooling", "matching"]
        var counts = [String: Int]()
        for name in applied { counts[name] = persons.filter { $0.instrumentStarts[Instrument(rawValue: name)!] != nil }.count }
        let average = try application.applyAverage(counts: applied.map { ($0, counts[$0]!) }, monthlyBenefit: benefit)
        guard let dim = SubgroupDimension(rawValue: c.apply.compositionBy) else {
            throw ReportError.config("evaluation.toml", "apply.composition_by: unknown dimension '\(c.apply.compositionBy)'")
        }
        let cells = applied.map { name -> (instrument: String, counts: [(subgroup: String, count: Int)]) in
            let users = persons.filter { $0.instrumentStarts[Instrument(rawValue: name)!] != nil }
            let groups = Set(users.map { dim.cell(of: $0) }).sorted()
            return (name, groups.map { g in (g, users.filter { dim.cell(of: $0) == g }.count) })
        }
        let composition = try application.applyComposition(dimension: dim.rawValue, cells: cells, monthlyBenefit: benefit)
        var breakeven = [String: BreakEven]()
        for b in c.breakeven {
            breakeven[b.name] = try BreakEven(.init(fixedCost: b.fixedCost, bonusPerPlacement: b.bonus, placements: b.placements,
                                                    monthlyBenefit: c.apply.monthlyBenefit, spontaneousOutflowWeek: b.spontaneousWeek, entryWeek: b.entryWeek))
        }
        let buig = try (c.buig ?? []).map { b in
            ReportResults.NamedBUIG(name: b.name, source: b.source, projection: try BUIGProjection(
                years: b.years, budgets: b.budgets, netSpending: b.netSpending, scenarioBudgets: b.scenarioBudgets,
                clientsPerYear: b.clientsPerYear, costPerClientYear: b.costPerClientYear))
        }
        return ReportResults(
            title: c.title, language: c.language,
            sampleLoss: .init(benefitRowsRead: linkage.benefitRowsRead, trajectoryRowsRead: linkage.trajectoryRowsRead, rowsExcluded: linkage.excludedTotal,
                              personsInData: linkage.personsInData, cohortPersons: linkage.cohortPersons, reentrants: linkage.reentrants,
                              censoredPersons: linkage.censoredPersons, rowsExcludedByReason: linkage.excludedByReason,
                              personsExcluded: linkage.excludedPersons, spellsMerged: linkage.spellsMerged),
            description: description, effects: effects, appliedAverage: average, appliedComposition: composition,
            participantCounts: counts, breakeven: breakeven, buig: buig, disclosure: try c.disclosureControl())
    }
}
