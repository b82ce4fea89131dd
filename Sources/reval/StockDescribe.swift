import Evaluation
import Foundation
import Reports

/// `reval describe --stock --date D --cohort F [--category C]`: the client stock on a date (000 §3), rendered by `StockSummary`.
enum StockDescribe {
    static func run(cohort: String, date: String?, category: String?, output: OutputOptions) throws {
        guard let date else { throw CommandFailure(message: "--stock needs --date (the snapshot day, e.g. 2018-08-27)") }
        let day = try parseDate(date, option: "date")
        let persons = try output.progress("describe").cohort(cohort)
        let summary = StockSummary(try checkingOptions { try Evaluation.describeStock(persons, on: day, category: category) })
        try output.emit(json: summary.json, text: summary.text, markdown: summary.markdown)
    }
}
