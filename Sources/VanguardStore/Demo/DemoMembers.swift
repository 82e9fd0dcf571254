import VanguardCore

/// The members of the demo city: about 114,000, spread over the branches by their weight, with the
/// mix of categories of a real city (≈21% retired, leaders, floating, in-service members …).
enum DemoMembers {
    struct Member {
        var id: Int64
        var organizationID: Int64
        var draft: MemberDraft
    }

    static func make(plan: DemoCityPlan, total: Int, seed: UInt64, today: CalendarDay) -> [Member] {
        var rng = SeededRandom(seed: seed ^ 0x5EED)
        let branches = plan.orgs.filter { $0.kind == .branch }
        let totalWeight = branches.reduce(0) { $0 + $1.weight }
        let communityBranches = branches.filter { $0.sector == .community }.map(\.id)
        let nonPublicBranches = branches.filter { $0.sector == .nonPublic }.map(\.id)
        var out: [Member] = []
        out.reserveCapacity(total + total / 10)
        for branch in branches {
            let share = branch.weight / totalWeight * Double(total)
            let count = max(3, Int((share * Double(rng.int(80...120)) / 100).rounded()))
            let name = branch.name
            let retiredBranch = name.contains("离退休") || name.contains("老党员")
            let studentBranch = name.contains("学生") || name.contains("本科生") || name.contains("研究生")
            for i in 0..<count {
                let id = Int64(out.count + 1)
                var c = MemberCategories()
                let baseRetired: Double
                switch branch.sector {
                case .village: baseRetired = 0.07
                case .community: baseRetired = 0.12
                case .township, .street: baseRetired = 0.02
                default: baseRetired = 0.06
                }
                c.retired = !studentBranch && (retiredBranch ? rng.chance(0.85) : rng.chance(baseRetired))
                c.student = studentBranch
                c.faculty = !studentBranch && [.school, .higherSchool, .vocationalSchool].contains(branch.sector) && !c.retired
                c.secretary = i == 0
                c.partyWorker = i == 1 || (i == 0 && rng.chance(0.5))
                switch branch.sector {
                case .organ: c.leadingCadre = !c.retired && rng.chance(0.12)
                case .stateEnterprise, .township, .street: c.leadingCadre = !c.retired && rng.chance(0.06)
                case .medical, .higherSchool: c.leadingCadre = !c.retired && rng.chance(0.03)
                default: break
                }
                let birthYear: Int
                if c.student {
                    birthYear = today.year - rng.int(19...25)
                } else if c.retired {
                    birthYear = today.year - rng.int(60...92)
                } else {
                    birthYear = today.year - rng.int(24...59)
                }
                c.elderly = today.year - birthYear >= 80
                let workplace: Set<Sector> = [
                    .organ, .stateEnterprise, .school, .higherSchool, .vocationalSchool, .medical, .cultureSports, .research, .township, .street,
                ]
                if workplace.contains(branch.sector) && !c.retired && !c.student && rng.chance(0.7), !communityBranches.isEmpty {
                    c.inService = true
                    c.residenceOrganizationID = rng.pick(communityBranches)
                }
                if [.village, .community].contains(branch.sector) && !c.retired && rng.chance(0.2) {
                    c.withoutPost = true
                    c.assignedPost = rng.pick(DemoNames.posts)
                }
                if branch.sector == .village && !c.retired && !c.withoutPost && rng.chance(0.1), !nonPublicBranches.isEmpty {
                    c.floating = true
                    c.outflowOrganizationID = branch.id
                    c.inflowOrganizationID = rng.pick(nonPublicBranches)
                }
                let birth = CalendarDay(year: birthYear, month: rng.int(1...12), day: rng.int(1...28))!
                let joinYear = min(today.year - (c.student ? 0 : 1), birthYear + rng.int(18...(c.student ? 21 : 40)))
                let probationary = joinYear >= today.year - 1 && rng.chance(0.6)
                let joinMonth = joinYear == today.year ? min(rng.int(1...12), max(1, today.month - 1)) : rng.int(1...12)
                var join = CalendarDay(year: max(joinYear, birthYear + 18), month: joinMonth, day: rng.int(1...28))!
                // Adult on the day of joining, as the member form requires (2,585 demo members were not).
                if birth.years(until: join) < 18 { join = CalendarDay(year: birth.year + 18, month: birth.month, day: birth.day)! }
                let female = rng.chance(c.student ? 0.55 : 0.3)
                let phone = "1" + String(rng.pick([3, 5, 7, 8, 9])) + String(rng.int(100_000_000...999_999_999))
                let draft = MemberDraft(
                    memberNo: "LA" + String(10_000_000 + Int(id)), name: DemoNames.person(&rng),
                    gender: female ? .female : .male, birthDate: birth, joinDate: join,
                    status: probationary ? .probationary : .full, phone: phone, categories: c)
                out.append(Member(id: id, organizationID: branch.id, draft: draft))
            }
        }
        return out
    }
}
