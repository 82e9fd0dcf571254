import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 统计 on the web: headline cards, the children with the same figures (sortable, each a link down),
/// inline SVG charts, and the Lu'an-shaped report as XLSX/CSV.
struct DashboardPage {
    let vanguard: Vanguard
    let views: Views

    struct Card: Sendable {
        let id: String; let label: String; let value: String
        /// The exact figure behind an abbreviated one (1.2万), shown on hover.
        var exact: String? = nil
        let detail: String
    }
    struct Row: Sendable {
        let url: String; let name: String; let orgMade: String; let orgRate: String; let memberItems: String; let memberFulfilled: String
        let memberRate: String; let overdue: String; let coverage: String; let satisfaction: String
    }
    struct ReportRow: Sendable { let cells: [String] }
    struct ReportModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let year: Int
        /// The printed title and its date of compilation (编制日期).
        let title: String; let compiledOn: String
        let header: [String]; let rows: [ReportRow]
        let fileURL: String
    }
    /// A child's 督查帮扶 figures (for those who read private data).
    struct SupportRow: Sendable {
        let url: String; let name: String; let backward: String; let backwardMembers: String; let items: String; let open: String; let overdue: String
        let visits: String; let inspections: String; let findings: String
    }
    struct SortLink: Sendable { let key: String; let label: String; let url: String; let current: Bool }
    struct Model: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let year: Int; let cards: [Card]; let rows: [Row]
        let supportRows: [SupportRow]
        let sorts: [SortLink]; let barChart: String; let monthChart: String; let quarterChart: String; let inspectionChart: String?; let reportURL: String
        /// When the figures were read: they have no lag (each fact and its counters commit together).
        let asOf: String
    }

    /// A report cell as a table shows it: exact counts (11,785), rates as percentages.
    static func cellText(_ c: SheetCell) -> String {
        switch c {
        case .integer(let n): String(n)
        case .count(let n): ChineseNumber.exact(n)
        case .percent(let r): ChineseNumber.percent(r)
        case .text, .number: c.csvText
        }
    }

    static func coverage(_ r: StatRow) -> Double? { r.figures.coverageRate(members: r.members) }

    /// The sort keys of the children table, each with the value it sorts by (highest first).
    /// 督查帮扶's cards, for those who read private data: backward organizations and members (designated,
    /// paired, lifted) and rectification items (opened, checked off, overdue).
    static func supportCards(_ f: StatFigures, t: UIText, number: (Int) -> String) -> [Card] {
        func backward(_ kind: BackwardKind, _ id: String, _ label: String, _ lifted: String) -> Card {
            let n = f.value(StatMetric.backwardDesignated(kind))
            return Card(
                id: id, label: t[label], value: number(n), exact: ChineseNumber.exact(n),
                detail:
                    "\(t["statPaired"]) \(number(f.value(StatMetric.backwardPaired(kind)))) · \(t[lifted]) \(number(f.value(StatMetric.backwardLifted(kind))))")
        }
        let opened = f.rectificationsOpened
        return [
            backward(.organization, "card-backward-org", "statBackwardOrganizations", "statLifted"),
            backward(.member, "card-backward-member", "statBackwardMembers", "statProgressed"),
            Card(
                id: "card-rectifications", label: t["statRectifications"], value: number(opened), exact: ChineseNumber.exact(opened),
                detail:
                    "\(t["statCheckedOff"]) \(number(f.value(StatMetric.rectifications(.checkedOff)))) · \(t["statRectificationsOverdue"]) \(number(f.value(StatMetric.rectificationsOverdue)))"
            ),
        ]
    }

    /// 调研指导 (everyone who sees the dashboard) and, for private readers, 巡回检查: the year's counts
    /// with the quarter's (`quarter` nil for a year that is not the current one).
    static func visitCards(_ f: StatFigures, showsPrivate: Bool, quarter: Int?, t: UIText, number: (Int) -> String) -> [Card] {
        let visits = f.visitsByQuarter.reduce(0, +)
        let now = quarter.map {
            "\(t["statThisQuarter"]) \(number(f.visitsByQuarter[$0 - 1])) · \(t["statPointsVisited"]) \(number(f.pointsVisitedByQuarter[$0 - 1]))"
        }
        var cards = [
            Card(
                id: "card-visits", label: t["statVisits"], value: number(visits), exact: ChineseNumber.exact(visits),
                detail: now ?? "\(t["statPointsVisited"]) \(f.pointsVisitedByQuarter.map { number($0) }.joined(separator: " / "))")
        ]
        if showsPrivate {
            let inspections = f.inspectionsByQuarter.reduce(0, +)
            cards.append(
                Card(
                    id: "card-inspections", label: t["statInspections"], value: number(inspections), exact: ChineseNumber.exact(inspections),
                    detail: "\(t["statFindings"]) \(number(f.findingsByQuarter.reduce(0, +)))"))
        }
        return cards
    }

    static func supportRow(_ r: StatRow, year: Int) -> SupportRow {
        let f = r.figures
        let e = ChineseNumber.exact
        return SupportRow(
            url: WebURL.dashboard(r.organization.id, year: year), name: r.organization.name,
            backward: "\(e(f.value(StatMetric.backwardDesignated(.organization)))) / \(e(f.value(StatMetric.backwardLifted(.organization))))",
            backwardMembers: "\(e(f.value(StatMetric.backwardDesignated(.member)))) / \(e(f.value(StatMetric.backwardLifted(.member))))",
            items: e(f.rectificationsOpened), open: e(f.rectificationsOpened - f.value(StatMetric.rectifications(.checkedOff))),
            overdue: e(f.value(StatMetric.rectificationsOverdue)), visits: e(f.visitsByQuarter.reduce(0, +)),
            inspections: e(f.inspectionsByQuarter.reduce(0, +)), findings: e(f.findingsByQuarter.reduce(0, +)))
    }

    static let sortKeys: [(key: String, label: String, value: @Sendable (StatRow) -> Double)] = [
        ("memberRate", "statMemberRate", { $0.figures.fulfilmentRate("member") ?? -1 }),
        ("memberItems", "statMemberItems", { Double($0.figures.items("member")) }),
        ("overdue", "statOverdue", { Double($0.figures.overdue("member") + $0.figures.overdue("organization")) }),
        ("coverage", "statCoverage", { coverage($0) ?? -1 }),
        ("satisfaction", "satisfactionRate", { $0.figures.satisfactionRate ?? -1 }),
    ]

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.dashboard.path) { request, context in
            let caller = try context.requireCaller()
            let q = request.uri.queryParameters
            let year = try request.queryYear(default: vanguard.time.today().year)
            let sort = q["sort"].map(String.init) ?? ""
            let d = try await vanguard.statistics.dashboard(organizationID: try context.id(), year: year, as: caller)
            let today = vanguard.time.today()
            let starLevels = d.memberStarLevels
            let t = Strings.text(english: context.english)
            let number = { (n: Int) in ChineseNumber.format(n, english: context.english) }  // 52.6万, or 526,000 in English
            let f = d.total.figures
            let grades = EvaluationGrade.allCases.map { "\($0.name.text(english: context.english)) \(f.determinations("member", $0))" }.joined(separator: " · ")
            let cards =
                [
                    Card(
                        id: "card-org", label: t["statOrganizationCommitments"], value: number(f.items("organization")),
                        exact: ChineseNumber.exact(f.items("organization")),
                        detail:
                            "\(t["statFulfilled"]) \(number(f.itemsFulfilled("organization"))) · \(ChineseNumber.percent(f.fulfilmentRate("organization")))"
                    ),
                    Card(
                        id: "card-member", label: t["statMemberCommitments"], value: number(f.items("member")), exact: ChineseNumber.exact(f.items("member")),
                        detail: "\(t["statFulfilled"]) \(number(f.itemsFulfilled("member"))) · \(ChineseNumber.percent(f.fulfilmentRate("member")))"),
                    Card(
                        id: "card-overdue", label: t["statOverdue"], value: number(f.overdue("member") + f.overdue("organization")),
                        exact: ChineseNumber.exact(f.overdue("member") + f.overdue("organization")),
                        detail: "\(t["statOrganizationShort"]) \(f.overdue("organization")) · \(t["statMemberShort"]) \(f.overdue("member"))"),
                    Card(
                        id: "card-coverage", label: t["statCoverage"], value: ChineseNumber.percent(Self.coverage(d.total)),
                        detail:
                            "\(t["statCommitted"]) \(number(f.value(StatMetric.committedMembers))) / \(t["statShouldCommit"]) \(number(f.shouldCommit(members: d.total.members)))"
                            + (f.value(StatMetric.exemptMembers) > 0 ? " · \(t["statExempt"]) \(number(f.value(StatMetric.exemptMembers)))" : "")
                            + (f.value(StatMetric.committedGuests) > 0 ? " · \(t["statGuests"]) \(number(f.value(StatMetric.committedGuests)))" : "")),
                    Card(
                        id: "card-satisfaction", label: t["satisfactionRate"], value: ChineseNumber.percent(f.satisfactionRate),
                        detail: "\(t["ballotAnswers"]) \(number(EvaluationAnswer.allCases.reduce(0) { $0 + f.ballots($1) }))"),
                    Card(
                        id: "card-determinations", label: t["determinations"],
                        value: number(EvaluationGrade.allCases.reduce(0) { $0 + f.determinations("member", $1) }),
                        exact: ChineseNumber.exact(EvaluationGrade.allCases.reduce(0) { $0 + f.determinations("member", $1) }), detail: grades),
                    Card(
                        id: "card-points", label: t["statPoints"], value: number(f.value(StatMetric.memberPoints)),
                        exact: ChineseNumber.exact(f.value(StatMetric.memberPoints)),
                        detail: f.starDistribution(levels: starLevels).map { "\($0.stars)★ \(number($0.members))" }.joined(separator: " · ")),
                ] + (d.showsPrivate ? Self.supportCards(f, t: t, number: number) : [])
                + Self.visitCards(
                    f, showsPrivate: d.showsPrivate, quarter: year == today.year ? Quarter.containing(today).quarter : nil, t: t, number: number)
                + Self.commendationCards(f, showsPrivate: d.showsPrivate, t: t, number: number)
                + Self.reportCards(f, showsPrivate: d.showsPrivate, t: t, english: context.english)
            var children = d.children
            if let key = Self.sortKeys.first(where: { $0.key == sort }) {
                children.sort { key.value($0) > key.value($1) || (key.value($0) == key.value($1) && $0.organization.name < $1.organization.name) }
            }
            let base = WebURL.dashboard(d.total.organization.id, year: year)
            let rows = children.map { r in
                Row(
                    url: WebURL.dashboard(r.organization.id, year: year), name: r.organization.name,
                    orgMade: ChineseNumber.exact(r.figures.items("organization")),
                    orgRate: ChineseNumber.percent(r.figures.fulfilmentRate("organization")), memberItems: ChineseNumber.exact(r.figures.items("member")),
                    memberFulfilled: ChineseNumber.exact(r.figures.itemsFulfilled("member")),
                    memberRate: ChineseNumber.percent(r.figures.fulfilmentRate("member")),
                    overdue: ChineseNumber.exact(r.figures.overdue("member") + r.figures.overdue("organization")),
                    coverage: ChineseNumber.percent(Self.coverage(r)),
                    satisfaction: ChineseNumber.percent(r.figures.satisfactionRate))
            }
            let model = Model(
                frame: PageFrame(context, title: d.total.organization.name + " · " + t["dashboard"], path: base, organization: d.total.organization.id),
                organizationID: d.total.organization.id,
                organizationName: d.total.organization.name, year: year, cards: cards, rows: rows,
                supportRows: d.showsPrivate ? children.map { Self.supportRow($0, year: year) } : [],
                sorts: Self.sortKeys.map { SortLink(key: $0.key, label: t[$0.label], url: base + "&sort=" + $0.key, current: $0.key == sort) },
                barChart: children.isEmpty
                    ? ""
                    : SVGChart.rateBars(children.prefix(40).map { ($0.organization.name, $0.figures.fulfilmentRate("member")) }, title: t["statMemberRate"]),
                monthChart: SVGChart.months(f.fulfilledByMonth("member"), title: t["statByMonth"]),
                quarterChart: SVGChart.quarters(
                    [(t["statVisits"], f.visitsByQuarter), (t["statPointsVisited"], f.pointsVisitedByQuarter)], title: t["statByQuarter"]),
                inspectionChart: d.showsPrivate
                    ? SVGChart.quarters(
                        [(t["statInspections"], f.inspectionsByQuarter), (t["statFindings"], f.findingsByQuarter)], title: t["statInspectionsByQuarter"])
                    : nil,
                reportURL: WebURL.report(d.total.organization.id, year: year),
                asOf: MemberPage.formatTime(vanguard.time.nowMillis()))
            return views.render("dashboard", model)
        }
        router.get(WebRoute.report.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let q = request.uri.queryParameters
            let year = try request.queryYear(default: vanguard.time.today().year)
            if let text = q["format"].map(String.init), !text.isEmpty {
                guard let format = SheetFormat(rawValue: text) else {
                    throw VanguardError.invalid("不支持的格式：\(text)（可选 xlsx、csv）", "Unknown format \(text) (xlsx or csv)", field: "format")
                }
                let data = try await vanguard.statistics.report(organizationID: id, year: year, format: format, as: caller)
                return try Download.response(data)
            }
            // The page: the same table as the file, to read and print before downloading it.
            let table = try await vanguard.statistics.reportTable(organizationID: id, year: year, as: caller)
            let model = ReportModel(
                frame: PageFrame(context, title: table.title, path: WebURL.report(id, year: year), organization: id), organizationID: id,
                organizationName: table.organization.name, year: year, title: "\(table.organization.name) \(year)年创先争优统计",
                compiledOn: table.compiledOn.description, header: table.header,
                rows: table.rows.map { ReportRow(cells: $0.map(Self.cellText)) }, fileURL: WebURL.report(id, year: year))
            return views.render("report", model)
        }
    }
}
