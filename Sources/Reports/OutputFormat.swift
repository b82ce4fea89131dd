/// The output formats every command offers.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, md
}
