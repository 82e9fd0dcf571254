/// Word lists for the demo city's names: plausible, invented, never real people.
enum DemoNames {
    static let counties = ["金安区", "裕安区", "叶集区", "霍邱县", "舒城县", "金寨县", "霍山县"]
    static let placeSyllables = Array("东西南北中新城河山桥湾店集岗畈冲埠庄楼坪岭塘圩桃李花石龙凤安平丰盛兴隆和顺永乐长青松竹梅兰杨柳白马洪庙双溪")
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏飞志红春梅玉兰海燕德胜利民宏斌晓东雪峰永亮成林俊丹萍凤云龙波宁欣怡浩然子涵雨轩思远")
    static let organs = [
        "发展和改革委员会", "财政局", "教育局", "公安局", "民政局", "司法局", "人力资源和社会保障局", "自然资源和规划局",
        "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
        "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "信访局",
        "数据资源管理局", "科学技术局", "经济和信息化局", "乡村振兴局", "城市管理局", "档案馆", "机关事务管理局", "供销合作社",
    ]
    static let industries = ["电子", "机械", "食品", "纺织", "新材料", "茶业", "农业科技", "建材", "物流", "医药", "汽车零部件", "家居", "光伏", "网络科技"]
    static let associations = ["茶叶协会", "个体劳动者协会", "律师协会", "会计师协会", "物流协会", "养老服务协会", "志愿者协会", "餐饮行业协会", "电子商务协会", "商会"]
    static let soes = ["城市建设投资集团", "交通投资集团", "国有资本运营集团", "水务集团", "文化旅游投资集团", "农业发展集团", "产业投资集团", "公共交通集团", "粮油储备公司", "旅游开发公司"]
    static let posts = ["政策宣传岗", "环境卫生监督岗", "矛盾纠纷调解岗", "治安巡逻岗", "帮扶联络岗", "文明新风倡导岗", "村务监督岗", "产业发展指导岗"]
    static let ordinals = ["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"]
    static let systems = ["机关工委系统", "教育系统", "卫生健康系统", "民政系统", "统战系统", "国资系统", "两新组织系统", "政法系统", "农村工作系统"]

    static func place(_ rng: inout SeededRandom) -> String {
        String(rng.pick(placeSyllables)) + String(rng.pick(placeSyllables))
    }

    static func person(_ rng: inout SeededRandom) -> String {
        let given = rng.chance(0.7) ? String(rng.pick(givenChars)) + String(rng.pick(givenChars)) : String(rng.pick(givenChars))
        return String(rng.pick(surnames)) + given
    }
}
