import Cohort
import Foundation
import TOMLKit

/// `evaluation.toml`: everything a report run needs, so that the run can be repeated.
/// Paths are relative to the folder of the config file.
public struct EvaluationConfig: Codable, Sendable, Equatable {
    public struct Inputs: Codable, Sendable, Equatable {
        public var benefits: String
        public var trajectories: String
        public var effects: String
        /// Codes file (TOML) with the exports' own spellings, as `reval link --codes`.
        public var codes: String?
        /// "fail" (default) or "exclude", as `reval link --on-error`.
        public var onError: String?
        /// Largest share of rows or persons that exclusion may drop (default 0.05), as `--max-excluded`.
        public var maxExcluded: Double?
        /// Spells that follow within this many days are one spell (default 31), as `--merge-gap-days`.
        public var mergeGapDays: Int?
        enum CodingKeys: String, CodingKey {
            case benefits, trajectories, effects, codes
            case onError = "on_error", maxExcluded = "max_excluded", mergeGapDays = "merge_gap_days"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            benefits = try c.decode(String.self, forKey: .benefits)
            trajectories = try c.decode(String.self, forKey: .trajectories)
            effects = try c.decode(String.self, forKey: .effects)
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
        public var estimand: String
        public var horizons: [Int]
        public var by: [String]
    }
    public struct Application: Codable, Sendable, Equatable {
        public var monthlyBenefit: Double
        public var netMonthlyBenefit: Double
        public var compositionBy: String
        enum CodingKeys: String, CodingKey {
            case monthlyBenefit = "monthly_benefit", netMonthlyBenefit = "net_monthly_benefit", compositionBy = "composition_by"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            monthlyBenefit = try c.number(.monthlyBenefit)
            netMonthlyBenefit = try c.number(.netMonthlyBenefit)
            compositionBy = try c.decode(String.self, forKey: .compositionBy)
        }
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

    public var title: String
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
    public var breakeven: [BreakEvenScenario]
    public var buig: [BUIGScenario]?

    enum CodingKeys: String, CodingKey {
        case title, language, seed, inputs, cohort, estimation, apply, breakeven, buig, disclosure
        case minCellSize = "min_cell_size"
    }

    /// Reads and checks a config; errors name the file.
    public static func read(path: String) throws -> EvaluationConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReportError.config(path, "cannot read: \(error.localizedDescription)")
        }
        let config: EvaluationConfig
        do { config = try TOMLDecoder().decode(EvaluationConfig.self, from: text) } catch {
            throw ReportError.config(path, "\(error)")
        }
        guard ["nl", "en"].contains(config.language) else { throw ReportError.config(path, "language must be nl or en (value '\(config.language)')") }
        do { _ = try config.disclosureControl() } catch { throw ReportError.config(path, "\(error)") }
        let inputs = config.inputs
        if let p = inputs.onError, ErrorPolicy(rawValue: p) == nil { throw ReportError.config(path, "inputs.on_error must be fail or exclude (value '\(p)')") }
        if let m = inputs.maxExcluded, !(m.isFinite && (0...1).contains(m)) {
            throw ReportError.config(path, "inputs.max_excluded must be a share from 0 to 1 (value '\(m)')")
        }
        if let g = inputs.mergeGapDays, g < 0 { throw ReportError.config(path, "inputs.merge_gap_days must be 0 or more (value '\(g)')") }
        return config
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
