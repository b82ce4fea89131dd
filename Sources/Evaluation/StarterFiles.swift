import Finance

/// The commented starter files `reval init DIR` writes: an evaluation config that passes
/// `reval report --config DIR/evaluation.toml --check` once the files its `[inputs]` name (the
/// two exports and an effect table, which init does not write) are there, and a codes file with
/// an example mapping per coded column.
public enum StarterFiles {
    public static let configName = "evaluation.toml"
    public static let codesName = "codes.toml"

    public static let config = """
    # Evaluation of re-integration instruments: `reval report --config evaluation.toml --out report`.
    # Check it without running: `reval report --config evaluation.toml --check`. Put the files [inputs]
    # names there first (or change the paths): --check names any that is missing or cannot be read.
    # Paths are relative to this file. Every key below is required unless marked optional;
    # an unknown key or value is an error, never a default.

    title = "Re-integratie: evaluatie"
    # Optional: the municipality the data are of; the report's summary names it.
    # municipality = "Gemeente"
    # Report language: nl or en.
    language = "nl"
    # Disclosure control: counts below this are shown as "<N", shares over fewer persons are not shown.
    # At least 10 (the CBS minimum) unless disclosure = "internal".
    min_cell_size = 10
    # Optional: "publication" (the default) or "internal" (min_cell_size may be lower; every output says "not for publication").
    # disclosure = "publication"
    # Seed of the bootstrap (0 or more); the same seed gives the same report.
    seed = 1

    [inputs]
    # Benefits export, one row per benefit spell (`;`, `,` or tab; UTF-8 or Windows-1252).
    benefits = "benefits.csv"
    # Re-integration export, one row per instrument a person received.
    trajectories = "trajectories.csv"
    # Effect table to apply to the participant counts (DESIGN section 5 format), e.g. one written by `reval estimate --out`.
    # Not needed with effects = "estimates" in [apply].
    effects = "effects.csv"
    # The exports' own spellings of coded values (see codes.toml beside this file).
    codes = "codes.toml"
    # Optional: fail (default) stops at the first bad row; exclude leaves out each person with one.
    # on_error = "exclude"
    # Optional: with exclude, fail when more than this share of rows or persons would be left out (0 to 1; default 0.05).
    # max_excluded = 0.05
    # Optional: spells that follow within this many days are one spell (default 31).
    # merge_gap_days = 31

    [cohort]
    # Inflow window of the cohort and the date the data were pulled (YYYY-MM-DD).
    start = "2010-01-01"
    end = "2012-12-31"
    extraction_date = "2014-06-30"
    # Optional: window of the outflow figure.
    # describe_from = "2011-10-01"
    # describe_to = "2012-12-31"

    [estimation]
    # Instruments to evaluate: matching, active_mediation, job_search_training, aftercare, schooling,
    # wage_subsidy, supply_strengthening, no_risk_policy, participation_centre, placement_pps,
    # or an instrument id your codes file introduces.
    instruments = ["matching", "schooling"]
    # dynamic (Sianesi 2004; recommended) or static.
    design = "dynamic"
    # psm, ipw or aipw.
    method = "psm"
    # Dynamic design: now-vs-waiting or now-vs-never (the one that answers "extra compared with no
    # re-integration"). Static design: att or ate.
    estimand = "now-vs-waiting"
    # Months after the start of the instrument (1 to 600).
    horizons = [24, 96]
    # Subgroups: education, age, work_history, sex, provider (or [] for none). A provider's
    # participants are compared with every control; small providers are not estimated.
    by = ["education", "work_history"]
    # Optional: caliper in standard deviations of the score (matching; default none).
    # caliper = 0.2
    # Optional, dynamic design: the latest month after inflow of a start that is estimated (default 36).
    # max_tau = 36
    # Optional, static design: treated when the start lies within this many months of inflow (default 12).
    # window = 12
    # Optional, weighting: leave out scores outside [trim, 1 - trim] (default 0).
    # trim = 0.01
    # Outcomes: out_of_benefit, months_out_of_benefit, out_to_work, durably_out_of_benefit
    # (6 months in a row), reentry_within_12_months.
    outcomes = ["out_of_benefit", "months_out_of_benefit"]
    # Further columns of the benefits export for the propensity model, e.g. ["district"]:
    # numbers as numbers, other values as dummies against the most frequent value.
    covariates = []

    [apply]
    # Gross and net cost of one benefit month in euros.
    monthly_benefit = \(Int(BenefitAmounts.grossMonth))
    net_monthly_benefit = \(Int(BenefitAmounts.netMonth))
    # Dimension of the composition-weighted application: education, age, work_history or sex.
    composition_by = "education"
    # Optional: "table" (default: inputs.effects) or "estimates" (this report's own estimates, applied
    # only to the participants they cover).
    # effects = "estimates"
    # Optional: what the effect table's effects compare, when its source says (now-vs-never, now-vs-waiting, att, ate).
    # table_estimand = "now-vs-never"

    # Optional: break-even of a placement instrument (004 section 2.6); repeat [[breakeven]] for more.
    [[breakeven]]
    name = "Plaatsingsinstrument"
    fixed_cost = 511000
    bonus = 1800
    placements = 160
    spontaneous_week = 24.7
    entry_week = 7

    # Optional: BUIG own risk and safety net per year (000 chapter 6).
    # [[buig]]
    # name = "BUIG"
    # years = [2019, 2020]
    # budgets = [24729914, 24840389]
    # net_spending = [28204449, 28330049]
    # clients_per_year = 30
    # cost_per_client_year = 15000

    # Optional: the published outflow figures the report compares with, in the report's language.
    # [benchmark]
    # outflow = "figuur 2.4 van het rekenkamerrapport: 12% binnen 7 weken"

    """

    public static let codes = """
    # How this municipality's exports spell their categories: one table per coded column,
    # mapping the export's value (case and surrounding spaces ignored) to reval's category.
    # `reval link --list-codes` lists every value in your exports with its count and mapping.
    # Remove the leading "# " of a line to use it.

    # [instrument]
    # "Jobhunting via WSP" = "matching"
    # "Loonkostensubsidie" = "wage_subsidy"

    # [education]
    # "Basisonderwijs" = "BO"
    # "HBO-bachelor" = "HBO"

    # [sex]
    # "Man" = "M"
    # "Vrouw" = "F"

    # [end_reason]
    # "Werkaanvaarding" = "work"
    # "Verhuisd" = "moved"

    # [household]
    # "Eenoudergezin" = "single_parent"
    # "Gehuwd" = "couple"

    """
}
