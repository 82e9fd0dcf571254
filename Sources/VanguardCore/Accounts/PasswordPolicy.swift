/// 口令复杂度 (等保2.0 三级: 身份鉴别): at least 8 characters of at least three of the four classes
/// (lower case, upper case, digits, symbols), not the username (either way round), not a common
/// password, and not one of the account's last five.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let historyDepth = 5

    /// The first problem with `password`, or nil. `isRecent` answers whether it matches one of the
    /// account's recent passwords (the store compares hashes).
    public static func problem(_ password: String, username: String, isRecent: (String) -> Bool = { _ in false }) -> VanguardError? {
        guard password.count >= minimumLength, password.count <= 128 else {
            return .invalid("密码须为8到128个字符", "The password must have 8 to 128 characters", field: "password")
        }
        var classes = 0
        if password.contains(where: { $0.isLowercase }) { classes += 1 }
        if password.contains(where: { $0.isUppercase }) { classes += 1 }
        if password.contains(where: { $0.isNumber }) { classes += 1 }
        if password.contains(where: { !$0.isLetter && !$0.isNumber }) { classes += 1 }
        guard classes >= 3 else {
            return .invalid(
                "密码须包含大写字母、小写字母、数字、符号中的至少三类", "The password needs three of: upper case, lower case, digits, symbols", field: "password")
        }
        let lower = password.lowercased()
        let name = username.lowercased()
        if !name.isEmpty, lower.contains(name) || lower == String(name.reversed()) {
            return .invalid("密码不能包含用户名", "The password may not contain the username", field: "password")
        }
        if CommonPasswords.contains(lower) {
            return .invalid("这是常见密码，容易被猜中，请换一个", "This is a common password, easy to guess: choose another", field: "password")
        }
        if isRecent(password) {
            return .invalid("不能使用最近5次用过的密码", "The password may not be one of the last five", field: "password")
        }
        return nil
    }
}

/// Passwords attackers try first (shipped with the product, compared case-insensitively, also with
/// a trailing "!" or "." or digits removed): the world's list and the Chinese favourites.
public enum CommonPasswords {
    static let list: Set<String> = [
        "123456", "12345678", "123456789", "1234567890", "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty",
        "qwerty123", "qwertyuiop", "1q2w3e4r", "1qaz2wsx", "1qaz@wsx", "zaq12wsx", "abc123", "abcd1234", "abc@123", "aa123456", "a123456", "a1234567",
        "a12345678", "a123456789", "admin", "admin123", "admin@123", "administrator", "root", "root123", "letmein", "welcome", "welcome1",
        "welcome123", "iloveyou", "monkey", "dragon", "master", "sunshine", "princess", "football", "baseball", "superman", "trustno1", "111111",
        "11111111", "000000", "00000000", "888888", "88888888", "666666", "66666666", "123123", "123123123", "112233", "121212", "654321",
        "987654321", "147258369", "159753", "5201314", "woaini", "woaini1314", "woaini520", "iloveyou1314", "1314520", "520520", "woshishui",
        "zhang123", "wang123", "li123456", "qq123456", "qq5201314", "asdfghjkl", "asd123", "asdf1234", "zxcvbnm", "zxcvbnm123", "qazwsx",
        "qazwsxedc", "q1w2e3r4", "q1w2e3r4t5", "1a2b3c4d", "changeme", "default", "guest", "test", "test123", "test@123", "demo", "demo123",
        "vanguard", "vanguard123", "xianfeng", "xianfeng123", "dangyuan", "dangyuan123", "dangjian", "dangjian123", "zuzhibu", "china",
        "china123", "beijing", "beijing123", "shanghai", "huawei", "huawei123", "baidu", "taobao", "alibaba", "tencent", "p@ssw0rd1",
        "password!", "password@1", "pass@word1", "pass1234", "pass@1234", "admin@1234", "admin1234", "abcdefg", "abcdefgh", "abc12345",
        "1234qwer", "qwer1234", "qwer@1234", "1234abcd", "abcd@1234", "a1b2c3d4", "aa112233", "love1314", "ai1314", "ww123456", "aaaaaaaa",
    ]

    public static func contains(_ lowercased: String) -> Bool {
        if list.contains(lowercased) { return true }
        // "Password1!" and "admin2024" are the same guess with decoration.
        var core = lowercased
        while let last = core.last, last == "!" || last == "." || last == "@" || last == "#" { core.removeLast() }
        if list.contains(core) { return true }
        let stripped = String(core.reversed().drop(while: { $0.isNumber }).reversed())
        return !stripped.isEmpty && stripped.count < core.count && list.contains(stripped)
    }
}
