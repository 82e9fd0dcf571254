import SQLKit
import VanguardCore

/// The demo's 示范点 and 城乡结对共建: about one contact point in ten named a demonstration point by the
/// county (a few more still proposed), none of them backward; and one village in four paired with a
/// city organization of its county (1+1, one in ten X+1 with a second), with help recorded, a few ended.
/// Facts only: the demo's final rebuild makes whatever counters follow.
enum DemoPoints {
    static func write(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        try await demonstrations(db, today: today, now: now)
        try await urbanRural(db, today: today, now: now)
    }

    static func demonstrations(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        let points = try await db.raw(
            """
            SELECT MIN(lc.member_id) AS member_id, lc.organization_id FROM leader_contacts lc WHERE lc.kind = 'contact_point' AND NOT EXISTS
            (SELECT 1 FROM backward_designations d WHERE d.organization_id = lc.organization_id AND d.kind = 'organization' AND d.state = 'designated')
            GROUP BY lc.organization_id ORDER BY lc.organization_id
            """
        ).all().map { (member: try $0.int64("member_id"), org: try $0.int64("organization_id")) }
        let criteria = DemonstrationCriterion.defaults.map(\.code)
        var rows: [[any SQLExpression]] = []
        for (i, p) in points.enumerated() where i % 10 == 3 || i % 50 == 7 {
            let approved = i % 10 == 3
            let proposed = CalendarDay.fromDaysSince1970(today.daysSince1970 - 60 - i % 90)
            let met = Array(criteria.prefix(3 + i % 3))
            rows.append([
                SQLBind(p.org), SQLBind(p.member), SQLBind(met.joined(separator: ",")), SQLBind("联系点班子团结、党员带头，创先争优活动扎实，群众评议满意率在90%以上"),
                SQLBind(approved ? "approved" : "proposed"), SQLBind("demo"), SQLBind(proposed.description),
                SQLBind(approved ? "demo-county" : nil), SQLBind(approved ? CalendarDay.fromDaysSince1970(proposed.daysSince1970 + 20).description : nil),
                SQLBind(approved ? "经县委组织部审核，同意命名为创先争优示范点" : nil), SQLBind(now),
            ])
        }
        for chunk in rows.chunked(400) {
            var insert = db.insert(into: "demonstration_points").columns(
                "organization_id", "member_id", "criteria", "note", "state", "proposed_by", "proposed_on", "decided_by", "decided_on", "decision_note", "at")
            for r in chunk { insert = insert.values(r) }
            try await insert.run()
        }
    }

    static func urbanRural(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        let orgs = try await db.raw("SELECT id, path, sector FROM organizations WHERE dissolved = \(bind: false) AND kind = 'branch' ORDER BY id").all().map {
            (id: try $0.int64("id"), path: TreePath(try $0.string("path")), sector: try $0.string("sector"))
        }
        let villages = orgs.filter { $0.sector == Sector.village.rawValue }
        let city = orgs.filter { [Sector.organ, .stateEnterprise, .community, .school, .medical].map(\.rawValue).contains($0.sector) }
        guard !villages.isEmpty, !city.isEmpty else { return }
        let contents = ["联合开展主题党日活动", "捐建村级文化活动室", "帮助引进特色种植项目", "组织党员志愿者开展义诊", "结对资助困难学生"]
        for (i, village) in villages.enumerated() where i % 4 == 1 {
            guard let vp = village.path else { continue }
            // A city organization in the same county where there is one (the county committee pairs them), else any.
            let county = vp.ids.count > 1 ? vp.ids[1] : vp.ids[0]
            let near = city.filter { $0.path?.ids.contains(county) == true }
            let pool = near.isEmpty ? city : near
            let helpers = [pool[(i * 7) % pool.count]] + (i % 10 == 1 && pool.count > 1 ? [pool[(i * 7 + 1) % pool.count]] : [])
            let common = helpers.reduce(vp.ids) { ids, h in zip(ids, h.path?.ids ?? []).prefix { $0 == $1 }.map(\.0) }
            guard let committee = common.last else { continue }
            let started = CalendarDay.fromDaysSince1970(today.daysSince1970 - 200 - i % 300)
            let ended = i % 40 == 1
            guard
                let pairing = try await db.insert(into: "pairings")
                    .columns("kind", "organization_id", "paired_by", "state", "started_on", "ended_on", "end_note", "created_by", "at")
                    .values(
                        SQLBind(PairingKind.urbanRural.rawValue), SQLBind(village.id), SQLBind(committee), SQLBind(ended ? "ended" : "active"),
                        SQLBind(started.description), SQLBind(ended ? CalendarDay.fromDaysSince1970(today.daysSince1970 - 10).description : nil),
                        SQLBind(ended ? "结对期满，村集体经济收入已达标" : nil), SQLBind("demo"), SQLBind(now)
                    ).returning("id").first(decodingColumn: "id", as: Int64.self)
            else { continue }
            for h in helpers {
                try await db.insert(into: "pairing_helpers").columns("pairing_id", "organization_id", "added_on")
                    .values(SQLBind(pairing), SQLBind(h.id), SQLBind(started.description)).run()
            }
            var help = db.insert(into: "help_records").columns("pairing_id", "kind", "held_on", "content", "amount", "recorded_by", "at")
            for k in 0..<(1 + i % 3) {
                let kind: HelpKind = k == 1 ? .funds : (k == 2 ? .project : .visit)
                help = help.values(
                    SQLBind(pairing), SQLBind(kind.rawValue), SQLBind(CalendarDay.fromDaysSince1970(started.daysSince1970 + 30 + k * 45).description),
                    SQLBind(contents[(i + k) % contents.count]), SQLBind(kind == .funds ? 20_000 + (i % 5) * 10_000 : nil), SQLBind("demo"), SQLBind(now))
            }
            try await help.run()
        }
    }
}
