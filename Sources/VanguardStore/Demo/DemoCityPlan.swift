import VanguardCore

/// The demo city, calibrated to Lu'an [DOMAIN §1–2, source 001]: a city committee, 7 county and
/// district committees, townships and streets with their villages and communities, organs, SOEs,
/// schools, hospitals, non-public enterprises and social organizations — about 12,000 organizations
/// and 114,000 members, the same for the same seed. `small` keeps the shape with two counties of a few
/// units each (a few hundred organizations), for checking pages at a small scale.
struct DemoCityPlan {
    struct Org {
        var id: Int64
        var parentID: Int64?
        var name: String
        var kind: OrganizationKind
        var sector: Sector
        var path: TreePath
        var system: Int?
        /// Relative size of the branch's membership (0 for organizations that hold none directly).
        var weight: Double
        var code: String { "LA" + String(repeating: "0", count: max(0, 6 - String(id).count)) + String(id) }
    }

    private(set) var orgs: [Org] = []
    private var rng: SeededRandom
    private let small: Bool

    init(seed: UInt64, small: Bool = false) {
        rng = SeededRandom(seed: seed)
        self.small = small
        build()
    }

    /// How many units of a kind: a number in `city`, or in `few` for the small city.
    private mutating func count(_ city: ClosedRange<Int>, few: ClosedRange<Int>) -> Int { rng.int(small ? few : city) }

    @discardableResult
    private mutating func add(_ parent: Int64?, _ name: String, _ kind: OrganizationKind, _ sector: Sector, system: Int? = nil, weight: Double = 0) -> Int64 {
        let id = Int64(orgs.count + 1)
        let path = parent.map { orgs[Int($0 - 1)].path.appending(id) } ?? TreePath(ids: [id])
        let w = kind == .branch ? (weight == 0 ? 1 : weight) : 0
        orgs.append(Org(id: id, parentID: parent, name: name, kind: kind, sector: sector, path: path, system: system, weight: w))
        return id
    }

    /// A unit with `branches` branches: a branch alone, a general branch, or a committee above them.
    private mutating func unit(_ parent: Int64, _ name: String, _ sector: Sector, branches: Int, system: Int?, weight: Double, branchNames: [String]? = nil) {
        if branches <= 1 {
            add(parent, name + "党支部", .branch, sector, system: system, weight: weight)
            return
        }
        let kind: OrganizationKind = branches >= 5 ? .grassrootsCommittee : .generalBranch
        let head = add(parent, name + (kind == .grassrootsCommittee ? "党委" : "党总支"), kind, sector, system: system)
        for i in 0..<branches {
            let label = branchNames.map { $0[i % $0.count] } ?? DemoNames.ordinals[i % 10]
            add(head, name + label + "党支部", .branch, sector, system: system, weight: weight)
        }
    }

    private mutating func build() {
        let city = add(nil, "中共六安市委员会", .localCommittee, .general)
        for county in DemoNames.counties.prefix(small ? 2 : DemoNames.counties.count) { buildCounty(city, county) }
        buildCityUnits(city)
    }

