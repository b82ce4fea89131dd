import Cohort
import Effects
import Finance

/// The result document of one evaluation (`Evaluation.run`): every number a report shows, in
/// one value. `Reports` renders from it alone; `results.json` is this value encoded.
public struct EvaluationResult: Codable, Sendable {
    /// The selection chain from rows read to the cohort. Linking the exports fills every step;
    /// a run from a linked cohort file starts at its persons (the steps of linking are nil).
    public struct SampleLoss: Codable, Sendable {
        /// The linked cohort file the run started from (nil: linked from the exports in this run).
        public let cohortFile: String?
        public let benefitRowsRead: Int?
        public let trajectoryRowsRead: Int?
        public let rowsExcluded: Int?
        public let personsInData: Int?
        public let cohortPersons: Int
        public let reentrants: Int
        public let censoredPersons: Int
        /// Excluded rows by reason (`inputs.on_error = "exclude"`), and the persons left out whole for one.
        public let rowsExcludedByReason: [String: Int]?
        public let personsExcluded: Int?
        public let spellsMerged: Int?
        /// Spells and trajectories with an end date after the extraction date: running then (censored).
        public let spellsRunningAtExtraction: Int?
        public let trajectoriesRunningAtExtraction: Int?
        /// Trajectories that start outside every benefit spell: kept and described, not treatment.
        public let trajectoriesOutsideSpells: Int?
        enum CodingKeys: String, CodingKey {
            case benefitRowsRead = "benefit_rows_read", trajectoryRowsRead = "trajectory_rows_read", rowsExcluded = "rows_excluded"
            case personsInData = "persons_in_data", cohortPersons = "cohort_persons", reentrants, censoredPersons = "censored_persons"
            case rowsExcludedByReason = "rows_excluded_by_reason", personsExcluded = "persons_excluded", spellsMerged = "spells_merged"
            case spellsRunningAtExtraction = "spells_running_at_extraction", trajectoriesRunningAtExtraction = "trajectories_running_at_extraction"
            case trajectoriesOutsideSpells = "trajectories_outside_spells"
            case cohortFile = "cohort_file"
        }

        /// The chain of a run that linked the exports.
        init(benefitRowsRead: Int, trajectoryRowsRead: Int, rowsExcluded: Int, personsInData: Int, cohortPersons: Int, reentrants: Int,
             censoredPersons: Int, rowsExcludedByReason: [String: Int], personsExcluded: Int, spellsMerged: Int,
             spellsRunningAtExtraction: Int, trajectoriesRunningAtExtraction: Int, trajectoriesOutsideSpells: Int) {
            cohortFile = nil
            self.benefitRowsRead = benefitRowsRead
            self.trajectoryRowsRead = trajectoryRowsRead
            self.rowsExcluded = rowsExcluded
            self.personsInData = personsInData
            self.cohortPersons = cohortPersons
            self.reentrants = reentrants
            self.censoredPersons = censoredPersons
            self.rowsExcludedByReason = rowsExcludedByReason
            self.personsExcluded = personsExcluded
            self.spellsMerged = spellsMerged
            self.spellsRunningAtExtraction = spellsRunningAtExtraction
            self.trajectoriesRunningAtExtraction = trajectoriesRunningAtExtraction
            self.trajectoriesOutsideSpells = trajectoriesOutsideSpells
        }

