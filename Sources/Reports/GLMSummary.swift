import StatKit
import TableKit

/// What `reval glm` reports: R's `summary(glm(...))` as a value, renderable as text,
/// Markdown or JSON (snake_case keys, NaN as null).
public struct GLMSummary: Encodable, Sendable {
    public struct Coefficient: Encodable, Sendable {
        public let term: String
        public let estimate: Double?
        public let stdError: Double?
        public let statistic: Double?
        public let pValue: Double?
        public let aliased: Bool

        enum CodingKeys: String, CodingKey {
            case term, estimate, aliased
            case stdError = "se"
            case statistic
            case pValue = "p_value"
        }
    }

    public let data: String
    public let formula: String
    public let family: String
    public let statisticName: String
    public let coefficients: [Coefficient]
    public let dispersion: Double
    public let nullDeviance: Double
    public let nullDegreesOfFreedom: Int
    public let deviance: Double
    public let residualDegreesOfFreedom: Int
    public let aic: Double
    public let iterations: Int
    public let converged: Bool
    public let observations: Int
    public let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case data, formula, family, coefficients, dispersion, deviance, aic, iterations, converged, observations
        case warnings = "notes"
        case statisticName = "statistic_name"
        case nullDeviance = "null_deviance"
        case nullDegreesOfFreedom = "null_df"
        case residualDegreesOfFreedom = "residual_df"
    }

    /// The fit statistics that can be undefined (a saturated gaussian fit has no residual degrees
    /// of freedom: its dispersion is NaN and its AIC −∞) are written as null, as JSON has no NaN.
    public func encode(to encoder: Encoder) throws {
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(formula, forKey: .formula)
        try c.encode(family, forKey: .family)
        try c.encode(statisticName, forKey: .statisticName)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(finite(dispersion), forKey: .dispersion)
        try c.encode(finite(nullDeviance), forKey: .nullDeviance)
        try c.encode(nullDegreesOfFreedom, forKey: .nullDegreesOfFreedom)
        try c.encode(finite(deviance), forKey: .deviance)
        try c.encode(residualDegreesOfFreedom, forKey: .residualDegreesOfFreedom)
        try c.encode(finite(aic), forKey: .aic)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(converged, forKey: .converged)
        try c.encode(observations, forKey: .observations)
        try c.encode(warnings, forKey: .warnings)
    }

    public init(results r: GLMResults, data: String, outcome: String, covariates: [String]) {
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        self.data = data
        formula = "\(outcome) ~ " + (covariates.isEmpty ? "1" : covariates.joined(separator: " + "))
        family = r.family.rawValue
        statisticName = r.statisticName
        coefficients = r.columnNames.indices.map { k in
            Coefficient(term: r.columnNames[k], estimate: finite(r.coefficients[k]), stdError: finite(r.standardErrors[k]),
                        statistic: finite(r.testStatistics[k]), pValue: finite(r.pValues[k]),
                        aliased: r.aliasedColumns.contains(r.columnNames[k]))
        }
        dispersion = r.dispersion
        nullDeviance = r.nullDeviance
        nullDegreesOfFreedom = r.nullDegreesOfFreedom
        deviance = r.deviance
        residualDegreesOfFreedom = r.residualDegreesOfFreedom
        aic = r.aic
        iterations = r.iterations
        converged = r.converged
        observations = r.observations
        warnings = r.warnings
    }

    /// Text laid out like R's `print(summary(glm))`.
    public func text() -> String {
        typealias F = NumberFormatting
        var out = "Call:\nglm(formula = \(formula), family = \(family), data = \(data))\n\nCoefficients:\n"
        let header = ["", "Estimate", "Std. Error", "\(statisticName) value", "Pr(>|\(statisticName)|)", ""]
        // As R prints them: NA for an aliased column, NaN for a statistic a kept column lacks (no
        // residual degrees of freedom leave its standard error undefined, not its estimate).
        let rows = coefficients.map { c -> [String] in
            guard !c.aliased else { return [c.term, "NA", "NA", "NA", "NA", ""] }
            return [c.term, c.estimate.map { F.significant($0, 6) } ?? "NaN", c.stdError.map { F.significant($0, 6) } ?? "NaN",
                    c.statistic.map { F.fixed($0, 3) } ?? "NaN", c.pValue.map { F.pValue($0) } ?? "NaN", c.pValue.map { F.stars($0) } ?? ""]
        }
        out += TextTable(header: header, rows: rows, leftAligned: [0, 5], separator: " ").text()
        out += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n"
        if family == "binomial" {
            out += "(Dispersion parameter for binomial family taken to be 1)\n\n"
        } else {
            out += "(Dispersion parameter for \(family) family taken to be \(dispersion.isNaN ? "NaN" : F.significant(dispersion, 7)))\n\n"
        }
        out += "    Null deviance: \(F.significant(nullDeviance, 6))  on \(nullDegreesOfFreedom)  degrees of freedom\n"
        out += "Residual deviance: \(F.significant(deviance, 6))  on \(residualDegreesOfFreedom)  degrees of freedom\n"
        out += "AIC: \(F.significant(aic, 6))\n\n"
        out += "Number of Fisher Scoring iterations: \(iterations)\n"
        for w in warnings { out += "Warning: \(w)\n" }
        return out
    }

    /// A Markdown table of the coefficients with the fit statistics below it.
    public func markdown() -> String {
        typealias F = NumberFormatting
        var out = "### glm(\(formula)), family = \(family)\n\n"
        out += "| term | estimate | std. error | \(statisticName) | p |\n|---|---:|---:|---:|---:|\n"
        for c in coefficients {
            if c.aliased {
                out += "| \(c.term) | NA (aliased) | | | |\n"
            } else {
                out += "| \(c.term) | \(c.estimate.map { F.significant($0, 6) } ?? "NaN") | \(c.stdError.map { F.significant($0, 6) } ?? "NaN") | "
                    + "\(c.statistic.map { F.fixed($0, 3) } ?? "NaN") | \(c.pValue.map { F.pValue($0) } ?? "NaN") |\n"
            }
        }
        out += "\nNull deviance \(F.significant(nullDeviance, 6)) on \(nullDegreesOfFreedom) df; "
        out += "residual deviance \(F.significant(deviance, 6)) on \(residualDegreesOfFreedom) df; "
        out += "AIC \(F.significant(aic, 6)); \(iterations) Fisher scoring iterations; n = \(observations).\n"
        for w in warnings { out += "\n> Warning: \(w)\n" }
        return out
    }
}
