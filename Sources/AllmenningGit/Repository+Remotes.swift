import CGit2
import Foundation

/// What a server said while we talked to it: its `remote:` lines, and for a push, the
/// references it refused with its reason.
public struct RemoteReport: Sendable, Equatable {
    public var messages: [String] = []
    public var rejectedReferences: [(reference: String, reason: String)] = []

    public static func == (lhs: RemoteReport, rhs: RemoteReport) -> Bool {
        lhs.messages == rhs.messages && lhs.rejectedReferences.elementsEqual(rhs.rejectedReferences) { $0 == $1 }
    }
}

/// A push the server refused, with everything it said about why.
public struct PushRejected: Error, Sendable {
    public var remote: String
    public var report: RemoteReport
}

/// Collects what libgit2's transport callbacks report; passed to C as the payload.
final class TransportListener {
    var report = RemoteReport()
    private var pendingText = ""

    func receive(_ text: String) {
        pendingText += text
        // Servers end progress lines with \r to redraw them and real lines with \n.
        while let end = pendingText.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let line = String(pendingText[..<end]).trimmingCharacters(in: .whitespaces)
            let isProgress = pendingText[end] == "\r"
            pendingText = String(pendingText[pendingText.index(after: end)...])
            if !line.isEmpty, !isProgress { report.messages.append(line) }
        }
    }

    func finish() -> RemoteReport {
        let rest = pendingText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { report.messages.append(rest) }
        pendingText = ""
        return report
    }

    func install(in callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.sideband_progress = { text, length, payload in
            guard let text, length > 0 else { return 0 }
            let listener = Unmanaged<TransportListener>.fromOpaque(payload!).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
            listener.receive(String(decoding: bytes, as: UTF8.self))
            return 0
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let status else { return 0 }
            let listener = Unmanaged<TransportListener>.fromOpaque(payload!).takeUnretainedValue()
            listener.report.rejectedReferences.append((reference.map { String(cString: $0) } ?? "", String(cString: status)))
            return 0
        }
    }
}

