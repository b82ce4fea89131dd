import TableKit

/// A coded value that municipal exports write in English or Dutch.
public protocol AliasedCode: CaseIterable, RawRepresentable, Hashable, Sendable where RawValue == String {
    /// Accepted spellings, canonical first (compared case-insensitively and trimmed, with
    /// spaces, hyphens and underscores treated alike).
    var aliases: [String] { get }
    /// The coded column (and table of a codes file) this code belongs to.
    static var codedColumn: CodedColumn { get }
    /// Every built-in spelling, as written and normalised, with its code (`makeLookup()`,
    /// stored once per type: parsing runs once per row of large exports).
    static var lookup: [String: Self] { get }
}

/// The columns whose values are codes, each a table of a codes file (`reval link --codes`).
public enum CodedColumn: String, CaseIterable, Sendable, Codable {
    case instrument, education, sex, endReason = "end_reason", household

    /// The file the column is read from and its canonical column name there.
    public var isTrajectoryColumn: Bool { self == .instrument }

    /// Words for messages ("end reason", …).
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

extension AliasedCode {
    /// The built-in code a spelling stands for (nil when none).
    public static func parse(_ text: String) -> Self? {
        // Fast path: the spelling as listed (the common case in large exports).
        lookup[text] ?? lookup[CodeNormalization.key(text)]
    }

    static func makeLookup() -> [String: Self] {
        var m = [String: Self]()
        for (spelling, code) in builtInSpellings { m[spelling] = code; m[CodeNormalization.key(spelling)] = code }
        return m
    }

    /// Every built-in spelling with its code, in declaration order.
    public static var builtInSpellings: [(spelling: String, code: Self)] {
        allCases.flatMap { c in c.aliases.map { ($0, c) } }
    }

    public static var acceptedList: String { allCases.map { $0.aliases[0] }.joined(separator: ", ") }
}

enum CodeNormalization {
    /// Trimmed, lower case, with runs of spaces, hyphens and underscores all as one "_", and
    /// a "_" where letters meet digits ("MBO4", "MBO-4" and "mbo 4" are one spelling).
    static func key(_ s: String) -> String {
        var out = ""
        var separator = false
        for ch in s.trimmingWhitespace().lowercased() {
            if ch == " " || ch == "-" || ch == "_" || ch == "\t" {
                separator = true
            } else {
                if let last = out.last, last.isLetter && ch.isNumber || last.isNumber && ch.isLetter { separator = true }
                if separator && !out.isEmpty { out.append("_") }
                separator = false
                out.append(ch)
            }
        }
        return out
    }

    /// The spelling `text` is a near misspelling of, when every spelling that near means the
    /// same thing; nil when nothing is near or near spellings disagree (never a guess across meanings).
    static func nearSpelling<T: Hashable>(of text: String, among candidates: [(spelling: String, meaning: T)]) -> String? {
        let k = key(text)
        guard !k.isEmpty else { return nil }
        var best: (spelling: String, distance: Int)?
        var meanings = Set<T>()
        for c in candidates {
            let ck = key(c.spelling)
            // Short codes (BO, HBO, VWO) tolerate one edit; longer words two.
            let allowed = min(2, max(1, ck.count / 4))
            let d = distance(k, ck)
            guard d <= allowed else { continue }
            meanings.insert(c.meaning)
            if best.map({ d < $0.distance }) ?? true { best = (c.spelling, d) }
        }
        return meanings.count == 1 ? best?.spelling : nil
    }

    static func distance(_ a: String, _ b: String) -> Int { TextDistance.levenshtein(a, b) }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}

/// Highest completed education (DESIGN §1), in the two groups of the published tables:
/// low = BO/LBO/MAVO/VMBO (and MBO level 1, the entry level), high = HAVO/VWO/MBO 2–4/HBO/WO.
///
/// CBS counts MBO 1 with basisonderwijs and vmbo as "laag"; MBO 2–4 and HAVO/VWO are its
/// "middelbaar" and HBO/WO its "hoog". The published tables have two groups only, so
/// middelbaar joins high, as MBO did there; MBO 1 stays low, as CBS has it.
public enum EducationLevel: String, AliasedCode {
    case bo = "BO", lbo = "LBO", mavo = "MAVO", vmbo = "VMBO", mbo1 = "MBO1", havo = "HAVO", vwo = "VWO", mbo = "MBO", hbo = "HBO", wo = "WO"
    case unknown
    public static let codedColumn = CodedColumn.education
    public static let lookup = makeLookup()
    public var aliases: [String] {
        switch self {
        case .bo: return ["BO", "basisonderwijs", "basisschool"]
        case .lbo: return ["LBO", "VBO", "lager beroepsonderwijs", "praktijkonderwijs"]
        case .mavo: return ["MAVO"]
        case .vmbo: return ["VMBO", "VMBO-BB", "VMBO-KB", "VMBO-GL", "VMBO-TL", "VMBO basis", "VMBO kader", "VMBO gemengd", "VMBO theoretisch", "VMBO-GT"]
        case .mbo1: return ["MBO1", "MBO 1", "MBO niveau 1", "entreeopleiding"]
        case .havo: return ["HAVO"]
        case .vwo: return ["VWO", "atheneum", "gymnasium"]
        case .mbo: return ["MBO", "MBO 2", "MBO 3", "MBO 4", "MBO niveau 2", "MBO niveau 3", "MBO niveau 4"]
        case .hbo: return ["HBO", "HBO bachelor", "HBO master", "bachelor", "associate degree"]
        case .wo: return ["WO", "WO bachelor", "WO master", "master", "universiteit"]
        case .unknown: return ["unknown", "onbekend"]
        }
    }

