import Foundation

/// What a clerk enters for a member, before it is checked. The same rules serve the form, the API
/// and each row of an import, so all three report the same problems.
public struct MemberDraft: Sendable, Hashable, Codable {
    /// 党员编号: unique across the whole system; imports use it to recognise a member.
    public var memberNo: String
    public var name: String
    public var gender: Gender
    public var birthDate: CalendarDay
    public var joinDate: CalendarDay
    public var status: MembershipStatus
    public var phone: String?
    public var categories: MemberCategories

    public init(
        memberNo: String, name: String, gender: Gender, birthDate: CalendarDay, joinDate: CalendarDay,
        status: MembershipStatus = .full, phone: String? = nil, categories: MemberCategories = .init()
    ) {
        self.memberNo = memberNo
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.joinDate = joinDate
        self.status = status
        self.phone = phone
        self.categories = categories
    }
}

/// 党员信息校验: the rules a member's record must satisfy, each with a message naming the field.
public enum MemberValidation {
    /// Returns every problem (not just the first), so a form or an import row can show them all.
    public static func problems(in draft: MemberDraft, today: CalendarDay) -> [VanguardError] {
        var out: [VanguardError] = []
        let no = draft.memberNo.trimmed(.whitespaces)
        if no.isEmpty || no.count > 32 || !no.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            out.append(.invalid("党员编号须为1到32位字母、数字或“-”", "Member number must be 1–32 letters, digits or '-'", field: "memberNo"))
        }
        let name = draft.name.trimmed(.whitespaces)
        if name.isEmpty || name.count > 50 {
            out.append(.invalid("姓名不能为空且不超过50个字", "Name is required (at most 50 characters)", field: "name"))
        }
        if draft.birthDate > today {
            out.append(.invalid("出生日期不能晚于今天", "Birth date cannot be in the future", field: "birthDate"))
        }
        if draft.joinDate > today {
            out.append(.invalid("入党日期不能晚于今天", "Join date cannot be in the future", field: "joinDate"))
        }
        if draft.birthDate.years(until: draft.joinDate) < 18 {
            out.append(.invalid("入党时须年满十八岁", "A member must be at least 18 when joining", field: "joinDate"))
        }
        if let phone = draft.phone, !phone.isEmpty {
            let digits = phone.filter { $0 != "-" && $0 != " " }
            if digits.count < 7 || digits.count > 15 || !digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                out.append(.invalid("手机号码格式不正确", "The phone number is not valid", field: "phone"))
            }
        }
        let c = draft.categories
        if c.inService && c.residenceOrganizationID == nil {
            out.append(.invalid("在职党员须填写居住地党组织", "An in-service member needs a residence organization", field: "residenceOrganizationId"))
        }
        if c.floating && c.inflowOrganizationID == nil {
            out.append(.invalid("流动党员须填写流入地党组织", "A floating member needs an inflow organization", field: "inflowOrganizationId"))
        }
        if c.withoutPost, let post = c.assignedPost, post.count > 100 {
            out.append(.invalid("设岗定责的岗位名称不能超过100个字", "The assigned post may not exceed 100 characters", field: "assignedPost"))
        }
        return out
    }

    /// The draft with names and numbers trimmed, or the first problem thrown.
    public static func validated(_ draft: MemberDraft, today: CalendarDay) throws -> MemberDraft {
        if let first = problems(in: draft, today: today).first { throw first }
        var d = draft
        d.memberNo = d.memberNo.trimmed(.whitespaces)
        d.name = d.name.trimmed(.whitespaces)
        d.phone = d.phone?.trimmed(.whitespaces).nilIfEmpty
        if !d.categories.withoutPost { d.categories.assignedPost = nil }
        if !d.categories.inService { d.categories.residenceOrganizationID = nil }
        if !d.categories.floating {
            d.categories.inflowOrganizationID = nil
            d.categories.outflowOrganizationID = nil
        }
        return d
    }
}

extension String {
    /// `nil` for an empty string: optional text fields store NULL, not "".
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
