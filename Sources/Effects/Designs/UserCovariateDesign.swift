import Cohort
import TableKit

/// The covariates a user named (`reval estimate --covariates`, `covariates = [...]` in the
/// config) as columns of the propensity model, each encoded from the cohort's content alone:
///
/// - a numeric column (`UserCovariates.numbers`) enters as the number; when values are missing,
///   they take the median of the others and an indicator `<name>_missing` joins the model (so
///   the value filled in does not matter to the score);
/// - a categorical column enters as one dummy per level against a reference level, the most
///   frequent one (ties: the first in text order), never the first row's. A missing value is a
///   level of its own, `(missing)`. Levels held by fewer than `minimumLevel` persons are pooled
///   as `(other)`, and `(other)` with the reference when it is still that small, so that no
///   dummy rests on a handful of persons.
struct UserCovariateDesign: Sendable {
    enum Encoding: Equatable {
        case numeric(median: Double, missingIndicator: Bool)
        /// `levels`: each non-reference level with its column; `pooled`: the texts that go to another level.
        case categorical(reference: String, levels: [String], pooled: [String?: String])
    }

    static let missingLevel = "(missing)", otherLevel = "(other)"
    /// More dummies than this from one column would make the model slow and unstable: group the values in the export.
    static let maximumLevels = 100

    let covariates: [(name: String, encoding: Encoding)]

    /// The encodings of `names` on `persons`; an unknown name is an error listing the ones the cohort carries.
    init(persons: [CohortPerson], names: [String], minimumLevel: Int) throws {
        let carried = persons.first?.covariates.map(\.name) ?? []
        var seen = Set<String>()
        covariates = try names.map { asked in
            let name = UserCovariates.name(asked)
            guard seen.insert(name).inserted else { throw InputError(file: "--covariates", value: asked, message: "covariate named twice") }
            guard carried.contains(name) else {
                throw InputError(file: "--covariates", value: asked, message: carried.isEmpty
                    ? "unknown covariate: the cohort file carries no covariates of the user's (carry export columns with reval link --covariates)"
                    : "unknown covariate; the cohort file carries: \(carried.joined(separator: ", "))")
            }
            let values = persons.map { p in p.covariates.first { $0.name == name }?.value }
            if let numbers = UserCovariates.numbers(values) {
                let present = numbers.compactMap { $0 }.sorted()
                let median = present.isEmpty ? 0 : (present[(present.count - 1) / 2] + present[present.count / 2]) / 2
                return (name, .numeric(median: median, missingIndicator: present.count < numbers.count))
            }
            return (name, try Self.categorical(name, values, minimumLevel: minimumLevel))
        }
    }

    private static func categorical(_ name: String, _ values: [String?], minimumLevel: Int) throws -> Encoding {
        var counts = [String: Int]()
        for v in values { counts[v ?? missingLevel, default: 0] += 1 }
        func byFrequency(_ a: (key: String, value: Int), _ b: (key: String, value: Int)) -> Bool { (b.value, a.key) < (a.value, b.key) }
        let reference = (counts.contains { $0.value >= minimumLevel } ? counts.filter { $0.value >= minimumLevel } : counts).sorted(by: byFrequency)[0].key
        let rare = counts.filter { $0.value < minimumLevel && $0.key != reference }
        var kept = counts.filter { $0.value >= minimumLevel || $0.key == reference }
        var pooled = [String?: String]()
        if !rare.isEmpty {
            let total = rare.values.reduce(0, +)
            let other = total >= minimumLevel ? otherLevel : reference
            for level in rare.keys { pooled[level == missingLevel ? nil : level] = other }
            if other == otherLevel { kept[otherLevel] = total }
        }
        let levels = kept.keys.filter { $0 != reference }.sorted()
        guard levels.count <= maximumLevels else {
            throw InputError(file: "--covariates", value: name, message: "covariate has \(levels.count + 1) levels of at least \(minimumLevel) persons; at most \(maximumLevels + 1) are supported (group its values in the export)")
        }
        return .categorical(reference: reference, levels: levels, pooled: pooled)
    }

    /// The model's column names: `<name>` and `<name>_missing` for a number, `<name>=<level>` for a level.
    var names: [String] {
        covariates.flatMap { c -> [String] in
            switch c.encoding {
            case .numeric(_, let indicator): return [c.name] + (indicator ? [c.name + "_missing"] : [])
            case .categorical(_, let levels, _): return levels.map { c.name + "=" + $0 }
            }
        }
    }

    /// The categorical covariates as factors, each against its reference level `<name>=<reference>`.
    var factors: [DesignFactor] {
        covariates.compactMap { c in
            guard case .categorical(let reference, let levels, _) = c.encoding else { return nil }
            return DesignFactor(reference: c.name + "=" + reference, levels: levels.map { c.name + "=" + $0 })
        }
    }

    /// A person's values of the columns `names` lists.
    func values(_ p: CohortPerson) -> [Double] {
        covariates.flatMap { c -> [Double] in
            let raw = p.covariates.first { $0.name == c.name }?.value
            switch c.encoding {
            case .numeric(let median, let indicator):
                let x = raw.flatMap { UserCovariates.numbers([$0]).flatMap { $0[0] } }
                return [x ?? median] + (indicator ? [x == nil ? 1 : 0] : [])
            case .categorical(_, let levels, let pooled):
                let level = pooled[raw] ?? raw ?? Self.missingLevel
                return levels.map { level == $0 ? 1 : 0 }
            }
        }
    }

    /// The categorical covariates only: the now-vs-never hazard collapses persons into cells of
    /// categorical covariates (`TreatmentHazard`), which numbers would not.
    var categoricalOnly: UserCovariateDesign {
        UserCovariateDesign(covariates: covariates.filter { if case .categorical = $0.encoding { return true }; return false })
    }

    private init(covariates: [(name: String, encoding: Encoding)]) { self.covariates = covariates }

    /// One line per covariate for the outputs: what it is and how it entered the model.
    var descriptions: [String] {
        covariates.map { c in
            switch c.encoding {
            case .numeric(_, let indicator):
                return "\(c.name) (number\(indicator ? "; missing values as the median with an indicator" : ""))"
            case .categorical(let reference, let levels, let pooled):
                return "\(c.name) (categorical: \(levels.count + 1) levels, reference '\(reference)'\(pooled.isEmpty ? "" : "; rare levels pooled"))"
            }
        }
    }
}
