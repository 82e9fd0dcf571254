/// 整改事项: one problem to put right — found in a backward unit's ledger (帮扶整改台账), on an
/// inspection tour (巡回检查), on a leader's visit (调研指导) or demanded of a public commitment by its
/// reviewer (承诺整改要求) — with the measure, who is responsible, a
/// deadline, progress with evidence, the unit's request to check it off and the superior's confirmation
/// (盘点销号) or return [DOMAIN §4; sources 001, 003]. Every source makes items of this one shape.
public enum RectificationState: String, Sendable, CaseIterable, Codable {
    /// 整改中: the unit works on it (also after a return).
    case open
    /// 待销号: the unit reports it done and asks the confirming organization to check it off.
    case reported
    /// 已销号: the confirming organization checked it off.
    case checkedOff = "checked_off"

    public var name: Bilingual {
        switch self {
        case .open: .init("整改中", "Open")
        case .reported: .init("待销号", "Awaiting check-off")
        case .checkedOff: .init("已销号", "Checked off")
        }
    }
}

/// Where an item was found; each source owns its items.
public enum RectificationSource: String, Sendable, CaseIterable, Codable {
    /// 帮扶整改台账 of a backward organization or member.
    case backward
    /// 巡回检查 finding.
    case inspection
    /// 调研指导: a problem found on a leader's visit to a contact point.
    case visit
    /// 承诺整改要求: the reviewer's rectification demand on a public commitment (its author answers).
    case commitment
    /// 动态管理: a commended unit or person that slides is criticized and given a deadline [003 §四(三)].
    case commendation

    public var name: Bilingual {
        switch self {
        case .backward: .init("帮扶整改", "Backward-unit ledger")
        case .inspection: .init("巡回检查", "Inspection tour")
        case .visit: .init("调研指导", "Contact-point visit")
        case .commitment: .init("承诺整改", "Commitment rectification")
        case .commendation: .init("表彰动态管理", "Commendation follow-up")
        }
    }
}

/// What can be done to an item.
public enum RectificationAction: String, Sendable, CaseIterable, Codable {
    /// 报告进展: what was done, with evidence; the state stays.
    case progress
    /// 申请销号
    case request
    /// 销号: only the confirming organization.
    case checkOff = "check_off"
    /// 退回: the confirming organization sends a request back, with the reason.
    case `return`

    public var name: Bilingual {
        switch self {
        case .progress: .init("报告进展", "Report progress")
        case .request: .init("申请销号", "Request check-off")
        case .checkOff: .init("销号", "Check off")
        case .return: .init("退回", "Return")
        }
    }

    /// Whether it is the confirming organization's step (the others are the unit's).
    public var byConfirmer: Bool { self == .checkOff || self == .return }
}

/// The rules of an item's life: which step leads where, what each needs, and when it is overdue.
public enum RectificationRules {
    public static let textLimit = 2000

    /// The state `action` leads to from `state`, or a conflict naming why not.
    public static func apply(_ action: RectificationAction, to state: RectificationState) throws -> RectificationState {
        switch (action, state) {
        case (.progress, .open), (.progress, .reported): return state
        case (.request, .open): return .reported
        case (.checkOff, .reported): return .checkedOff
        case (.return, .reported): return .open
        case (_, .checkedOff):
            throw VanguardError.conflict("该整改事项已销号", "This item has been checked off already")
        case (.request, .reported):
            throw VanguardError.conflict("已申请销号，请等待上级确认", "Check-off has been requested already")
        case (.checkOff, .open), (.return, .open):
            throw VanguardError.conflict("整改单位尚未申请销号", "The unit has not asked for check-off yet")
        }
    }

    /// What a step must say: progress and a request describe what was done, a return its reason.
    public static func check(_ action: RectificationAction, text: String) throws {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count > textLimit {
            throw VanguardError.invalid("内容不能超过\(textLimit)字", "At most \(textLimit) characters", field: "text")
        }
        switch action {
        case .progress, .request:
            if t.isEmpty { throw VanguardError.invalid("请写明整改进展和佐证", "Describe what was done", field: "text") }
        case .return:
            if t.isEmpty { throw VanguardError.invalid("退回须写明理由", "A return needs a reason", field: "text") }
        case .checkOff: break
        }
    }

    /// A new item: the problem, the measure and who is responsible, with a deadline not yet passed.
    public static func checkNew(problem: String, measure: String, responsible: String, deadline: CalendarDay, today: CalendarDay) throws {
        func required(_ s: String, _ field: String, _ zh: String, _ en: String, limit: Int) throws {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty || t.count > limit {
                throw VanguardError.invalid("请写明\(zh)（不超过\(limit)字）", "\(en) is required (at most \(limit) characters)", field: field)
            }
        }
        try required(problem, "problem", "存在的问题", "The problem", limit: textLimit)
        try required(measure, "measure", "整改措施", "The measure", limit: textLimit)
        try required(responsible, "responsible", "责任人", "Who is responsible", limit: 100)
        if deadline < today { throw VanguardError.invalid("整改时限不能早于今天", "The deadline has already passed", field: "deadline") }
    }

    /// 逾期: past its deadline and not checked off.
    public static func isOverdue(state: RectificationState, deadline: CalendarDay, today: CalendarDay) -> Bool {
        state != .checkedOff && deadline < today
    }

    /// Days before a deadline when the unit is reminded.
    public static let reminderDays = 7
}
