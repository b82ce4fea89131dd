// Module Published — the figures and tables of the source documents (`Data/published`):
// recomputing them (`verify`), checking their sums (`audit`), citations.
// May import: TableKit, Effects, Finance.

import Foundation
import TableKit

/// A figure printed in a source document that reval can recompute (`Data/published/figures.csv`).
public struct PublishedFigure: Sendable {
    public let id: String
    public let document: String
    /// The section as the document numbers it ("2.6", "bijlage B", "6" for chapter 6); `sections.csv` says where it begins and ends.
    public let section: String
    /// Where in the section: the table, figure, box or paragraph ("table 2.1", "text below figure 2.4").
    public let place: String
    /// The words around the figure exactly as the seed text prints them; the citation check finds them in the section.
    public let quote: String
    public let quantity: String
    /// The figure exactly as printed, e.g. "€ 799.000" or "65,4".
    public let published: String
    public let publishedValue: Double
    /// The unit it was printed to (0.1 for one decimal, 1, 1000, …); a recomputation within half of it matches.
    public let precision: Double
    /// How reval recomputes it (see `Expression`).
    public let computation: String
    /// The audit relation that shows the source itself inconsistent here, if any.
    public let finding: String?
    public let line: Int

    public init(id: String, document: String, section: String, place: String, quote: String, quantity: String, published: String,
                publishedValue: Double, precision: Double, computation: String, finding: String?, line: Int) {
        self.id = id; self.document = document; self.section = section; self.place = place; self.quote = quote
        self.quantity = quantity; self.published = published; self.publishedValue = publishedValue; self.precision = precision
        self.computation = computation; self.finding = finding; self.line = line
    }

    public static func readAll(path: String) throws -> [PublishedFigure] {
        let csv = try CSVReader(path: path)
        let names = ["id", "document", "section", "quantity", "published", "precision", "computation", "finding"]
        let idx = try requiredColumns(names, of: csv, path: path)
        let placeIdx = csv.header.firstIndex(of: "place"), quoteIdx = csv.header.firstIndex(of: "quote")
        var out = [PublishedFigure](), ids = Set<String>()
        try csv.forEachRecord { rec in
            guard let value = PrintedNumber.parse(rec[idx[4]]) else { throw rec.error(column: idx[4], "not a printed number") }
            guard let precision = PrintedNumber.parse(rec[idx[5]]), precision > 0 else { throw rec.error(column: idx[5], "precision must be a positive number") }
            if !ids.insert(rec[idx[0]]).inserted { throw rec.error(column: idx[0], "duplicate figure id") }
            do { _ = try Expression.parse(rec[idx[6]]) } catch { throw rec.error(column: idx[6], "\(error)") }
            out.append(PublishedFigure(id: rec[idx[0]], document: rec[idx[1]], section: rec[idx[2]],
                                       place: placeIdx.map { rec[$0] } ?? "", quote: quoteIdx.map { rec[$0] } ?? "", quantity: rec[idx[3]],
                                       published: rec[idx[4]], publishedValue: value, precision: precision,
                                       computation: rec[idx[6]], finding: rec.isEmpty(idx[7]) ? nil : rec[idx[7]], line: rec.line))
        }
        return out
    }

    /// "004 §2.6, text below figure 2.4": what an auditor follows to land on the number.
    public var citation: String {
        let doc = document.prefix { $0 != "_" }
        return place.isEmpty ? "\(doc) §\(section)" : "\(doc) §\(section), \(place)"
    }
}

/// The check of one published figure against reval's recomputation.
public struct FigureCheck: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Recomputed within half a unit of the last digit printed (11,1 ± 0,05; 2.356 ± 0,5; 42% ± 0,5 points).
        case match
        /// Differs, and no audit finding explains it: reval or the data entry is wrong.
        case mismatch
        /// Differs because the source's own parts do not give its printed figure (see `finding`).
        case sourceInconsistent = "source_inconsistent"
    }
    public let id: String
    public let source: String
    public let quantity: String
    public let published: String
    public let publishedValue: Double
    public let computed: Double
    public let difference: Double
    /// (computed − published) / |published|; nil when the published figure is 0.
    public let relativeDifference: Double?
    /// Half of this is the tolerance: the unit of the last digit printed (`PrintedNumber.unit`).
    public let precision: Double
    public let computation: String
    public let finding: String?
    public let status: Status

    enum CodingKeys: String, CodingKey {
        case id, source, quantity, published, computed, difference, precision, computation, finding, status
        case publishedValue = "published_value", relativeDifference = "relative_difference"
    }
}

/// `reval verify`: recomputes every published figure and judges it against the precision it was printed with.
public enum Verification {
    public static func run(figures: [PublishedFigure], tables: [String: PublishedTable], audit: [AuditResult],
                           calculators: Calculators) throws -> [FigureCheck] {
        let resolver = CellResolver(tables: tables, defaultTable: nil)
        let findings = Dictionary(uniqueKeysWithValues: audit.map { ($0.id, $0.status) })
        return try figures.map { f in
            let computed: Double
            do {
                computed = try Expression.parse(f.computation).evaluate(resolve: resolver.value) { name, named, pos in
                    try calculators.call(name, named, pos, resolve: resolver.value)
                }
            } catch {
                throw InputError(file: "figures.csv", line: f.line, column: "computation", value: f.computation, message: "\(error)")
            }
            let diff = computed - f.publishedValue
            // The printed number's own rounding, never a looser one: figures.csv's `precision` column
            // documents how the source rounded and may only be finer than the printed digits.
            let unit = min(PrintedNumber.unit(f.published) ?? f.precision, f.precision)
            let within = abs(diff) <= unit / 2 * (1 + 1e-9) + 1e-9 * abs(f.publishedValue)
            let status: FigureCheck.Status
            if within {
                status = .match
            } else if let id = f.finding, findings[id] == .finding {
                status = .sourceInconsistent
            } else {
                status = .mismatch
            }
            return FigureCheck(id: f.id, source: f.citation, quantity: f.quantity, published: f.published,
                               publishedValue: f.publishedValue, computed: computed, difference: diff,
                               relativeDifference: f.publishedValue == 0 ? nil : diff / abs(f.publishedValue), precision: unit,
                               computation: f.computation, finding: f.finding, status: status)
        }
    }
}
