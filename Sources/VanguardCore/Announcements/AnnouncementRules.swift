/// 通知公告: what a notice may carry and to whom it may go. The files follow the evidence rules (type by
/// their first bytes, sizes bounded), and a notice with one bad part is refused whole.
public enum AnnouncementRules {
    public static let maximumTitle = 60
    public static let maximumBody = 5000
    /// 指定组织 at most (more is a notice to the subtree).
    public static let maximumChosen = 200

    /// Every problem with a notice's text, audience and files, each naming its field.
    public static func problems(
        title: String, body: String, audience: AnnouncementAudience, chosen: Int, files: [(name: String, bytes: [UInt8])]
    ) -> [VanguardError] {
        var out: [VanguardError] = []
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || !CommendationText.fits(t, limit: maximumTitle) {
            out.append(.invalid("请填写标题（不超过\(maximumTitle)字）", "Give a title of at most \(maximumTitle) characters", field: "title"))
        }
        let b = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if b.isEmpty || !CommendationText.fits(b, limit: maximumBody) {
            out.append(.invalid("请填写正文（不超过\(maximumBody)字）", "Write the text, at most \(maximumBody) characters", field: "body"))
        }
        if audience == .chosen && chosen == 0 {
            out.append(.invalid("请选择接收的组织", "Choose the organizations to receive it", field: "organizations"))
        }
        if chosen > maximumChosen {
            out.append(
                .invalid(
                    "指定组织最多\(maximumChosen)个，更多请发给全部下级组织", "At most \(maximumChosen) chosen organizations; send to the subtree instead",
                    field: "organizations"))
        }
        // The evidence rules ask for text or a file; a notice always has its text, so only the files' own problems count.
        out += EvidencePolicy.problems(text: "-", files: files)
        return out
    }
}
