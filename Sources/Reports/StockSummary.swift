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
            for (table, groups) in [("age_groups", s.ageGroups), ("duration_classes", s.durationClasses)] {
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
        let categories: String
        enum CodingKeys: String, CodingKey {
            case date, persons, categories
            case notObserved = "not_observed", ageGroups = "age_groups", durationClasses = "duration_classes"
        }
    }

    static let categoriesNote = "distance-to-work categories (1A-3B) are an assessment the benefits export does not hold"

    public func json() throws -> String {
        func table(_ g: [StockDescription.Group]) -> [String: Share] { Dictionary(uniqueKeysWithValues: g.map { ($0.label, stock.share($0)) }) }
        return try disclosed.json(JSONForm(date: "\(stock.date)", persons: stock.persons, notObserved: stock.notObserved,
                                           ageGroups: table(stock.ageGroups), durationClasses: table(stock.durationClasses),
                                           categories: Self.categoriesNote))
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
        for (title, table, groups) in [("By age on the date (000 §3)", "age_groups", stock.ageGroups),
                                       ("By duration of the current benefit (000 §3)", "duration_classes", stock.durationClasses)] {
            s += "\n\(title)\n"
            for (label, count, share) in rows(table, groups) { s += "  \(F.left(label, 16)) \(F.right(count, 7))  \(F.right(share, 6))\n" }
        }
        return s + "\nNot described: \(Self.categoriesNote).\n"
    }

    public func markdown() -> String {
        var s = "# Client stock on \(stock.date)\n\n\(disclosed.count("persons")) persons on benefit.\n"
        for (title, table, groups) in [("Age on the date", "age_groups", stock.ageGroups), ("Duration of the current benefit", "duration_classes", stock.durationClasses)] {
            s += "\n| \(title) | persons | share |\n|---|---:|---:|\n"
            for (label, count, share) in rows(table, groups) { s += "| \(label) | \(count) | \(share) |\n" }
        }
        return s + "\nNot described: \(Self.categoriesNote).\n"
    }
}
