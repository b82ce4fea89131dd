import StatKit
import TableKit

/// The merged spells of the persons with benefit spells, grouped by person, persons in the
/// order of their ids: linkage's persons, found by one walk over the spells as
/// `BenefitsReader.checkPersons` sorted them, where a dictionary of arrays per person id cost a
/// hash, an array and its copies per person at national scale.
struct PersonSpells: Sendable {
    let spells: [BenefitSpell]
    /// Each person's id, in order (the ids of one person's spells are all equal as `String`s).
    let ids: [String]
    /// Where each person's spells begin in `spells`, and their end after the last person.
    private let first: [Int]

    init(_ spells: [BenefitSpell]) {
        self.spells = spells
        (ids, first) = Self.runs(spells)
    }

    var count: Int { ids.count }
    subscript(person: Int) -> ArraySlice<BenefitSpell> { spells[first[person]..<first[person + 1]] }

    /// The persons' ids and where each one's spells begin, in spells grouped by person.
    private static func runs(_ spells: [BenefitSpell]) -> (ids: [String], first: [Int]) {
        var ids = [String](), first = [Int]()
        for (i, s) in spells.enumerated() where ids.last != s.personID {
            ids.append(s.personID)
            first.append(i)
        }
        first.append(spells.count)
        return (ids, first)
    }

    /// For each person, whether `ids` names it.
    func marking(_ ids: some Sequence<String>) -> [Bool] {
        var marked = [Bool](repeating: false, count: count)
        for id in ids {
            // The first person whose id is not below `id` (the ids are in order).
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if self.ids[mid] < id { lo = mid + 1 } else { hi = mid }
            }
            if lo < count && self.ids[lo] == id { marked[lo] = true }
        }
        return marked
    }

    /// The persons (by position) whose rows do not all give a carried covariate the same value,
    /// with which covariates differ; `spells` as read (before merging), grouped by person.
    static func differingCovariates(_ spells: [BenefitSpell], count: Int) -> [Int: [Bool]] {
        var out = [Int: [Bool]]()
        let (_, first) = runs(spells)
        for p in 0..<(first.count - 1) {
            let rows = spells[first[p]..<first[p + 1]]
            let d = (0..<count).map { k in rows.contains { $0.covariates[k] != rows.first!.covariates[k] } }
            if d.contains(true) { out[p] = d }
        }
        return out
    }
}

/// Who is in the cohort, with their cohort spell, in the cohort file's order (inflow date,
/// then id), and where the trajectories of every person in the data fall: the cheap pass over
/// all persons before the cohort persons are built.
struct CohortSelection {
    /// A cohort person, with where their spells and trajectories lie (so that building them
    /// in the file's order, by inflow, looks nothing else up).
    struct Member: Sendable {
        let inflowDay: Int32
        let person: Int32
        /// The person's spells from the cohort spell on, and the earlier ones before it.
        let spells: Range<Int>
        let earlierSpells: Int32
        let trajectories: Range<Int>
    }

    private(set) var cohort = [Member]()
    private(set) var outside = TrajectoriesOutsideSpells()
    private(set) var ofExcluded = 0
    private(set) var ofPersonsOutsideCohort = 0

    /// A person is in the cohort when a spell starts in `window`, unless `excluded`.
    init(persons: PersonSpells, trajectories t: TrajectoriesReader.Result, excluded: [Bool], window: (start: CivilDate, end: CivilDate)) {
        let from = Int32(window.start.dayNumber), to = Int32(window.end.dayNumber)
        for p in 0..<persons.count {
            let own = t.trajectories[t.firstOfPerson[p]..<t.firstOfPerson[p + 1]]
            if excluded[p] { ofExcluded += own.count; continue }
            let spells = persons[p]
            for r in own where !spells.contains(where: { $0.contains(day: r.startDay) }) { outside.add(r, spells: spells) }
            guard let k = spells.firstIndex(where: { $0.startDay >= from && $0.startDay <= to }) else {
                ofPersonsOutsideCohort += own.count
                continue
            }
            cohort.append(Member(inflowDay: spells[k].startDay, person: Int32(p), spells: k..<spells.endIndex,
                                 earlierSpells: Int32(k - spells.startIndex), trajectories: own.indices))
        }
        // Persons are in id order, so this is by inflow date, then id.
        cohort.sort { ($0.inflowDay, $0.person) < ($1.inflowDay, $1.person) }
    }
}

/// Builds a cohort person from their spells and trajectories.
struct CohortBuilder: Sendable {
    let persons: PersonSpells
    /// The trajectories kept (`TrajectoriesReader.Result.trajectories`).
    let trajectories: [TrajectoryRecord]
    let extractionDate: CivilDate
    let covariateNames: [String]
    /// `PersonSpells.differingCovariates` of the rows as read.
    let differing: [Int: [Bool]]

    /// What the cohort persons' trajectories and spells add to the linkage report.
    struct Counts: Sendable {
        var reentrants = 0, censored = 0, linked = 0, beforeInflow = 0, outsideAfterInflow = 0
        /// Per carried covariate.
        var missingAtInflow: [Int], differingBetweenRows: [Int]

        init(covariates: Int) {
            missingAtInflow = Array(repeating: 0, count: covariates)
            differingBetweenRows = missingAtInflow
        }

