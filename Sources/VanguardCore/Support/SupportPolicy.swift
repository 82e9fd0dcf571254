/// What a caller may do with a backward unit's pairing and ledger, and with one rectification item: the
/// service enforces these answers and the pages show them as buttons.
public struct BackwardPolicy: Sendable, Hashable {
    /// An officer of the designating organization (or above): pairs, opens items, checks them off, lifts, ends.
    public var manages: Bool
    /// A helper (an officer of a helping organization, or the helping member): records help, opens items.
    public var helps: Bool

    public init(manages: Bool, helps: Bool) {
        self.manages = manages
        self.helps = helps
    }

    public var mayRecordHelp: Bool { manages || helps }
    public var mayOpenItems: Bool { manages || helps }
}

public struct RectificationPolicy: Sendable, Hashable {
    /// The unit's own officer (or the member herself): reports progress and asks for check-off.
    public var answers: Bool
    /// An officer of the confirming organization: checks off or returns.
    public var confirms: Bool
    /// Who asked for check-off last (a check-off by the same person is refused: two people close an item).
    public var requestedBy: String?

    public init(answers: Bool, confirms: Bool, requestedBy: String?) {
        self.answers = answers
        self.confirms = confirms
        self.requestedBy = requestedBy
    }

    /// Whether `caller` may take `action` on an item in `state`; a refusal names why.
    public func check(_ action: RectificationAction, state: RectificationState, caller: String) throws {
        if action.byConfirmer {
            guard confirms else {
                throw VanguardError(.forbidden, .init("只有认定或检查的组织可以销号或退回", "Only the confirming organization checks off or returns"))
            }
            if action == .checkOff, requestedBy == caller {
                throw VanguardError(.forbidden, .init("申请销号的人不能自己销号", "Whoever requested check-off cannot confirm it"))
            }
        } else {
            guard answers else { throw VanguardError(.forbidden, .init("只有整改单位可以报告整改情况", "Only the unit reports on its items")) }
        }
        _ = try RectificationRules.apply(action, to: state)
    }

    public func allows(_ action: RectificationAction, state: RectificationState, caller: String) -> Bool {
        (try? check(action, state: state, caller: caller)) != nil
    }
}
