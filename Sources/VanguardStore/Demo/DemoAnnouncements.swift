import Foundation
import SQLKit
import VanguardCore

/// 演示通知公告: the city committee's three notices to its whole subtree this autumn (the oldest signed by
/// nearly everyone, the newest by a quarter, not yet by the `secretary`'s branch) and each county's notice
/// to the level below it, signed by all but one. Facts only, in bulk.
enum DemoAnnouncements {
    static let day: Int64 = 86_400_000

    static func write(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        let keep =
            try await db.raw(
                "SELECT g.organization_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary' AND g.role = 'branch_secretary'"
            ).first(decodingColumn: "organization_id", as: Int64.self) ?? 0
        guard
            let city = try await db.raw("SELECT id, path FROM organizations WHERE depth = 0 ORDER BY id LIMIT 1").first(),
            let cityPath = TreePath(try city.string("path"))
        else { return }
        let cityID = try city.int64("id")
        let notices: [(title: String, body: String, daysAgo: Int64, signedWhere: String)] = [
            (
                "关于开展\(today.year)年度创先争优评选表彰推荐工作的通知",
                "各县区委、市直各党（工）委，各基层党组织：\n按照市创先争优活动领导小组安排，现就本年度先进基层党组织、优秀共产党员、优秀党务工作者推荐工作通知如下。\n一、严格对照表彰条件，坚持逐级推荐、好中选优。\n二、推荐对象须经公示无异议后上报，推荐材料于规定时间前报送。",
                40, "o.id % 20 <> 7"
            ),
            (
                "关于做好年度公开承诺践诺情况点评工作的通知",
                "各基层党组织：\n请组织党员对照年初承诺逐项盘点践诺情况，支部书记逐一点评，点评结果在公开栏公示。",
                20, "o.id % 10 < 7"
            ),
            (
                "关于报送\(today.year)年度创先争优活动总结的通知",
                "各县区委、各基层党组织：\n请于12月25日前报送本年度创先争优活动总结，内容包括主要做法、取得成效、存在问题和下一步打算，并附有关统计数据。",
                3, "o.id % 4 = 0 AND o.id <> \(keep)"
            ),
        ]
        let b = (cityPath.description, cityPath.description + "~")
        for (i, n) in notices.enumerated() {
            let at = now - n.daysAgo * day
            let id = try await AnnouncementRepository.insert(
                db, organizationID: cityID, audience: .subtree, title: n.title, body: n.body, by: "office", now: at)
            if i == 0 {
                try await AnnouncementRepository.insertFile(
                    db, announcementID: id, file: EvidenceUpload(name: "推荐对象汇总表填写说明.txt", bytes: Array("按单位、称号、姓名、主要事迹（300字以内）填写。".utf8)))
            }
            try await db.raw(
                """
                INSERT INTO announcement_receipts (announcement_id, organization_id, signed_by, at)
                SELECT \(bind: id), o.id, 'clerk', \(bind: at) + (o.id % 5 + 1) * \(bind: day / 4) FROM organizations o
                WHERE o.path > \(bind: b.0) AND o.path < \(bind: b.1) AND o.dissolved = \(bind: false) AND
                """ + " \(unsafeRaw: n.signedWhere)"
            ).run()
        }
        for county in try await db.raw("SELECT id, name FROM organizations WHERE depth = 1 AND kind = 'local_committee' ORDER BY id").all() {
            let countyID = try county.int64("id")
            let at = now - 10 * day
            let id = try await AnnouncementRepository.insert(
                db, organizationID: countyID, audience: .children, title: "关于开展冬训期间“党员承诺践诺”专题组织生活会的通知",
                body: "各乡镇（街道）党（工）委：\n请组织所属党组织在冬训期间召开专题组织生活会，对照承诺查摆问题、明确整改。", by: "staff", now: at)
            try await db.raw(
                """
                INSERT INTO announcement_receipts (announcement_id, organization_id, signed_by, at)
                SELECT \(bind: id), o.id, 'clerk', \(bind: at + day) FROM organizations o
                WHERE o.parent_id = \(bind: countyID) AND o.dissolved = \(bind: false) AND o.id <> (SELECT MIN(x.id) FROM organizations x WHERE x.parent_id = \(bind: countyID))
                """
            ).run()
        }
    }
}
