import StatKit
/// A share with its numerator and denominator (every share reval reports shows both), from 0
/// to 1; its JSON says so with `"unit": "share"`, as an effect names its unit.
public struct Share: Codable, Sendable, Equatable {
    public let numerator: Int
    public let denominator: Int
    public var share: Double? { denominator > 0 ? Double(numerator) / Double(denominator) : nil }
    /// The unit of `share`.
    public static let unit = EffectUnit.share

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    enum CodingKeys: String, CodingKey { case numerator, denominator, share, unit }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(numerator, forKey: .numerator)
        try c.encode(denominator, forKey: .denominator)
        try c.encode(share, forKey: .share)
        try c.encode(Self.unit, forKey: .unit)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Int.self, forKey: .numerator), of: try c.decode(Int.self, forKey: .denominator))
    }
}

/// The outflow flow of 004 figure 2.4: how many of an inflow leave benefit within 7 weeks
/// and within a year, on their own or after a trajectory.
public struct OutflowFlow: Codable, Sendable, Equatable {
    /// Persons with at least a year of follow-up (the base of every share).
    public let persons: Int
    /// Persons left out because their inflow is less than a year before the extraction date.
    public let excludedShortFollowup: Int
    public let outWithin7Weeks: Share
    public let outWithinYear: Share
    /// Left within a year without any trajectory started before leaving (004: 42 %).
    public let spontaneousWithinYear: Share
    /// … of which within 7 weeks (004: 12 %).
    public let spontaneousWithin7Weeks: Share
    /// … of which after 7 weeks (004: 30 %).
    public let spontaneousAfter7Weeks: Share
    public let afterTrajectoryWithinYear: Share
    public let stillOnBenefitAfterYear: Share
    /// Mean weeks to leaving for the spontaneous leavers after week 7 (004: 24.7).
    public let meanWeeksSpontaneousAfter7Weeks: Double?

    enum CodingKeys: String, CodingKey {
        case persons
        case excludedShortFollowup = "excluded_short_followup"
        case outWithin7Weeks = "out_within_7_weeks", outWithinYear = "out_within_year"
        case spontaneousWithinYear = "spontaneous_within_year", spontaneousWithin7Weeks = "spontaneous_within_7_weeks"
        case spontaneousAfter7Weeks = "spontaneous_after_7_weeks", afterTrajectoryWithinYear = "after_trajectory_within_year"
        case stillOnBenefitAfterYear = "still_on_benefit_after_year"
        case meanWeeksSpontaneousAfter7Weeks = "mean_weeks_spontaneous_after_7_weeks"
    }
}

/// Use of schooling and matching within one group of trajectory participants (004 figs 3.2–3.5).
public struct GroupInstrumentUse: Codable, Sendable, Equatable {
    public let group: String
    public let schooling: Share
    public let matching: Share
}

/// Instrument use among the trajectory participants of one group (`reval describe --by`):
/// every instrument that occurs in the cohort, and only those. By provider, the participants
/// are those with any trajectory of the provider, and an instrument counts those whose
/// trajectory of it the provider ran (a person may be in several providers' groups).
public struct GroupUse: Codable, Sendable, Equatable {
    public let group: String
    public let participants: Int
    public let instruments: [String: Share]
}

/// `reval describe`: the descriptive figures of 004 chapters 2 and 3 for a linked cohort.
public struct CohortDescription: Codable, Sendable, Equatable {
    public let persons: Int
    public let inflowFrom: String?
    public let inflowTo: String?
    public let outflow: OutflowFlow
    /// Share of trajectory participants receiving each instrument (004 table 3.1).
    public let instrumentShares: [String: Share]
    public let participants: Int
    public let useByEducationLevel: [GroupInstrumentUse]
    public let useByWorkHistory: [GroupInstrumentUse]
    /// Share of each inflow year's persons who started a trajectory (004: 20 % in 2011, 29 % in 2012).
    public let trajectoryRateByInflowYear: [String: Share]
    /// Persons whose cohort spell ended, by end reason ("not_registered" when the export has none).
    public let endReasons: [String: Int]
    /// The same for the participants of each instrument.
    public let endReasonsByInstrument: [String: [String: Int]]
    /// The participants of each instrument by the provider of their (first) trajectory of it
    /// ("unknown" where the export names none).
    public let providersByInstrument: [String: [String: Int]]
    /// Instrument use by group, for each dimension asked for (`--by`).
    public let useBy: [String: [GroupUse]]

