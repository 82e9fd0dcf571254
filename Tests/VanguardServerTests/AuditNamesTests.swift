import Foundation
import Testing

@testable import VanguardServer

/// 审计日志的名称: every action and target a command records has a Chinese name on the audit page (the
/// page showed raw codes such as "report.submit" to the office before).
@Suite("审计日志名称")
struct AuditNamesTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// The codes written as literals after `label:` in the sources (a ternary's both codes included); with
    /// `dotted`, only codes of the form "capability.step" (other arguments named `action` take plain words).
    static func codes(after label: String, dotted: Bool) throws -> Set<String> {
        var out: Set<String> = []
        let walk = try #require(FileManager.default.enumerator(atPath: sources.path))
        while let path = walk.nextObject() as? String {
            guard path.hasSuffix(".swift"), path.hasPrefix("VanguardStore") || path.hasPrefix("VanguardServer") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for m in text.matches(of: try Regex("\(label): ([^,\\n]*)")) {
                for code in String(m.output[1].substring ?? "").matches(of: /"([a-z_]+(?:\.[a-z_]+)*)"/) where !dotted || code.output.1.contains(".") {
                    out.insert(String(code.output.1))
                }
            }
        }
        return out
    }

    @Test("命令记下的每个动作和对象在审计页面上都有中文名称")
    func everyRecordedActionAndTargetIsNamed() throws {
        let actions = try Self.codes(after: "action", dotted: true)
        #expect(actions.count > 50, "\(actions.count) actions found")
        let unnamed = actions.filter { AuditNames.action($0).zh == $0 }
        #expect(unnamed.isEmpty, "actions without a name: \(unnamed.sorted())")
        let targets = try Self.codes(after: "targetType", dotted: false).subtracting(["target_type"])
        let untargeted = targets.filter { AuditNames.target($0).zh == $0 }
        #expect(untargeted.isEmpty, "targets without a name: \(untargeted.sorted())")
    }
}