        /// The chain of a run from a linked cohort file: its persons, the re-entrants and the censored among them.
        init(cohortFile: String, persons: [CohortPerson]) {
            self.cohortFile = cohortFile
            benefitRowsRead = nil
            trajectoryRowsRead = nil
            rowsExcluded = nil
            personsInData = nil
            cohortPersons = persons.count
            reentrants = persons.filter(\.reentrant).count
            censoredPersons = persons.filter { $0.firstExitDays == nil }.count
            rowsExcludedByReason = nil
            personsExcluded = nil
            spellsMerged = nil
            spellsRunningAtExtraction = nil
            trajectoriesRunningAtExtraction = nil
            trajectoriesOutsideSpells = nil
        }
    }
    public struct EffectsOfInstrument: Codable, Sendable {
        public let instrument: String
        /// dynamic or static.
        public let design: String
        /// psm, ipw or aipw.
        public let method: String
        /// now-vs-waiting, now-vs-never, static-att or static-ate.
        public let estimand: String
        /// The estimand in words.
        public let estimandLabel: String
        /// The covariates of the propensity model in words (`CohortEffectReport.covariates`).
        public let covariates: [String]
        public let rows: [CohortEffectRow]
        public let balance: BalanceTable?
        /// The whole cohort's effect on being out of benefit every 3 months (dynamic matching).
        public let effectPath: EffectPath?
        /// The whole-cohort cell's propensity scores of treated and controls.
        public let overlap: PropensityOverlap?
        /// The headline figure (whole cohort, first outcome and horizon) under other matching choices (dynamic matching).
        public let sensitivity: [SensitivityRow]
        /// Who received the instrument and who of them the estimates cover.
        public let participants: Participants
        enum CodingKeys: String, CodingKey {
            case instrument, design, method, estimand, covariates, rows, balance, overlap, sensitivity, participants
            case effectPath = "effect_path", estimandLabel = "estimand_label"
        }
    }

    /// The persons of the cohort who received an instrument, split by whether the design
    /// estimates their effect: the rest are outside the estimates and outside the savings
    /// computed from them. `all` = `estimated` + the three reasons.
    public struct Participants: Codable, Sendable {
        public let all: Int
        public let estimated: Int
        /// Started after the latest month estimated (`max_tau`, dynamic) or after the window (static).
        public let startedAfterWindow: Int
        /// Dynamic design: another trajectory came first, so they were no longer "not yet treated" controls nor treated with this instrument alone.
        public let otherTrajectoryFirst: Int
        /// Dynamic design: started in the month of inflow, before any month at risk.
        public let startedInInflowMonth: Int
        enum CodingKeys: String, CodingKey {
            case all, estimated
            case startedAfterWindow = "started_after_window", otherTrajectoryFirst = "other_trajectory_first", startedInInflowMonth = "started_in_inflow_month"
        }
    }

    /// What the savings rest on: the effect table (or this run's estimates), its sources and what its effects compare.
    public struct SavingsBasis: Codable, Sendable {
        /// "table" or "estimates".
        public let effectsFrom: String
        /// The effect table's file name (table mode).
        public let table: String?
        /// The distinct `source` entries of the rows applied.
        public let sources: [String]
        /// now-vs-never, now-vs-waiting, static-att, static-ate; nil when the source does not say.
        public let estimand: String?
        /// Evaluated instruments the table has no effects for (not in the savings).
        public let instrumentsWithoutEffects: [String]
        enum CodingKeys: String, CodingKey {
            case table, sources, estimand
            case instrumentsWithoutEffects = "instruments_without_effects"
            case effectsFrom = "effects_from"
        }
    }

    public let title: String
    public let municipality: String?
    public internal(set) var language: String
    /// The method as it ran, from the plan.
    public let method: MethodAsRun
    public let sampleLoss: SampleLoss
    public let description: CohortDescription
    public let effects: [EffectsOfInstrument]
    /// The effect table (or the estimates) applied to the cohort's participant counts.
    public let appliedAverage: AppliedEffects
    /// Nil when the effects have no subgroups along `composition_by`.
    public let appliedComposition: AppliedEffects?
    public let savingsBasis: SavingsBasis
    /// The participants the effects are applied to, by instrument.
    public let participantCounts: [String: Int]
    public let breakeven: [String: BreakEven]
    /// BUIG settlements per scenario, in the plan's order.
    public internal(set) var buig: [NamedBUIG]
    public let disclosure: DisclosureControl
    /// The published outflow figures the report compares with (`[benchmark] outflow`), as written in the config.
    public let benchmark: String?

    public struct NamedBUIG: Codable, Sendable {
        public let name: String
        public let source: String?
        public let projection: BUIGProjection
    }

    enum CodingKeys: String, CodingKey {
        case title, municipality, language, method, description, effects, breakeven, buig, disclosure, benchmark
        case sampleLoss = "sample_loss", appliedAverage = "applied_average", appliedComposition = "applied_composition"
        case participantCounts = "participant_counts", savingsBasis = "savings_basis"
    }
}
