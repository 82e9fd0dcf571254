import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 群众评议 on the web: the organizer opens a round, prints slips of one-time codes (with a QR code
/// each), watches the count and closes it; voters answer on their phones without logging in.
struct EvaluationPages {
    let vanguard: Vanguard
    let views: Views
    let guesses: LoginThrottle
    /// How long a voter's request waits for her ballot's batch to fill before it answers "pending".
    var ballotWait: Duration = .seconds(3)

    struct Option: Sendable { let value: String; let label: String }
    struct ResultView: Sendable {
        let name: String; let satisfied: Int; let basically: Int; let dissatisfied: Int; let rate: String; let remarks: [String]
    }
    struct RoundModel: Sendable {
        let frame: PageFrame; let id: Int64; let title: String; let organizationName: String; let organizationURL: String
        let codesURL: String; let closeURL: String
        let open: Bool; let codesIssued: Int; let ballots: Int; let results: [ResultView]
        /// The batches of codes issued, each to print again.
        let batches: [BatchView]
    }
    struct BatchView: Sendable { let label: String; let size: Int; let issuedAt: String; let issuedBy: String; let reprints: Int; let reprintURL: String }
    struct RoundRow: Sendable { let url: String?; let title: String; let organizationName: String; let period: String; let open: Bool; let ballots: Int }
    struct ListModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let title: String
        /// 进行中的评议 of the whole subtree (the workbench's link), with the organization holding each.
        let openInSubtree: Bool
        let rounds: [RoundRow]; let canOpen: Bool
    }
    struct Slip: Sendable { let code: String; let url: String; let qr: String }
    struct SlipsModel: Sendable { let frame: PageFrame; let title: String; let entryURL: String; let roundURL: String; let slips: [Slip] }
    struct TargetView: Sendable { let id: Int64; let name: String; let answers: [Option]; let promises: [PromiseItem] }
    /// One item a target promised in public, as the voter reads it.
    struct PromiseItem: Sendable { let content: String; let deadline: String; let fulfilled: Bool }
    struct BallotModel: Sendable {
        let frame: PageFrame; let title: String; let organizationName: String; let code: String; let actionURL: String; let targets: [TargetView]
        let message: String?; let done: Bool; let pending: Bool
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.evaluations.path) { request, context in
            let caller = try context.requireCaller()
            let openOnly = request.uri.queryParameters["open"].map { ["1", "on", "true"].contains(String($0)) } ?? false
            let (org, list) = try await vanguard.massEvaluation.roundsOf(organizationID: try context.id(), openInSubtree: openOnly, as: caller)
            // A round's page is for those who run it (its codes and close); others see the list only.
            let manages = caller.allows(.reviewCommitments, at: org.path)
            let rounds = list.map {
                RoundRow(
                    url: manages ? WebURL.evaluation($0.id) : nil, title: $0.title, organizationName: $0.organizationName,
                    period: HalfYear($0.period)?.name.text(english: context.english) ?? $0.period, open: $0.open, ballots: $0.ballots)
            }
            let title = Strings.text(english: context.english)[openOnly ? "wbOpenRounds" : "evaluations"]
            return views.render(
                "evaluations",
                ListModel(
                    frame: PageFrame(
                        context, title: org.name + " · " + title, path: WebURL.evaluations(org.id) + (openOnly ? "?open=1" : ""), organization: org.id),
                    organizationID: org.id, organizationName: org.name, title: title, openInSubtree: openOnly, rounds: rounds,
                    canOpen: !openOnly && manages))
        }
        router.post(WebRoute.evaluations.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let r = try await vanguard.massEvaluation.open(organizationID: try context.id(), title: form["title"], as: caller)
            return redirect(WebURL.evaluation(r.id))
        }
        router.get(WebRoute.evaluation.path) { _, context in
            let caller = try context.requireCaller()
            let (r, results, batches) = try await vanguard.massEvaluation.roundWithResults(try context.id(), as: caller)
            let model = RoundModel(
                frame: PageFrame(context, title: r.title, path: WebURL.evaluation(r.id)), id: r.id, title: r.title, organizationName: r.organizationName,
                organizationURL: WebURL.organization(r.organizationID), codesURL: WebRoute.evaluationCodes.url(r.id),
                closeURL: WebRoute.evaluationClose.url(r.id), open: r.open, codesIssued: r.codesIssued, ballots: r.ballots,
                results: results.map { x in
                    ResultView(
                        name: x.target.name, satisfied: x.counts[.satisfied] ?? 0, basically: x.counts[.basicallySatisfied] ?? 0,
                        dissatisfied: x.counts[.dissatisfied] ?? 0, rate: x.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—", remarks: x.remarks)
                },
                batches: batches.enumerated().map { n, b in
                    BatchView(
                        label: Strings.text(english: context.english)["batchLabel"].replacingOccurrences(of: "%d", with: String(n + 1)), size: b.size,
                        issuedAt: MemberPage.formatTime(b.issuedAt), issuedBy: b.issuedBy, reprints: b.reprints,
                        reprintURL: WebRoute.evaluationReprint.url(r.id, b.id))
                })
            return views.render("evaluation", model)
        }
        // The codes exist in plain text only in this response; a batch can be derived again (reprint).
        router.post(WebRoute.evaluationCodes.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let count = Int(form["count"]) else { throw VanguardError.invalid("请填写发放数量", "Enter how many codes", field: "count") }
            let id = try context.id()
            let codes = try await vanguard.massEvaluation.issueCodes(roundID: id, count: count, as: caller)
            return try await slips(request, context, roundID: id, codes: codes, caller: caller)
        }
        // After printing, a reload of the slips' address is the round's page (with its batches), not a 404.
        router.get(WebRoute.evaluationCodes.path) { _, context in redirect(WebURL.evaluation(try context.id())) }
        router.post(WebRoute.evaluationReprint.path) { request, context in
            let caller = try context.requireCaller()
            _ = try await WebForm.read(request, context: context)
            let id = try context.id()
            guard let batch = context.parameters.get("batch").flatMap(Int64.init) else { throw VanguardError.notFound(.init("该批评议码", "Batch")) }
            let codes = try await vanguard.massEvaluation.reprint(roundID: id, batchID: batch, as: caller)
            return try await slips(request, context, roundID: id, codes: codes, caller: caller)
        }
        router.post(WebRoute.evaluationClose.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.massEvaluation.close(roundID: id, as: caller)
            return redirect(WebURL.evaluation(id))
        }
        // The voter's side: no login, phone first.
        router.get(WebRoute.ballotEntry.path) { request, context in
            if let code = request.uri.queryParameters["code"].map(String.init), !code.isEmpty {
                return redirect(WebURL.ballot(code))
            }
            return ballotPage(context, code: "", round: nil, message: nil, done: false)
        }
        router.get(WebRoute.ballot.path) { _, context in
            let code = context.parameters.get("code") ?? ""
            return try await show(context, code: code)
        }
        router.post(WebRoute.ballot.path) { request, context in
            let code = context.parameters.get("code") ?? ""
            try await guesses.check(BallotGuesses.key(context.clientAddress), now: vanguard.time.nowMillis())
            let form = try await WebForm.read(request, context: context)
            let round: EvaluationRoundRecord
            do { round = try await vanguard.massEvaluation.ballot(code: code) } catch let e as VanguardError {
                if e.kind == .notFound { await guesses.fail(BallotGuesses.key(context.clientAddress), now: vanguard.time.nowMillis()) }
                return ballotPage(
                    context, code: code, round: nil, message: e.message.text(english: context.english), done: false,
                    status: e.kind == .notFound ? .notFound : .conflict)
            }
            var answers: [Int64: EvaluationAnswer] = [:]
            var remarks: [Int64: String] = [:]
            for t in round.targets {
                if let a = EvaluationAnswer(rawValue: form["answer\(t.id)"]) { answers[t.id] = a }
                if !form["remark\(t.id)"].isEmpty { remarks[t.id] = form["remark\(t.id)"] }
            }
            let outcome: BallotOutcome
            do {
                outcome = try await vanguard.massEvaluation.cast(code: code, answers: answers, remarks: remarks, wait: ballotWait)
            } catch let e as VanguardError {
                return ballotPage(
                    context, code: code, round: e.kind == .invalid ? round : nil, message: e.message.text(english: context.english), done: false,
                    status: e.kind == .invalid ? .badRequest : .conflict)
            }
            return ballotPage(context, code: "", round: nil, message: nil, done: true, pending: outcome == .pending)
        }
    }

    /// 评议码条: the printable slips of some codes, never cached.
    func slips(_ request: Request, _ context: AppRequestContext, roundID: Int64, codes: [String], caller: Caller) async throws -> Response {
        let r = try await vanguard.massEvaluation.round(roundID, as: caller)
        let base = "http://" + (request.head.authority ?? "127.0.0.1")
        let slips = codes.map { c in
            Slip(code: BallotCode.printable(c), url: base + WebURL.ballot(c), qr: QRCode(base + WebURL.ballot(c))?.svg(pixels: 110) ?? "")
        }
        var response = views.render(
            "slips",
            SlipsModel(
                frame: PageFrame(context, title: r.title, path: WebURL.evaluation(roundID)), title: r.title, entryURL: base + WebURL.ballotEntry,
                roundURL: WebURL.evaluation(roundID), slips: slips))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func show(_ context: AppRequestContext, code: String) async throws -> Response {
        try await guesses.check(BallotGuesses.key(context.clientAddress), now: vanguard.time.nowMillis())
        do {
            let sheet = try await vanguard.massEvaluation.ballotSheet(code: code)
            return ballotPage(context, code: code, round: sheet.round, promises: sheet.promises, message: nil, done: false)
        } catch let e as VanguardError {
            if e.kind == .notFound { await guesses.fail(BallotGuesses.key(context.clientAddress), now: vanguard.time.nowMillis()) }
            return ballotPage(
                context, code: code, round: nil, message: e.message.text(english: context.english), done: false,
                status: e.kind == .notFound ? .notFound : .conflict)
        }
    }

    func ballotPage(
        _ context: AppRequestContext, code: String, round: EvaluationRoundRecord?, promises: [Int64: [CommitmentRecord]] = [:], message: String?,
        done: Bool, pending: Bool = false, status: HTTPResponse.Status = .ok
    ) -> Response {
        let english = context.english
        let t = Strings.text(english: english)
        let answers = EvaluationAnswer.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english)) }
        return views.render(
            "ballot",
            BallotModel(
                frame: PageFrame(context, title: t["ballot"], path: WebURL.ballotEntry), title: round?.title ?? t["ballot"],
                organizationName: round?.organizationName ?? "",
                code: BallotCode.normalize(code) ?? "", actionURL: WebURL.ballot(BallotCode.normalize(code) ?? ""),
                targets: round?.targets.map { t in
                    TargetView(
                        id: t.id, name: t.name, answers: answers,
                        promises: (promises[t.id] ?? []).flatMap(\.items).map {
                            PromiseItem(content: $0.draft.content, deadline: $0.draft.deadline.description, fulfilled: $0.fulfilled)
                        })
                } ?? [],
                message: message, done: done, pending: pending),
            status: status)
    }
}
