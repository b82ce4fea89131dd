import ArgumentParser
import Finance
import Reports

struct BreakevenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breakeven",
        abstract: "Break-even of a placement instrument: months it must save and the week by which participants must be in work (004 §2.6)."
    )

    @Option(parsing: .unconditional, help: "Fixed cost per year in euros (Leidse Kracht: 511000).")
    var fixedCost: Double
    @Option(parsing: .unconditional, help: "Bonus per placement in euros (Leidse Kracht: 1800).")
    var bonus: Double
    @Option(parsing: .unconditional, help: "Number of placements (Leidse Kracht: 160).")
    var placements: Double
    @Option(parsing: .unconditional, help: "Gross cost of one benefit month in euros.")
    var monthlyBenefit: Double = BenefitAmounts.grossMonth
    @Option(parsing: .unconditional, help: "Mean week of spontaneous outflow without the instrument (004 fig. 2.4: 24.7).")
    var spontaneousWeek: Double
    @Option(parsing: .unconditional, help: "Week of the spell in which participants enter the instrument (004: after 7 weeks of own search).")
    var entryWeek: Double
    @Option(parsing: .unconditional, help: "Maximum variable cost in euros, to check the bonuses against (Leidse Kracht: 395000).")
    var maxVariableCost: Double?
    @OptionGroup var output: OutputOptions

    func breakEven() throws -> BreakEven {
        try financeResult {
            try BreakEven(BreakEven.Input(fixedCost: fixedCost, bonusPerPlacement: bonus, placements: placements,
                                          monthlyBenefit: monthlyBenefit, spontaneousOutflowWeek: spontaneousWeek,
                                          entryWeek: entryWeek, maximumVariableCost: maxVariableCost))
        }
    }

    func validate() throws { _ = try breakEven() }

    func run() throws {
        let b = try breakEven()
        try output.emit(b, text: { FinanceSummary.breakEven(b) }, markdown: { FinanceSummary.breakEven(b, markdown: true) })
    }
}

struct ROICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roi",
        abstract: "Return on investment of an instrument: cost per extra person out of benefit, benefit months per euro, break-even and payback time.",
        discussion: "004 §2.6: --cost 799000 --participants 160 gives the break-even of Leidse Kracht (634 benefit months, 4 per person)."
    )

    @Option(parsing: .unconditional, help: "Cost of the instrument in euros.")
    var cost: Double
    @Option(parsing: .unconditional, help: "Number of participants.")
    var participants: Double
    @Option(name: .customLong("effect-per-100"), parsing: .unconditional, help: "Extra persons out of benefit per 100 participants (004 appendix B: matching 7.2 after 8 years).")
    var effectPer100: Double?
    @Option(parsing: .unconditional, help: "Benefit months saved per participant over the horizon (004 appendix B: matching 4.2 in 8 years).")
    var monthsPerParticipant: Double?
    @Option(parsing: .unconditional, help: "Gross cost of one benefit month in euros.")
    var monthlyBenefit: Double = BenefitAmounts.grossMonth
    @Option(parsing: .unconditional, help: "Horizon of the months saved, in months.")
    var horizonMonths: Double = 96
    @OptionGroup var output: OutputOptions

    func roi() throws -> ReturnOnInvestment {
        try financeResult {
            try ReturnOnInvestment(cost: cost, participants: participants, monthlyBenefit: monthlyBenefit, horizonMonths: horizonMonths,
                                   extraOutOfBenefitPer100: effectPer100, monthsSavedPerParticipant: monthsPerParticipant)
        }
    }

    func validate() throws { _ = try roi() }

    func run() throws {
        let r = try roi()
        try output.emit(r, text: { FinanceSummary.roi(r) }, markdown: { FinanceSummary.roi(r, markdown: true) })
    }
}

struct BUIGCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buig",
        abstract: "BUIG own risk and safety net per year, with an optional client-reduction scenario (000 chapter 6)."
    )

    @Option(parsing: .unconditional, help: "Years, comma-separated (e.g. 2019,2020,2021,2022).")
    var years: String
    @Option(parsing: .unconditional, help: "State BUIG budget per year in euros, comma-separated.")
    var budget: String
    @Option(parsing: .unconditional, help: "Net benefit spending per year in euros, comma-separated.")
    var spending: String
    @Option(parsing: .unconditional, help: "Scenario: clients fewer each year (cumulative), e.g. 30.")
    var scenarioClients: Double?
    @Option(parsing: .unconditional, help: "Scenario: cost of one client-year in euros (000: 15000).")
    var costPerClientYear: Double?
    @Option(parsing: .unconditional, help: "Scenario budgets per year when they differ from --budget, comma-separated.")
    var scenarioBudget: String?
    @OptionGroup var output: OutputOptions

    func projection() throws -> BUIGProjection {
        if (scenarioClients == nil) != (costPerClientYear == nil) {
            throw CommandFailure(message: "a scenario needs both --scenario-clients and --cost-per-client-year")
        }
        if scenarioBudget != nil && scenarioClients == nil { throw CommandFailure(message: "--scenario-budget needs a scenario: --scenario-clients and --cost-per-client-year") }
        return try financeResult {
            try BUIGProjection(years: try ListParsing.integers(years, option: "years"),
                               budgets: try ListParsing.numbers(budget, option: "budget"),
                               netSpending: try ListParsing.numbers(spending, option: "spending"),
                               scenarioBudgets: try scenarioBudget.map { try ListParsing.numbers($0, option: "scenario-budget") },
                               clientsPerYear: scenarioClients, costPerClientYear: costPerClientYear)
        }
    }

    func validate() throws { _ = try projection() }

    func run() throws {
        let p = try projection()
        try output.emit(p, text: { FinanceSummary.buig(p) }, markdown: { FinanceSummary.buig(p, markdown: true) })
    }
}