    /// The two groups of 004 table B.1.
    public var group: String {
        switch self {
        case .bo, .lbo, .mavo, .vmbo, .mbo1: return "low"
        case .havo, .vwo, .mbo, .hbo, .wo: return "high"
        case .unknown: return "unknown"
        }
    }
}

public enum EndReason: String, AliasedCode {
    case work, moved, otherBenefit = "other_benefit", other, unknown
    public static let codedColumn = CodedColumn.endReason
    public static let lookup = makeLookup()
    public var aliases: [String] {
        switch self {
        case .work: return ["work", "werk", "werkaanvaarding"]
        case .moved: return ["moved", "verhuizing", "verhuisd"]
        case .otherBenefit: return ["other_benefit", "andere uitkering"]
        case .other: return ["other", "overig", "detentie", "overlijden"]
        case .unknown: return ["unknown", "onbekend"]
        }
    }
}

public enum Sex: String, AliasedCode {
    case male = "M", female = "F"
    public static let codedColumn = CodedColumn.sex
    public static let lookup = makeLookup()
    public var aliases: [String] { self == .male ? ["M", "man", "male"] : ["F", "V", "vrouw", "female"] }
}

public enum Household: String, AliasedCode {
    case single, singleParent = "single_parent", couple
    public static let codedColumn = CodedColumn.household
    public static let lookup = makeLookup()
    public var aliases: [String] {
        switch self {
        case .single: return ["single", "alleenstaand", "alleenstaande"]
        case .singleParent: return ["single_parent", "alleenstaande ouder", "eenoudergezin"]
        case .couple: return ["couple", "samenwonend", "gehuwd", "echtpaar"]
        }
    }
}

/// A re-integration instrument: one of the ten of Re-integratie Leiden (DESIGN §5), or any
/// instrument a codes file introduces (an id of lower-case letters, digits and underscores).
public struct Instrument: AliasedCode, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// nil unless `rawValue` is a valid id: a lower-case letter, then lower-case letters, digits or "_".
    public init?(rawValue: String) {
        guard let f = rawValue.unicodeScalars.first, ("a"..."z").contains(f),
              rawValue.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else { return nil }
        self.rawValue = rawValue
    }

    private init(builtIn id: String) { rawValue = id }

    public static let codedColumn = CodedColumn.instrument
    public static let lookup = makeLookup()
    public var description: String { rawValue }
    public static func < (a: Instrument, b: Instrument) -> Bool { a.rawValue < b.rawValue }

    /// The Dutch names of the built-in instruments (DESIGN §5).
    private static let dutch: [String: [String]] = [
        "active_mediation": ["actieve bemiddeling"], "matching": ["gerichte matching"], "job_search_training": ["sollicitatietraining"],
        "aftercare": ["nazorg"], "schooling": ["scholing"], "wage_subsidy": ["opstapsubsidie"], "supply_strengthening": ["aanbodversterking"],
        "no_risk_policy": ["no risk polis"], "participation_centre": ["participatiecentrum"], "placement_pps": ["leidse kracht"],
    ]

    public static let activeMediation = Instrument(builtIn: "active_mediation")
    public static let matching = Instrument(builtIn: "matching")
    public static let jobSearchTraining = Instrument(builtIn: "job_search_training")
    public static let aftercare = Instrument(builtIn: "aftercare")
    public static let schooling = Instrument(builtIn: "schooling")
    public static let wageSubsidy = Instrument(builtIn: "wage_subsidy")
    public static let supplyStrengthening = Instrument(builtIn: "supply_strengthening")
    public static let noRiskPolicy = Instrument(builtIn: "no_risk_policy")
    public static let participationCentre = Instrument(builtIn: "participation_centre")
    public static let placementPPS = Instrument(builtIn: "placement_pps")

    /// The ten built-in instruments, in the order of the cohort file's columns.
    public static let allCases: [Instrument] = [
        .activeMediation, .matching, .jobSearchTraining, .aftercare, .schooling,
        .wageSubsidy, .supplyStrengthening, .noRiskPolicy, .participationCentre, .placementPPS,
    ]

    public var isBuiltIn: Bool { Self.allCases.contains(self) }

    public var aliases: [String] {
        [rawValue] + (Self.dutch[rawValue] ?? [])
    }

    /// The built-in instruments followed by the others among `instruments`, sorted by id.
    public static func builtInThen<S: Sequence>(_ instruments: S) -> [Instrument] where S.Element == Instrument {
        allCases + Set(instruments).subtracting(allCases).sorted()
    }
}
