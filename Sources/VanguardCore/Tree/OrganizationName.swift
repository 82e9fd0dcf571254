import Foundation

/// The rule for an organization's name: present, at most 100 characters, no control characters.
public enum OrganizationName {
    public static func validate(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw VanguardError.invalid("组织名称不能为空", "The organization's name is required", field: "name")
        }
        guard name.count <= 100 else {
            throw VanguardError.invalid("组织名称不能超过100个字", "The name may not exceed 100 characters", field: "name")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw VanguardError.invalid("组织名称含有不可见的控制字符", "The name contains control characters", field: "name")
        }
        return name
    }

    /// 简称: the name without the party's prefix and the committee's suffix, as a file or a title says
    /// it — 中共六安市委员会 → 六安市, 中共金安区委员会 → 金安区; a branch keeps its name.
    public static func short(_ name: String) -> String {
        var s = Substring(name)
        if s.hasPrefix("中共") { s = s.dropFirst(2) }
        for suffix in ["委员会", "党委"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s = s.dropLast(suffix.count)
            break
        }
        return s.isEmpty ? name : String(s)
    }
}
