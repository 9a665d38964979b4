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

/// What git's configuration files (the repository's, the user's ~/.gitconfig, the system's)
/// say about the user.
public enum GitConfiguration {
    /// user.name and user.email, either of which may be missing.
    public static func user(in repository: Repository? = nil) -> (name: String?, email: String?) {
        Libgit2.ensureInitialised()
        var configuration: OpaquePointer?
        let code = if let repository { git_repository_config_snapshot(&configuration, repository.pointer) }
                   else { git_config_open_default(&configuration) }
        guard code == 0 else { return (nil, nil) }
        defer { git_config_free(configuration) }
        var snapshot: OpaquePointer? = configuration
        if repository == nil {
            guard git_config_snapshot(&snapshot, configuration) == 0 else { return (nil, nil) }
        }
        defer { if repository == nil { git_config_free(snapshot) } }
        func value(_ key: String) -> String? {
            var text: UnsafePointer<CChar>?
            guard git_config_get_string(&text, snapshot, key) == 0, let text else { return nil }
            let value = String(cString: text).trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        return (value("user.name"), value("user.email"))
    }
}
