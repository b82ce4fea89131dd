import TableKit

/// The window and extraction date that define an inflow cohort.
public struct LinkageOptions: Sendable {
    public var cohortStart: CivilDate
    public var cohortEnd: CivilDate
    public var extractionDate: CivilDate
    public var errorPolicy: ErrorPolicy

    public init(cohortStart: CivilDate, cohortEnd: CivilDate, extractionDate: CivilDate, errorPolicy: ErrorPolicy = .fail) {
        self.cohortStart = cohortStart
        self.cohortEnd = cohortEnd
        self.extractionDate = extractionDate
        self.errorPolicy = errorPolicy
    }
}

/// Links benefit spells with trajectories per person into an inflow cohort.
///
/// A person is in the cohort when a spell starts in the window; the first such spell is
/// the cohort spell and its start the inflow date. Earlier spells make the person a
/// re-entrant. Covariates are taken at inflow; every trajectory is attached to the spell
/// it starts in; instrument starts are counted in elapsed months from inflow.
public enum Linkage {
    public static func link(benefits: String, trajectories: String, options: LinkageOptions) throws -> (persons: [CohortPerson], report: LinkageReport) {
        guard options.cohortStart <= options.cohortEnd else {
            throw InputError(file: "--cohort-start", value: options.cohortStart.description, message: "cohort window starts after it ends (\(options.cohortEnd))")
        }
        guard options.cohortEnd <= options.extractionDate else {
            throw InputError(file: "--cohort-end", value: options.cohortEnd.description, message: "cohort window ends after the extraction date (\(options.extractionDate))")
        }
        var log = ExclusionLog(policy: options.errorPolicy)
        let b = try BenefitsReader.read(path: benefits, extractionDate: options.extractionDate, log: &log)
        var byPerson = [String: [BenefitSpell]]()
        for s in b.spells { byPerson[s.personID, default: []].append(s) }
        for k in byPerson.keys { byPerson[k]!.sort { $0.start < $1.start } }
        let t = try TrajectoriesReader.read(path: trajectories, extractionDate: options.extractionDate, spellsByPerson: byPerson, log: &log)
        var trajByPerson = [String: [TrajectoryRecord]]()
        for r in t.trajectories { trajByPerson[r.personID, default: []].append(r) }

        var persons = [(id: String, person: CohortPerson)]()
        var reentrants = 0, censored = 0, linked = 0, beforeInflow = 0
        for (id, spells) in byPerson {
            guard let k = spells.firstIndex(where: { $0.start >= options.cohortStart && $0.start <= options.cohortEnd }) else { continue }
            let spell = spells[k]
            let inflow = spell.start
            let followup = inflow.wholeMonths(to: options.extractionDate)
            // On benefit at each anniversary: one pass over anniversaries and (sorted, disjoint) spells.
            let days = inflow.anniversaryDayNumbers(count: followup)
            var onBenefit = [Bool](repeating: false, count: followup + 1)
            var s = k
            let ranges = spells.map { ($0.start.dayNumber, $0.end?.dayNumber ?? Int.max) }
            for m in 0...followup {
                while s < ranges.count && ranges[s].1 < days[m] { s += 1 }
                if s < ranges.count && ranges[s].0 <= days[m] { onBenefit[m] = true }
            }
            var starts = [Instrument: Int]()
            var firstDays: Int?
            for r in trajByPerson[id] ?? [] {
                if r.start < inflow { beforeInflow += 1; continue }
                linked += 1
                let m = inflow.wholeMonths(to: r.start)
                starts[r.instrument] = min(starts[r.instrument] ?? m, m)
                let d = r.start.dayNumber - inflow.dayNumber
                firstDays = min(firstDays ?? d, d)
            }
            let age = spell.birthDate.map { $0.wholeYears(to: inflow) } ?? spell.ageAtStart!
            if k > 0 { reentrants += 1 }
            if spell.end == nil { censored += 1 }
            persons.append((id, CohortPerson(
                inflowDate: inflow, age: age, sex: spell.sex, educationLevel: spell.education, household: spell.household,
                monthsWorked24m: spell.monthsWorked24m, earlierSpells: k, followupMonths: followup,
                firstExitDays: spell.end.map { $0.dayNumber - inflow.dayNumber }, endReason: spell.endReason,
                onBenefit: onBenefit, instrumentStarts: starts, firstTrajectoryDays: firstDays)))
        }
        // Deterministic order that does not reveal ids: by inflow date, ties by id.
        persons.sort { ($0.person.inflowDate, $0.id) < ($1.person.inflowDate, $1.id) }
        let cohortIDs = Set(persons.map(\.id))
        let report = LinkageReport(
            benefitsFile: benefits, trajectoriesFile: trajectories,
            benefitsEncoding: b.encoding.rawValue, trajectoriesEncoding: t.encoding.rawValue,
            cohortStart: options.cohortStart.description, cohortEnd: options.cohortEnd.description,
            extractionDate: options.extractionDate.description,
            benefitRowsRead: b.rowsRead, trajectoryRowsRead: t.rowsRead,
            spellsKept: b.spells.count, trajectoriesKept: t.trajectories.count,
            excludedByReason: Dictionary(uniqueKeysWithValues: log.counts.map { ($0.key.rawValue, $0.value) }),
            excludedExamples: log.examples,
            personsInData: byPerson.count, cohortPersons: persons.count, reentrants: reentrants, censoredPersons: censored,
            trajectoriesLinkedToCohort: linked, trajectoriesBeforeInflow: beforeInflow,
            trajectoriesOfPersonsOutsideCohort: t.trajectories.filter { !cohortIDs.contains($0.personID) }.count,
            ignoredColumns: b.ignoredColumns.map { "\(benefits): \($0)" } + t.ignoredColumns.map { "\(trajectories): \($0)" })
        return (persons.map(\.person), report)
    }
}

