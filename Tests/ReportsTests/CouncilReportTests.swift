import Foundation
@testable import Evaluation
@testable import Reports
import XCTest

/// Issue #15: a report a council can trust — summary first, the method as run, savings that
/// say what they rest on, every diagnostic visible, in the report's language.
final class CouncilReportTests: XCTestCase {
    /// The example rendered in English: the same results, another language.
    static let englishFiles: [String: String] = {
        var r = ReportTests.results
        r.language = "en"
        return try! ReportTests.files(r)
    }()

    /// Another municipality, with inverse probability weighting, the static design and its own estimates applied.
    static let otherMunicipality: EvaluationResult = try! ReportTests.build(replacing: [
        ("title = \"Re-integratie in Leiden (synthetisch voorbeeld)\"", "title = \"Re-integratie in Voorbeeldstad\""),
        ("municipality = \"Leiden\"", "municipality = \"Voorbeeldstad\""),
        ("design = \"dynamic\"", "design = \"static\""), ("method = \"psm\"", "method = \"ipw\""),
        ("estimand = \"now-vs-waiting\"", "estimand = \"att\"\nwindow = 6\ntrim = 0.02"),
        ("composition_by = \"education\"", "composition_by = \"education\"\neffects = \"estimates\""),
        ("effects = \"../effects/lammers-2013.csv\"\n", ""),
    ], droppingFrom: "# 004 section 2.6")
    static let otherFiles: [String: String] = try! ReportTests.files(otherMunicipality)

    /// Codes that must never reach a reader of the Markdown, HTML or SVG.
    static let codes = #"\b(out_of_benefit|months_out_of_benefit|not_worked_24m|worked_24m|education=|work_history|static-att|static-ate|now-vs-waiting|now-vs-never|active_mediation|job_search_training|age_\d|current_spell|tau_\d)"#

    private func readable(_ files: [String: String]) -> [(String, String)] { files.filter { $0.key != "results.json" }.map { ($0.key, $0.value) } }

    func testTheSummaryComesFirstWithIntervalsDataAndCaveats() throws {
        let md = ReportTests.exampleFiles["report.md"]!
        let sections = md.split(separator: "\n").filter { $0.hasPrefix("## ") }
        XCTAssertEqual(sections.first, "## Samenvatting")
        for phrase in ["Gemeente Leiden", "1 januari 2010 tot en met 31 december 2012", "30 juni 2014", "2.849 personen", "Extra uit de uitkering na 24 maanden",
                       "wat het betekent", "Belangrijkste kanttekeningen", "95%-interval"] {
            XCTAssert(md.contains(phrase), phrase)
        }
        let en = Self.englishFiles["report.md"]!
        XCTAssertEqual(en.split(separator: "\n").first { $0.hasPrefix("## ") }, "## Summary")
        XCTAssert(en.contains("Municipality of Leiden") && en.contains("1 January 2010 to 31 December 2012") && en.contains("2,849 persons"))
    }

    func testTheMethodSectionDescribesTheRunInItsLanguage() throws {
        let md = ReportTests.exampleFiles["report.md"]!
        for phrase in ["Ontwerp: dynamisch (Sianesi 2004)", "τ = 1 tot en met 36", "zonder caliper", "nu versus wachten", "12 maanden en 24 maanden",
                       "Kenmerken in het model: leeftijd 25–29", "laag opgeleid = BO, LBO, MAVO, VMBO, MBO niveau 1"] {
            XCTAssert(md.contains(phrase), phrase)
        }
        let other = Self.otherFiles["report.md"]!
        for phrase in ["Ontwerp: statisch", "binnen 6 maanden na instroom", "weging met de inverse van de propensityscore (IPW)",
                       "scores buiten [0,02; 0,98] weggelaten", "effect op de deelnemers (ATT)", "Gemeente Voorbeeldstad"] {
            XCTAssert(other.contains(phrase), phrase)
        }
        XCTAssertFalse(other.contains("dynamisch (Sianesi"))
        let en = Self.englishFiles["report.md"]!
        for phrase in ["Design: dynamic (Sianesi 2004)", "Estimand: now versus waiting", "Method as run"] { XCTAssert(en.contains(phrase), phrase) }
    }

