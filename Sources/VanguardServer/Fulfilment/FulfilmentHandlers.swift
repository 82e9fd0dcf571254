import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 践诺 in the JSON API: progress with evidence, carrying forward, urging.
extension APIService {
    func listProgress(_ input: Operations.ListProgress.Input) async throws -> Operations.ListProgress.Output {
        let reports = try await vanguard.fulfilment.progress(input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    reports.map { r in
                        .init(
                            id: r.id, itemPosition: r.itemPosition, text: r.text, fulfils: r.fulfils, actor: r.actor, at: APIMapping.date(r.at),
                            files: r.files.map { .init(id: $0.id, name: $0.name, contentType: $0.contentType, size: $0.size, sha256: $0.sha256) })
                    })))
    }

    func reportProgress(_ input: Operations.ReportProgress.Input) async throws -> Operations.ReportProgress.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let files = try (b.files ?? []).enumerated().map { i, f in
            guard let data = Data(base64Encoded: f.contentBase64, options: .ignoreUnknownCharacters) else {
                throw VanguardError.invalid("第\(i + 1)个文件不是有效的Base64", "File \(i + 1) is not valid base64", field: "files[\(i)].contentBase64")
            }
            return EvidenceUpload(name: f.name, bytes: Array(data))
        }
        let after = try await vanguard.fulfilment.report(
            input.path.id, itemPosition: b.itemPosition, text: b.text, fulfils: b.fulfils ?? false, files: files, expectedVersion: b.version,
            as: try caller)
        return .ok(.init(body: .json(CommitmentMapping.commitment(after))))
    }

    func carryForward(_ input: Operations.CarryForward.Input) async throws -> Operations.CarryForward.Output {
        .created(.init(body: .json(CommitmentMapping.commitment(try await vanguard.commitments.carryForward(input.path.id, as: try caller)))))
    }

    func urgeCommitment(_ input: Operations.UrgeCommitment.Input) async throws -> Operations.UrgeCommitment.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.reminders.urge(input.path.id, note: b.note, as: try caller)
        return .noContent(.init())
    }

    func getEvidence(_ input: Operations.GetEvidence.Input) async throws -> Operations.GetEvidence.Output {
        let (_, bytes) = try await vanguard.fulfilment.evidence(input.path.id, as: try caller)
        return .ok(.init(body: .binary(HTTPBody(bytes))))
    }
}
