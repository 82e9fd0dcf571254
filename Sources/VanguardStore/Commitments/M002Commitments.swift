import SQLKit

/// 公开承诺: commitments with their items, the history of every transition, recorded exemptions, and
/// the focus areas per sector (data the campaign office may edit, seeded from DOMAIN §2.3).
struct M002Commitments: Migration {
    let version = 2
    let name = "commitments"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "commitments")
            .column("id", type: .bigint, db.idColumn)
            .column("year", type: .int, .notNull)
            .column("kind", type: .text, .notNull)
            .column("subject_type", type: .text, .notNull)
            // Where the commitment is made: the organization itself, or the member's place (branch, inflow or residence).
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("reviewer_organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("state", type: .text, .notNull)
            .column("higher_standard", type: .boolean, .notNull, .default(false))
            .column("return_reason", type: .text)
            .column("author", type: .text, .notNull)
            .column("version", type: .bigint, .notNull, .default(1))
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .column("published_at", type: .bigint)
            .run()
        try await db.create(index: "commitments_organization").on("commitments").column("organization_id").column("year").run()
        try await db.create(index: "commitments_member").on("commitments").column("member_id").column("year").run()
        try await db.create(index: "commitments_reviewer").on("commitments").column("reviewer_organization_id").column("state").run()

        try await db.create(table: "commitment_items")
            .column("id", type: .bigint, db.idColumn)
            .column("commitment_id", type: .bigint, .notNull, .references("commitments", "id"))
            .column("position", type: .int, .notNull)
            .column("content", type: .text, .notNull)
            .column("responsibility", type: .text, .notNull)
            .column("deadline", type: .text, .notNull)
            .column("expected_result", type: .text, .notNull)
            .column("focus_area", type: .text)
            .column("fulfilled", type: .boolean, .notNull, .default(false))
            .column("fulfilled_on", type: .text)
            .unique("commitment_id", "position")
            .run()

        // Every transition, with its actor, time and note: the commitment's history.
        try await db.create(table: "commitment_events")
            .column("id", type: .bigint, db.idColumn)
            .column("commitment_id", type: .bigint, .notNull, .references("commitments", "id"))
            .column("action", type: .text, .notNull)
            .column("from_state", type: .text)
            .column("to_state", type: .text, .notNull)
            .column("actor", type: .text, .notNull)
            .column("note", type: .text)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "commitment_events_commitment").on("commitment_events").column("commitment_id").run()

        // 免于承诺: retired, elderly or special members the branch consented to exempt, per year.
        try await db.create(table: "commitment_exemptions")
            .column("member_id", type: .bigint, .notNull, .references("members", "id"))
            .column("year", type: .int, .notNull)
            .column("reason", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .primaryKey("member_id", "year")
            .run()

        try await db.create(table: "focus_areas")
            .column("id", type: .bigint, db.idColumn)
            .column("sector", type: .text, .notNull)
            .column("audience", type: .text, .notNull)
            .column("text", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .run()
        var position = 0
        for (sectors, audience, texts) in FocusAreaSeed.rows {
            for sector in sectors {
                for text in texts {
                    position += 1
                    try await db.insert(into: "focus_areas").columns("sector", "audience", "text", "position")
                        .values(SQLBind(sector), SQLBind(audience), SQLBind(text), SQLBind(position)).run()
                }
            }
        }
    }
}

/// The focus areas of DOMAIN §2.3 as they stood when the migration was written (分类指导, source 002).
enum FocusAreaSeed {
    static let rows: [([String], String, [String])] = [
        (["township", "village"], "organization", ["建设社会主义新农村", "发展农村经济", "促进农民增收", "壮大村级集体经济", "改善生产生活条件", "维护农村稳定"]),
        (["township", "village"], "member", ["带头致富、带领群众共同致富", "服务农民群众", "倡导文明新风", "促进邻里和谐"]),
        (["street", "community"], "organization", ["“三有一化”建设", "建设文明和谐社区", "服务居民群众", "增强社区凝聚力", "加强社区管理"]),
        (["street", "community"], "member", ["提升服务水平", "维护居民利益", "促进就业创业", "化解矛盾纠纷", "参加志愿服务"]),
        (["state_enterprise"], "organization", ["加强思想政治工作", "推动改革发展", "参与重大决策", "建设职工队伍", "履行社会责任"]),
        (["state_enterprise"], "member", ["贯彻方针政策", "改进经营管理", "提高产量效益", "提升岗位技能", "攻坚克难", "节能降耗"]),
        (["organ"], "organization", ["服务中心工作", "加强队伍建设", "转变职能", "改进作风", "提高效能"]),
        (["organ"], "member", ["提高履职能力", "做好中心工作", "服务基层群众", "勤政廉政"]),
        (["higher_school", "vocational_school", "school"], "organization", ["推进教育改革", "提高教育质量", "办人民满意的学校", "加强师德建设"]),
        (["higher_school", "vocational_school", "school"], "faculty", ["教书育人", "服务学生", "廉洁从教", "关爱学生"]),
        (["higher_school", "vocational_school", "school"], "student", ["勤奋学习", "崇德修身", "遵纪守法", "参加志愿服务"]),
        (["medical", "culture_sports", "research"], "organization", ["加强思想政治工作", "改进服务作风、提高效率", "建设单位文化", "弘扬医德医风", "促进医患和谐"]),
        (["medical", "culture_sports", "research"], "member", ["爱岗敬业", "钻研业务", "开拓创新", "优质服务"]),
        (["non_public", "social_organization"], "organization", ["贯彻执行政策", "守法诚信经营", "团结凝聚职工", "维护合法权益", "促进健康发展"]),
        (["non_public", "social_organization"], "member", ["技术创新", "节能降耗", "开拓市场", "安全生产", "提高质量", "热心公益"]),
        (["non_public"], "owner", ["诚信经营", "维护职工权益", "支持党建工作", "履行社会责任"]),
    ]
}