    /// No Leiden text in a report for another municipality, and no optional section it did not configure.
    func testAnotherMunicipalitysReportHoldsNoLeidenText() throws {
        for (name, text) in readable(Self.otherFiles) {
            for word in ["Leiden", "Leidse", "Rekenkamercommissie", "Lammers"] { XCTAssertFalse(text.contains(word), "\(name) contains \(word)") }
        }
        let md = Self.otherFiles["report.md"]!
        XCTAssertFalse(md.contains("Kosten en terugverdienen"), "break-even section without [[breakeven]]")
        XCTAssertFalse(md.contains("vergelijk:"), "benchmark without [benchmark]")
    }

    func testNoUntranslatedCodeInEitherLanguage() throws {
        for files in [ReportTests.exampleFiles, Self.englishFiles, Self.otherFiles] {
            for (name, text) in readable(files) {
                XCTAssertNil(text.range(of: Self.codes, options: .regularExpression).map { String(text[$0]) }, name)
            }
        }
        for (name, text) in readable(ReportTests.exampleFiles) {
            for english in ["Estimand", "Design:", " treated ", "controls", "Outflow", "everyone"] { XCTAssertFalse(text.contains(english), "\(name): \(english)") }
        }
        // The effect table's own source text is quoted as it stands.
        for (name, file) in readable(Self.englishFiles) {
            let text = file.split(separator: "\n").filter { !$0.contains("Effect table applied") }.joined(separator: "\n")
            for dutch in ["uitkering", "deelnemers", "iedereen", "maanden", "Schattingsdoel"] { XCTAssertFalse(text.contains(dutch), "\(name): \(dutch)") }
        }
    }

