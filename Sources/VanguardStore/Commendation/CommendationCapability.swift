/// 评选表彰: rounds with quotas, nominations level by level, public notice with objections, the decision
/// and revocation.
enum CommendationCapability: StoreCapability {
    static let migrations: [any Migration] = [M023Commendation(), M024AwardFund(), M028CommendationBreakdown(), M029NominationFiles()]
    static let projections: [any Projection] = [CommendationProjection(), FundProjection()]
}

extension Vanguard {
    public var commendations: CommendationService { .init(backend: backend, time: time) }
    public var nominations: NominationService { .init(backend: backend, time: time) }
    public var awardFund: AwardFundService { .init(backend: backend, time: time) }
    public var publicNotices: PublicNoticeService { .init(backend: backend, time: time, key: ballotKey) }
}
