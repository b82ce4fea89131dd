import StatKit
import TableKit

/// The window and extraction date that define an inflow cohort, and how exports are read.
public struct LinkageOptions: Sendable {
    /// First inflow date of the cohort; nil: the earliest spell start in the export.
    public var cohortStart: CivilDate?
    public var cohortEnd: CivilDate
    public var extractionDate: CivilDate
    public var errorPolicy: ErrorPolicy
    /// The municipality's own spellings of coded values (`--codes`).
    public var codes: CodeBook
    /// Under `--on-error exclude`: the largest share of either file's rows, or of the
    /// persons, that may be excluded before linkage fails rather than hollow out the data.
    public var maxExcluded: Double
    /// Spells of one person that follow within this many days are one spell.
    public var mergeGapDays: Int
    /// Further columns of the benefits export to carry into the cohort as covariates at inflow
    /// (`--covariates`; `UserCovariates` says how values are read).
    public var covariates: [String]

    public static let defaultMaxExcluded = 0.05
    public static let defaultMergeGapDays = 31

    public init(cohortStart: CivilDate?, cohortEnd: CivilDate, extractionDate: CivilDate, errorPolicy: ErrorPolicy = .fail,
                codes: CodeBook = .builtIn, maxExcluded: Double = defaultMaxExcluded, mergeGapDays: Int = defaultMergeGapDays,
                covariates: [String] = []) {
        self.cohortStart = cohortStart
        self.cohortEnd = cohortEnd
        self.extractionDate = extractionDate
        self.errorPolicy = errorPolicy
        self.codes = codes
        self.maxExcluded = maxExcluded
        self.mergeGapDays = mergeGapDays
        self.covariates = covariates
    }
}

/// Exclusion would drop more than the allowed share of rows or persons.
public struct ExclusionLimitExceeded: Error, CustomStringConvertible, Equatable {
    /// The export whose rows would be dropped; nil when the limit on persons is exceeded.
    public let file: String?
    public let what: String
    public let excluded: Int
    public let total: Int
    public let maxExcluded: Double
    public let mostCommonReason: String
    public let mostCommonCount: Int

    public var description: String {
        let pct = (100 * Double(excluded) / Double(total) * 10).rounded() / 10
        return (file.map { "\($0): " } ?? "") + "excluding bad rows would drop \(excluded) of \(total) \(what) (\(pct) %), more than the \(maxExcluded) allowed (--max-excluded, max_excluded); "
            + "most common reason: \(mostCommonReason) (\(mostCommonCount)). Fix the export, map its codes (--codes), or raise the limit"
    }
}

/// Links benefit spells with trajectories per person into an inflow cohort.
///
/// Spells of a person that follow within `mergeGapDays` are joined first. A person is in
/// the cohort when a spell starts in the window; the first such spell is the cohort spell
/// and its start the inflow date. Earlier spells make the person a re-entrant. Covariates,
/// user-named ones too, are taken at inflow (from the cohort spell's first row); instrument starts are counted in elapsed months from inflow, for
/// trajectories that start in a spell on or after inflow, each instrument's first with its provider. Trajectories outside every spell
/// (a wage subsidy after leaving for work, an intake before the spell) are kept and counted,
/// but are not treatment. Under `--on-error exclude`, a person with any excluded row leaves
/// the cohort whole (never a control by accident), and linkage fails when more than
/// `maxExcluded` of either file's rows or of the persons would be excluded.
public enum Linkage {
    /// How far a linkage has got, for progress messages.
    public enum Progress: Sendable, Equatable {
        /// Reading one of the exports (the path as given).
        case reading(file: String, ReadProgress)
        /// Building the cohort's persons from their spells and trajectories: `persons` of the cohort's `of` built.
        case linking(persons: Int, of: Int)
    }

