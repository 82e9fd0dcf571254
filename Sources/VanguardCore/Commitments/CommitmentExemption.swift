/// 免于承诺: a retired, elderly or special member (ill, disabled, far away) may be exempted from
/// committing, with the branch's recorded consent; a leader or secretary never is [DOMAIN §1.2, §2].
public enum CommitmentExemption {
    public enum Reason: String, Sendable, CaseIterable, Codable {
        case retired, elderly, special

        public var name: Bilingual {
            switch self {
            case .retired: .init("离退休", "Retired")
            case .elderly: .init("年老体弱", "Elderly or frail")
            case .special: .init("特殊情况", "Special circumstances")
            }
        }
    }

    public static func check(_ c: MemberCategories, reason: Reason, consent: String, note: String?) throws {
        if c.higherStandard {
            throw VanguardError.conflict("领导干部和党组织书记须作承诺，不能免除", "Leaders and secretaries must commit and cannot be exempted")
        }
        if consent.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw VanguardError.invalid("须记录支部同意的依据（如支部大会的日期）", "Record the branch's consent (e.g. the date of the branch meeting)", field: "consent")
        }
        switch reason {
        case .retired where !c.retired:
            throw VanguardError.invalid("该党员不是离退休党员", "The member is not retired", field: "reason")
        case .elderly where !c.elderly:
            throw VanguardError.invalid("该党员未登记为年老体弱", "The member is not recorded as elderly or frail", field: "reason")
        case .special where (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            throw VanguardError.invalid("特殊情况须写明原因", "Special circumstances need an explanation", field: "note")
        default: break
        }
    }
}