    private mutating func buildCounty(_ city: Int64, _ county: String) {
        let c = add(city, "中共" + county + "委员会", .localCommittee, .general)
        for _ in 0..<count(17...20, few: 2...3) {
            let town = DemoNames.place(&rng) + "镇"
            let t = add(c, "中共" + town + "委员会", .grassrootsCommittee, .township, system: 8)
            add(t, town + "机关党支部", .branch, .township, system: 8, weight: 1.2)
            for _ in 0..<count(13...18, few: 3...4) {
                let village = town.dropLast() + DemoNames.place(&rng) + "村"
                let roll = rng.int(0...9)
                let branches = roll < 3 ? 1 : (roll < 8 ? 3 : 5)
                unit(
                    t, String(village), .village, branches: branches, system: 8, weight: 1.6,
                    branchNames: ["第一", "第二", "老党员", "流动党员", "青年"])
            }
        }
        for _ in 0..<count(3...5, few: 1...1) {
            let street = DemoNames.place(&rng) + "街道"
            let s = add(c, "中共" + street + "工作委员会", .grassrootsCommittee, .street, system: 3)
            add(s, street + "机关党支部", .branch, .street, system: 3, weight: 1.2)
            for _ in 0..<count(5...7, few: 2...2) {
                unit(
                    s, DemoNames.place(&rng) + "社区", .community, branches: 5, system: 3, weight: 1.6,
                    branchNames: ["第一网格", "第二网格", "第三网格", "离退休", "在职党员报到"])
            }
        }
        let organs = add(c, "中共" + county + "直属机关工作委员会", .workingCommittee, .organ, system: 0)
        for name in DemoNames.organs.prefix(count(26...32, few: 4...6)) {
            unit(organs, county + name, .organ, branches: rng.chance(0.3) ? rng.int(2...4) : 1, system: 0, weight: 1.1)
        }
        let edu = add(c, "中共" + county + "教育局委员会", .grassrootsCommittee, .school, system: 1)
        for i in 0..<count(36...44, few: 3...4) {
            let school = i < 8 ? county + DemoNames.ordinals[i % 10] + "中学" : county + DemoNames.place(&rng) + "小学"
            unit(edu, school, .school, branches: i < 8 ? 3 : 1, system: 1, weight: 1.0)
        }
        let health = add(c, "中共" + county + "卫生健康系统委员会", .grassrootsCommittee, .medical, system: 2)
        unit(health, county + "人民医院", .medical, branches: 6, system: 2, weight: 1.3)
        unit(health, county + "中医院", .medical, branches: 4, system: 2, weight: 1.2)
        for _ in 0..<count(10...14, few: 1...2) { unit(health, DemoNames.place(&rng) + "镇卫生院", .medical, branches: 1, system: 2, weight: 0.7) }
        let soe = add(c, "中共" + county + "国有企业委员会", .grassrootsCommittee, .stateEnterprise, system: 5)
        for name in DemoNames.soes.prefix(rng.int(5...8)) { unit(soe, county + name, .stateEnterprise, branches: rng.int(1...3), system: 5, weight: 1.2) }
        let nonPublic = add(c, "中共" + county + "非公有制经济组织综合委员会", .grassrootsCommittee, .nonPublic, system: 6)
        for _ in 0..<count(110...140, few: 4...6) {
            let firm = String(county.prefix(2)) + DemoNames.place(&rng) + rng.pick(DemoNames.industries) + "有限公司"
            unit(nonPublic, String(firm), .nonPublic, branches: 1, system: 6, weight: 0.45)
        }
        let social = add(c, "中共" + county + "社会组织综合委员会", .grassrootsCommittee, .socialOrganization, system: 6)
        for name in DemoNames.associations { unit(social, county + name, .socialOrganization, branches: 1, system: 6, weight: 0.4) }
        for _ in 0..<count(8...12, few: 1...2) {
            unit(social, county + DemoNames.place(&rng) + "社会工作服务中心", .socialOrganization, branches: 1, system: 6, weight: 0.35)
        }
    }

