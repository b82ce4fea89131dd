import Foundation
import TableKit

/// Where each cited section of a seed document begins and ends (`Data/published/sections.csv`):
/// a section is the text from its `start` words to the first following `end` words (or the end
/// of the document), after the whitespace of the plain-text extraction is collapsed to single spaces.
/// The start words are the heading as the document prints it, so an auditor can find the section too.
public struct SeedSections {
    public struct Entry: Sendable {
        public let document: String
        public let section: String
        public let title: String
        public let start: String
        public let end: String
        public let line: Int
    }

    public let seedsDirectory: String
    public let entries: [Entry]
    private let file: String
    private var texts = [String: String]()

    /// - Parameters: `path` is `sections.csv`; `seeds` the folder with the seed documents (`../shared/seeds`).
    public init(path: String, seeds: String) throws {
        file = path
        seedsDirectory = seeds
        let csv = try CSVReader(path: path)
        let idx = try requiredColumns(["document", "section", "title", "start", "end"], of: csv, path: path)
        var out = [Entry](), keys = Set<String>()
        try csv.forEachRecord { rec in
            if rec.isEmpty(idx[3]) { throw rec.error(column: idx[3], "a section needs the words it starts with") }
            if !keys.insert(rec[idx[0]] + "§" + rec[idx[1]]).inserted { throw rec.error(column: idx[1], "duplicate section") }
            out.append(Entry(document: rec[idx[0]], section: rec[idx[1]], title: rec[idx[2]], start: rec[idx[3]], end: rec[idx[4]], line: rec.line))
        }
        entries = out
    }

    /// Whitespace runs (line breaks of the extraction included) collapsed to one space.
    public static func normalised(_ s: String) -> String {
        var out = "", space = false
        out.reserveCapacity(s.count)
        for c in s {
            if c.isWhitespace { space = true; continue }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out.append(c)
        }
        return out
    }

    /// The normalised text of one section; errors name sections.csv's line and the words not found.
    public mutating func text(document: String, section: String) throws -> String {
        guard let e = entries.first(where: { $0.document == document && $0.section == section }) else {
            throw InputError(file: file, column: "section", value: "\(document) \(section)", message: "no such section")
        }
        if texts[document] == nil {
            let path = (seedsDirectory as NSString).appendingPathComponent(document)
            guard let data = FileManager.default.contents(atPath: path), let t = String(data: data, encoding: .utf8) else {
                throw InputError(file: path, message: "cannot read the seed document")
            }
            texts[document] = Self.normalised(t)
        }
        let t = texts[document]!
        guard let s = t.range(of: Self.normalised(e.start)) else {
            throw InputError(file: file, line: e.line, column: "start", value: e.start, message: "not found in \(document)")
        }
        if e.end.isEmpty { return String(t[s.lowerBound...]) }
        guard let end = t.range(of: Self.normalised(e.end), range: s.upperBound..<t.endIndex) else {
            throw InputError(file: file, line: e.line, column: "end", value: e.end, message: "not found after the start in \(document)")
        }
        return String(t[s.lowerBound..<end.lowerBound])
    }
}

/// A citation that does not lead to its number.
public struct CitationProblem: Sendable, Equatable, CustomStringConvertible {
    public let id: String
    public let citation: String
    public let problem: String
    public var description: String { "\(id) (\(citation)): \(problem)" }
}

/// Checks that every cited number can be found where it is cited: each figure's quote inside
/// its section, containing the figure as printed; each running-text row's quote likewise; and
/// each cell of an entered table somewhere in the table's section.
public enum CitationCheck {
    /// The digits of a printed number as they stand in the text: "- € 3.474.535" → "3.474.535", "42%" → "42".
    static func printedCore(_ text: String) -> String {
        var s = text.replacingOccurrences(of: "€", with: "").replacingOccurrences(of: "%", with: "")
            .replacingOccurrences(of: "*", with: "").filter { !$0.isWhitespace }
        while let c = s.first, c == "-" || c == "+" || c == "\u{2212}" { s.removeFirst() }
        if s.hasSuffix(",-") { s.removeLast(2) }
        return s
    }

    /// One quote against its section: found there, and containing the number unless the quote states it in words.
    static func check(id: String, citation: String, document: String, section: String, quote: String, number: String,
                      sections: inout SeedSections) -> CitationProblem? {
        let span: String
        do { span = try sections.text(document: document, section: section) } catch {
            return CitationProblem(id: id, citation: citation, problem: "\(error)")
        }
        let q = SeedSections.normalised(quote)
        if q.isEmpty { return CitationProblem(id: id, citation: citation, problem: "no quote to find") }
        if !span.contains(q) { return CitationProblem(id: id, citation: citation, problem: "quote '\(q)' is not in the section") }
        if q.contains(where: \.isNumber), !q.contains(printedCore(number)) {
            return CitationProblem(id: id, citation: citation, problem: "quote '\(q)' does not contain the printed '\(number)'")
        }
        return nil
    }

    public static func check(figure f: PublishedFigure, sections: inout SeedSections) -> CitationProblem? {
        check(id: f.id, citation: f.citation, document: f.document, section: f.section, quote: f.quote, number: f.published,
              sections: &sections)
    }

    /// Every figure, every running-text row and every table cell of `data`.
    public static func run(data: PublishedData, sections: inout SeedSections) -> [CitationProblem] {
        var problems = data.figures.compactMap { check(figure: $0, sections: &sections) }
        for t in data.tables.values.sorted(by: { $0.id < $1.id }) {
            if t.isRunningText {
                for row in t.rowLabels {
                    let c = t.rowCitations[row]!
                    if let p = check(id: "\(t.id):\(row)", citation: t.location(row: row), document: t.document, section: c.section,
                                     quote: c.quote, number: t.cells["\(row)@waarde"] ?? "", sections: &sections) {
                        problems.append(p)
                    }
                }
                continue
            }
            // "2.6 (table 2.1)" → section "2.6"
            let key = String(t.section.prefix { $0 != "(" && $0 != "," }).trimmingCharacters(in: .whitespaces)
            let span: String
            do { span = try sections.text(document: t.document, section: key) } catch {
                problems.append(CitationProblem(id: t.id, citation: "\(t.documentID) §\(t.section)", problem: "\(error)"))
                continue
            }
            for row in t.rowLabels {
                for col in t.columnLabels {
                    guard let cell = t.cells["\(row)@\(col)"] else { continue }
                    if !span.contains(SeedSections.normalised(cell)) {
                        problems.append(CitationProblem(id: "\(t.id):\(row)@\(col)", citation: "\(t.documentID) §\(t.section)",
                                                        problem: "cell '\(cell)' is not printed in the section"))
                    }
                }
            }
        }
        return problems
    }
}
