/// UI text of 典型宣传.
extension Strings {
    static let exemplars: [String: (zh: String, en: String)] = [
        "exemplars": ("典型宣传", "Exemplars"),
        "exCampaign": ("创先争优活动", "Strive to be first and excellent"),
        "exWrite": ("编写典型", "Write up an exemplar"),
        "exTitle": ("标题", "Title"),
        "exStory": ("典型事迹", "Story"),
        "exSource": ("典型来源", "Found through"),
        "exOrganization": ("党组织代码", "Organization code"),
        "exMember": ("或党员编号", "or member number"),
        "exPhotos": ("照片（JPEG/PNG，最多6张）", "Photos (JPEG/PNG, up to 6)"),
        "exSubject": ("典型", "Exemplar"),
        "exPublish": ("发布", "Publish"),
        "exWithdraw": ("撤下", "Withdraw"),
        "exWithdrawConfirm": ("确定从公开页面撤下这篇典型吗？", "Take this story off the public page?"),
        "exPublicPage": ("公开宣传页（无需登录）", "Public page (no login)"),
        "exFigures": ("活动进展", "The campaign so far"),
        "exOrganizations": ("党组织", "Organizations"),
        "exMembers": ("党员", "Members"),
        "exCoverage": ("承诺覆盖率", "Commitment coverage"),
        "exFulfilment": ("党员承诺兑现率", "Members' commitments fulfilled"),
        "exSatisfaction": ("群众满意率", "Satisfaction"),
        "exCommended": ("上年度受表彰", "Commended last year"),
        "exNone": ("暂无典型", "No exemplars yet"),
        "exMore": ("阅读全文", "Read on"),
        "exFrom": ("推荐单位", "From"),
    ]
}