struct SavingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savings",
        abstract: "Savings from a lower client stock, and notional savings per placement.",
        subcommands: [Stock.self, Reduction.self, Notional.self]
    )

    struct Stock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A client-stock series against a yearly reduction target (003 ch. 1, 000 ch. 6).")
        @Option(parsing: .unconditional, help: "Years, comma-separated.") var years: String
        @Option(parsing: .unconditional, help: "Clients at the end of each year, comma-separated.") var stock: String
        @Option(parsing: .unconditional, help: "Target reduction per year (000: 30).") var target: Double?
        @Option(parsing: .unconditional, help: "Cost of one client-year in euros (000: 15000).") var costPerClientYear: Double?
        @OptionGroup var output: OutputOptions

        func series() throws -> StockSeries {
            try financeResult {
                try StockSeries(years: try ListParsing.integers(years, option: "years"), stock: try ListParsing.numbers(stock, option: "stock"),
                                targetReduction: target, costPerClientYear: costPerClientYear)
            }
        }

        func validate() throws { _ = try series() }

        func run() throws {
            let s = try series()
            try output.emit(s, text: { FinanceSummary.stock(s) }, markdown: { FinanceSummary.stock(s, markdown: true) })
        }
    }

    struct Reduction: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lower spending from N clients fewer each year (000 ch. 5: 30-50 clients at € 15,000).")
        @Option(parsing: .unconditional, help: "Clients fewer each year.") var clients: Double
        @Option(parsing: .unconditional, help: "Cost of one client-year in euros.") var costPerClientYear: Double = BenefitAmounts.clientYear
        @Option(parsing: .unconditional, help: "Number of years.") var years: Int = 4
        @OptionGroup var output: OutputOptions

        func reduction() throws -> StockReduction {
            try financeResult { try StockReduction(clientsPerYear: clients, costPerClientYear: costPerClientYear, years: years) }
        }

        func validate() throws { _ = try reduction() }

        func run() throws {
            let r = try reduction()
            try output.emit(r, text: { FinanceSummary.reduction(r) }, markdown: { FinanceSummary.reduction(r, markdown: true) })
        }
    }

    struct Notional: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Notional saving per placement by working time and half-year of outflow (001 appendix 1).")
        @Option(parsing: .unconditional, help: "Saving of a full-time placement in the first half-year, euros.") var norm: Double = 13_000
        @Option(parsing: .unconditional, help: "Part-time saving as a fraction of full time.") var partTimeFactor: Double = 0.25
        @Option(parsing: .unconditional, help: "Placements: full_time_first,full_time_second,part_time_first,part_time_second (e.g. 4,2,3,1).") var placements: String?
        @OptionGroup var output: OutputOptions

        /// The four placement counts, each 0 to 10⁹.
        func counts() throws -> [Int]? {
            guard let placements else { return nil }
            let p = try ListParsing.integers(placements, option: "placements")
            guard p.count == 4 else { throw CommandFailure(message: "--placements needs four counts: full time first, full time second, part time first, part time second half-year") }
            if let bad = p.first(where: { !(0...1_000_000_000).contains($0) }) {
                throw CommandFailure(message: "--placements: each count must be a whole number from 0 to 1000000000 (value '\(bad)')")
            }
            return p
        }

        func validate() throws {
            try financeResult { try NotionalSavings(fullTimeFirstHalf: norm, partTimeFactor: partTimeFactor).validate() }
            _ = try counts()
        }

        func run() throws {
            let n = NotionalSavings(fullTimeFirstHalf: norm, partTimeFactor: partTimeFactor)
            let total = try counts().map { p in
                n.total(fullTimeFirstHalf: p[0], fullTimeSecondHalf: p[1], partTimeFirstHalf: p[2], partTimeSecondHalf: p[3])
            }
            try output.emit(NotionalResult(norms: n, total: total), text: { FinanceSummary.notional(n, total: total) }, markdown: { FinanceSummary.notional(n, total: total, markdown: true) })
        }
    }
}

struct NotionalResult: Encodable {
    let norms: NotionalSavings
    let total: Double?
}