    enum CodingKeys: String, CodingKey {
        case persons, outflow, participants
        case inflowFrom = "inflow_from", inflowTo = "inflow_to"
        case instrumentShares = "instrument_shares"
        case useByEducationLevel = "use_by_education_level", useByWorkHistory = "use_by_work_history"
        case trajectoryRateByInflowYear = "trajectory_rate_by_inflow_year"
        case endReasons = "end_reasons", endReasonsByInstrument = "end_reasons_by_instrument"
        case providersByInstrument = "providers_by_instrument", useBy = "use_by"
    }

    public static let sevenWeeks = 49
    public static let oneYear = 365

    /// - Parameters:
    ///   - inflowFrom, inflowTo: optional window on the inflow date (004 fig. 2.4 uses Oct 2011 – Dec 2012).
    ///   - by: dimensions to tabulate instrument use along.
    ///
    /// One pass over the persons counts everything, a chunk of them on each core (10⁶ persons:
    /// filtering copies per instrument and group cost seconds).
    public init(persons all: [CohortPerson], inflowFrom: CivilDate? = nil, inflowTo: CivilDate? = nil, by dimensions: [CohortDimension] = []) {
        let persons = inflowFrom == nil && inflowTo == nil ? all
            : all.filter { p in (inflowFrom.map { p.inflowDate >= $0 } ?? true) && (inflowTo.map { p.inflowDate <= $0 } ?? true) }
        self.persons = persons.count
        self.inflowFrom = inflowFrom?.description
        self.inflowTo = inflowTo?.description
        outflow = Self.flow(persons)

        // The counts are integers: counted over chunks of persons on both cores and added up,
        // they are what one pass over all of them counts.
        let chunks = 16
        let counted = ParallelMap.run(chunks) { c -> Tally in
            var tally = Tally(dimensions: dimensions)
            for p in persons[persons.count * c / chunks..<persons.count * (c + 1) / chunks] { tally.add(p) }
            return tally
        }.reduce(into: Tally(dimensions: dimensions)) { $0.merge($1) }
        participants = counted.everyone.participants
        let listed = Instrument.builtInThen(counted.everyone.received.keys)
        instrumentShares = Dictionary(uniqueKeysWithValues: listed.map { ($0.rawValue, counted.everyone.share($0)) })
        func use(_ groups: [String], _ of: (String) -> Use?) -> [GroupInstrumentUse] {
            groups.map { g in
                let u = of(g) ?? Use()
                return GroupInstrumentUse(group: g, schooling: u.share(.schooling), matching: u.share(.matching))
            }
        }
        useByEducationLevel = use(EducationLevel.allCases.map(\.rawValue)) { EducationLevel(rawValue: $0).flatMap { counted.byEducationLevel[$0] } }
        useByWorkHistory = use(["not_worked_24m", "worked_24m"]) { counted.byWorkHistory[$0] }
        trajectoryRateByInflowYear = Dictionary(uniqueKeysWithValues: counted.byYear.map { (String($0.key), Share($0.value.participants, of: $0.value.persons)) })
        endReasons = counted.reasons
        let occurring = listed.filter { counted.everyone.received[$0] != nil }
        endReasonsByInstrument = Dictionary(uniqueKeysWithValues: occurring.map { ($0.rawValue, counted.reasonsByInstrument[$0] ?? [:]) })
        providersByInstrument = Dictionary(uniqueKeysWithValues: occurring.map { ($0.rawValue, counted.providers[$0] ?? [:]) })
        useBy = Dictionary(uniqueKeysWithValues: dimensions.enumerated().map { k, dim in
            (dim.rawValue, counted.byDimension[k].keys.sorted().map { g in
                let u = counted.byDimension[k][g]!
                return GroupUse(group: g, participants: u.participants,
                                instruments: Dictionary(uniqueKeysWithValues: occurring.map { ($0.rawValue, u.share($0)) }))
            })
        })
    }

    /// Participants of a group and how many of them received each instrument.
    struct Use {
        var participants = 0
        var received = [Instrument: Int]()
        mutating func add(_ p: CohortPerson) {
            participants += 1
            for i in p.instrumentStarts.keys { received[i, default: 0] += 1 }
        }
        mutating func merge(_ other: Use) {
            participants += other.participants
            received.merge(other.received, uniquingKeysWith: +)
        }
        func share(_ i: Instrument) -> Share { Share(received[i] ?? 0, of: participants) }
    }

