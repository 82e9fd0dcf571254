/// 报告状态: a report asked for by a 报送任务 is due (未报) until its organization submits it to its superior;
/// the superior accepts it (已通过) or returns it with a reason (退回), and a returned report is written
/// again and resubmitted.
public enum WorkReportState: String, Sendable, CaseIterable, Codable {
    /// 未报 (a draft may be saved meanwhile)
    case due
    /// 已报送，待审阅
    case submitted
    /// 退回修改
    case returned
    /// 已通过
    case accepted

    public var name: Bilingual {
        switch self {
        case .due: .init("未报送", "Not submitted")
        case .submitted: .init("待审阅", "Awaiting review")
        case .returned: .init("退回修改", "Returned")
        case .accepted: .init("已通过", "Accepted")
        }
    }

    /// Whether the organization may still write it (save or submit).
    public var open: Bool { self == .due || self == .returned }
    /// Whether it reached the superior (已报送: waiting or accepted) — the figure "received".
    public var received: Bool { self == .submitted || self == .accepted }
}

/// 报告操作: what the organization (save, submit) and its superior (accept, return) do with a report.
public enum WorkReportAction: String, Sendable, CaseIterable, Codable {
    /// 保存草稿
    case save
    /// 报送
    case submit
    /// 审阅通过
    case accept
    /// 退回
    case `return`

    public var name: Bilingual {
        switch self {
        case .save: .init("保存草稿", "Save draft")
        case .submit: .init("报送", "Submit")
        case .accept: .init("审阅通过", "Accept")
        case .return: .init("退回修改", "Return")
        }
    }

    /// Where the action leads from `state`, or a refusal naming why not.
    public func apply(to state: WorkReportState) throws -> WorkReportState {
        switch (self, state) {
        case (.save, .due), (.save, .returned): return state
        case (.submit, .due), (.submit, .returned): return .submitted
        case (.accept, .submitted): return .accepted
        case (.return, .submitted): return .returned
        case (.save, _), (.submit, _):
            throw VanguardError.conflict("报告已报送，不能再修改", "The report was submitted; it can no longer be changed")
        case (.accept, _), (.return, _):
            throw VanguardError.conflict("只有待审阅的报告可以通过或退回", "Only a report awaiting review can be accepted or returned")
        }
    }
}