/// What linkage read, kept, excluded and linked: nothing is dropped without being counted here.
public struct LinkageReport: Codable, Sendable, Equatable {
    public let benefitsFile: String
    public let trajectoriesFile: String
    public let benefitsEncoding: String
    public let trajectoriesEncoding: String
    public let cohortStart: String
    public let cohortEnd: String
    public let extractionDate: String
    public let benefitRowsRead: Int
    public let trajectoryRowsRead: Int
    public let spellsKept: Int
    public let trajectoriesKept: Int
    public let excludedByReason: [String: Int]
    public let excludedExamples: [String]
    public let personsInData: Int
    public let cohortPersons: Int
    public let reentrants: Int
    public let censoredPersons: Int
    public let trajectoriesLinkedToCohort: Int
    public let trajectoriesBeforeInflow: Int
    public let trajectoriesOfPersonsOutsideCohort: Int
    public let ignoredColumns: [String]

    enum CodingKeys: String, CodingKey {
        case benefitsFile = "benefits_file", trajectoriesFile = "trajectories_file"
        case benefitsEncoding = "benefits_encoding", trajectoriesEncoding = "trajectories_encoding"
        case cohortStart = "cohort_start", cohortEnd = "cohort_end", extractionDate = "extraction_date"
        case benefitRowsRead = "benefit_rows_read", trajectoryRowsRead = "trajectory_rows_read"
        case spellsKept = "spells_kept", trajectoriesKept = "trajectories_kept"
        case excludedByReason = "excluded_by_reason", excludedExamples = "excluded_examples"
        case personsInData = "persons_in_data", cohortPersons = "cohort_persons", reentrants
        case censoredPersons = "censored_persons"
        case trajectoriesLinkedToCohort = "trajectories_linked_to_cohort"
        case trajectoriesBeforeInflow = "trajectories_before_inflow"
        case trajectoriesOfPersonsOutsideCohort = "trajectories_of_persons_outside_cohort"
        case ignoredColumns = "ignored_columns"
    }

    public var excludedTotal: Int { excludedByReason.values.reduce(0, +) }

    public func text() -> String {
        var s = "Linkage report\n"
        s += "  benefits:      \(benefitsFile) (\(benefitsEncoding)), \(benefitRowsRead) rows read, \(spellsKept) spells kept\n"
        s += "  trajectories:  \(trajectoriesFile) (\(trajectoriesEncoding)), \(trajectoryRowsRead) rows read, \(trajectoriesKept) kept\n"
        s += "  excluded rows: \(excludedTotal)" + (excludedByReason.isEmpty ? "\n" : " (" + excludedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")\n")
        for e in excludedExamples { s += "    e.g. \(e)\n" }
        s += "  persons in data: \(personsInData); in cohort \(cohortStart) to \(cohortEnd): \(cohortPersons)\n"
        s += "  re-entrants (earlier spell in the data): \(reentrants); cohort spell still running at \(extractionDate): \(censoredPersons)\n"
        s += "  trajectories linked to the cohort: \(trajectoriesLinkedToCohort); before inflow: \(trajectoriesBeforeInflow); of persons outside the cohort: \(trajectoriesOfPersonsOutsideCohort)\n"
        if !ignoredColumns.isEmpty { s += "  ignored columns: \(ignoredColumns.joined(separator: "; "))\n" }
        return s
    }
}
