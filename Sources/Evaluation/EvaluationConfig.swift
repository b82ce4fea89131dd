import Cohort
import Effects
import Foundation
import TableKit
import TOMLKit

/// `evaluation.toml`: everything a report run needs, so that the run can be repeated.
/// Paths are relative to the folder of the config file.
public struct EvaluationConfig: Codable, Sendable, Equatable {
    public struct Inputs: Codable, Sendable, Equatable {
        /// The two exports to link; or, instead of them, `cohort`.
        public var benefits: String?
        public var trajectories: String?
        /// A cohort file written by `reval link`: the run starts from its persons.
        public var cohort: String?
        /// The effect table to apply; required unless `[apply] effects = "estimates"`.
        public var effects: String?
        /// Codes file (TOML) with the exports' own spellings, as `reval link --codes`.
        public var codes: String?
        /// "fail" (default) or "exclude", as `reval link --on-error`.
        public var onError: String?
        /// Largest share of rows or persons that exclusion may drop (default 0.05), as `--max-excluded`.
        public var maxExcluded: Double?
        /// Spells that follow within this many days are one spell (default 31), as `--merge-gap-days`.
        public var mergeGapDays: Int?
        enum CodingKeys: String, CodingKey {
            case benefits, trajectories, cohort, effects, codes
            case onError = "on_error", maxExcluded = "max_excluded", mergeGapDays = "merge_gap_days"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            benefits = try c.decodeIfPresent(String.self, forKey: .benefits)
            trajectories = try c.decodeIfPresent(String.self, forKey: .trajectories)
            cohort = try c.decodeIfPresent(String.self, forKey: .cohort)
            effects = try c.decodeIfPresent(String.self, forKey: .effects)
            codes = try c.decodeIfPresent(String.self, forKey: .codes)
            onError = try c.decodeIfPresent(String.self, forKey: .onError)
            maxExcluded = c.contains(.maxExcluded) ? try c.number(.maxExcluded) : nil
            mergeGapDays = try c.decodeIfPresent(Int.self, forKey: .mergeGapDays)
        }
    }
    public struct CohortWindow: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var extractionDate: String
        /// Window of the outflow figure (004 fig. 2.4 uses October 2011 – December 2012).
        public var describeFrom: String?
        public var describeTo: String?
        enum CodingKeys: String, CodingKey {
            case start, end
            case extractionDate = "extraction_date", describeFrom = "describe_from", describeTo = "describe_to"
        }
    }
    public struct Estimation: Codable, Sendable, Equatable {
        public var instruments: [String]
        public var design: String
        public var method: String
        /// now-vs-waiting or now-vs-never (dynamic design), att or ate (static design).
        public var estimand: String
        public var horizons: [Int]
        public var by: [String]
        /// Caliper in standard deviations of the score (matching); nil: none.
        public var caliper: Double?
        /// Dynamic design: the latest elapsed month of a start that is estimated (default 36).
        public var maxTau: Int?
        /// Static design: treated when the instrument started within this many months of inflow (default 12).
        public var window: Int?
        /// Weighting: leave out persons with a score outside [trim, 1 − trim] (default 0: none).
        public var trim: Double?
        /// Outcomes to estimate (default: out_of_benefit and months_out_of_benefit), as `estimate --outcomes`.
        public var outcomes: [String]?
        /// Further covariates: columns of the benefits export carried at inflow and added to the
        /// propensity model, as `link --covariates` and `estimate --covariates`.
        public var covariates: [String]?
        enum CodingKeys: String, CodingKey {
            case instruments, design, method, estimand, horizons, by, caliper, window, trim, outcomes, covariates
            case maxTau = "max_tau"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            instruments = try c.decode([String].self, forKey: .instruments)
            design = try c.decode(String.self, forKey: .design)
            method = try c.decode(String.self, forKey: .method)
            estimand = try c.decode(String.self, forKey: .estimand)
            horizons = try c.decode([Int].self, forKey: .horizons)
            by = try c.decode([String].self, forKey: .by)
            caliper = c.contains(.caliper) ? try c.number(.caliper) : nil
            maxTau = try c.decodeIfPresent(Int.self, forKey: .maxTau)
            window = try c.decodeIfPresent(Int.self, forKey: .window)
            trim = c.contains(.trim) ? try c.number(.trim) : nil
            outcomes = try c.decodeIfPresent([String].self, forKey: .outcomes)
            covariates = try c.decodeIfPresent([String].self, forKey: .covariates)
        }
    }
    public struct Application: Codable, Sendable, Equatable {
        public var monthlyBenefit: Double
        public var netMonthlyBenefit: Double
        public var compositionBy: String
        /// "table" (default: `inputs.effects`) or "estimates" (this run's own estimates).
        public var effects: String?
        /// What the effect table's effects compare (now-vs-never, now-vs-waiting, att, ate), when the source says; nil: not stated.
        public var tableEstimand: String?
        enum CodingKeys: String, CodingKey {
            case monthlyBenefit = "monthly_benefit", netMonthlyBenefit = "net_monthly_benefit", compositionBy = "composition_by"
            case effects, tableEstimand = "table_estimand"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            monthlyBenefit = try c.number(.monthlyBenefit)
            netMonthlyBenefit = try c.number(.netMonthlyBenefit)
            compositionBy = try c.decode(String.self, forKey: .compositionBy)
            effects = try c.decodeIfPresent(String.self, forKey: .effects)
            tableEstimand = try c.decodeIfPresent(String.self, forKey: .tableEstimand)
        }
        /// True when the report applies its own estimates rather than an effect table.
        public var appliesEstimates: Bool { effects == "estimates" }
    }
    public struct BreakEvenScenario: Codable, Sendable, Equatable {
        public var name: String
        public var fixedCost: Double
        public var bonus: Double
        public var placements: Double
        public var spontaneousWeek: Double
        public var entryWeek: Double
        enum CodingKeys: String, CodingKey {
            case name, bonus, placements
            case fixedCost = "fixed_cost", spontaneousWeek = "spontaneous_week", entryWeek = "entry_week"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            fixedCost = try c.number(.fixedCost)
            bonus = try c.number(.bonus)
            placements = try c.number(.placements)
            spontaneousWeek = try c.number(.spontaneousWeek)
            entryWeek = try c.number(.entryWeek)
        }
    }

    /// A municipality's BUIG budget and net spending per year, with an optional scenario of
    /// fewer clients each year (`reval buig`): the report shows own risk and safety net (000 chapter 6).
    public struct BUIGScenario: Codable, Sendable, Equatable {
        public var name: String
        /// Where the figures come from (document and section), printed under the table.
        public var source: String?
        public var years: [Int]
        public var budgets: [Double]
        public var netSpending: [Double]
        public var clientsPerYear: Double?
        public var costPerClientYear: Double?
        public var scenarioBudgets: [Double]?
        enum CodingKeys: String, CodingKey {
            case name, source, years, budgets
            case netSpending = "net_spending", clientsPerYear = "clients_per_year", costPerClientYear = "cost_per_client_year"
            case scenarioBudgets = "scenario_budgets"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            source = try c.decodeIfPresent(String.self, forKey: .source)
            years = try c.decode([Int].self, forKey: .years)
            budgets = try c.numbers(.budgets)
            netSpending = try c.numbers(.netSpending)
            clientsPerYear = c.contains(.clientsPerYear) ? try c.number(.clientsPerYear) : nil
            costPerClientYear = c.contains(.costPerClientYear) ? try c.number(.costPerClientYear) : nil
            scenarioBudgets = c.contains(.scenarioBudgets) ? try c.numbers(.scenarioBudgets) : nil
        }
    }

    /// Published figures the report compares with, as text in the report's language.
    public struct Benchmark: Codable, Sendable, Equatable {
        /// Printed after the outflow figure ("figuur 2.4 van …: 12% binnen 7 weken, …").
        public var outflow: String?
    }

    public var title: String
    /// The municipality the data are of; the report names it and holds no other municipality's text.
    public var municipality: String?
    /// "nl" (default) or "en".
    public var language: String
    public var minCellSize: Int
    /// "publication" (default) or "internal": only internal outputs may use a `min_cell_size` below 10,
    /// and they are stamped "not for publication".
    public var disclosure: String?
    public var seed: UInt64
    public var inputs: Inputs
    public var cohort: CohortWindow
    public var estimation: Estimation
    public var apply: Application
    public var breakeven: [BreakEvenScenario]?
    public var buig: [BUIGScenario]?
    public var benchmark: Benchmark?

    enum CodingKeys: String, CodingKey {
        case title, municipality, language, seed, inputs, cohort, estimation, apply, breakeven, buig, disclosure, benchmark
        case minCellSize = "min_cell_size"
    }

    /// Reads and checks a config. Every key must be known, every value of the right type,
    /// in its set and in range; an error is one line naming file, line and key (and the valid
    /// choices), never a fallback to a default.
    public static func read(path: String) throws -> EvaluationConfig {
        try readChecked(path: path).config
    }

    /// `read`, with the lines of the file for the errors found later (`EvaluationPlan.read`).
    static func readChecked(path: String) throws -> (config: EvaluationConfig, lines: ConfigLines) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReportError.config(path, "cannot read: \(error.localizedDescription)")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ReportError.config("\(path):\(e.source.begin.line)", "not valid TOML: \(e.description)")
        }
        let lines = ConfigLines(file: path, text: text)
        // Instrument ids beyond the built-in ones come from a codes file or a linked cohort.
        let ids = table["inputs"]?.table?["codes"] != nil || table["inputs"]?.table?["cohort"] != nil
        try schema(instrumentIDs: ids).check(table, at: .init(), lines: lines)
        let config: EvaluationConfig
        do { config = try TOMLDecoder().decode(EvaluationConfig.self, from: table) } catch {
            // The schema has checked every key and type, so this is not expected; say so in one line.
            throw ReportError.config(path, "cannot read the configuration (\(String(describing: error).prefix(200).split(separator: "\n").joined(separator: " ")))")
        }
        try config.checkDates(lines)
        try config.checkCombinations(lines)
        do { _ = try config.disclosureControl() } catch {
            throw lines.error(.init(), key: config.disclosure != nil && DisclosureMode(rawValue: config.disclosure!) == nil ? "disclosure" : "min_cell_size", "\(error)")
        }
        return (config, lines)
    }

    /// The input files the config names, resolved against its folder, by key (`inputs.benefits`).
    public func inputPaths(baseDirectory: String) -> [OutputPaths.Named] {
        inputFiles(baseDirectory: baseDirectory).map { OutputPaths.Named("inputs.\($0.key)", $0.path) }
    }

    /// The files of `[inputs]` by their key there (`benefits`), in the order of the starter config, resolved against `baseDirectory`.
    func inputFiles(baseDirectory: String) -> [(key: String, path: String)] {
        func path(_ p: String) -> String { p.hasPrefix("/") ? p : (baseDirectory as NSString).appendingPathComponent(p) }
        let named: [(String, String?)] = [("benefits", inputs.benefits), ("trajectories", inputs.trajectories), ("cohort", inputs.cohort),
                                          ("effects", inputs.effects), ("codes", inputs.codes)]
        return named.compactMap { key, p in p.map { (key, path($0)) } }
    }

    /// The cohort window in order: start ≤ end ≤ extraction date, describe_from ≤ describe_to.
    private func checkDates(_ lines: ConfigLines) throws {
        var place = ConfigSchema.Place()
        place.tables = [("cohort", nil)]
        func date(_ s: String) -> CivilDate { CivilDate.parse(s)! }
        let pairs: [(String, String?, String, String?)] = [
            ("start", cohort.start, "end", cohort.end), ("end", cohort.end, "extraction_date", cohort.extractionDate),
            ("describe_from", cohort.describeFrom, "describe_to", cohort.describeTo),
        ]
        for (a, x, b, y) in pairs {
            if let x, let y, date(x) > date(y) {
                throw lines.error(place, key: a, "'\(a)' in [cohort] (\(x)) lies after '\(b)' (\(y))")
            }
        }
    }

    /// Keys that are valid alone but not together, or empty: the municipality needs a name, the
    /// estimand must be one the design estimates, `max_tau` and `window` belong to one design each,
    /// and an effect table is needed unless the report applies its own estimates.
    private func checkCombinations(_ lines: ConfigLines) throws {
        if let m = municipality, m.trimmingCharacters(in: .whitespaces).isEmpty {
            throw lines.error(.init(), key: "municipality", "'municipality' in the top level must name the municipality, not be empty")
        }
        var place = ConfigSchema.Place()
        place.tables = [("estimation", nil)]
        let dynamic = estimation.design == "dynamic", valid = dynamic ? ["now-vs-waiting", "now-vs-never"] : ["att", "ate"]
        guard valid.contains(estimation.estimand) else {
            throw lines.error(place, key: "estimand", "'estimand' in [estimation] is '\(estimation.estimand)', which the \(estimation.design) design does not estimate; valid: \(valid.joined(separator: ", "))")
        }
        for (key, set, needs) in [("max_tau", estimation.maxTau != nil, dynamic), ("window", estimation.window != nil, !dynamic)] where set && !needs {
            throw lines.error(place, key: key, "'\(key)' in [estimation] applies to the \(dynamic ? "static" : "dynamic") design only")
        }
        place.tables = [("inputs", nil)]
        if inputs.effects == nil && !apply.appliesEstimates {
            throw lines.error(place, key: nil, "missing key 'effects' in [inputs] (or set effects = \"estimates\" in [apply])")
        }
        try checkSource(lines, place)
    }

    /// The persons come either from the two exports or from a linked cohort file; the linking
    /// keys belong to the exports.
    private func checkSource(_ lines: ConfigLines, _ place: ConfigSchema.Place) throws {
        guard inputs.cohort != nil else {
            for (key, value) in [("benefits", inputs.benefits), ("trajectories", inputs.trajectories)] where value == nil {
                throw lines.error(place, key: nil, "missing key '\(key)' in [inputs] (or name a linked cohort file: cohort = \"cohort.csv\")")
            }
            return
        }
        let linking: [(String, Bool)] = [("benefits", inputs.benefits != nil), ("trajectories", inputs.trajectories != nil), ("codes", inputs.codes != nil),
                                         ("on_error", inputs.onError != nil), ("max_excluded", inputs.maxExcluded != nil), ("merge_gap_days", inputs.mergeGapDays != nil)]
        for (key, set) in linking where set {
            throw lines.error(place, key: key, "'\(key)' in [inputs] is for linking the exports; with 'cohort' the persons come from the linked cohort file")
        }
    }

    /// Every key of `evaluation.toml`, with its type and valid values.
    /// With a codes file or a linked cohort, an instrument may be any instrument id (the run
    /// then checks that someone in the cohort received it); without them, only the built-in
    /// instruments and their Dutch names are valid.
    static func schema(instrumentIDs: Bool) -> ConfigSchema {
        let date = ConfigSchema.Kind.date { CivilDate.parse($0) != nil }
        let amount = ConfigSchema.Kind.number(0...1e15)
        let positive = ConfigSchema.Kind.number(0.01...1e15)
        let months = ConfigSchema.Kind.int(CohortEstimationOptions.monthsRange)
        let dimensions = SubgroupDimension.allCases.map(\.rawValue)
        let estimands = DynamicEstimand.allCases.map(\.rawValue) + Estimand.allCases.map { $0.rawValue.lowercased() }
        return ConfigSchema(keys: [
            .init("title", .string),
            .init("municipality", .string, required: false),
            .init("language", .choice(["nl", "en"])),
            .init("min_cell_size", .int(1...10_000)),
            // Below 10 only with disclosure = "internal" (checked after the schema).
            .init("disclosure", .choice(DisclosureMode.allCases.map(\.rawValue)), required: false),
            .init("seed", .int(0...Int.max)),
            .init("inputs", .table(ConfigSchema(keys: [
                // The exports, or instead of them a linked cohort (checked after the schema).
                .init("benefits", .string, required: false), .init("trajectories", .string, required: false),
                .init("cohort", .string, required: false), .init("effects", .string, required: false),
                // Linkage policy and codes file (issue #12 items 2-4), read by the linkage options.
                .init("codes", .string, required: false),
                .init("on_error", .choice(["fail", "exclude"]), required: false),
                .init("max_excluded", .number(EvaluationPlan.maxExcludedRange), required: false),
                .init("merge_gap_days", .int(EvaluationPlan.mergeGapDaysRange), required: false),
            ]))),
            .init("cohort", .table(ConfigSchema(keys: [
                .init("start", date), .init("end", date), .init("extraction_date", date),
                .init("describe_from", date, required: false), .init("describe_to", date, required: false),
            ]))),
            .init("estimation", .table(ConfigSchema(keys: [
                .init("instruments", .list(.choice(Instrument.allCases.map(\.rawValue),
                                                   parse: { Instrument.parse($0) != nil || (instrumentIDs && Instrument(rawValue: $0) != nil) }), nonEmpty: true)),
                .init("design", .choice(EvaluationDesign.allCases.map(\.rawValue))),
                .init("method", .choice(EstimationMethod.allCases.map(\.rawValue))),
                .init("estimand", .choice(estimands)),
                .init("horizons", .list(months, nonEmpty: true)),
                .init("by", .list(.choice(dimensions), nonEmpty: false)),
                .init("caliper", .number(0.001...10), required: false),
                .init("max_tau", months, required: false),
                .init("window", months, required: false),
                .init("trim", .number(0...0.49), required: false),
                .init("outcomes", .list(.choice(CohortOutcome.allCases.map(\.rawValue)), nonEmpty: true), required: false),
                .init("covariates", .list(.string, nonEmpty: false), required: false),
            ]))),
            .init("apply", .table(ConfigSchema(keys: [
                .init("monthly_benefit", positive), .init("net_monthly_benefit", positive),
                .init("composition_by", .choice(SubgroupDimension.personal.map(\.rawValue))),
                .init("effects", .choice(["table", "estimates"]), required: false),
                .init("table_estimand", .choice(estimands), required: false),
            ]))),
            .init("breakeven", .tables(ConfigSchema(keys: [
                .init("name", .string), .init("fixed_cost", amount), .init("bonus", amount), .init("placements", positive),
                .init("spontaneous_week", positive), .init("entry_week", amount),
            ])), required: false),
            .init("buig", .tables(ConfigSchema(keys: [
                .init("name", .string), .init("source", .string, required: false), .init("years", .list(.int(1900...2200), nonEmpty: true)),
                .init("budgets", .list(positive, nonEmpty: true)), .init("net_spending", .list(amount, nonEmpty: true)),
                .init("clients_per_year", amount, required: false), .init("cost_per_client_year", amount, required: false),
                .init("scenario_budgets", .list(positive, nonEmpty: true), required: false),
            ])), required: false),
            .init("benchmark", .table(ConfigSchema(keys: [.init("outflow", .string, required: false)])), required: false),
        ])
    }
}

extension EvaluationConfig {
    /// The disclosure control the config asks for; a `min_cell_size` below 10 needs `disclosure = "internal"`.
    public func disclosureControl() throws -> DisclosureControl {
        guard let mode = DisclosureMode(rawValue: disclosure ?? "publication") else {
            throw DisclosureError("disclosure must be publication or internal (value '\(disclosure!)')")
        }
        return try DisclosureControl.checked(minCellSize: minCellSize, mode: mode)
    }
}

extension KeyedDecodingContainer {
    /// A number written either as 1260 or 1260.0 (TOML keeps integers and floats apart).
    func number(_ key: Key) throws -> Double {
        if let i = try? decode(Int.self, forKey: key) { return Double(i) }
        return try decode(Double.self, forKey: key)
    }

    /// A list of numbers, each written as an integer or a float.
    func numbers(_ key: Key) throws -> [Double] {
        if let i = try? decode([Int].self, forKey: key) { return i.map(Double.init) }
        return try decode([Double].self, forKey: key)
    }
}

public enum ReportError: Error, CustomStringConvertible {
    case config(String, String)
    public var description: String {
        switch self {
        case .config(let file, let why): return "\(file): \(why)"
        }
    }
}
