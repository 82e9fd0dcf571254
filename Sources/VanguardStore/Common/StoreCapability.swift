/// One capability's registration in the store (能力登记): the migrations it owns and the projections it
/// keeps. Its service is reached as `vanguard.<name>`, declared in the same file as an extension of
/// `Vanguard`. A new capability is a folder with one of these, plus one line in `StoreCapabilities.all`.
protocol StoreCapability: Sendable {
    /// Its schema changes. Versions are numbered across the whole store (the number orders them), so a
    /// new migration takes the next free number, whichever capability owns it.
    static var migrations: [any Migration] { get }
    /// The derived data it keeps on the write path (`WritePath.changing`).
    static var projections: [any Projection] { get }
}

extension StoreCapability {
    static var migrations: [any Migration] { [] }
    static var projections: [any Projection] { [] }
}

/// Every capability of the store, in the order their projections settle.
enum StoreCapabilities {
    static let all: [any StoreCapability.Type] = [
        TreeCapability.self,
        AccountsCapability.self,
        CampaignsCapability.self,
        CommitmentsCapability.self,
        FulfilmentCapability.self,
        EvaluationCapability.self,
        PointsCapability.self,
        ScoringCapability.self,
        StatisticsCapability.self,
        SupportCapability.self,
        CommendationCapability.self,
        AnnouncementsCapability.self,
        ExemplarsCapability.self,
        WorkReportsCapability.self,
        WorkbenchCapability.self,
    ]
}
