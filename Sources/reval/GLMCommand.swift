import ArgumentParser
import Reports
import StatKit
import TableKit

struct GLMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glm",
        abstract: "Fit a generalised linear model (logistic or linear) to a CSV table, as R's glm() does.",
        discussion: """
        String covariates become treatment-coded dummies with the first level (sorted) as reference, \
        as in R. Rows with a missing value (empty, NA, n/a, NaN) in a used column are left out and counted \
        in the output (as R's na.omit), or are an error with --missing fail.
        """
    )

    @Option(help: "CSV file with one row per unit (`;`, `,` or tab separated).")
    var data: String

    @Option(help: "Name of the outcome column (0/1 for --family binomial).")
    var outcome: String

    @Option(help: "Comma-separated covariate columns, e.g. age,educ,race.")
    var covariates: String

    @Option(help: "Model family: binomial (logit link) or gaussian (identity link).")
    var family: GLMFamily = .binomial

    @Option(help: "Rows with a missing value in a used column: drop (counted in the output) or fail.")
    var missing: MissingValuePolicy = .drop

    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try ListParsing.items(covariates, option: "covariates") }

    func run() throws {
        let covs = try ListParsing.items(covariates, option: "covariates")
        let table = try output.progress("glm").reading(data) { try DataTable.read(path: data, columns: [outcome] + covs, missing: missing, progress: $0) }
        guard case .numeric(let y) = table[outcome]! else {
            throw InputError(file: data, column: outcome, message: "outcome must be numeric")
        }
        let design = try DesignMatrix(table: table, covariates: covs)
        let results: GLMResults
        do {
            results = try GeneralizedLinearModel.fit(x: design.matrix, y: y, columnNames: design.columnNames, family: family)
        } catch let error as ModelError {
            // Rows count from 0 in the model; the user knows them by the file's physical line.
            throw CommandFailure(message: "\(data): \(error.describing { "line \(table.lines[$0])" })")
        }
        let summary = GLMSummary(results: results, data: data, outcome: outcome, covariates: covs)
        let dropped = table.rowsDroppedMissing
        try output.emit(WithDroppedRows(summary, rowsDroppedMissing: dropped), text: { summary.text() + WithDroppedRows<Int>.note(dropped) },
                        markdown: { summary.markdown() + "\n" + WithDroppedRows<Int>.note(dropped) })
    }
}

extension GLMFamily: ExpressibleByArgument {}
