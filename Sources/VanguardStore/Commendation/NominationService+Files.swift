import SQLKit
import VanguardCore

/// 事迹材料附件: the nominating organization's office, or the office of the level it waits at, adds files to
/// the deeds while the nomination is under review; only those who read the deeds in full read the files.
extension NominationService {
    /// Files a nomination keeps at most.
    public static let maximumFiles = 10

    /// Whether the caller adds files: the nominator's or the holder's office, while it is pending or shortlisted.
    static func mayAttach(_ n: NominationRecord, round: CommendationRoundRecord, holder: TreePath?, nominator: TreePath?, _ caller: Caller) -> Bool {
        guard round.state == .nominating, [.pending, .shortlisted].contains(n.state) else { return false }
        return nominator.map { caller.allows(.manageMembers, at: $0) } == true || holder.map { caller.allows(.manageOrganizations, at: $0) } == true
    }

    /// Refuses a caller who may not add files to the nomination (before the upload is read): 404 out of sight.
    public func requireAttacher(_ id: Int64, as caller: Caller) async throws {
        try await backend.read { db in
            let (n, round) = try await Self.visible(db, id: id, caller)
            guard
                Self.mayAttach(
                    n, round: round, holder: try await OrganizationRepository.get(db, id: n.holderID)?.path,
                    nominator: try await OrganizationRepository.get(db, id: n.nominatorID)?.path, caller)
            else { throw VanguardError(.forbidden, .init("不能为该推荐添加事迹材料", "You may not add materials to this nomination")) }
        }
    }

    /// 添加事迹材料: the files are checked as evidence is (type by content, sizes), all or none.
    public func attach(_ id: Int64, files: [EvidenceUpload], as caller: Caller) async throws {
        let now = time.nowMillis()
        guard !files.isEmpty else { throw VanguardError.invalid("请选择要上传的文件", "Choose the files to upload", field: "files") }
        if let first = EvidencePolicy.problems(text: "-", files: files.map { ($0.name, $0.bytes) }).first { throw first }
        try await backend.write { db in
            let (n, round) = try await Self.locked(db, id: id, caller)
            guard
                Self.mayAttach(
                    n, round: round, holder: try await OrganizationRepository.get(db, id: n.holderID)?.path,
                    nominator: try await OrganizationRepository.get(db, id: n.nominatorID)?.path, caller)
            else { throw VanguardError(.forbidden, .init("不能为该推荐添加事迹材料", "You may not add materials to this nomination")) }
            guard try await NominationRepository.files(db, nominationID: n.id).count + files.count <= Self.maximumFiles else {
                throw VanguardError.invalid("事迹材料附件最多\(Self.maximumFiles)个", "At most \(Self.maximumFiles) files for a nomination", field: "files")
            }
            for f in files { try await NominationRepository.insertFile(db, nominationID: n.id, file: f, by: caller.username, now: now) }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "nomination.attach", targetType: "nomination", targetID: n.id,
                    summary: "为\(n.nomineeName)的推荐添加事迹材料\(files.count)个"))
        }
    }

    /// A nomination's file, for those who read its deeds in full; 404 for everyone else.
    public func file(_ fileID: Int64, as caller: Caller) async throws -> (file: EvidenceFileRecord, bytes: [UInt8]) {
        try await backend.read { db in
            let missing = VanguardError.notFound(.init("该文件", "File"))
            guard let f = try await NominationRepository.file(db, id: fileID) else { throw missing }
            do {
                let (n, _) = try await Self.visible(db, id: f.nominationID, caller)
                guard caller.allows(.readPrivate, at: n.organizationPath) else { throw missing }
            } catch let e as VanguardError where e.kind == .notFound { throw missing }
            return (f.file, try await ProgressRepository.bytes(db, sha256: f.file.sha256))  // read only for a reader of the deeds
        }
    }
}
