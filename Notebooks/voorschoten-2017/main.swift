// # Notebook: Voorschoten, evaluation of the labour-market offensive 2017
//
// Reproduces the recomputable figures of `../shared/seeds/001_ba91978dceecece9.txt`:
//   1. the notional-saving norms of bijlage 1 (€ 13.000 full time in the first half-year, halved for
//      the second half-year, a quarter for part time), with reval's `NotionalSavings`;
//   2. every figure of 001 in `Data/published/figures.csv`: the 2017 budget and its contributions
//      (chapter 2), the fall of the WW inflow (2.1.1), the enforcement savings (2.3.1).
// The audit findings about 001 (e.g. € 15.000 per ended benefit against the € 13.000 norm) are listed.
//
// Usage: voorschoten-2017 [OUTPUT_DIR], run from the repository root. Exit status 1 on a mismatch.
import Finance
import Foundation
import Published

let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "out/notebooks/voorschoten-2017"
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
var log = ""
@MainActor func say(_ s: String) { print(s); log += s + "\n" }

// ## 1. Bijlage 1: norm amounts per placement
let norms = NotionalSavings(fullTimeFirstHalf: 13_000, partTimeFactor: 0.25)
say("# voorschoten-2017\n\n## Bijlage 1 (001): notional saving per placement")
say("  full time: € \(Int(norms.fullTimeFirstHalf)) first half-year, € \(Int(norms.fullTimeSecondHalf)) second half-year (published € 13.000 / € 6.500)")
say("  part time: € \(Int(norms.partTimeFirstHalf)) first half-year, € \(Int(norms.partTimeSecondHalf)) second half-year (published € 3.250 / € 1.625)")

// ## 2. Every published figure of 001
let data = try PublishedData(dataDirectory: "Data")
let verified = try data.verify().only(documents: ["001"])
say("\n## All published figures of 001 (reval verify)")
verified.notebookLines().forEach(say)

// ## 3. What the audit finds in 001
say("\n## Audit findings about 001")
for r in try data.audit() where r.status == .finding && r.source.hasPrefix("001") {
    say("  \(r.id): \(r.description)")
}

try Data(log.utf8).write(to: URL(fileURLWithPath: out + "/notebook.md"))
say("\nwrote \(out)/notebook.md; \(verified.mismatched) published figures not reproduced")
exit(verified.passed ? 0 : 1)
