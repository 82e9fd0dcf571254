/// 典型来源: where the office found an exemplary organization or member.
public enum ExemplarSource: String, Sendable, CaseIterable, Codable {
    /// 受表彰的先进集体、个人.
    case commendation
    /// 命名的示范点.
    case demonstration
    /// 群众满意度高.
    case satisfaction
    case other

    public var name: Bilingual {
        switch self {
        case .commendation: .init("评选表彰", "Commended")
        case .demonstration: .init("示范点", "Demonstration point")
        case .satisfaction: .init("群众满意", "High satisfaction")
        case .other: .init("其他", "Other")
        }
    }
}

/// 典型的状态: a draft only its office sees; published on the public campaign page; taken down again.
public enum ExemplarState: String, Sendable, CaseIterable, Codable {
    case draft
    case published
    case withdrawn

    public var name: Bilingual {
        switch self {
        case .draft: .init("草稿", "Draft")
        case .published: .init("已发布", "Published")
        case .withdrawn: .init("已撤下", "Withdrawn")
        }
    }

    /// Publish from a draft or a withdrawn story, withdraw a published one.
    public func allows(_ next: ExemplarState) -> Bool {
        switch (self, next) {
        case (.draft, .published), (.withdrawn, .published), (.published, .withdrawn): true
        default: false
        }
    }
}
