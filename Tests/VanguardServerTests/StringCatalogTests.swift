import Foundation
import Testing

@testable import VanguardServer

/// 界面文字: every key a template or the Swift code reads exists in Chinese and English, so no page shows
/// a missing string ("⟨key⟩") and none traps.
@Suite("界面文字目录")
struct StringCatalogTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/VanguardServer")

    /// The files under `folder` of the server's sources, at any depth.
    static func files(_ folder: String, ending: String) throws -> [(name: String, text: String)] {
        let dir = sources.appendingPathComponent(folder)
        let names = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        return try names.filter { $0.hasSuffix(ending) }.sorted().map {
            ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test("模板和代码用到的每个文字键在中文和英文目录里都有，且不为空")
    func everyKeyExistsInBothLanguages() throws {
        var used: [String: Set<String>] = [:]
        let templates = try Self.files("Resources/templates", ending: ".mustache")
        for (name, text) in templates {
            for m in text.matches(of: /\{\{[#^\/]?frame\.t\.([A-Za-z_0-9]+)\}\}/) { used[String(m.1), default: []].insert(name) }
        }
        let swift = try Self.files("", ending: ".swift")
        for (name, text) in swift {
            for m in text.matches(of: /(?:\bt|Strings\.text\(english: [A-Za-z.]+\))\["([A-Za-z_0-9]+)"\]/) { used[String(m.1), default: []].insert(name) }
        }
        #expect(templates.count > 30 && used.count > 300, "only \(used.count) keys found: the patterns no longer match the code")
        let zh = Strings.table(english: false)
        let en = Strings.table(english: true)
        let missing = used.filter { key, _ in (zh[key] ?? "").isEmpty || (en[key] ?? "").isEmpty }
        #expect(missing.isEmpty, "keys without text: \(missing.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value.sorted())" })")
        // A missing key reads as a visible mark, never a crash.
        #expect(Strings.text(english: false)["noSuchKey"] == "⟨noSuchKey⟩")
    }

    @Test("每个能力有自己的文字目录，目录之间没有重复的键")
    func catalogsAreDisjoint() {
        var seen: [String: Int] = [:]
        for (i, catalog) in Strings.catalogs.enumerated() {
            for key in catalog.keys {
                #expect(seen[key] == nil, "\(key) is in catalogs \(seen[key] ?? -1) and \(i)")
                seen[key] = i
            }
        }
        #expect(Strings.catalogs.filter { !$0.isEmpty }.count >= 8)
    }
}