    /// Everything `init` counts person by person, for some of the persons.
    struct Tally {
        let dimensions: [CohortDimension]
        var everyone = Use()
        var byEducationLevel = [EducationLevel: Use](), byWorkHistory = [String: Use]()
        var byDimension: [[String: Use]]
        var byYear = [Int: (persons: Int, participants: Int)]()
        var reasons = [String: Int](), reasonsByInstrument = [Instrument: [String: Int]](), providers = [Instrument: [String: Int]]()

        init(dimensions: [CohortDimension]) {
            self.dimensions = dimensions
            byDimension = [[String: Use]](repeating: [:], count: dimensions.count)
        }

        mutating func add(_ p: CohortPerson) {
            let reason = p.firstExitDays == nil ? nil : p.endReason?.rawValue ?? "not_registered"
            if let reason { reasons[reason, default: 0] += 1 }
            let participant = !p.instrumentStarts.isEmpty
            byYear[p.inflowDate.year, default: (0, 0)].persons += 1
            guard participant else { return }
            byYear[p.inflowDate.year]!.participants += 1
            everyone.add(p)
            byEducationLevel[p.educationLevel, default: Use()].add(p)
            byWorkHistory[p.workHistory, default: Use()].add(p)
            for (k, d) in dimensions.enumerated() { Self.add(p, along: d, to: &byDimension[k]) }
            for i in p.instrumentStarts.keys { providers[i, default: [:]][CohortDimension.provider.cell(of: p, instrument: i), default: 0] += 1 }
            if let reason { for i in p.instrumentStarts.keys { reasonsByInstrument[i, default: [:]][reason, default: 0] += 1 } }
        }

        /// Adds a person to the group of each of their instruments along `d` (one group, except
        /// by provider), counting them once in each group and each instrument in its own group.
        private static func add(_ p: CohortPerson, along d: CohortDimension, to groups: inout [String: Use]) {
            var joined = [String]()
            for i in p.instrumentStarts.keys {
                let g = d.cell(of: p, instrument: i)
                groups[g, default: Use()].received[i, default: 0] += 1
                if !joined.contains(g) { joined.append(g); groups[g]!.participants += 1 }
            }
        }

        /// Adds the counts of `other` (other persons) to these.
        mutating func merge(_ other: Tally) {
            everyone.merge(other.everyone)
            func merge<K>(_ mine: inout [K: Use], _ theirs: [K: Use]) { for (k, u) in theirs { mine[k, default: Use()].merge(u) } }
            merge(&byEducationLevel, other.byEducationLevel)
            merge(&byWorkHistory, other.byWorkHistory)
            for k in byDimension.indices { merge(&byDimension[k], other.byDimension[k]) }
            for (year, n) in other.byYear {
                byYear[year, default: (0, 0)].persons += n.persons
                byYear[year]!.participants += n.participants
            }
            reasons.merge(other.reasons, uniquingKeysWith: +)
            for (i, r) in other.reasonsByInstrument { reasonsByInstrument[i, default: [:]].merge(r, uniquingKeysWith: +) }
            for (i, r) in other.providers { providers[i, default: [:]].merge(r, uniquingKeysWith: +) }
        }
    }

    static func flow(_ persons: [CohortPerson]) -> OutflowFlow {
        // 12 whole months of follow-up are at least 365 days.
        var n = 0, out7 = 0, outYear = 0, spont = 0, spont7 = 0, afterTraj = 0
        var weeks = [Double]()
        for p in persons where p.followupMonths >= 12 {
            n += 1
            guard let d = p.firstExitDays, d <= oneYear else { continue }
            outYear += 1
            if d <= sevenWeeks { out7 += 1 }
            let treatedBefore = p.firstTrajectoryDays.map { $0 < d } ?? false
            if treatedBefore { afterTraj += 1; continue }
            spont += 1
            if d <= sevenWeeks { spont7 += 1 } else { weeks.append(Double(d) / 7) }
        }
        return OutflowFlow(
            persons: n, excludedShortFollowup: persons.count - n,
            outWithin7Weeks: Share(out7, of: n), outWithinYear: Share(outYear, of: n),
            spontaneousWithinYear: Share(spont, of: n), spontaneousWithin7Weeks: Share(spont7, of: n),
            spontaneousAfter7Weeks: Share(spont - spont7, of: n), afterTrajectoryWithinYear: Share(afterTraj, of: n),
            stillOnBenefitAfterYear: Share(n - outYear, of: n),
            meanWeeksSpontaneousAfter7Weeks: weeks.isEmpty ? nil : weeks.reduce(0, +) / Double(weeks.count))
    }
}
