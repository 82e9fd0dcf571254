import SQLKit
import VanguardCore

/// 演示典型: the city office's dozen stories of last 七一's commended (half collectives, half members),
/// each with a photo; ten published on the public campaign page, two still drafts. Facts only.
enum DemoExemplars {
    /// A 64×40 red PNG: a stand-in photo that a browser draws.
    static let photo: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x28,
        0x08, 0x02, 0x00, 0x00, 0x00, 0xC1, 0xAC, 0x6B, 0xBE, 0x00, 0x00, 0x00, 0x3E, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0xED, 0xCF, 0x41, 0x09, 0x00,
        0x00, 0x08, 0x04, 0xB0, 0x8B, 0x60, 0x12, 0xFB, 0x47, 0x30, 0x96, 0x19, 0x7C, 0x0A, 0x83, 0x15, 0x58, 0xA6, 0xFA, 0xB5, 0x08, 0x08, 0x08, 0x08,
        0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08,
        0x08, 0x5C, 0x2C, 0xDD, 0xB9, 0x3C, 0x97, 0x0C, 0x87, 0x8C, 0x09, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    static func write(_ db: any SQLDatabase, now: Int64) async throws {
        guard let city = try await db.raw("SELECT id FROM organizations WHERE depth = 0 ORDER BY id LIMIT 1").first(decodingColumn: "id", as: Int64.self)
        else { return }
        let rows = try await db.raw(
            """
            SELECT n.organization_id, n.member_id, n.deeds, n.summary, o.name AS organization_name, m.name AS member_name FROM nominations n
            JOIN commendation_rounds r ON r.id = n.round_id JOIN organizations o ON o.id = n.organization_id LEFT JOIN members m ON m.id = n.member_id
            WHERE n.state = 'commended' AND r.organization_id = \(bind: city) ORDER BY n.id
            """
        ).all()
        let collectives = rows.filter { (try? $0.optionalInt64("member_id")) == .some(nil) }.prefix(6)
        let members = rows.filter { (try? $0.optionalInt64("member_id")) != .some(nil) }.prefix(6)
        for (i, r) in Array(collectives + members).enumerated() {
            let member = try r.optionalInt64("member_id")
            let name = try member == nil ? r.string("organization_name") : (r.optionalString("member_name") ?? "")
            let summary = try r.string("summary")
            let story =
                try "\(name)\(member == nil ? "" : "同志")\(r.string("deeds"))\n"
                + "群众评价：“\(summary)，我们看在眼里、记在心上。”\n在创先争优活动中，\(member == nil ? "该党组织" : "他（她）")始终把群众满意作为第一标准，用实际行动诠释了共产党员的先进性。"
            let at = now - Int64(40 - i) * 86_400_000
            let id = try await ExemplarRepository.insert(
                db, organizationID: city, subjectOrganizationID: try r.int64("organization_id"), subjectMemberID: member, source: .commendation,
                title: "\(name)：\(summary)", story: story, by: "office", now: at)
            try await ExemplarRepository.insertPhoto(db, exemplarID: id, photo: EvidenceUpload(name: "\(name).png", bytes: photo))
            if i % 6 != 5 { _ = try await ExemplarRepository.setState(db, id: id, from: .draft, to: .published, now: at + 86_400_000) }
        }
    }
}
