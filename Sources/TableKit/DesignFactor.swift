/// A factor of a model's design: a dummy column for every level but one, the reference level,
/// which the model leaves out. Balance tables list the reference level too (cobalt's `bal.tab`
/// shows every level of a factor): the worst imbalance can sit in the level the model does not show.
///
/// The reference level's share is the share of `within` minus the shares of the other levels:
/// `within` is nil for a factor that splits everyone, or the name of a coarser level that the
/// factor splits further (nested factors: the finest education level within its group).
public struct DesignFactor: Sendable, Equatable, Hashable {
    /// The name the reference level's row gets.
    public let reference: String
    /// The design columns of the other levels.
    public let levels: [String]
    /// The coarser level this factor splits; nil: everyone.
    public let within: String?

    public init(reference: String, levels: [String], within: String? = nil) {
        self.reference = reference
        self.levels = levels
        self.within = within
    }
}
