import CGit2

/// A failed libgit2 call: the operation we attempted, in words, and libgit2's own message.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound
        case exists
        case conflict
        case unbornBranch
        case uncommittedChanges
        case network
        case rejected
        case other
    }

    public var operation: String
    public var message: String
    public var kind: Kind
    /// libgit2's return code (GIT_ENOTFOUND, …) and error class (GIT_ERROR_NET, …); 0 when
    /// the error was found by our own checks rather than reported by libgit2.
    public var code: Int32
    public var errorClass: Int32

    public init(operation: String, message: String, kind: Kind = .other, code: Int32 = 0, errorClass: Int32 = 0) {
        self.operation = operation
        self.message = message
        self.kind = kind
        self.code = code
        self.errorClass = errorClass
    }

    public var description: String { "\(operation): \(message)" }

    /// The error libgit2 recorded for this thread after a call returned `code`.
    static func last(_ code: Int32, operation: String) -> GitError {
        let last = git_error_last()
        let message = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 returned \(code)"
        let errorClass = last.map { $0.pointee.klass } ?? 0
        let kind: Kind = switch code {
        case GIT_ENOTFOUND.rawValue: .notFound
        case GIT_EEXISTS.rawValue: .exists
        case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue: .conflict
        case GIT_EUNBORNBRANCH.rawValue: .unbornBranch
        case GIT_EUNCOMMITTED.rawValue: .uncommittedChanges
        default: isNetworkFailure(errorClass: errorClass, message: message) ? .network : .other
        }
        return GitError(operation: operation, message: message, kind: kind, code: code, errorClass: errorClass)
    }
}

/// Connection failures come from the socket layer with the operating system's error class,
/// which is also used for file errors; libgit2's wording tells them apart.
private func isNetworkFailure(errorClass: Int32, message: String) -> Bool {
    if [GIT_ERROR_NET, GIT_ERROR_HTTP, GIT_ERROR_SSH, GIT_ERROR_SSL].map({ Int32($0.rawValue) }).contains(errorClass) { return true }
    return errorClass == Int32(GIT_ERROR_OS.rawValue)
        && (message.hasPrefix("failed to connect") || message.hasPrefix("failed to resolve address") || message.contains("Connection refused"))
}

/// Turns a libgit2 return code into a thrown `GitError`; the operation text is built only on
/// failure.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
    if code < 0 { throw GitError.last(code, operation: operation()) }
}

/// libgit2 needs one global initialisation before its first use. It is never shut down: the
/// library's globals live as long as the process.
enum Libgit2 {
    private static let initialised: Bool = git_libgit2_init() > 0

    static func ensureInitialised() {
        precondition(initialised, "libgit2 failed to initialise")
    }
}
