import Foundation
import TableKit

/// What `reval verify` prints: every published figure against reval's recomputation.
public struct VerificationReport: Codable, Sendable {
    public let figures: [FigureCheck]
    public let matched: Int
    public let sourceInconsistent: Int
    public let mismatched: Int
    public let documents: [String]

    enum CodingKeys: String, CodingKey {
        case figures, matched, mismatched, documents
        case sourceInconsistent = "source_inconsistent"
    }

    public init(figures: [FigureCheck]) {
        self.figures = figures
        matched = figures.filter { $0.status == .match }.count
        sourceInconsistent = figures.filter { $0.status == .sourceInconsistent }.count
        mismatched = figures.filter { $0.status == .mismatch }.count
        documents = Array(Set(figures.map { String($0.source.prefix { $0 != " " }) })).sorted()
    }

    public var passed: Bool { mismatched == 0 }

    /// The checks of the figures of some documents ("004"), e.g. for the notebook that reproduces one publication.
    public func only(documents: Set<String>) -> VerificationReport {
        VerificationReport(figures: figures.filter { documents.contains(String($0.source.prefix { $0 != " " })) })
    }

    /// One line per figure for a notebook: where it is printed, as printed, as recomputed, the status.
    public func notebookLines() -> [String] {
        figures.map { f in
            let flag = f.status == .mismatch ? "  <- MISMATCH" : f.status == .sourceInconsistent ? "  (source inconsistent: \(f.finding ?? "?"))" : ""
            return "  \(f.id) [\(f.source)]: published \(f.published), reval \(Self.number(f.computed))\(flag)"
        } + ["  \(summaryLine)"]
    }

    private var summaryLine: String {
        "\(figures.count) published figures from \(documents.count) documents: \(matched) match, \(sourceInconsistent) source inconsistent, \(mismatched) mismatch"
    }

    /// A relative difference in percent: "0%" for an exact match, "–" against a published 0.
    static func relative(_ r: Double?) -> String {
        guard let r else { return "–" }
        if r == 0 { return "0%" }
        return (r > 0 ? "+" : "") + NumberFormatting.significant(100 * r, 2) + "%"
    }

    private static func number(_ x: Double) -> String {
        abs(x) >= 1000 || x == x.rounded() ? NumberFormatting.fixed(x, x == x.rounded() ? 0 : 2) : NumberFormatting.significant(x, 6)
    }

    public func text() -> String {
        typealias F = NumberFormatting
        let header = ["id", "published", "computed", "difference", "relative", "tolerance", "status"]
        let rows = figures.map { f in
            [f.id, f.published, Self.number(f.computed), F.significant(f.difference, 3), Self.relative(f.relativeDifference),
             "±" + Self.number(f.precision / 2), f.status.rawValue + (f.finding.map { f.status == .match ? "" : " (audit: \($0))" } ?? "")]
        }
        return TextTable(header: header, rows: rows, leftAligned: [0, 6]).text() + "\n" + summaryLine + "\n"
    }

    public func markdown() -> String {
        var out = "| id | source | quantity | published | computed | relative difference | tolerance | status |\n|---|---|---|---:|---:|---:|---:|---|\n"
        for f in figures {
            out += "| \(f.id) | \(f.source) | \(f.quantity) | \(f.published) | \(Self.number(f.computed)) | \(Self.relative(f.relativeDifference)) | ±\(Self.number(f.precision / 2)) | \(f.status.rawValue)\(f.status == .match ? "" : f.finding.map { " ([\($0)](AUDIT.md))" } ?? "") |\n"
        }
        return out + "\n" + summaryLine + "\n"
    }
}

/// What `reval audit` prints: consistency findings for published tables and for numbers quoted in running text.
/// Each finding gives where both sides are printed, both numbers, the gap and whether rounding can explain it.
public struct AuditReport: Codable, Sendable {
    public let results: [AuditResult]
    public let findings: Int
    public let checked: Int
    /// Findings whose gap lies within the rounding the source itself states ('ongeveer', 'circa', rounded terms).
    public let explainedByRounding: Int

    enum CodingKeys: String, CodingKey {
        case results, findings, checked
        case explainedByRounding = "explained_by_rounding"
    }

    public init(results: [AuditResult]) {
        self.results = results
        findings = results.filter { $0.status == .finding }.count
        checked = results.count
        explainedByRounding = results.filter { $0.status == .finding && $0.explainedByRounding == true }.count
    }

