import SQLKit
import VanguardCore

/// 帮扶记录: what a pairing's help record must satisfy, whichever pairing it is (backward unit or
/// urban–rural), checked after the caller's own permission and under the pairing's lock.
enum PairingHelp {
    /// Checks and inserts one help record; returns the trimmed text for the event's summary.
    static func record(
        _ db: any SQLDatabase, pairing p: PairingRecord, kind: HelpKind, heldOn: CalendarDay, content: String, amount: Int?,
        by username: String, today: CalendarDay, now: Int64
    ) async throws -> String {
        try PairingRules.checkHelp(content: content, amount: amount)
        guard heldOn <= today else { throw VanguardError.invalid("日期不能晚于今天", "The date cannot be in the future", field: "heldOn") }
        guard heldOn >= p.startedOn else {
            throw VanguardError.invalid("日期不能早于结对时间（\(p.startedOn)）", "The date cannot be before the pairing began (\(p.startedOn))", field: "heldOn")
        }
        guard p.active else { throw VanguardError.conflict("结对已解除，不再记录帮扶", "The pairing has ended") }
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        try await PairingRepository.addHelp(db, pairing: p.id, kind: kind, heldOn: heldOn, content: text, amount: amount, by: username, now: now)
        return text
    }
}
