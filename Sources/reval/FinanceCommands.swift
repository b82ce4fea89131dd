import ArgumentParser
import Finance
import Reports

struct BreakevenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breakeven",
        abstract: "Break-even of a placement instrument: months it must save and the week by which participants must be in work (004 §2.6)."
    )

    @Option(help: "Fixed cost per year in euros (Leidse Kracht: 511000).")
    var fixedCost: Double
    @Option(help: "Bonus per placement in euros (Leidse Kracht: 1800).")
    var bonus: Double
    @Option(help: "Number of placements (Leidse Kracht: 160).")
    var placements: Double
    @Option(help: "Gross cost of one benefit month in euros.")
    var monthlyBenefit: Double = 1260
    @Option(help: "Mean week of spontaneous outflow without the instrument (004 fig. 2.4: 24.7).")
    var spontaneousWeek: Double
    @Option(help: "Week of the spell in which participants enter the instrument (004: after 7 weeks of own search).")
    var entryWeek: Double
    @Option(help: "Maximum variable cost in euros, to check the bonuses against (Leidse Kracht: 395000).")
    var maxVariableCost: Double?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let b: BreakEven
        do {
            b = try BreakEven(BreakEven.Input(fixedCost: fixedCost, bonusPerPlacement: bonus, placements: placements,
                                              monthlyBenefit: monthlyBenefit, spontaneousOutflowWeek: spontaneousWeek,
                                              entryWeek: entryWeek, maximumVariableCost: maxVariableCost))
        } catch let e as FinanceError { throw CommandFailure(message: e.description) }
        try output.emit(b, text: { FinanceSummary.breakEven(b) }, markdown: { FinanceSummary.breakEven(b, markdown: true) })
    }
}

struct BUIGCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buig",
        abstract: "BUIG own risk and safety net per year, with an optional client-reduction scenario (000 chapter 6)."
    )

    @Option(help: "Years, comma-separated (e.g. 2019,2020,2021,2022).")
    var years: String
    @Option(help: "State BUIG budget per year in euros, comma-separated.")
    var budget: String
    @Option(help: "Net benefit spending per year in euros, comma-separated.")
    var spending: String
    @Option(help: "Scenario: clients fewer each year (cumulative), e.g. 30.")
    var scenarioClients: Double?
    @Option(help: "Scenario: cost of one client-year in euros (000: 15000).")
    var costPerClientYear: Double?
    @Option(help: "Scenario budgets per year when they differ from --budget, comma-separated.")
    var scenarioBudget: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        if (scenarioClients == nil) != (costPerClientYear == nil) {
            throw CommandFailure(message: "a scenario needs both --scenario-clients and --cost-per-client-year")
        }
        let p: BUIGProjection
        do {
            p = try BUIGProjection(years: try ListParsing.integers(years, option: "years"),
                                   budgets: try ListParsing.numbers(budget, option: "budget"),
                                   netSpending: try ListParsing.numbers(spending, option: "spending"),
                                   scenarioBudgets: try scenarioBudget.map { try ListParsing.numbers($0, option: "scenario-budget") },
                                   clientsPerYear: scenarioClients, costPerClientYear: costPerClientYear)
        } catch let e as FinanceError { throw CommandFailure(message: e.description) }
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
        @Option(help: "Years, comma-separated.") var years: String
        @Option(help: "Clients at the end of each year, comma-separated.") var stock: String
        @Option(help: "Target reduction per year (000: 30).") var target: Double?
        @Option(help: "Cost of one client-year in euros (000: 15000).") var costPerClientYear: Double?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let s: StockSeries
            do {
                s = try StockSeries(years: try ListParsing.integers(years, option: "years"), stock: try ListParsing.numbers(stock, option: "stock"),
                                    targetReduction: target, costPerClientYear: costPerClientYear)
            } catch let e as FinanceError { throw CommandFailure(message: e.description) }
            try output.emit(s, text: { FinanceSummary.stock(s) }, markdown: { FinanceSummary.stock(s, markdown: true) })
        }
    }

    struct Reduction: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lower spending from N clients fewer each year (000 ch. 5: 30-50 clients at € 15,000).")
        @Option(help: "Clients fewer each year.") var clients: Double
        @Option(help: "Cost of one client-year in euros.") var costPerClientYear: Double = 15_000
        @Option(help: "Number of years.") var years: Int = 4
        @OptionGroup var output: OutputOptions

        func run() throws {
            let r: StockReduction
            do { r = try StockReduction(clientsPerYear: clients, costPerClientYear: costPerClientYear, years: years) }
            catch let e as FinanceError { throw CommandFailure(message: e.description) }
            try output.emit(r, text: { FinanceSummary.reduction(r) }, markdown: { FinanceSummary.reduction(r, markdown: true) })
        }
    }

    struct Notional: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Notional saving per placement by working time and half-year of outflow (001 appendix 1).")
        @Option(help: "Saving of a full-time placement in the first half-year, euros.") var norm: Double = 13_000
        @Option(help: "Part-time saving as a fraction of full time.") var partTimeFactor: Double = 0.25
        @Option(help: "Placements: full_time_first,full_time_second,part_time_first,part_time_second (e.g. 4,2,3,1).") var placements: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let n = NotionalSavings(fullTimeFirstHalf: norm, partTimeFactor: partTimeFactor)
            var total: Double?
            if let placements {
                let p = try ListParsing.integers(placements, option: "placements")
                guard p.count == 4 else { throw CommandFailure(message: "--placements needs four counts: full time first, full time second, part time first, part time second half-year") }
                total = n.total(fullTimeFirstHalf: p[0], fullTimeSecondHalf: p[1], partTimeFirstHalf: p[2], partTimeSecondHalf: p[3])
            }
            try output.emit(NotionalResult(norms: n, total: total), text: { FinanceSummary.notional(n, total: total) }, markdown: { FinanceSummary.notional(n, total: total, markdown: true) })
        }
    }
}

struct NotionalResult: Encodable {
    let norms: NotionalSavings
    let total: Double?
}
