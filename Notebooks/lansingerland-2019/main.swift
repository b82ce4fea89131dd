// # Notebook: Lansingerland, implementation plan "Werken Werkt!" 2019-2021
//
// Reproduces the recomputable figures of `../shared/seeds/002_d09844b0bf923efa.txt`: the budget
// table of section 6.1 (each year's total against the sum of its lines), the front-office staff of
// section 2.1 and the employer cheque of 3.4.4. The 2020 and 2021 totals are € 120.000 short of
// their lines (the asylum line): reval reports them as source inconsistent and never corrects them.
//
// Usage: lansingerland-2019 [OUTPUT_DIR], run from the repository root. Exit status 1 on a mismatch.
import Foundation
import Published
import TableKit

let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "out/notebooks/lansingerland-2019"
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
var log = ""
@MainActor func say(_ s: String) { print(s); log += s + "\n" }

// ## 1. Section 6.1: the budget table, line by line
let data = try PublishedData(dataDirectory: "Data")
guard let table = data.tables["002-section-6.1"] else {
    FileHandle.standardError.write(Data("lansingerland-2019: Data/published/tables.csv lists no table 002-section-6.1\n".utf8))
    exit(2)
}
say("# lansingerland-2019\n\n## Section 6.1 (002): budget for participation and re-integration")
for year in table.columnLabels {
    let lines = try table.rowLabels.filter { $0 != "Totaal" }.map { try table.value(row: $0, column: year) }
    let total = try table.value(row: "Totaal", column: year)
    let sum = lines.reduce(0, +)
    say("  \(year): lines add up to \(NumberFormatting.euros(sum)), printed total \(NumberFormatting.euros(total))\(sum == total ? "" : " (differs by \(NumberFormatting.euros(sum - total)))")")
}

// ## 2. Every published figure of 002
let verified = try data.verify().only(documents: ["002"])
say("\n## All published figures of 002 (reval verify)")
verified.notebookLines().forEach(say)

try Data(log.utf8).write(to: URL(fileURLWithPath: out + "/notebook.md"))
say("\nwrote \(out)/notebook.md; \(verified.mismatched) published figures not reproduced")
exit(verified.passed ? 0 : 1)
