import Cohort
import Effects
import Finance
import Foundation
import TableKit

extension EvaluationPlan {
    /// Reads `evaluation.toml` strictly (`EvaluationConfig.read`: every key known, every value
    /// in its set, every number in range) and makes its plan: paths resolved against the
    /// config's folder and every input file there and readable, names parsed, the estimation
    /// and finance inputs checked. Every error is one line naming the file (and the line and
    /// key where there is one).
    public static func read(configPath path: String) throws -> EvaluationPlan {
        let (config, lines) = try EvaluationConfig.readChecked(path: path)
        let folder = (path as NSString).deletingLastPathComponent
        let base = folder.isEmpty ? "." : folder
        let missing = config.missingInputs(baseDirectory: base)
        if !missing.isEmpty { throw config.missingInputsError(missing, lines: lines) }
        do {
            return try EvaluationPlan(config: config, baseDirectory: base, configPath: path)
        } catch let e as InvalidSetting {
            // The linkage settings are in [inputs], the others in [estimation].
            let table = ["max_excluded", "merge_gap_days"].contains(e.key) ? "inputs" : "estimation"
            var place = ConfigSchema.Place()
            place.tables = [(table, nil)]
            throw lines.error(place, key: e.key, "'\(e.key)' in [\(table)] must be \(e.expected) (value '\(e.value)')")
        } catch let e as DatesOutOfOrder {
            var place = ConfigSchema.Place()
            place.tables = [("cohort", nil)]
            throw lines.error(place, key: e.firstKey, "'\(e.firstKey)' in [cohort] (\(e.first)) lies after '\(e.secondKey)' (\(e.second))")
        } catch let e as FinanceError {
            throw ReportError.config(path, e.description)
        }
    }

    /// The plan of a config whose relative paths are relative to `baseDirectory`; `configPath`
    /// (the config itself) is among the inputs an output may not overwrite.
    public init(config c: EvaluationConfig, baseDirectory: String, configPath: String? = nil) throws {
        func path(_ p: String) -> String { p.hasPrefix("/") ? p : (baseDirectory as NSString).appendingPathComponent(p) }
        // The config has been checked: its dates parse and its names are in their sets.
        func date(_ s: String) -> CivilDate { CivilDate.parse(s)! }
        let window = CohortWindow(start: date(c.cohort.start), end: date(c.cohort.end), extractionDate: date(c.cohort.extractionDate),
                                  describeFrom: c.cohort.describeFrom.map(date), describeTo: c.cohort.describeTo.map(date))
        let source: Source
        if let cohort = c.inputs.cohort {
            source = .cohort(path(cohort))
        } else {
            source = .exports(benefits: path(c.inputs.benefits!), trajectories: path(c.inputs.trajectories!), linkage: LinkageOptions(
                cohortStart: window.start, cohortEnd: window.end, extractionDate: window.extractionDate,
                errorPolicy: c.inputs.onError.flatMap(ErrorPolicy.init(rawValue:)) ?? .fail,
                codes: try c.inputs.codes.map { try CodesFile.read(path: path($0)) } ?? .builtIn,
                maxExcluded: c.inputs.maxExcluded ?? LinkageOptions.defaultMaxExcluded,
                mergeGapDays: c.inputs.mergeGapDays ?? LinkageOptions.defaultMergeGapDays,
                covariates: c.estimation.covariates ?? []))
        }
        let effects: EffectsSource = c.apply.appliesEstimates ? .estimates
            : .table(path: path(c.inputs.effects!), estimand: c.apply.tableEstimand.map { ["att", "ate"].contains($0) ? "static-\($0)" : $0 })
        let buig = try (c.buig ?? []).map { b in
            EvaluationResult.NamedBUIG(name: b.name, source: b.source, projection: try BUIGProjection(
                years: b.years, budgets: b.budgets, netSpending: b.netSpending, scenarioBudgets: b.scenarioBudgets,
                clientsPerYear: b.clientsPerYear, costPerClientYear: b.costPerClientYear))
        }
        try self.init(
            title: c.title, municipality: c.municipality, language: c.language, disclosure: try c.disclosureControl(),
            source: source, window: window,
            variants: c.estimation.instruments.map { Self.options(c, instrument: Instrument.parse($0) ?? Instrument(rawValue: $0)!) },
            application: Application(effects: effects, monthlyBenefit: MonthlyBenefit(gross: c.apply.monthlyBenefit, net: c.apply.netMonthlyBenefit),
                                     compositionBy: SubgroupDimension(rawValue: c.apply.compositionBy)!),
            breakeven: (c.breakeven ?? []).map { b in
                BreakEvenScenario(name: b.name, input: .init(fixedCost: b.fixedCost, bonusPerPlacement: b.bonus, placements: b.placements,
                                                             monthlyBenefit: c.apply.monthlyBenefit, spontaneousOutflowWeek: b.spontaneousWeek, entryWeek: b.entryWeek))
            },
            buig: buig, benchmark: c.benchmark?.outflow,
            inputs: (configPath.map { [OutputPaths.Named("--config", $0)] } ?? []) + c.inputPaths(baseDirectory: baseDirectory),
            config: c)
    }

    /// The estimation options of one instrument from the config.
    static func options(_ c: EvaluationConfig, instrument: Instrument) -> CohortEstimationOptions {
        var o = CohortEstimationOptions(instrument: instrument)
        o.design = EvaluationDesign(rawValue: c.estimation.design)!
        o.estimator.method = EstimationMethod(rawValue: c.estimation.method)!
        if o.design == .static {
            o.estimator.estimand = Estimand(rawValue: c.estimation.estimand)!
        } else {
            o.dynamicEstimand = DynamicEstimand(rawValue: c.estimation.estimand)!
        }
        o.estimator.caliper = c.estimation.caliper
        if let t = c.estimation.trim { o.estimator.trim = t }
        if let m = c.estimation.maxTau { o.maxTau = m }
        if let w = c.estimation.window { o.window = w }
        o.horizons = c.estimation.horizons
        o.dimensions = c.estimation.by.map { SubgroupDimension(rawValue: $0)! }
        o.outcomes = c.estimation.outcomes?.map { CohortOutcome(rawValue: $0)! } ?? CohortOutcome.standard
        o.covariates = c.estimation.covariates ?? []
        o.minimumCell = max(c.minCellSize, 20)
        o.seed = c.seed
        // The effect path and the sensitivity of the whole cohort's headline figure are shown.
        o.effectPath = true
        o.sensitivity = true
        return o
    }
}
