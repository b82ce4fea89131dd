import TableKit

/// A coded value that municipal exports write in English or Dutch.
public protocol AliasedCode: CaseIterable, RawRepresentable, Sendable where RawValue == String {
    /// Accepted spellings, canonical first (compared case-insensitively, with spaces,
    /// hyphens and underscores treated alike).
    var aliases: [String] { get }
}

extension AliasedCode {
    public static func parse(_ text: String) -> Self? {
        // Fast path: the spelling as listed (the common case in large exports).
        if let c = Self(rawValue: text) { return c }
        let key = CodeNormalization.key(text)
        return allCases.first { $0.aliases.contains { CodeNormalization.key($0) == key } }
    }

    /// The accepted spelling closest to `text` (Levenshtein distance), for error messages.
    public static func nearest(to text: String) -> String {
        let key = CodeNormalization.key(text)
        var best = ("", Int.max)
        for c in allCases { for a in c.aliases {
            let d = CodeNormalization.distance(key, CodeNormalization.key(a))
            if d < best.1 { best = (a, d) }
        } }
        return best.0
    }

    public static var acceptedList: String { allCases.map { $0.aliases[0] }.joined(separator: ", ") }
}

enum CodeNormalization {
    /// Lower case, with spaces, hyphens and underscores all as "_".
    static func key(_ s: String) -> String {
        String(s.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    static func distance(_ a: String, _ b: String) -> Int { TextDistance.levenshtein(a, b) }
}

/// Highest completed education (DESIGN §1): low = BO/LBO/MAVO/VMBO, high = HAVO/VWO/MBO/HBO/WO.
public enum EducationLevel: String, AliasedCode {
    case bo = "BO", lbo = "LBO", mavo = "MAVO", vmbo = "VMBO", havo = "HAVO", vwo = "VWO", mbo = "MBO", hbo = "HBO", wo = "WO"
    case unknown
    public var aliases: [String] { self == .unknown ? ["unknown", "onbekend"] : [rawValue] }

    /// The two groups of 004 table B.1.
    public var group: String {
        switch self {
        case .bo, .lbo, .mavo, .vmbo: return "low"
        case .havo, .vwo, .mbo, .hbo, .wo: return "high"
        case .unknown: return "unknown"
        }
    }
}

public enum EndReason: String, AliasedCode {
    case work, moved, otherBenefit = "other_benefit", other, unknown
    public var aliases: [String] {
        switch self {
        case .work: return ["work", "werk"]
        case .moved: return ["moved", "verhuizing"]
        case .otherBenefit: return ["other_benefit", "andere_uitkering"]
        case .other: return ["other", "overig"]
        case .unknown: return ["unknown", "onbekend"]
        }
    }
}

public enum Sex: String, AliasedCode {
    case male = "M", female = "F"
    public var aliases: [String] { self == .male ? ["M", "man"] : ["F", "V", "vrouw", "female"] }
}

public enum Household: String, AliasedCode {
    case single, singleParent = "single_parent", couple
    public var aliases: [String] {
        switch self {
        case .single: return ["single", "alleenstaand"]
        case .singleParent: return ["single_parent", "alleenstaande_ouder"]
        case .couple: return ["couple", "samenwonend", "gehuwd"]
        }
    }
}

/// The re-integration instruments of Re-integratie Leiden (DESIGN §5).
public enum Instrument: String, AliasedCode, Codable {
    case activeMediation = "active_mediation", matching, jobSearchTraining = "job_search_training", aftercare, schooling
    case wageSubsidy = "wage_subsidy", supplyStrengthening = "supply_strengthening", noRiskPolicy = "no_risk_policy"
    case participationCentre = "participation_centre", placementPPS = "placement_pps"
    public var aliases: [String] {
        switch self {
        case .matching: return ["matching", "gerichte_matching"]
        case .activeMediation: return ["active_mediation", "actieve_bemiddeling"]
        case .jobSearchTraining: return ["job_search_training", "sollicitatietraining"]
        case .aftercare: return ["aftercare", "nazorg"]
        case .schooling: return ["schooling", "scholing"]
        case .wageSubsidy: return ["wage_subsidy", "opstapsubsidie"]
        case .supplyStrengthening: return ["supply_strengthening", "aanbodversterking"]
        case .noRiskPolicy: return ["no_risk_policy", "no_risk_polis"]
        case .participationCentre: return ["participation_centre", "participatiecentrum"]
        case .placementPPS: return ["placement_pps", "leidse_kracht"]
        }
    }
}
