import VanguardCore

/// 践诺: the author reports progress with evidence and fulfils items one by one; the first report
/// starts the commitment (践诺中) and fulfilling the last item fulfils it (已兑现).
public struct FulfilmentService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    /// Reports progress on one item (or the whole commitment). A report with any bad file is refused whole.
    public func report(
        _ commitmentID: Int64, itemPosition: Int?, text: String, fulfils: Bool, files: [EvidenceUpload], expectedVersion: Int64? = nil,
        as caller: Caller
    ) async throws -> CommitmentRecord {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let first = EvidencePolicy.problems(text: trimmed, files: files.map { ($0.name, $0.bytes) }).first { throw first }
        let now = time.nowMillis()
        let today = time.today()
        try await backend.write { db in
            var c = try await CommitmentService.visible(db, id: commitmentID, caller)
            let policy = try await CommitmentService.policy(db, c, caller)
            guard policy.isAuthor else {
                throw VanguardError(.forbidden, .init("只有承诺人可以报告践诺进展", "Only the author may report progress"))
            }
            guard policy.mayReport else {
                throw VanguardError.conflict("承诺当前为“\(c.state.name.zh)”，公开后才能报告践诺进展", "Progress is reported once the commitment is published")
            }
            if let expectedVersion, expectedVersion != c.version { throw OrganizationRepository.staleVersion }
            if let p = itemPosition, !c.items.contains(where: { $0.position == p }) {
                throw VanguardError.invalid("没有第\(p)项承诺事项", "There is no item \(p)", field: "itemPosition")
            }
            if fulfils, let p = itemPosition, c.items.first(where: { $0.position == p })?.fulfilled == true {
                throw VanguardError.conflict("第\(p)项已兑现", "Item \(p) is fulfilled already")
            }
            _ = try await ProgressRepository.insert(
                db, commitmentID: c.id, itemPosition: itemPosition, text: trimmed, fulfils: fulfils, files: files, actor: caller.username, now: now)
            if fulfils { try await ProgressRepository.fulfil(db, commitmentID: c.id, itemPosition: itemPosition, on: today, now: now) }
            if c.state == .published {
                try await CommitmentRepository.transition(
                    db, id: c.id, from: c.state, to: .inProgress, action: .start, expectedVersion: c.version, actor: caller.username, note: nil, now: now)
                c.state = .inProgress
                c.version += 1
            } else {
                try await CommitmentRepository.bumpVersion(db, id: c.id, expectedVersion: c.version, now: now)
                c.version += 1
            }
            let stillOpen = try await ProgressRepository.unfulfilledItems(db, commitmentID: c.id)
            if stillOpen == 0 {
                try await CommitmentRepository.transition(
                    db, id: c.id, from: c.state, to: .fulfilled, action: .fulfil, expectedVersion: c.version, actor: caller.username,
                    note: "全部事项已兑现", now: now)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.progress", targetType: "commitment", targetID: c.id,
                    summary: (itemPosition.map { "第\($0)项" } ?? "整体") + (fulfils ? "兑现" : "进展") + "，附件\(files.count)个"))
        }
        return try await CommitmentService(backend: backend, time: time).get(commitmentID, as: caller)
    }

    /// The progress reports of a commitment the caller may see.
    public func progress(_ commitmentID: Int64, as caller: Caller) async throws -> [ProgressRecord] {
        try await backend.read { db in
            _ = try await CommitmentService.visible(db, id: commitmentID, caller)
            return try await ProgressRepository.list(db, commitmentID: commitmentID)
        }
    }

    /// An evidence file, for those who may see its commitment (evidence is never public: photos and
    /// documents may show private things).
    public func evidence(_ fileID: Int64, as caller: Caller) async throws -> (file: EvidenceFileRecord, bytes: [UInt8]) {
        try await backend.read { db in
            // One answer for a file that does not exist and one the caller may not see.
            let missing = VanguardError.notFound(.init("该文件", "File"))
            guard let f = try await ProgressRepository.file(db, id: fileID) else { throw missing }
            do { _ = try await CommitmentService.visible(db, id: f.commitmentID, caller) } catch let e as VanguardError where e.kind == .notFound {
                throw missing
            }
            return (f.file, f.bytes)
        }
    }
}
