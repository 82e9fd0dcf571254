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
}