    public static func link(benefits: String, trajectories: String, options: LinkageOptions,
                            progress: ((Progress) -> Void)? = nil) throws -> (persons: [CohortPerson], report: LinkageReport) {
        if let start = options.cohortStart, start > options.cohortEnd {
            throw InputError(file: "--cohort-start", value: start.description, message: "cohort window starts after it ends (\(options.cohortEnd))")
        }
        guard options.cohortEnd <= options.extractionDate else {
            throw InputError(file: "--cohort-end", value: options.cohortEnd.description, message: "cohort window ends after the extraction date (\(options.extractionDate))")
        }
        var log = ExclusionLog(policy: options.errorPolicy)
        // Both exports at once, one per core; their bad rows are logged below, in the order a
        // serial read (benefits first) met them, and each read's progress is reported when it is done.
        let (readBenefits, readTrajectories) = ParallelMap.pair(
            { Result { try BenefitsReader.parse(path: benefits, extractionDate: options.extractionDate, codes: options.codes,
                                                covariates: options.covariates, policy: options.errorPolicy) } },
            { Result { try TrajectoriesReader.parse(path: trajectories, extractionDate: options.extractionDate, codes: options.codes,
                                                    policy: options.errorPolicy) } })
        // The reads are consumed, so that their rows are freed once checked (and the spells sorted in place).
        let parsedBenefits = try (consume readBenefits).get()
        if let p = parsedBenefits.rows.progress { progress?(.reading(file: benefits, p)) }
        var b = try BenefitsReader.finish(consume parsedBenefits, log: &log)
        let benefitExclusions = log.counts
        let spellsKept = b.spells.count
        let cohortStart = options.cohortStart ?? b.spells.lazy.map(\.startDay).min().map { CivilDate(dayNumber: Int($0)) } ?? options.cohortEnd
        let differing = b.covariateNames.isEmpty ? [:] : PersonSpells.differingCovariates(b.spells, count: b.covariateNames.count)
        let merged = BenefitsReader.merge(b.takeSpells(), gapDays: options.mergeGapDays)
        let persons = PersonSpells(merged.spells)
        let parsedTrajectories = try (consume readTrajectories).get()
        if let p = parsedTrajectories.rows.progress { progress?(.reading(file: trajectories, p)) }
        let t = try TrajectoriesReader.finish(consume parsedTrajectories, persons: persons.ids, log: &log)
        let excludedPersons = log.excludedPersons
        let excluded = persons.marking(excludedPersons.keys)
        let personsInData = persons.count + excludedPersons.count - excluded.filter { $0 }.count
        if options.errorPolicy == .exclude {
            let trajectoryExclusions = log.counts.merging(benefitExclusions) { all, benefitRows in all - benefitRows }.filter { $0.value > 0 }
            try checkLimit(log, benefitRows: (benefits, benefitExclusions, b.rowsRead), trajectoryRows: (trajectories, trajectoryExclusions, t.rowsRead),
                           persons: personsInData, max: options.maxExcluded)
        }

        let selection = CohortSelection(persons: persons, trajectories: t, excluded: excluded, window: (cohortStart, options.cohortEnd))
        let builder = CohortBuilder(persons: persons, trajectories: t.trajectories, extractionDate: options.extractionDate, covariateNames: b.covariateNames,
                                    differing: differing)
        let (cohort, counts) = builder.persons(selection.cohort) { progress?(.linking(persons: $0, of: selection.cohort.count)) }
        var excludedByReason = [String: Int]()
        for r in excludedPersons.values { excludedByReason[r.rawValue, default: 0] += 1 }
        let report = LinkageReport(
            benefitsFile: benefits, trajectoriesFile: trajectories, codesFile: options.codes.file,
            benefitsEncoding: b.encoding.rawValue, trajectoriesEncoding: t.encoding.rawValue,
            cohortStart: cohortStart.description, cohortEnd: options.cohortEnd.description,
            extractionDate: options.extractionDate.description, mergeGapDays: options.mergeGapDays,
            benefitRowsRead: b.rowsRead, trajectoryRowsRead: t.rowsRead,
            spellsKept: spellsKept, spellsMerged: merged.merges, spellEndsAfterExtraction: b.endsAfterExtraction,
            trajectoriesKept: t.trajectories.count, trajectoryEndsAfterExtraction: t.endsAfterExtraction,
            excludedByReason: Dictionary(uniqueKeysWithValues: log.counts.map { ($0.key.rawValue, $0.value) }),
            excludedExamples: log.examples, excludedPersonsByReason: excludedByReason,
            personsInData: personsInData, cohortPersons: cohort.count, reentrants: counts.reentrants, censoredPersons: counts.censored,
            trajectoriesLinkedToCohort: counts.linked, trajectoriesBeforeInflow: counts.beforeInflow,
            trajectoriesOutsideSpellsAfterInflow: counts.outsideAfterInflow,
            trajectoriesOfPersonsOutsideCohort: selection.ofPersonsOutsideCohort,
            trajectoriesOfExcludedPersons: selection.ofExcluded,
            trajectoriesOutsideSpells: selection.outside,
            ignoredColumns: b.ignoredColumns.map { "\(benefits): \($0)" } + t.ignoredColumns.map { "\(trajectories): \($0)" },
            covariates: b.covariateNames,
            covariatesMissingAtInflow: Dictionary(uniqueKeysWithValues: zip(b.covariateNames, counts.missingAtInflow)),
            covariatesDifferingBetweenRows: Dictionary(uniqueKeysWithValues: zip(b.covariateNames, counts.differingBetweenRows)))
        return (cohort, report)
    }

