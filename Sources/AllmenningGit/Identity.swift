import CGit2
import Foundation

/// Who made a commit, tag or note, and when.
public struct Identity: Sendable, Equatable {
    public var name: String
    public var email: String
    public var date: Date
    /// Minutes east of UTC, as git records it.
    public var timeZoneOffset: Int

    public init(name: String, email: String, date: Date = Date(), timeZoneOffset: Int? = nil) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffset = timeZoneOffset ?? TimeZone.current.secondsFromGMT(for: date) / 60
    }

    init(_ signature: UnsafePointer<git_signature>) {
        name = String(cString: signature.pointee.name)
        email = String(cString: signature.pointee.email)
        date = Date(timeIntervalSince1970: TimeInterval(signature.pointee.when.time))
        timeZoneOffset = Int(signature.pointee.when.offset)
    }

    /// A libgit2 signature for the duration of `body`, freed afterwards.
    func withSignature<T>(_ body: (UnsafeMutablePointer<git_signature>) throws(GitError) -> T) throws(GitError) -> T {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&signature, name, email, git_time_t(date.timeIntervalSince1970.rounded(.down)), Int32(timeZoneOffset)),
                  "record the identity \(name) <\(email)>")
        defer { git_signature_free(signature) }
        return try body(signature!)
    }
}