    private mutating func buildCityUnits(_ city: Int64) {
        let organs = add(city, "中共六安市直属机关工作委员会", .workingCommittee, .organ, system: 0)
        for name in DemoNames.organs {
            unit(organs, "六安市" + name, .organ, branches: rng.chance(0.45) ? rng.int(3...6) : 1, system: 0, weight: 1.4)
        }
        let law = add(city, "中共六安市委政法委员会机关委员会", .grassrootsCommittee, .organ, system: 7)
        for name in ["市中级人民法院", "市人民检察院", "市公安局交通警察支队", "市司法局法律援助中心"] {
            unit(law, "六安" + name, .organ, branches: 4, system: 7, weight: 1.4)
        }
        let soe = add(city, "中共六安市国有企业委员会", .grassrootsCommittee, .stateEnterprise, system: 5)
        for name in DemoNames.soes {
            let head = add(soe, "中共六安" + name + "委员会", .grassrootsCommittee, .stateEnterprise, system: 5)
            for i in 0..<rng.int(2...4) {
                unit(head, "六安" + name + DemoNames.ordinals[i] + "分公司", .stateEnterprise, branches: rng.int(2...4), system: 5, weight: 1.3)
            }
            add(head, "六安" + name + "机关党支部", .branch, .stateEnterprise, system: 5, weight: 1.3)
        }
        let edu = add(city, "中共六安市委教育工作委员会", .workingCommittee, .school, system: 1)
        let college = add(edu, "中共皖西学院委员会", .grassrootsCommittee, .higherSchool, system: 1)
        for dept in ["文化与传媒学院", "马克思主义学院", "电子与信息工程学院", "机械与车辆工程学院", "材料与化工学院", "经济与管理学院", "生物与制药工程学院", "资源环境与旅游学院", "外国语学院", "体育学院", "艺术学院", "教育学院"] {
            let g = add(college, "皖西学院" + dept + "党总支", .generalBranch, .higherSchool, system: 1)
            add(g, "皖西学院" + dept + "教工党支部", .branch, .higherSchool, system: 1, weight: 1.0)
            for grade in ["本科生第一", "本科生第二", "研究生"] { add(g, "皖西学院" + dept + grade + "党支部", .branch, .higherSchool, system: 1, weight: 1.2) }
        }
        let vocational = add(edu, "中共六安职业技术学院委员会", .grassrootsCommittee, .vocationalSchool, system: 1)
        for dept in ["机电工程系", "信息工程系", "经济管理系", "医学系", "建筑工程系", "基础部"] {
            unit(vocational, "六安职业技术学院" + dept, .vocationalSchool, branches: 3, system: 1, weight: 1.0, branchNames: ["教工", "学生第一", "学生第二"])
        }
        for i in 1...16 { unit(edu, "六安市第\(i)中学", .school, branches: i <= 4 ? 4 : 2, system: 1, weight: 1.1) }
        let health = add(city, "中共六安市卫生健康系统委员会", .grassrootsCommittee, .medical, system: 2)
        for name in ["六安市人民医院", "六安市中医院", "六安市第二人民医院", "六安市妇幼保健院", "六安市疾病预防控制中心", "六安市中心血站"] {
            let head = add(health, "中共" + name + "委员会", .grassrootsCommittee, .medical, system: 2)
            for dept in ["内科", "外科", "医技", "护理", "行政后勤", "离退休"].prefix(rng.int(4...6)) {
                add(head, name + dept + "党支部", .branch, .medical, system: 2, weight: 1.3)
            }
        }
        let culture = add(city, "中共六安市文化旅游体育系统委员会", .grassrootsCommittee, .cultureSports, system: 0)
        for name in ["图书馆", "博物馆", "文化馆", "体育运动学校", "广播电视台", "大别山革命历史纪念馆"] { unit(culture, "六安市" + name, .cultureSports, branches: 1, system: 0, weight: 0.9) }
        let research = add(city, "中共六安市科研院所联合委员会", .grassrootsCommittee, .research, system: 0)
        for name in ["农业科学研究院", "茶叶研究所", "林业科学研究所", "水利科学研究所", "工业设计研究院"] { unit(research, "六安市" + name, .research, branches: 1, system: 0, weight: 0.9) }
        let twoNew = add(city, "中共六安市非公有制经济组织和社会组织工作委员会", .workingCommittee, .nonPublic, system: 6)
        for park in ["六安经济技术开发区", "六安高新技术产业开发区", "金安经济开发区", "裕安经济开发区", "霍山经济开发区"] {
            let head = add(twoNew, "中共" + park + "非公企业综合委员会", .grassrootsCommittee, .nonPublic, system: 6)
            for _ in 0..<rng.int(110...130) {
                unit(
                    head, "六安" + DemoNames.place(&rng) + rng.pick(DemoNames.industries) + "有限公司", .nonPublic, branches: rng.chance(0.1) ? 2 : 1, system: 6,
                    weight: 0.5)
            }
        }
        let social = add(twoNew, "中共六安市社会组织综合委员会", .grassrootsCommittee, .socialOrganization, system: 6)
        for name in DemoNames.associations { unit(social, "六安市" + name, .socialOrganization, branches: 1, system: 6, weight: 0.5) }
        for _ in 0..<40 { unit(social, "六安市" + DemoNames.place(&rng) + "公益服务中心", .socialOrganization, branches: 1, system: 6, weight: 0.4) }
    }
}