    /// Fails when exclusion would drop more than `max` of either file's rows or of the persons,
    /// naming the most common reason of what exceeded the limit (that file's rows, or the persons).
    static func checkLimit(_ log: ExclusionLog, benefitRows: (file: String, excluded: [ExclusionReason: Int], read: Int),
                           trajectoryRows: (file: String, excluded: [ExclusionReason: Int], read: Int), persons: Int, max: Double) throws {
        func mostCommon<K: Comparable>(_ counts: [K: Int]) -> (K, Int)? {
            counts.max { ($0.value, $1.key) < ($1.value, $0.key) }.map { ($0.key, $0.value) }
        }
        for (file, what, excluded, total) in [(benefitRows.file, "benefit rows", benefitRows.excluded, benefitRows.read),
                                              (trajectoryRows.file, "trajectory rows", trajectoryRows.excluded, trajectoryRows.read)] {
            let n = excluded.values.reduce(0, +)
            guard total > 0 && Double(n) > max * Double(total), let (reason, count) = mostCommon(excluded) else { continue }
            throw ExclusionLimitExceeded(file: file, what: what, excluded: n, total: total, maxExcluded: max, mostCommonReason: reason.rawValue, mostCommonCount: count)
        }
        var byReason = [ExclusionReason: Int]()
        for r in log.excludedPersons.values { byReason[r, default: 0] += 1 }
        let n = log.excludedPersons.count
        if persons > 0 && Double(n) > max * Double(persons), let (reason, count) = mostCommon(byReason) {
            throw ExclusionLimitExceeded(file: nil, what: "persons", excluded: n, total: persons, maxExcluded: max, mostCommonReason: reason.rawValue, mostCommonCount: count)
        }
    }
}

/// Trajectories that start outside every (merged) benefit spell of their person, by where
/// they start and by instrument: kept and described, never treatment.
public struct TrajectoriesOutsideSpells: Codable, Sendable, Equatable {
    /// Before the person's first spell (an intake before the spell starts).
    public private(set) var beforeFirstSpell = 0
    /// Between two spells.
    public private(set) var betweenSpells = 0
    /// After the person's last spell ended (a wage subsidy after leaving benefit for work).
    public private(set) var afterLastSpell = 0
    public private(set) var byInstrument: [String: Int] = [:]

    public var total: Int { beforeFirstSpell + betweenSpells + afterLastSpell }

    enum CodingKeys: String, CodingKey {
        case beforeFirstSpell = "before_first_spell", betweenSpells = "between_spells", afterLastSpell = "after_last_spell"
        case byInstrument = "by_instrument"
    }

    /// `spells` sorted by start and disjoint; `r` starts in none of them.
    mutating func add(_ r: TrajectoryRecord, spells: ArraySlice<BenefitSpell>) {
        if r.startDay < spells.first!.startDay { beforeFirstSpell += 1 } else if r.startDay > spells.last!.endDay { afterLastSpell += 1 } else { betweenSpells += 1 }
        byInstrument[r.instrument.rawValue, default: 0] += 1
    }
}

