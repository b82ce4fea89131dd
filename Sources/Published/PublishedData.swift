import Effects
import Foundation
import TableKit

/// Everything under `Data/published` loaded together: tables, their relations and the figures.
public struct PublishedData {
    public let directory: String
    public let tables: [String: PublishedTable]
    public let relations: [TableRelation]
    public let figures: [PublishedFigure]
    public let calculators: Calculators

    /// - Parameter dataDirectory: the `Data` folder (effect tables are resolved against it).
    public init(dataDirectory: String) throws {
        directory = (dataDirectory as NSString).appendingPathComponent("published")
        tables = try PublishedTable.readAll(manifest: (directory as NSString).appendingPathComponent("tables.csv"))
        relations = try TableRelation.readAll(path: (directory as NSString).appendingPathComponent("relations.csv"))
        figures = try PublishedFigure.readAll(path: (directory as NSString).appendingPathComponent("figures.csv"))
        calculators = Calculators(dataDirectory: dataDirectory)
    }

    public func audit() throws -> [AuditResult] {
        try TableAudit.run(relations: relations, tables: tables, calculators: calculators)
    }

    public func verify() throws -> VerificationReport {
        VerificationReport(figures: try Verification.run(figures: figures, tables: tables, audit: try audit(), calculators: calculators))
    }
}

/// The positions of required columns in a `Data/published` file's header (`RequiredColumns`).
func requiredColumns(_ names: [String], of csv: CSVReader, path: String) throws -> [Int] {
    try RequiredColumns.indices(of: names, in: csv.header, file: path)
}
