/// 点评的阅读范围: a leader's comment on a member is for the member herself and for those who may read
/// private records where she belongs, not for the whole branch; a comment on an organization is for
/// whoever sees the organization.
public enum CommentReaders {
    public static func mayRead(commentOn memberID: Int64?, readerMemberID: Int64?, readsPrivate: Bool) -> Bool {
        guard let memberID else { return true }
        return readerMemberID == memberID || readsPrivate
    }
}
