import VanguardCore

/// 评选表彰 on the dashboard: the year's titles (collectives and individuals, on notice, revoked) for
/// everyone who sees it, and the award fund's money (received, paid, reclaimed, balance) for private readers.
extension DashboardPage {
    static func commendationCards(_ f: StatFigures, showsPrivate: Bool, t: UIText, number: (Int) -> String) -> [Card] {
        let collectives = f.commended(title: "advanced_organization") + f.commended(title: "advanced_unit")
        let individuals = f.commended(title: "excellent_member") + f.commended(title: "excellent_worker")
        let total = f.commended(title: nil)
        var cards = [
            Card(
                id: "card-commended", label: t["statCommended"], value: number(total), exact: ChineseNumber.exact(total),
                detail:
                    "\(t["statCollectives"]) \(number(collectives)) · \(t["statIndividuals"]) \(number(individuals)) · \(t["statOnNotice"]) \(number(f.value(StatMetric.onNotice))) · \(t["statRevoked"]) \(number(f.value(StatMetric.revoked)))"
            )
        ]
        if showsPrivate {
            let paid = f.value(StatMetric.fund(.payment))
            let balance = f.value(StatMetric.fund(.income)) - paid + f.value(StatMetric.fund(.reclaim))
            cards.append(
                Card(
                    id: "card-fund", label: t["statFundPaid"], value: number(paid), exact: ChineseNumber.exact(paid),
                    detail:
                        "\(t["statFundReceived"]) \(number(f.value(StatMetric.fund(.income)))) · \(t["statFundReclaimed"]) \(number(f.value(StatMetric.fund(.reclaim)))) · \(t["statFundBalance"]) \(number(balance))"
                ))
        }
        return cards
    }
}