/// What linkage read, kept, excluded and linked: nothing is dropped without being counted here.
/// Rendered under disclosure control by `LinkageSummary` (Reports): no text of its own, so no count
/// leaves reval unprotected.
public struct LinkageReport: Codable, Sendable, Equatable {
    public let benefitsFile: String
    public let trajectoriesFile: String
    public let codesFile: String?
    public let benefitsEncoding: String
    public let trajectoriesEncoding: String
    public let cohortStart: String
    public let cohortEnd: String
    public let extractionDate: String
    public let mergeGapDays: Int
    public let benefitRowsRead: Int
    public let trajectoryRowsRead: Int
    public let spellsKept: Int
    /// Spells joined to the spell before them (a gap of at most `mergeGapDays`).
    public let spellsMerged: Int
    /// Spells with an end date after the extraction date, read as running then.
    public let spellEndsAfterExtraction: Int
    public let trajectoriesKept: Int
    public let trajectoryEndsAfterExtraction: Int
    public let excludedByReason: [String: Int]
    public let excludedExamples: [String]
    /// Persons left out whole because one of their rows was excluded, by the reason of the first.
    public let excludedPersonsByReason: [String: Int]
    public let personsInData: Int
    public let cohortPersons: Int
    public let reentrants: Int
    public let censoredPersons: Int
    public let trajectoriesLinkedToCohort: Int
    public let trajectoriesBeforeInflow: Int
    /// Trajectories of cohort persons that start after inflow outside every spell (not treatment).
    public let trajectoriesOutsideSpellsAfterInflow: Int
    public let trajectoriesOfPersonsOutsideCohort: Int
    public let trajectoriesOfExcludedPersons: Int
    public let trajectoriesOutsideSpells: TrajectoriesOutsideSpells
    public let ignoredColumns: [String]
    /// The benefits export's columns carried as covariates at inflow (`--covariates`), by their cohort-file names.
    public let covariates: [String]
    /// Cohort persons whose value of a carried covariate is missing on the row of their cohort spell.
    public let covariatesMissingAtInflow: [String: Int]
    /// Cohort persons whose rows in the export (any spell) do not all give a carried covariate the
    /// same value: the cohort keeps the value at inflow.
    public let covariatesDifferingBetweenRows: [String: Int]

    enum CodingKeys: String, CodingKey {
        case benefitsFile = "benefits_file", trajectoriesFile = "trajectories_file", codesFile = "codes_file"
        case benefitsEncoding = "benefits_encoding", trajectoriesEncoding = "trajectories_encoding"
        case cohortStart = "cohort_start", cohortEnd = "cohort_end", extractionDate = "extraction_date", mergeGapDays = "merge_gap_days"
        case benefitRowsRead = "benefit_rows_read", trajectoryRowsRead = "trajectory_rows_read"
        case spellsKept = "spells_kept", spellsMerged = "spells_merged", spellEndsAfterExtraction = "spell_ends_after_extraction"
        case trajectoriesKept = "trajectories_kept", trajectoryEndsAfterExtraction = "trajectory_ends_after_extraction"
        case excludedByReason = "excluded_by_reason", excludedExamples = "excluded_examples"
        case excludedPersonsByReason = "excluded_persons_by_reason"
        case personsInData = "persons_in_data", cohortPersons = "cohort_persons", reentrants
        case censoredPersons = "censored_persons"
        case trajectoriesLinkedToCohort = "trajectories_linked_to_cohort"
        case trajectoriesBeforeInflow = "trajectories_before_inflow"
        case trajectoriesOutsideSpellsAfterInflow = "trajectories_outside_spells_after_inflow"
        case trajectoriesOfPersonsOutsideCohort = "trajectories_of_persons_outside_cohort"
        case trajectoriesOfExcludedPersons = "trajectories_of_excluded_persons"
        case trajectoriesOutsideSpells = "trajectories_outside_spells"
        case ignoredColumns = "ignored_columns", covariates
        case covariatesMissingAtInflow = "covariates_missing_at_inflow", covariatesDifferingBetweenRows = "covariates_differing_between_rows"
    }

    public var excludedTotal: Int { excludedByReason.values.reduce(0, +) }
    public var excludedPersons: Int { excludedPersonsByReason.values.reduce(0, +) }
}
