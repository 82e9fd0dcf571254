/// 文字长度: a limit of characters as a clerk counts them, and also of Unicode scalars, so that piling
/// combining marks on one letter cannot store a megabyte in a 50-character field.
public enum CommendationText {
    /// Whether the text is within `limit` characters, and within twice as many Unicode scalars.
    public static func fits(_ text: String, limit: Int) -> Bool {
        text.count <= limit && text.unicodeScalars.count <= limit * 2
    }
}

/// 评选单位: only a committee commends and keeps an award fund; the level it may choose follows its place in
/// the tree — the top committee any level, a local or working committee below it at most city level, a
/// grassroots committee county level.
public enum CommendingCommittee {
    public static let kinds: Set<OrganizationKind> = [.localCommittee, .workingCommittee, .grassrootsCommittee]

    public static func check(kind: OrganizationKind) throws {
        guard kinds.contains(kind) else {
            throw VanguardError.invalid("只有党委可以开展评选表彰、设立奖励基金", "Only a committee commends and keeps a fund", field: "organizationId")
        }
    }

    public static func highestLevel(kind: OrganizationKind, depth: Int) -> CommendationLevel {
        depth == 0 ? .national : kind == .grassrootsCommittee ? .county : .city
    }

    public static func check(level: CommendationLevel, kind: OrganizationKind, depth: Int) throws {
        try check(kind: kind)
        let highest = highestLevel(kind: kind, depth: depth)
        guard level <= highest else {
            throw VanguardError.invalid("该党委开展的评选最高为\(highest.name.zh)表彰", "This committee commends at \(highest.name.en) level at most", field: "level")
        }
    }
}
