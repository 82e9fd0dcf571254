/// 活动: the campaign's years and phases.
enum CampaignsCapability: StoreCapability {
}

extension Vanguard {
    public var campaigns: CampaignService { .init(backend: backend, time: time) }
}
