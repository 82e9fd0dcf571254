/// 典型宣传: what a story may carry. Photos only (JPEG or PNG, decided by their first bytes), within the
/// evidence limits; a story with one bad part is refused whole.
public enum ExemplarRules {
    public static let maximumTitle = 60
    public static let maximumStory = 3000
    public static let maximumPhotos = 6
    /// 群众满意度高: an organization rated at least this in a closed round of mass evaluation is a candidate.
    public static let satisfactionCandidate = 0.95

    public static func problems(title: String, story: String, photos: [(name: String, bytes: [UInt8])]) -> [VanguardError] {
        var out: [VanguardError] = []
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || !CommendationText.fits(t, limit: maximumTitle) {
            out.append(.invalid("请填写标题（不超过\(maximumTitle)字）", "Give a title of at most \(maximumTitle) characters", field: "title"))
        }
        let s = story.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.isEmpty || !CommendationText.fits(s, limit: maximumStory) {
            out.append(.invalid("请填写典型事迹（不超过\(maximumStory)字）", "Write the story, at most \(maximumStory) characters", field: "story"))
        }
        if photos.count > maximumPhotos {
            out.append(.invalid("照片最多\(maximumPhotos)张", "At most \(maximumPhotos) photos", field: "photos"))
        }
        // A file that is not a photo is named as such; the evidence rules then bound the photos' sizes.
        var images: [(name: String, bytes: [UInt8])] = []
        for (i, p) in photos.enumerated() {
            if p.bytes.isEmpty || EvidencePolicy.type(of: p.bytes, name: p.name)?.isImage == true {
                images.append(p)
            } else {
                out.append(
                    .invalid("第\(i + 1)个文件“\(p.name)”不是照片（JPEG/PNG）", "File \(i + 1) '\(p.name)' is not a JPEG or PNG photo", field: "files[\(i)]"))
            }
        }
        out += EvidencePolicy.problems(text: "-", files: images)
        return out
    }
}
