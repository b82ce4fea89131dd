/// The amounts of the source documents that reval takes as defaults, in one place: every
/// default of a command, a calculation or a starter config refers here.
public enum BenefitAmounts {
    /// Gross cost of one benefit month (004 §2.6: € 1,260 = 1.5 × net, 2015).
    public static let grossMonth = 1260.0
    /// Net benefit month (004 §2.6: € 840 per 1 January 2015).
    public static let netMonth = 840.0
    /// Cost of one client-year on benefit (000 chapter 5, Lansingerland-Voorschoten: € 15,000).
    public static let clientYear = 15_000.0
}