    private static func euro(_ x: Double?) -> String {
        guard let x else { return "" }
        return x == x.rounded() ? NumberFormatting.fixed(x, 0) : NumberFormatting.significant(x, 7)
    }

    private static func places(_ l: [String]) -> String { l.isEmpty ? "a constant of the relation" : l.joined(separator: "; ") }

    private static func verdict(_ r: AuditResult) -> String {
        guard r.status == .finding else { return "consistent" }
        if r.explainedByRounding == true { return "rounding can explain it (gap within ±\(euro(r.roundingBound)))" }
        if r.printed == nil { return "not a rounding matter" }
        return "rounding cannot explain it (at most ±\(euro(r.roundingBound)))"
    }

    private var summaryLine: String {
        "\(checked) relations checked, \(findings) findings (\(explainedByRounding) of them explained by rounding)"
    }

    public func text(showConsistent: Bool) -> String {
        var out = ""
        for r in results where showConsistent || r.status == .finding {
            out += "\(r.status == .finding ? "FINDING" : "ok     ") \(r.id) [\(r.source)]\n"
            out += "        \(r.description)\n"
            if let p = r.printed, let e = r.expected {
                out += "        printed \(Self.euro(p)) at \(Self.places(r.printedLocations))\n"
                out += "        expected \(Self.euro(e)) from \(Self.places(r.expectedLocations))\n"
                out += "        gap \(Self.euro(r.difference)), tolerance \(Self.euro(r.tolerance)); \(Self.verdict(r))\n"
            } else {
                out += "        \(Self.places(r.printedLocations)) against \(Self.places(r.expectedLocations)); \(Self.verdict(r))\n"
            }
            out += "        cells: \(r.cells.joined(separator: "; "))\n"
        }
        return out + summaryLine + "\n"
    }

    public func markdown() -> String {
        var out = "# Audit of published tables and text\n\n"
        out += "Generated by `reval audit` (regenerate with `scripts/audit-published`). Each relation is checked within the rounding "
        out += "the source states: half a unit of the last printed digit per number involved (a table's stated rounding, e.g. CBS "
        out += "tens), unless the relation names a tolerance. Relations cover tables, numbers quoted in the running text, totals "
        out += "against their parts, the same quantity printed in two places (summary, body, tables, other documents) and averages "
        out += "against the range of their subgroups. A finding is a result about the source document, not a failure of reval; "
        out += "it says whether rounding can explain the gap (the tolerance plus half the unit the source's wording rounds to, "
        out += "e.g. 'ongeveer 130' → ±5).\n\n"
        out += "\(summaryLine).\n\n## Findings\n\n"
        out += "| id | printed | at | expected | from | gap | rounding explains it? |\n|---|---:|---|---:|---|---:|---|\n"
        for r in results where r.status == .finding {
            out += "| [\(r.id)](#\(r.id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" })) | \(Self.euro(r.printed)) | \(Self.places(r.printedLocations)) | "
            out += "\(Self.euro(r.expected)) | \(Self.places(r.expectedLocations)) | \(Self.euro(r.difference)) | "
            out += "\(r.printed == nil ? "– (not a number)" : r.explainedByRounding == true ? "yes" : "no") |\n"
        }
        out += "\n"
        for r in results where r.status == .finding {
            out += "### \(r.id)\n\n- source: \(r.source) (table `\(r.table)`)\n- \(r.description)\n- relation: `\(r.relation)`\n"
            if let p = r.printed, let e = r.expected {
                out += "- printed \(Self.euro(p)) at \(Self.places(r.printedLocations))\n"
                out += "- expected \(Self.euro(e)) from \(Self.places(r.expectedLocations))\n"
                out += "- gap \(Self.euro(r.difference)), tolerance \(Self.euro(r.tolerance)): \(Self.verdict(r))\n"
            } else {
                out += "- \(Self.places(r.printedLocations)) against \(Self.places(r.expectedLocations)): \(Self.verdict(r))\n"
            }
            out += "- cells: \(r.cells.map { "`\($0)`" }.joined(separator: ", "))\n\n"
        }
        out += "## Consistent relations\n\n| id | source | description |\n|---|---|---|\n"
        for r in results where r.status == .consistent {
            out += "| \(r.id) | \(r.source) | \(r.description) |\n"
        }
        return out
    }
}
