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
        let disclosure = try c.disclosureControl()
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
            variants.append(options(c, instrument: inst))
        }
        progress?("estimate \(c.estimation.instruments.joined(separator: ", "))")
        let reports = try CohortEffectEstimator.estimate(persons, variants: variants, progress: progress)
        let effects = zip(variants, reports).map { o, r in
            ReportResults.EffectsOfInstrument(instrument: r.instrument, estimand: r.estimandID.lowercased(), covariates: r.covariates, rows: r.rows,
                                              balance: r.balance.first { $0.dimension == "all" }?.table, effectPath: r.effectPath,
                                              overlap: r.overlap, sensitivity: r.sensitivity, participants: participants(of: o, in: persons))
        }
        progress?("apply")
        let savings = try SavingsApplication(config: c, effects: effects, persons: persons, disclosure: disclosure, path: path)
        let breakeven = try Dictionary(uniqueKeysWithValues: (c.breakeven ?? []).map { b in
            (b.name, try BreakEven(.init(fixedCost: b.fixedCost, bonusPerPlacement: b.bonus, placements: b.placements,
                                         monthlyBenefit: c.apply.monthlyBenefit, spontaneousOutflowWeek: b.spontaneousWeek, entryWeek: b.entryWeek)))
        })
        let first = variants[0]
        let method = MethodAsRun(
            design: first.design.rawValue, estimator: first.estimator.method.rawValue, estimand: first.estimandID.lowercased(),
            horizons: first.horizons, subgroups: first.dimensions.map(\.rawValue), instruments: effects.map(\.instrument),
            maxTau: first.design == .dynamic ? first.maxTau : nil, window: first.design == .static ? first.window : nil,
            caliper: first.estimator.caliper, ratio: first.estimator.ratio, replacement: first.design == .dynamic || first.estimator.replace,
            trim: first.estimator.trim,
            biasAdjustment: first.design == .dynamic && first.estimator.method == .psm && first.biasAdjustment, minimumCell: first.minimumCell,
            covariates: effects.first?.balance?.modelCovariates ?? [],
            cohortStart: c.cohort.start, cohortEnd: c.cohort.end, extractionDate: c.cohort.extractionDate,
            describeFrom: c.cohort.describeFrom, describeTo: c.cohort.describeTo)
        return ReportResults(
            title: c.title, municipality: c.municipality, language: c.language, method: method,
            sampleLoss: .init(benefitRowsRead: linkage.benefitRowsRead, trajectoryRowsRead: linkage.trajectoryRowsRead, rowsExcluded: linkage.excludedTotal,
                              personsInData: linkage.personsInData, cohortPersons: linkage.cohortPersons, reentrants: linkage.reentrants,
                              censoredPersons: linkage.censoredPersons, rowsExcludedByReason: linkage.excludedByReason,
                              personsExcluded: linkage.excludedPersons, spellsMerged: linkage.spellsMerged),
            description: description, effects: effects, appliedAverage: savings.average, appliedComposition: savings.composition,
            savingsBasis: savings.basis, participantCounts: savings.counts, breakeven: breakeven, buig: try buig(c), disclosure: disclosure,
            benchmark: c.benchmark?.outflow)
    }

    /// The BUIG settlements of the config's `[[buig]]` scenarios, in its order.
    static func buig(_ c: EvaluationConfig) throws -> [ReportResults.NamedBUIG] {
        try (c.buig ?? []).map { b in
            ReportResults.NamedBUIG(name: b.name, source: b.source, projection: try BUIGProjection(
                years: b.years, budgets: b.budgets, netSpending: b.netSpending, scenarioBudgets: b.scenarioBudgets,
                clientsPerYear: b.clientsPerYear, costPerClientYear: b.costPerClientYear))
        }
    }

    /// The estimation options of one instrument from the config.
    static func options(_ c: EvaluationConfig, instrument: Instrument) -> CohortEstimationOptions {
        var o = CohortEstimationOptions(instrument: instrument)
        o.design = EvaluationDesign(rawValue: c.estimation.design) ?? .dynamic
        o.estimator.method = EstimationMethod(rawValue: c.estimation.method) ?? .psm
        if o.design == .static {
            o.estimator.estimand = Estimand(rawValue: c.estimation.estimand.uppercased()) ?? .att
        } else {
            o.dynamicEstimand = DynamicEstimand(rawValue: c.estimation.estimand) ?? .nowVsWaiting
        }
        o.estimator.caliper = c.estimation.caliper
        if let t = c.estimation.trim { o.estimator.trim = t }
        if let m = c.estimation.maxTau { o.maxTau = m }
        if let w = c.estimation.window { o.window = w }
        o.horizons = c.estimation.horizons
        o.dimensions = c.estimation.by.compactMap(SubgroupDimension.init(rawValue:))
        o.outcomes = c.estimation.outcomes?.compactMap(CohortOutcome.init(rawValue:)) ?? CohortOutcome.standard
        o.covariates = c.estimation.covariates ?? []
        o.minimumCell = max(c.minCellSize, 20)
        o.seed = c.seed
        // The effect path and the sensitivity of the whole cohort's headline figure are shown.
        o.effectPath = true
        o.sensitivity = true
        return o
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
    static func participants(of o: CohortEstimationOptions, in persons: [CohortPerson]) -> ReportResults.Participants {
        var n = [Coverage: Int]()
        for p in persons { if let c = coverage(p, o) { n[c, default: 0] += 1 } }
        return .init(all: n.values.reduce(0, +), estimated: n[.estimated] ?? 0, startedAfterWindow: n[.startedAfterWindow] ?? 0,
                     otherTrajectoryFirst: n[.otherTrajectoryFirst] ?? 0, startedInInflowMonth: n[.startedInInflowMonth] ?? 0)
    }
}