extension Repository {
    /// Copies the repository at `source` (a path, file:// or http(s):// URL) to `destination`
    /// with its full history. With `checkout` false the working folder stays empty until
    /// `checkoutHead()`, so that the copy can be inspected from git objects first.
    public static func clone(from source: String, to destination: URL, bare: Bool = false, checkout: Bool = true) throws(GitError) -> Repository {
        Libgit2.ensureInitialised()
        var options = git_clone_options()
        try check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)), "prepare to copy \(source)")
        options.bare = bare ? 1 : 0
        // A file:// address is a folder on this machine: copy (or link) its objects as for a
        // path, instead of packing and re-indexing them through the pack protocol.
        options.local = GIT_CLONE_LOCAL
        options.checkout_opts.checkout_strategy = checkout ? GIT_CHECKOUT_SAFE.rawValue : GIT_CHECKOUT_NONE.rawValue
        let listener = TransportListener()
        listener.install(in: &options.fetch_opts.callbacks)
        var repository: OpaquePointer?
        let code = withExtendedLifetime(listener) { git_clone(&repository, source, destination.path, &options) }
        try check(code, "copy \(source)")
        return Repository(adopting: repository!)
    }

    // MARK: Remotes

    public func remoteNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_remote_list(&names, pointer), "list remotes")
        defer { git_strarray_dispose(&names) }
        return names.strings()
    }

    /// The URL of the remote `name`, or nil when there is no such remote.
    public func remoteURL(_ name: String) throws(GitError) -> String? {
        var remote: OpaquePointer?
        let code = git_remote_lookup(&remote, pointer, name)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(code, "find the remote \(name)")
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// Adds the remote `name`, or changes its URL when it exists.
    public func setRemote(_ name: String, url: String) throws(GitError) {
        if try remoteURL(name) != nil {
            try check(git_remote_set_url(pointer, name, url), "change the address of \(name)")
            return
        }
        var remote: OpaquePointer?
        try check(git_remote_create(&remote, pointer, name, url), "add the remote \(name)")
        git_remote_free(remote)
    }

    public func removeRemote(_ name: String) throws(GitError) {
        try check(git_remote_delete(pointer, name), "remove the remote \(name)")
    }

    /// Fetches from `remote` (a remote's name, or a URL or path) with `refspecs`. When
    /// `remote` is an address, the refspecs decide where the fetched commits are kept.
    @discardableResult
    public func fetch(from remote: String, refspecs: [String]) throws(GitError) -> RemoteReport {
        try withRemote(remote) { (handle) throws(GitError) -> RemoteReport in
            var options = git_fetch_options()
            try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare to fetch")
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            let listener = TransportListener()
            listener.install(in: &options.callbacks)
            let code = withExtendedLifetime(listener) {
                (try? withStringArray(refspecs) { git_remote_fetch(handle, $0, &options, "allmenning: fetch") }) ?? -1
            }
            try check(code, "fetch from \(remote)")
            return listener.finish()
        }
    }

    /// The branch a remote's HEAD points to (refs/heads/main), asked of the server.
    public func remoteDefaultBranch(_ remote: String) throws(GitError) -> String {
        try withRemote(remote) { (handle) throws(GitError) -> String in
            var callbacks = git_remote_callbacks()
            try check(git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)), "prepare to connect")
            try check(git_remote_connect(handle, GIT_DIRECTION_FETCH, &callbacks, nil, nil), "connect to \(remote)")
            defer { git_remote_disconnect(handle) }
            var buffer = git_buf()
            try check(git_remote_default_branch(&buffer, handle), "ask \(remote) for its default branch")
            defer { git_buf_dispose(&buffer) }
            return String(cString: buffer.ptr)
        }
    }

    /// Pushes `refspecs` to `remote` (a name or an address). A refused reference throws
    /// `PushRejected` with the server's reasons and `remote:` lines.
    @discardableResult
    public func push(to remote: String, refspecs: [String]) throws -> RemoteReport {
        try withRemote(remote) { (handle) throws -> RemoteReport in
            var options = git_push_options()
            try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "prepare to push")
            let listener = TransportListener()
            listener.install(in: &options.callbacks)
            let code = withExtendedLifetime(listener) {
                (try? withStringArray(refspecs) { git_remote_push(handle, $0, &options) }) ?? -1
            }
            let report = listener.finish()
            if code < 0 {
                let error = GitError.last(code, operation: "push to \(remote)")
                // libgit2 checks fast-forwards itself for pushes to a local path.
                if code == GIT_ENONFASTFORWARD.rawValue {
                    var report = report
                    report.rejectedReferences = refspecs.map { (Self.destination(of: $0), error.message) }
                    throw PushRejected(remote: remote, report: report)
                }
                // A hook that refuses the push makes some servers close the stream early; what
                // they said before is the reason the user needs.
                if !report.messages.isEmpty || !report.rejectedReferences.isEmpty {
                    var report = report
                    if report.rejectedReferences.isEmpty { report.rejectedReferences = [("", error.message)] }
                    throw PushRejected(remote: remote, report: report)
                }
                throw error
            }
            if !report.rejectedReferences.isEmpty { throw PushRejected(remote: remote, report: report) }
            return report
        }
    }

    /// The remote reference a refspec writes to: `+refs/heads/a:refs/heads/b` → refs/heads/b.
    static func destination(of refspec: String) -> String {
        let withoutForce = refspec.hasPrefix("+") ? String(refspec.dropFirst()) : refspec
        return withoutForce.split(separator: ":", maxSplits: 1).last.map(String.init) ?? withoutForce
    }

    private func withRemote<T>(_ remote: String, _ body: (OpaquePointer?) throws -> T) throws -> T {
        var handle: OpaquePointer?
        var code = git_remote_lookup(&handle, pointer, remote)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            code = git_remote_create_anonymous(&handle, pointer, remote)
        }
        try check(code, "find the remote \(remote)")
        defer { git_remote_free(handle) }
        return try body(handle)
    }

    private func withRemote<T>(_ remote: String, _ body: (OpaquePointer?) throws(GitError) -> T) throws(GitError) -> T {
        do {
            return try withRemote(remote) { (handle) throws -> T in try body(handle) }
        } catch let error as GitError {
            throw error
        } catch {
            throw GitError(operation: "use the remote \(remote)", message: String(describing: error))
        }
    }
}
