import Cohort
import Effects
import Finance

/// Every number the report shows, in one value: `results.json` is this value encoded.
public struct ReportResults: Codable, Sendable {
    public struct SampleLoss: Codable, Sendable {
        public let benefitRowsRead: Int
        public let trajectoryRowsRead: Int
        public let rowsExcluded: Int
        public let personsInData: Int
        public let cohortPersons: Int
        public let reentrants: Int
        public let censoredPersons: Int
        /// Excluded rows by reason (`inputs.on_error = "exclude"`), and the persons left out whole for one.
        public let rowsExcludedByReason: [String: Int]
        public let personsExcluded: Int
        public let spellsMerged: Int
        enum CodingKeys: String, CodingKey {
            case benefitRowsRead = "benefit_rows_read", trajectoryRowsRead = "trajectory_rows_read", rowsExcluded = "rows_excluded"
            case personsInData = "persons_in_data", cohortPersons = "cohort_persons", reentrants, censoredPersons = "censored_persons"
            case rowsExcludedByReason = "rows_excluded_by_reason", personsExcluded = "persons_excluded", spellsMerged = "spells_merged"
        }
    }
    public struct EffectsOfInstrument: Codable, Sendable {
        public let instrument: String
        public let estimand: String
        /// The covariates of the propensity model in words (`CohortEffectReport.covariates`).
        public let covariates: [String]
        public let rows: [CohortEffectRow]
        public let balance: BalanceTable?
    }

    public let title: String
    public let language: String
    public let sampleLoss: SampleLoss
    public let description: CohortDescription
    public let effects: [EffectsOfInstrument]
    /// The published effect table applied to the cohort's participant counts.
    public let appliedAverage: AppliedEffects
    public let appliedComposition: AppliedEffects
    public let participantCounts: [String: Int]
    public let breakeven: [String: BreakEven]
    /// BUIG settlements per configured scenario, in the config's order.
    public let buig: [NamedBUIG]
    public let disclosure: DisclosureControl

    public struct NamedBUIG: Codable, Sendable {
        public let name: String
        public let source: String?
        public let projection: BUIGProjection
    }

    enum CodingKeys: String, CodingKey {
        case title, language, description, effects, breakeven, buig, disclosure
        case sampleLoss = "sample_loss", appliedAverage = "applied_average", appliedComposition = "applied_composition"
        case participantCounts = "participant_counts"
    }
}
