import Cohort
import Effects
import Finance
import Foundation
import TableKit

/// One evaluation, typed and checked: where the persons come from, the cohort, what is
/// estimated, how the effects are applied and costed, and what may be shown.
///
/// Built from `evaluation.toml` (`EvaluationPlan.read`, which validates every key, value and
/// number and resolves the paths against the config's folder) or directly from values a
/// caller has checked; `Evaluation.run` runs it. Nothing in a plan is a name still to be
/// looked up, except an instrument id of a codes file, which the run checks against the cohort.
public struct EvaluationPlan: Sendable {
    /// Where the persons come from.
    public enum Source: Sendable {
        /// The benefits and trajectories exports, linked with these options (`reval link`).
        case exports(benefits: String, trajectories: String, linkage: LinkageOptions)
        /// A cohort file written by `reval link`; its persons must lie in the cohort window.
        case cohort(String)
    }

    /// The inflow window and the day the data were pulled; the outflow figure's window.
    public struct CohortWindow: Sendable {
        public var start: CivilDate
        public var end: CivilDate
        public var extractionDate: CivilDate
        public var describeFrom: CivilDate?
        public var describeTo: CivilDate?
        public init(start: CivilDate, end: CivilDate, extractionDate: CivilDate, describeFrom: CivilDate? = nil, describeTo: CivilDate? = nil) {
            self.start = start
            self.end = end
            self.extractionDate = extractionDate
            self.describeFrom = describeFrom
            self.describeTo = describeTo
        }
    }

    /// Where the effects applied to the participants come from.
    public enum EffectsSource: Sendable {
        /// An effect table and what its effects compare (`now-vs-never`, …, `static-att`); nil when the source does not say.
        case table(path: String, estimand: String?)
        /// This run's own estimates, applied to the participants the design estimates.
        case estimates
    }

    /// How the effects are applied: to which participants, at which benefit, split along which characteristic.
    public struct Application: Sendable {
        public var effects: EffectsSource
        public var monthlyBenefit: MonthlyBenefit
        /// The composition-adjusted application splits the participants along this (a personal characteristic).
        public var compositionBy: SubgroupDimension
        public init(effects: EffectsSource, monthlyBenefit: MonthlyBenefit, compositionBy: SubgroupDimension) {
            self.effects = effects
            self.monthlyBenefit = monthlyBenefit
            self.compositionBy = compositionBy
        }
    }

    /// A named break-even calculation (004 section 2.6).
    public struct BreakEvenScenario: Sendable {
        public var name: String
        public var input: BreakEven.Input
        public init(name: String, input: BreakEven.Input) {
            self.name = name
            self.input = input
        }
    }

    public var title: String
    /// The municipality the data are of; the report names it and holds no other municipality's text.
    public var municipality: String?
    /// "nl" or "en".
    public var language: String
    public var disclosure: DisclosureControl
    public var source: Source
    public var window: CohortWindow
    /// The estimation of each instrument, estimated together in one run (every variant validated).
    public var variants: [CohortEstimationOptions]
    public var application: Application
    public var breakeven: [BreakEvenScenario]
    /// BUIG settlements, computed when the plan is made (their inputs are checked there).
    public var buig: [EvaluationResult.NamedBUIG]
    /// The published outflow figures the report compares with, as text in the report's language.
    public var benchmark: String?
    /// Every file the plan reads, by the name the user knows it by (`inputs.benefits`), resolved.
    public var inputs: [OutputPaths.Named]
    /// The config the plan was read from, recorded in the provenance; nil for a plan made in code.
    public var config: EvaluationConfig?

    public init(title: String, municipality: String? = nil, language: String = "nl", disclosure: DisclosureControl = DisclosureControl(),
                source: Source, window: CohortWindow, variants: [CohortEstimationOptions], application: Application,
                breakeven: [BreakEvenScenario] = [], buig: [EvaluationResult.NamedBUIG] = [], benchmark: String? = nil,
                inputs: [OutputPaths.Named] = [], config: EvaluationConfig? = nil) throws {
        self.title = title
        self.municipality = municipality
        self.language = language
        self.disclosure = disclosure
        self.source = source
        self.window = window
        self.variants = variants
        self.application = application
        self.breakeven = breakeven
        self.buig = buig
        self.benchmark = benchmark
        self.inputs = inputs
        self.config = config
        try validate()
    }

    /// The checks on values that the types do not make: the window's dates in order, the
    /// linkage settings in range, at least one instrument, every estimation setting in range,
    /// the break-even inputs valid.
    public func validate() throws {
        try window.validate()
        try source.validate()
        guard !variants.isEmpty else { throw InvalidSetting(key: "instruments", value: "", expected: "at least one instrument") }
        for v in variants { try v.validate() }
        for b in breakeven { _ = try BreakEven(b.input) }
    }

    /// Refuses an output that is one of the plan's inputs (or two outputs that are one file).
    public func checkOutputs(_ outputs: [OutputPaths.Named]) throws {
        try OutputPaths.checkDistinct(inputs: inputs, outputs: outputs)
    }

    /// The first variant: the settings every instrument shares (design, method, horizons, …).
    public var shared: CohortEstimationOptions { variants[0] }
}
