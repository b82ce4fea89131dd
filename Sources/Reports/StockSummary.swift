import Cohort
import Evaluation
import Foundation
import TableKit

/// Text, Markdown and JSON for `reval describe --stock`: the client stock on a date by age group and
/// benefit duration (000 §3), every count and share under disclosure control: the groups of each
/// table add up to the persons in the stock, so a suppressed group is not recoverable from the others.
public struct StockSummary {
    typealias F = NumberFormatting
    public let stock: StockDescription
    public let disclosed: Disclosed

    static func path(_ table: String, _ label: String) -> String { table + DisclosurePlan.member(label) }

    public init(_ s: StockDescription, control: DisclosureControl = DisclosureControl()) {
        stock = s
        disclosed = DisclosurePlan.disclose(control) { plan in
            plan.count("persons", s.persons)
            plan.count("not_observed", s.notObserved)
            for (table, groups) in s.tables {
                for g in groups { plan.share(Self.path(table, g.label), s.share(g), base: "persons") }
                plan.cells.relate(total: "persons", parts: groups.map { Self.path(table, $0.label) + ".numerator" })
            }
        }
    }

    struct JSONForm: Encodable {
        let date: String
        let persons: Int
        let notObserved: Int
        let ageGroups: [String: Share]
        let durationClasses: [String: Share]
        /// The covariate the stock is counted by, and the counts by its value (null without `--category`).
        let categoryCovariate: String?
        let categories: [String: Share]?
        let notes: [String]
        enum CodingKeys: String, CodingKey {
            case date, persons, categories, notes
            case notObserved = "not_observed", ageGroups = "age_groups", durationClasses = "duration_classes"
            case categoryCovariate = "category_covariate"
        }
    }

    static let categoriesNote = "distance-to-work categories (1A-3B) are an assessment the benefits export does not hold; a municipality that exports them links the column with `link --covariates` and names it with --category"

    /// The notes of the output: what is not described, or how the categories were read.
    var notes: [String] {
        stock.categories.map { ["categories: the value of covariate_\($0.covariate) as recorded at inflow (the cohort keeps no later assessment); no value counts as \(StockDescription.unknownCategory)"] }
            ?? ["not described: " + Self.categoriesNote]
    }

    public func json() throws -> String {
        func table(_ g: [StockDescription.Group]) -> [String: Share] { Dictionary(uniqueKeysWithValues: g.map { ($0.label, stock.share($0)) }) }
        return try disclosed.json(JSONForm(date: "\(stock.date)", persons: stock.persons, notObserved: stock.notObserved,
                                           ageGroups: table(stock.ageGroups), durationClasses: table(stock.durationClasses),
                                           categoryCovariate: stock.categories?.covariate, categories: stock.categories.map { table($0.groups) },
                                           notes: notes))
    }

    private func rows(_ table: String, _ groups: [StockDescription.Group]) -> [(String, String, String)] {
        groups.map { g in
            let p = Self.path(table, g.label)
            return (g.label, disclosed.count(p + ".numerator"), disclosed.share(p, stock.share(g)))
        }
    }

    public func text() -> String {
        var s = (disclosed.control.isInternal ? disclosed.control.internalStamp(dutch: false) + "\n\n" : "")
        s += "Client stock on \(stock.date): \(disclosed.count("persons")) persons on benefit"
        s += stock.notObserved > 0 ? " (\(disclosed.count("not_observed")) left out: follow-up ends before the date)\n" : "\n"
        for (title, table, groups) in titledTables(age: "By age on the date (000 §3)", duration: "By duration of the current benefit (000 §3)") {
            s += "\n\(title)\n"
            for (label, count, share) in rows(table, groups) { s += "  \(F.left(label, 16)) \(F.right(count, 7))  \(F.right(share, 6))\n" }
        }
        return s + "\n" + notes.map { $0.prefix(1).uppercased() + $0.dropFirst() + ".\n" }.joined()
    }

    /// The tables with their titles: age, duration and, with `--category`, the category column.
    private func titledTables(age: String, duration: String) -> [(String, String, [StockDescription.Group])] {
        [(age, "age_groups", stock.ageGroups), (duration, "duration_classes", stock.durationClasses)]
            + (stock.categories.map { [("By \($0.covariate) (as recorded at inflow)", "categories", $0.groups)] } ?? [])
    }

    public func markdown() -> String {
        var s = "# Client stock on \(stock.date)\n\n\(disclosed.count("persons")) persons on benefit.\n"
        for (title, table, groups) in titledTables(age: "Age on the date", duration: "Duration of the current benefit") {
            s += "\n| \(title) | persons | share |\n|---|---:|---:|\n"
            for (label, count, share) in rows(table, groups) { s += "| \(label) | \(count) | \(share) |\n" }
        }
        return s + "\n" + notes.map { $0.prefix(1).uppercased() + $0.dropFirst() + ".\n" }.joined()
    }
}

extension StockDescription {
    /// The tables of the stock by their JSON key: each adds up to the persons in the stock.
    var tables: [(String, [Group])] {
        [("age_groups", ageGroups), ("duration_classes", durationClasses)] + (categories.map { [("categories", $0.groups)] } ?? [])
    }
}
