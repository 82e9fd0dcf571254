/// 创先争优基石工程: the award fund of a committee for a year — money received from each source (a
/// sponsor, the city, the counties), awards paid from a source to a commended unit or person, and awards
/// reclaimed when a title is revoked [DOMAIN §5; source 001 §四].
public enum FundSourceKind: String, Sendable, CaseIterable, Codable {
    /// 企业资助 (Lu'an: 迎驾集团党委 1.8 M a year).
    case sponsor
    /// 市级配套
    case city
    /// 县（区）级配套
    case county
    case other

    public var name: Bilingual {
        switch self {
        case .sponsor: .init("社会资助", "Sponsor")
        case .city: .init("市级配套", "City")
        case .county: .init("县（区）级配套", "County")
        case .other: .init("其他", "Other")
        }
    }
}

/// What an award is: money, or a place on a study tour or a training course (paid for from the fund).
public enum AwardKind: String, Sendable, CaseIterable, Codable {
    case cash
    case studyTour = "study_tour"
    case training

    public var name: Bilingual {
        switch self {
        case .cash: .init("奖金", "Cash")
        case .studyTour: .init("外出考察", "Study tour")
        case .training: .init("高端培训", "Training")
        }
    }
}

/// 资金台账的一笔: money in, an award out, or an award reclaimed.
public enum FundEntryKind: String, Sendable, CaseIterable, Codable {
    case income, payment, reclaim

    public var name: Bilingual {
        switch self {
        case .income: .init("资金到账", "Received")
        case .payment: .init("奖励支出", "Award paid")
        case .reclaim: .init("追回奖励", "Award reclaimed")
        }
    }
}

/// 审批: a payment waits for a second person; income and reclaims are recorded as they happen.
public enum FundEntryState: String, Sendable, CaseIterable, Codable {
    case pending, approved, rejected

    public var name: Bilingual {
        switch self {
        case .pending: .init("待审批", "Awaiting approval")
        case .approved: .init("已入账", "Booked")
        case .rejected: .init("未批准", "Rejected")
        }
    }
}

public enum AwardFundRules {
    /// One entry is at most 10 million yuan (a whole year's fund of a city is a few million).
    public static let maxAmount = 10_000_000

    public static func checkAmount(_ amount: Int) throws {
        guard amount > 0, amount <= maxAmount else {
            throw VanguardError.invalid("金额须为1到\(maxAmount)元的整数", "The amount is 1 to \(maxAmount) whole yuan", field: "amount")
        }
    }

    public static func checkNote(_ note: String, required: Bool) throws {
        let t = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && t.isEmpty { throw VanguardError.invalid("请填写说明", "Say what it is for", field: "note") }
        guard CommendationText.fits(t, limit: 500) else { throw VanguardError.invalid("说明不能超过500字", "At most 500 characters", field: "note") }
    }

    /// 两人审批: whoever proposed a payment does not approve it; nothing is paid beyond the source's balance.
    public static func checkApproval(proposedBy: String, approver: String, amount: Int, balance: Int) throws {
        guard proposedBy != approver else {
            throw VanguardError(.forbidden, .init("奖励支出须由另一人审批，不能审批自己提出的", "Another person approves a payment"))
        }
        guard amount <= balance else {
            throw VanguardError.conflict("该资金来源余额\(balance)元，不足支付\(amount)元", "The source's balance of \(balance) yuan is short of \(amount)")
        }
    }
}