        mutating func add(_ other: Counts) {
            reentrants += other.reentrants
            censored += other.censored
            linked += other.linked
            beforeInflow += other.beforeInflow
            outsideAfterInflow += other.outsideAfterInflow
            for c in missingAtInflow.indices {
                missingAtInflow[c] += other.missingAtInflow[c]
                differingBetweenRows[c] += other.differingBetweenRows[c]
            }
        }
    }

    /// The cohort persons of `members`, in their order, built on both cores half a progress
    /// interval each at a time; `progress` hears how many are built before each step.
    func persons(_ members: [CohortSelection.Member], progress: (Int) -> Void) -> (persons: [CohortPerson], counts: Counts) {
        var counts = Counts(covariates: covariateNames.count)
        var cohort = [CohortPerson]()
        cohort.reserveCapacity(members.count)
        let half = ReadProgress.interval / 2
        for done in stride(from: 0, to: members.count, by: 2 * half) {
            progress(done)
            let parts = ParallelMap.run(2) { k in
                var partCounts = Counts(covariates: covariateNames.count)
                let built = members[min(done + k * half, members.count)..<min(done + (k + 1) * half, members.count)].map {
                    person($0, counts: &partCounts)
                }
                return (built, partCounts)
            }
            for (built, partCounts) in parts {
                cohort.append(contentsOf: built)
                counts.add(partCounts)
            }
        }
        return (cohort, counts)
    }

    /// Spells and trajectories are read in place, by index: a slice or a copy of a trajectory
    /// retains what it holds, and both cores retaining the same array (or the one provider text of
    /// a million rows) fought over its reference count.
    func person(_ member: CohortSelection.Member, counts: inout Counts) -> CohortPerson {
        let spell = persons.spells[member.spells.lowerBound], k = Int(member.earlierSpells), p = Int(member.person)
        let inflow = spell.start
        let followup = inflow.wholeMonths(to: extractionDate)
        let onBenefit = Self.benefitHistory(inflow: inflow, followup: followup, spells: persons.spells, member.spells)
        // Each instrument's first trajectory; on the same day, the first provider by name (row order never matters).
        var firstOf = [Int]()
        for j in member.trajectories {
            let day = trajectories[j].startDay
            if day < spell.startDay { counts.beforeInflow += 1; continue }
            // In a spell: one from the cohort spell on, as it starts on or after inflow.
            guard member.spells.contains(where: { persons.spells[$0].contains(day: day) }) else { counts.outsideAfterInflow += 1; continue }
            counts.linked += 1
            if let i = firstOf.firstIndex(where: { trajectories[$0].instrument == trajectories[j].instrument }) {
                if (day, trajectories[j].provider ?? "") < (trajectories[firstOf[i]].startDay, trajectories[firstOf[i]].provider ?? "") { firstOf[i] = j }
            } else {
                firstOf.append(j)
            }
        }
        var starts = [Instrument: Int](minimumCapacity: firstOf.count), providers = [Instrument: String]()
        for j in firstOf {
            starts[trajectories[j].instrument] = inflow.wholeMonths(to: trajectories[j].start)
            if let name = trajectories[j].provider { providers[trajectories[j].instrument] = name }
        }
        let firstDays = firstOf.lazy.map { Int(trajectories[$0].startDay) - Int(spell.startDay) }.min()
        let age = spell.birthDate.map { $0.wholeYears(to: inflow) } ?? spell.ageAtStart!
        for c in covariateNames.indices {
            if spell.covariates[c] == nil { counts.missingAtInflow[c] += 1 }
            if differing[p]?[c] == true { counts.differingBetweenRows[c] += 1 }
        }
        if k > 0 { counts.reentrants += 1 }
        if spell.endDay == BenefitSpell.noDay { counts.censored += 1 }
        return CohortPerson(
            inflowDate: inflow, age: age, sex: spell.sex, educationLevel: spell.education, household: spell.household,
            monthsWorked24m: spell.monthsWorked24m, earlierSpells: k, followupMonths: followup,
            firstExitDays: spell.endDay == BenefitSpell.noDay ? nil : Int(spell.endDay) - Int(spell.startDay), endReason: spell.endReason,
            onBenefit: onBenefit, instrumentStarts: starts, firstTrajectoryDays: firstDays, providers: providers,
            covariates: zip(covariateNames, spell.covariates).map { NamedCovariate(name: $0, value: $1) })
    }

    /// On benefit at each anniversary inflow + m months, m = 0…`followup`: whether one of `spells[range]`
    /// (the cohort spell and those after it, sorted and disjoint) contains it. Each spell's
    /// anniversaries are found by month arithmetic and set at once, rather than by walking every
    /// month of ten years' follow-up for each of a million persons.
    static func benefitHistory(inflow: CivilDate, followup: Int, spells: [BenefitSpell], _ range: Range<Int>) -> [Bool] {
        var flags = [Bool](repeating: false, count: followup + 1)
        for i in range {
            let s = spells[i]
            // The first anniversary on or after the start; the last on or before the end.
            let start = s.start
            var first = inflow.wholeMonths(to: start)
            if inflow.addingMonths(first) < start { first += 1 }
            if first > followup { break }
            let last = min(s.end.map { inflow.wholeMonths(to: $0) } ?? followup, followup)
            if first <= last { for m in max(first, 0)...last { flags[m] = true } }
        }
        return flags
    }
}
