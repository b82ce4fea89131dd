import Effects
import Foundation
import TableKit

/// Decides what an audited file is — a relations file or an effect table — and audits it.
public enum AuditTarget {
    public static func results(for file: String) throws -> [AuditResult] {
        let header = try CSVReader(path: file).header
        if header.contains("relation") {
            let dir = (file as NSString).deletingLastPathComponent
            let tables = try PublishedTable.readAll(manifest: (dir as NSString).appendingPathComponent("tables.csv"))
            let dataDir = (dir as NSString).deletingLastPathComponent
            return try TableAudit.run(relations: try TableRelation.readAll(path: file), tables: tables,
                                      calculators: Calculators(dataDirectory: dataDir))
        }
        if header.contains("outcome") && header.contains("status") {
            return TableAudit.effectTableConsistency(try EffectTable.read(path: file))
        }
        throw InputError(file: file, line: 1, message: "neither a relations file (column 'relation') nor an effect table (columns 'outcome', 'status')")
    }
}
