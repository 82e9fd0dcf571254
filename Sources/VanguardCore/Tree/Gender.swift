import Foundation

/// 性别
public enum Gender: String, Sendable, CaseIterable, Codable {
    case male, female

    public var name: Bilingual { self == .male ? .init("男", "Male") : .init("女", "Female") }

    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "male", "男", "m": self = .male
        case "female", "女", "f": self = .female
        default: return nil
        }
    }
}

/// 党员类别: 正式党员 or 预备党员.
public enum MembershipStatus: String, Sendable, CaseIterable, Codable {
    case full, probationary

    public var name: Bilingual { self == .full ? .init("正式党员", "Full member") : .init("预备党员", "Probationary") }

    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "full", "正式", "正式党员": self = .full
        case "probationary", "预备", "预备党员": self = .probationary
        default: return nil
        }
    }
}
