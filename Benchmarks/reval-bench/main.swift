// Benchmark driver for scripts/bench-*: times one StatKit operation on a CSV table and
// prints the timing and the estimates as JSON, so the script can compare them with a
// peer (statsmodels, MatchIt) measured in the same run. Not part of the test suite.
//
//   reval-bench logit FILE   — logistic regression of column `y` on every other column.
import Foundation
import StatKit
import TableKit

func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

let args = CommandLine.arguments
guard args.count == 3, args[1] == "logit" else {
    FileHandle.standardError.write(Data("usage: reval-bench logit FILE\n".utf8))
    exit(64)
}
let path = args[2]
let loadStart = DispatchTime.now()
let header = try CSVReader(path: path).header
let covariates = header.filter { $0 != "y" }
let table = try DataTable.read(path: path, columns: ["y"] + covariates)
let design = try DesignMatrix(table: table, covariates: covariates)
guard case .numeric(let y) = table["y"]! else { fatalError("y must be numeric") }
let loadSeconds = seconds(since: loadStart)

let fitStart = DispatchTime.now()
let fit = try GeneralizedLinearModel.fit(x: design.matrix, y: y, columnNames: design.columnNames, family: .binomial)
let fitSeconds = seconds(since: fitStart)

let out: [String: Any] = [
    "rows": table.rowCount, "columns": design.columnNames.count,
    "load_seconds": loadSeconds, "fit_seconds": fitSeconds, "iterations": fit.iterations,
    "coefficients": fit.coefficients, "standard_errors": fit.standardErrors,
]
let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
