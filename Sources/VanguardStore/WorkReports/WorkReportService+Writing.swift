import SQLKit
import VanguardCore

/// Writing and reviewing reports.
extension WorkReportService {
    static let changed = VanguardError.conflict("报告刚被他人处理过，请刷新后重试", "Someone else just acted on the report; reload and try again")

    /// 保存 / 报送: an officer of the organization writes its open report (three parts and files) and, with
    /// `submit`, sends it to the superior with the day's figures. A report with one bad part is refused
    /// whole; a report submitted meanwhile by someone else is a conflict, not overwritten.
    /// Refuses a caller who may not write the report (before an upload is read): 404 out of sight, 403 for
    /// its other readers.
    public func requireWriter(_ id: Int64, as caller: Caller) async throws {
        try await backend.read { db in
            let (_, org) = try await Self.visible(db, id: id, caller)
            try Self.requireWriter(org, caller)
        }
    }

    static func requireWriter(_ org: OrganizationRecord, _ caller: Caller) throws {
        guard writes(caller, for: org.id) else {
            throw VanguardError(.forbidden, .init("只有本组织的负责人可以填写报告", "Only an officer of the organization writes its report"))
        }
        guard !org.dissolved else { throw VanguardError.conflict("该组织已撤销，不再报送报告", "The organization was dissolved; it reports no more") }
    }

    public func write(
        _ id: Int64, done: String, problems: String, plans: String, files: [EvidenceUpload], submit: Bool, as caller: Caller
    ) async throws {
        let now = time.nowMillis()
        let today = time.today()
        let text = [done, problems, plans].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try await backend.write { db in
            let (r, org) = try await Self.visible(db, id: id, caller)
            try Self.requireWriter(org, caller)
            _ = try (submit ? WorkReportAction.submit : .save).apply(to: r.state)
            if let first = WorkReportRules.problems(
                done: text[0], problems: text[1], plans: text[2], files: files.map { ($0.name, $0.bytes) }, submitting: submit
            ).first {
                throw first
            }
            // The conditional update first: it holds the report's row, so two saves at once count its files in turn.
            guard
                try await WorkReportRepository.save(
                    db, id: r.id, from: r.state, done: text[0], problems: text[1], plans: text[2], by: caller.username, now: now)
            else { throw Self.changed }
            guard try await WorkReportRepository.files(db, reportID: r.id).count + files.count <= WorkReportRules.maximumFiles else {
                throw VanguardError.invalid(
                    "一份报告最多\(WorkReportRules.maximumFiles)个附件", "A report keeps at most \(WorkReportRules.maximumFiles) files", field: "files")
            }
            for f in files { try await WorkReportRepository.insertFile(db, reportID: r.id, file: f) }
            guard submit else { return }
            let figures = try await Self.figures(db, org, year: r.call.year)
            let sent = try await WritePath.changing(db, Changes(workReports: [r.id]), now: now) {
                try await WorkReportRepository.submit(db, r, figures: figures, today: today, now: now)
            }
            guard sent else { throw Self.changed }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "report.submit", targetType: "work_report", targetID: r.id,
                    summary: "\(org.name)报送\(r.call.title.zh)", tells: r.superiorID.map { [.reportSubmitted(r, superiorID: $0)] } ?? []))
        }
    }

    /// 审阅: the superior accepts a submitted report, or returns it with a reason to be written again.
    public func review(_ id: Int64, accept: Bool, reason: String?, as caller: Caller) async throws {
        let now = time.nowMillis()
        let why = accept ? nil : try WorkReportRules.reason(reason)
        try await backend.write { db in
            let (r, org) = try await Self.visible(db, id: id, caller)
            guard try await Self.mayReview(db, r, caller) != nil else {
                throw VanguardError(.forbidden, .init("只有上级组织可以审阅该报告", "Only the superior organization reviews the report"))
            }
            let next = try (accept ? WorkReportAction.accept : .return).apply(to: r.state)
            let done = try await WritePath.changing(db, Changes(workReports: [r.id]), now: now) {
                try await WorkReportRepository.review(db, id: r.id, to: next, reason: why, by: caller.username, now: now)
            }
            guard done else { throw Self.changed }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: accept ? "report.accept" : "report.return", targetType: "work_report", targetID: r.id,
                    summary: "\(org.name)的\(r.call.title.zh)" + (accept ? "审阅通过" : "被退回：\(why ?? "")"),
                    tells: [.reportReviewed(r, accepted: accept, reason: why)]))
        }
    }
}
