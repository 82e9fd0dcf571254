import Foundation

/// A command on a commitment. Every transition is one of these, with an actor, a time and an
/// optional note, kept as history.
public enum CommitmentAction: String, Sendable, CaseIterable, Codable {
    case submit, `return`, approve, publish, start, fulfil, markOverdue = "mark_overdue", withdraw, evaluate

    public var name: Bilingual {
        switch self {
        case .submit: .init("提交审核", "Submit")
        case .return: .init("退回修改", "Return")
        case .approve: .init("审核通过", "Approve")
        case .publish: .init("公开承诺", "Publish")
        case .start: .init("开始践诺", "Start")
        case .fulfil: .init("确认兑现", "Fulfil")
        case .markOverdue: .init("标记逾期", "Mark overdue")
        case .withdraw: .init("撤回", "Withdraw")
        case .evaluate: .init("评诺", "Evaluate")
        }
    }

    /// Who may take the action: the commitment's author, or its reviewer.
    public var byReviewer: Bool {
        switch self {
        case .return, .approve, .publish, .markOverdue, .evaluate: true
        case .submit, .start, .fulfil, .withdraw: false
        }
    }
}

/// 承诺状态流转: which action is allowed in which state, and where it leads.
public enum CommitmentTransition {
    public static func next(from state: CommitmentState, by action: CommitmentAction) -> CommitmentState? {
        switch (action, state) {
        case (.submit, .draft), (.submit, .returned): .submitted
        case (.return, .submitted): .returned
        case (.approve, .submitted): .approved
        case (.publish, .approved): .published
        case (.start, .published): .inProgress
        case (.fulfil, .inProgress), (.fulfil, .published), (.fulfil, .overdue): .fulfilled
        case (.markOverdue, .published), (.markOverdue, .inProgress): .overdue
        case (.withdraw, .draft), (.withdraw, .submitted), (.withdraw, .returned): .withdrawn
        case (.evaluate, .fulfilled), (.evaluate, .overdue), (.evaluate, .inProgress), (.evaluate, .published): .evaluated
        default: nil
        }
    }

    /// The next state, or a conflict naming the state and the action (answered as 409).
    public static func apply(_ action: CommitmentAction, to state: CommitmentState, note: String?) throws -> CommitmentState {
        if action == .return && (note?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) {
            throw VanguardError.invalid("退回时须写明理由", "A return needs a reason", field: "note")
        }
        guard let next = next(from: state, by: action) else {
            throw VanguardError.conflict(
                "承诺当前为“\(state.name.zh)”，不能\(action.name.zh)", "A commitment that is \(state.name.en.lowercased()) cannot be \(action.rawValue)ed")
        }
        return next
    }
}
