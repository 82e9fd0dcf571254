/// UI text of 活动 (campaigns and focus areas).
extension Strings {
    static let campaigns: [String: (zh: String, en: String)] = [
        "createCampaign": ("设立新活动", "Set up a campaign"),
        "subTheme": ("副主题", "Sub-theme"),
        "startYear": ("开始年份", "Start year"),
        "endYear": ("结束年份", "End year"),
        "startsOn": ("开始日期", "Starts on"),
        "endsOn": ("结束日期", "Ends on"),
        "onePerLine": ("每行一个", "one per line"),
        "focusAreas": ("承诺重点领域", "Focus areas"),
        "audience": ("对象", "Audience"),
        "add": ("添加", "Add"),
    ]
}
