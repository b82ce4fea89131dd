/// A snapshot of the client stock (bestand) on one date, as 000 §3 (Bestandsanalyse) describes
/// Leidschendam-Voorburg's on 27 August 2018: the persons on benefit that day by age group
/// (18–26, 27–39, 40–49, 50–59, 60+) and by how long their current benefit has run (less than
/// two years, two to four, four or more).
///
/// From a linked cohort, a person is in the stock when the date lies within their follow-up and
/// they are on benefit in that elapsed month. Age on the date is the age at inflow plus the whole
/// years since inflow (the cohort keeps no birth date, so it can be a year low near a birthday).
/// Duration counts whole months since the current run of benefit began (a re-entry starts a new
/// run). The distance-to-work categories (1A–3B) are an assessment the benefits export does not
/// hold as such; a municipality that exports them as a column links it as a covariate
/// (`reval link --covariates`) and names it here (`category`): the stock is then also counted
/// by that column's value as recorded at inflow (the cohort keeps no later assessment), a
/// missing value as "unknown". Owns no output: `StockSummary` renders it under disclosure control.
public struct StockDescription: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public let label: String
        public let count: Int
    }

    public let date: CivilDate
    public let persons: Int
    public let ageGroups: [Group]
    public let durationClasses: [Group]
    /// Cohort members whose follow-up ends before the date: unknown whether in the stock, left out.
    public let notObserved: Int
    /// The stock by the values of one covariate column of the cohort.
    public struct Categories: Sendable, Equatable {
        public let covariate: String
        public let groups: [Group]
    }
    /// The stock by a category column of the cohort (a linked covariate), when one was named.
    public let categories: Categories?

    /// Lower age bounds of the groups after the first, as 000 §3 prints them.
    public static let ageBounds = [27, 40, 50, 60]
    /// Duration bounds in months: under two years, two to four years, four years or more (000 §3).
    public static let durationBoundsMonths = [24, 48]

    public static func ageLabel(_ age: Int) -> String {
        switch age {
        case ..<27: return "18-26"
        case 27..<40: return "27-39"
        case 40..<50: return "40-49"
        case 50..<60: return "50-59"
        default: return "60+"
        }
    }

    public static func durationLabel(months: Int) -> String {
        switch months {
        case ..<24: return "under 2 years"
        case 24..<48: return "2 to 4 years"
        default: return "4 years or more"
        }
    }

    static let ageOrder = ["18-26", "27-39", "40-49", "50-59", "60+"]
    static let durationOrder = ["under 2 years", "2 to 4 years", "4 years or more"]

    /// The label of a person without a value in the category column.
    public static let unknownCategory = "unknown"

    /// The stock of a linked cohort on `date`; with `category`, also by that covariate column of the
    /// cohort (its name after `covariate_`; `Evaluation.describeStock` checks that the cohort has it).
    public init(persons all: [CohortPerson], on date: CivilDate, category: String? = nil) {
        var ages = [String: Int](), durations = [String: Int](), byCategory = [String: Int](), inStock = 0, unobserved = 0
        for p in all where p.inflowDate <= date {
            let m = p.inflowDate.wholeMonths(to: date)
            guard m <= p.followupMonths, m < p.onBenefit.count else { unobserved += 1; continue }
            guard p.onBenefit[m] else { continue }
            var start = m
            while start > 0 && p.onBenefit[start - 1] { start -= 1 }
            inStock += 1
            ages[Self.ageLabel(p.age + m / 12), default: 0] += 1
            durations[Self.durationLabel(months: m - start), default: 0] += 1
            if let category { byCategory[p.covariates.first { $0.name == category }?.value ?? Self.unknownCategory, default: 0] += 1 }
        }
        // Values in order, "unknown" last.
        let categories = category.map { name in
            let labels = byCategory.keys.filter { $0 != Self.unknownCategory }.sorted() + (byCategory[Self.unknownCategory] == nil ? [] : [Self.unknownCategory])
            return Categories(covariate: name, groups: labels.map { Group(label: $0, count: byCategory[$0]!) })
        }
        self.init(date: date, ageCounts: ages, durationCounts: durations, notObserved: unobserved, persons: inStock, categories: categories)
    }

    /// A stock given by its counts, e.g. as a publication prints them.
    public init(date: CivilDate, ageCounts: [String: Int], durationCounts: [String: Int], notObserved: Int = 0, persons: Int? = nil,
                categories: Categories? = nil) {
        self.date = date
        ageGroups = Self.ageOrder.map { Group(label: $0, count: ageCounts[$0] ?? 0) }
        durationClasses = Self.durationOrder.map { Group(label: $0, count: durationCounts[$0] ?? 0) }
        self.persons = persons ?? ageGroups.reduce(0) { $0 + $1.count }
        self.notObserved = notObserved
        self.categories = categories
    }

    public func share(_ g: Group) -> Share { Share(g.count, of: persons) }
}