    /// The English label of every code a report uses (covariates and the balance's reference levels,
    /// outcomes, groups, dimensions, instruments, estimands, sensitivity choices, the estimator's
    /// covariates in words) appears nowhere in a Dutch report, for the example and for another
    /// municipality with weighting and the static design.
    func testNoEnglishLabelInADutchReport() throws {
        let en = ReportText(dutch: false), nl = ReportText(dutch: true)
        for (results, files) in [(ReportTests.results, ReportTests.exampleFiles), (Self.otherMunicipality, Self.otherFiles)] {
            var english = Set<String>()
            func add(_ label: (ReportText) -> String) { if label(en) != label(nl) { english.insert(label(en)) } }
            for c in results.method.covariates { add { $0.covariate(c) } }
            for s in results.method.subgroups { add { $0.dimension(s) }; add { $0.formation(s) } }
            add { $0.estimator(results.method.estimator) }
            for e in results.effects {
                english.formUnion(e.covariates)
                add { $0.instrument(e.instrument) }; add { $0.estimand(e.estimand) }; add { $0.estimandShort(e.estimand) }
                for d in e.balance?.finiteDifferences ?? [] { add { $0.covariate(d.covariate) } }
                for r in e.rows { add { $0.outcome(r.outcome) }; add { $0.unit(r.outcome) }; add { $0.group(r.dimension, r.subgroup) } }
                for v in e.sensitivity { add { $0.sensitivity(v.specification) } }
            }
            XCTAssertGreaterThan(english.count, 40)
            for (name, file) in readable(files) {
                // A figure's file name is not text a reader reads (figures/forest-schooling.svg).
                let text = file.split(separator: "\n").filter { !$0.hasPrefix("![](figures/") }.joined(separator: "\n")
                for label in english {
                    let word = try NSRegularExpression(pattern: #"\b"# + NSRegularExpression.escapedPattern(for: label) + #"\b"#)
                    XCTAssertNil(word.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "\(name): \(label)")
                }
            }
        }
    }

    /// Every cell whose largest |SMD| after matching is above 0.1 is a warning, with the outcome and horizon it concerns.
    func testTheWarningsListEveryCellWithAnAbsoluteSMDAbove01() throws {
        let r = ReportTests.results, md = ReportTests.exampleFiles["report.md"]!, text = ReportText(dutch: true)
        let warnings = md.components(separatedBy: "## Waarschuwingen bij de schattingen")[1].components(separatedBy: "\n## ")[0]
            .split(separator: "\n").filter { $0.contains("onbalans na matchen") }
        var cells = 0
        for e in r.effects {
            for row in e.rows where (row.maxAbsSMDAfter ?? 0) > 0.1 {
                cells += 1
                let line = warnings.first { $0.hasPrefix("| \(text.instrument(e.instrument)) | \(text.group(row.dimension, row.subgroup)) |") }
                XCTAssert(line?.contains("\(text.outcome(row.outcome)) \(text.months(row.horizonMonths))") == true, "\(e.instrument) \(row.dimension)=\(row.subgroup) \(row.outcome) \(row.horizonMonths)")
            }
        }
        XCTAssertEqual(cells, 37, "the issue's 37 of 48 cells")
    }

    /// The sample account has a row for every group, outcome and horizon the config estimates.
    func testTheSampleAccountCoversEveryOutcomeAndHorizon() throws {
        let text = ReportText(dutch: true)
        for (results, md) in [(ReportTests.results, ReportTests.exampleFiles["report.md"]!), (Self.otherMunicipality, Self.otherFiles["report.md"]!)] {
            for e in results.effects {
                let section = md.components(separatedBy: "### \(text.instrument(e.instrument))\n")[1].components(separatedBy: "Selectie per groep, uitkomst en horizon:")[1]
                    .components(separatedBy: "\n\n")[1]
                XCTAssertEqual(section.split(separator: "\n").count, 2 + e.rows.count, e.instrument)
                for r in e.rows {
                    XCTAssert(section.contains("| \(text.group(r.dimension, r.subgroup)) | \(text.outcome(r.outcome)) | \(text.months(r.horizonMonths)) |"), "\(e.instrument) \(r.outcome) \(r.horizonMonths)")
                }
            }
        }
    }

    /// Counts carry thousands separators, dates and horizons are written out; only instruments that occur are listed.
    func testLocaleNumbersDatesAndOnlyOccurringInstruments() throws {
        let md = ReportTests.exampleFiles["report.md"]!
        XCTAssertNil(md.range(of: #"\| (?!(19|20)\d\d \|)\d{4,} \|"#, options: .regularExpression), "a count without thousands separator")
        XCTAssert(md.contains("| 4.170 |") && md.contains("oktober 2011 tot en met december 2012") && md.contains("| 24 maanden |"))
        XCTAssertFalse(md.contains("participatiecentrum"), "an instrument nobody received")
        XCTAssert(Self.englishFiles["report.md"]!.contains("| 4,170 |"))
    }

    func testSavingsNameTheirTableEstimandAndCoverage() throws {
        let md = ReportTests.exampleFiles["report.md"]!
        XCTAssert(md.contains("Toegepaste effecttabel: lammers-2013.csv. Bron van de gemiddelde effecten: 004 appendix B"))
        XCTAssert(md.contains("zegt niet wat haar effecten vergelijken"))
        // Own estimates: applied to the participants they cover, with intervals carried from the effects.
        let r = Self.otherMunicipality, other = Self.otherFiles["report.md"]!
        XCTAssertEqual(r.savingsBasis.effectsFrom, "estimates")
        for e in r.effects { XCTAssertEqual(r.participantCounts[e.instrument], e.participants.estimated) }
        XCTAssert(r.effects.contains { $0.participants.startedAfterWindow > 0 }, "starts after the window are outside the estimates")
        XCTAssert(other.contains("Toegepast: de eigen schattingen van dit rapport"))
        XCTAssert(other.contains("alleen toegepast op de deelnemers die de schattingen dekken"))
        XCTAssertNotNil(r.appliedAverage.extraOutOfBenefit2ySE)
        let summary = other.components(separatedBy: "## Gegevens en selectie")[0]
        XCTAssertNotNil(summary.range(of: #"\| Extra uit de uitkering na 12 maanden \| -?[\d.]+,\d \| \[-?[\d.]+,\d; -?[\d.]+,\d\] \|"#, options: .regularExpression), summary)
    }

    /// Overlap, love plot with legend and reference levels, effect path and forest plots of every horizon; a warnings section.
    func testDiagnosticsAreVisible() throws {
        let files = ReportTests.exampleFiles, md = files["report.md"]!
        for name in ["overlap-matching", "balance-matching", "path-matching", "forest-matching", "forest-months-matching"] {
            let svg = try XCTUnwrap(files["figures/\(name).svg"], name)
            XCTAssertGreaterThan(svg.components(separatedBy: "<circle").count + svg.components(separatedBy: "<rect").count, 4, name)
            XCTAssert(md.contains("![](figures/\(name).svg)"), name)
        }
        let love = files["figures/balance-matching.svg"]!
        for label in [">voor<", ">na<", "man (referentie)", "leeftijd 18–24 (referentie)", "alleenstaand of huishouden onbekend (referentie)", ">0,10<"] { XCTAssert(love.contains(label), label) }
        let forest = files["figures/forest-matching.svg"]!
        XCTAssert(forest.contains("12 maanden") && forest.contains("24 maanden") && forest.contains("hoog opgeleid"))
        XCTAssert(md.contains("## Waarschuwingen bij de schattingen") && md.contains("onbalans na matchen") && md.contains("te weinig deelnemers of controles"))
        XCTAssertNotNil(Self.otherFiles["figures/overlap-matching.svg"], "overlap with weighting too")
    }

    /// Issue #11 item 6 in the report: the headline figure as estimated and under other matching
    /// choices, one table per instrument, in the report's language.
    func testSensitivityTableShowsTheHeadlineUnderOtherMatchingChoices() throws {
        let nl = ReportTests.exampleFiles["report.md"]!, en = Self.englishFiles["report.md"]!
        XCTAssert(nl.contains("| keuze | effect | 95%-interval | gematchte deelnemers |"), "Dutch header")
        for row in ["| zoals geschat |", "| caliper 0,1 SD |", "| caliper 0,2 SD |", "| geen caliper |", "| 1 dichtstbijzijnde controle |",
                    "| 5 dichtstbijzijnde controles |", "| scores buiten het 1e–99e percentiel van de controles weggelaten |"] {
            XCTAssert(nl.contains(row), row)
        }
        XCTAssertEqual(nl.components(separatedBy: "Gevoeligheid: het effect op").count - 1, ReportTests.results.effects.count, "one table per instrument")
        XCTAssert(en.contains("| choice | effect | 95% interval | participants matched |") && en.contains("| as estimated |") && en.contains("| no caliper |"))
        XCTAssertFalse(Self.otherFiles["report.md"]!.contains("Gevoeligheid"), "weighting has no matching choices to vary")
    }

    /// The sensitivity figures are withheld with the whole-cohort model, and their counts are under disclosure control.
    func testSensitivityFiguresAreWithheldWithTheHeadlineModel() throws {
        let r = ReportTests.results, headline = r.effects[0].rows.first { $0.dimension == "all" }!
        XCTAssertFalse(r.effects[0].sensitivity.isEmpty)
        let shown = DisclosurePlan.disclose(DisclosureControl()) { $0.report(r) }
        XCTAssert(shown.isShown("effects[0].sensitivity[0].estimate"))
        let strict = DisclosurePlan.disclose(DisclosureControl(minCellSize: headline.nTreated + 1)) { $0.report(r) }
        for j in r.effects[0].sensitivity.indices {
            XCTAssertFalse(strict.isShown("effects[0].sensitivity[\(j)].estimate"), "variant \(j)")
            XCTAssertNotNil(strict.values["effects[0].sensitivity[\(j)].n_treated"], "its count is a cell of the plan")
        }
    }

    func testTheMunicipalityMustBeNamed() throws {
        XCTAssertThrowsError(try ReportTests.build(replacing: [("municipality = \"Leiden\"", "municipality = \" \"")])) { e in
            XCTAssert("\(e)".hasSuffix(".toml:3: 'municipality' in the top level must name the municipality, not be empty"), "\(e)")
        }
    }

    func testStaticDesignTakesATTOrATEOnly() throws {
        XCTAssertThrowsError(try ReportTests.build(replacing: [("design = \"dynamic\"", "design = \"static\"")])) { e in
            XCTAssert("\(e)".contains("'estimand' in [estimation] is 'now-vs-waiting', which the static design does not estimate; valid: att, ate"), "\(e)")
        }
    }
}
