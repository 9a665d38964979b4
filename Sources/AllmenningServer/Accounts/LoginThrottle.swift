import Foundation
import Synchronization

/// Limits failed logins, per user name (guessing one person's password) and per client address
/// (trying many user names from one place): after `limit` failures within `window`, further
/// attempts are refused (429, with when to try again) until the oldest failure is older than
/// the window. A refused attempt is not checked at all, so it costs no scrypt work either.
///
/// Kept in memory, not in the catalogue: a restart forgets the failures, which gives a guesser
/// at most one window's attempts more per restart, and restarting the server is not something
/// an attacker on the network can do. The embedded installation runs one server process; several
/// behind one address would each count on their own (documented in the README). Memory is
/// bounded: at most `maximumKeys` names and addresses are remembered, the least recently
/// failed forgotten first.
final class LoginThrottle: Sendable {
    struct Limits: Sendable {
        var perUserName: Int
        var perAddress: Int
        var window: TimeInterval
        var maximumKeys: Int

        /// Five wrong passwords for one user name in a quarter of an hour is more than a teacher
        /// mistyping; twenty from one address allows a classroom behind one school NAT address
        /// a few mistakes each.
        static let standard = Limits(perUserName: 5, perAddress: 20, window: 15 * 60, maximumKeys: 10_000)
    }

    private struct State {
        var failures: [String: [Date]] = [:]
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits = .standard) {
        self.limits = limits
    }

    /// When the attempt must wait: the seconds until it may try again, or nil when it may try now.
    func retryAfter(userName: String, address: String?, at date: Date) -> Int? {
        state.withLock { state in
            var wait: TimeInterval = 0
            for (key, limit) in keys(userName: userName, address: address) {
                let recent = (state.failures[key] ?? []).filter { date.timeIntervalSince($0) < limits.window }
                if recent.count >= limit, let oldest = recent.min() {
                    wait = max(wait, limits.window - date.timeIntervalSince(oldest))
                }
            }
            return wait > 0 ? max(1, Int(wait.rounded(.up))) : nil
        }
    }

    func recordFailure(userName: String, address: String?, at date: Date) {
        state.withLock { state in
            for (key, _) in keys(userName: userName, address: address) {
                var recent = (state.failures[key] ?? []).filter { date.timeIntervalSince($0) < limits.window }
                recent.append(date)
                // More than the limit says nothing more; keep the newest.
                state.failures[key] = Array(recent.suffix(max(limits.perUserName, limits.perAddress)))
            }
            if state.failures.count > limits.maximumKeys {
                let stale = state.failures.filter { $0.value.allSatisfy { date.timeIntervalSince($0) >= limits.window } }.map(\.key)
                for key in stale { state.failures[key] = nil }
                while state.failures.count > limits.maximumKeys,
                      let oldest = state.failures.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })?.key {
                    state.failures[oldest] = nil
                }
            }
        }
    }

    /// A successful login forgets the user name's failures (not the address's: one right
    /// password must not reset a guesser's count for other names).
    func recordSuccess(userName: String) {
        state.withLock { state in state.failures[Self.userKey(userName)] = nil }
    }

    private func keys(userName: String, address: String?) -> [(String, Int)] {
        var keys = [(Self.userKey(userName), limits.perUserName)]
        if let address { keys.append(("address:" + address, limits.perAddress)) }
        return keys
    }

    /// User names are lower case; what was typed is folded so that "Kari" counts for "kari".
    private static func userKey(_ userName: String) -> String {
        "user:" + userName.lowercased()
    }
}
