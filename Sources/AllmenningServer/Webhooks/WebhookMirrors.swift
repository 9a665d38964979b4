import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import Foundation
import Logging

/// What came of one webhook's fetch and indexing.
public struct MirrorOutcome: Sendable {
    public var job: String
    /// The clone address the event named.
    public var address: String
    /// The mirror in the data folder (mirrors/HOST/PATH.git).
    public var mirror: URL
    public var branch: String
    /// The indexer's answer; nil when fetching failed.
    public var index: IndexResult?
    /// Why fetching failed.
    public var failure: LocalizedText?
}

/// Keeps bare mirrors of forge repositories in DATA/mirrors and indexes them, one job at a
/// time and off the request: a webhook is answered as soon as its job is queued. Jobs for a
/// mirror that is already waiting its turn are merged, since one fetch brings all of them.
public final class WebhookMirrors: @unchecked Sendable {
    let folder: URL
    let indexer: Indexer?
    private let queue = DispatchQueue(label: "allmenning.webhook-mirrors")
    private let lock = NSLock()
    private var waiting: [String: Job] = [:]
    private var outcomes: [String: MirrorOutcome] = [:]
    private var finishedOrder: [String] = []
    private var listeners: [String: [CheckedContinuation<MirrorOutcome?, Never>]] = [:]
    private var known: Set<String> = []
    /// The forge shows only that its event was accepted; what came of it is told here.
    private let logger = Logger(label: "allmenning.webhooks")

    /// More waiting jobs than this are refused (503): a forge retries later.
    static let maximumWaiting = 100
    /// Outcomes kept for `outcome(of:)`.
    static let outcomesKept = 500

    struct Job: Sendable {
        var id: String
        var address: String
        var mirror: URL
        var branch: String
        var deletion: Bool
    }

    init(data: DataFolder, indexer: Indexer?) {
        folder = data.url.appendingPathComponent("mirrors")
        self.indexer = indexer
    }

    var isEnabled: Bool { indexer != nil }

    enum Queued {
        case queued(id: String, mirror: URL)
        case busy
        case badAddress
    }

    /// Queues a fetch of `address` and an indexing of `branch` (or, for a deleted branch,
    /// marking its resource deleted).
    func enqueue(address: String, branch: String, deletion: Bool) -> Queued {
        guard let relative = Self.mirrorPath(for: address) else { return .badAddress }
        let mirror = folder.appendingPathComponent(relative)
        lock.lock()
        if let same = waiting.values.first(where: { $0.mirror == mirror && $0.branch == branch && $0.deletion == deletion }) {
            lock.unlock()
            return .queued(id: same.id, mirror: mirror)
        }
        guard waiting.count < Self.maximumWaiting else {
            lock.unlock()
            return .busy
        }
        let job = Job(id: UUID().uuidString.lowercased(), address: address, mirror: mirror, branch: branch, deletion: deletion)
        waiting[job.id] = job
        known.insert(job.id)
        lock.unlock()
        queue.async { [self] in
            lock.lock()
            waiting[job.id] = nil
            lock.unlock()
            finish(run(job))
        }
        return .queued(id: job.id, mirror: mirror)
    }

    /// Waits for the job to end and returns what came of it; nil for a job this server does
    /// not know (or no longer remembers).
    public func outcome(of job: String) async -> MirrorOutcome? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let outcome = outcomes[job] {
                lock.unlock()
                continuation.resume(returning: outcome)
            } else if known.contains(job) {
                listeners[job, default: []].append(continuation)
                lock.unlock()
            } else {
                lock.unlock()
                continuation.resume(returning: nil)
            }
        }
    }

    private func finish(_ outcome: MirrorOutcome) {
        if let failure = outcome.failure {
            logger.error("webhook job \(outcome.job): \(failure.en)")
        } else if let index = outcome.index {
            let detail = index.message.map { ": \($0.en)" } ?? ""
            logger.notice("webhook job \(outcome.job): \(outcome.address) \(index.status.rawValue) \(index.commit?.prefix(12) ?? "")\(detail)")
        }
        lock.lock()
        outcomes[outcome.job] = outcome
        finishedOrder.append(outcome.job)
        if finishedOrder.count > Self.outcomesKept {
            let forgotten = finishedOrder.removeFirst()
            outcomes[forgotten] = nil
            known.remove(forgotten)
        }
        let waiting = listeners.removeValue(forKey: outcome.job) ?? []
        lock.unlock()
        for listener in waiting { listener.resume(returning: outcome) }
    }

    private func run(_ job: Job) -> MirrorOutcome {
        var outcome = MirrorOutcome(job: job.id, address: job.address, mirror: job.mirror, branch: job.branch)
        guard let indexer else { return outcome }
        if job.deletion {
            outcome.index = indexer.delete(repository: job.mirror)
            return outcome
        }
        let reference = "refs/heads/\(job.branch)"
        do {
            if Repository.exists(at: job.mirror) {
                try Repository.open(at: job.mirror).fetch(from: job.address, refspecs: ["+refs/heads/*:refs/heads/*"])
            } else {
                // Cloned beside its place and moved in whole: an interrupted clone is never
                // taken for a mirror.
                let incoming = folder.appendingPathComponent(".incoming/\(job.id).git")
                defer { try? FileManager.default.removeItem(at: incoming) }
                try FileManager.default.createDirectory(at: incoming.deletingLastPathComponent(), withIntermediateDirectories: true)
                let clone = try Repository.clone(from: job.address, to: incoming, bare: true)
                if try clone.referenceTarget(reference) == nil {
                    try clone.fetch(from: job.address, refspecs: ["+refs/heads/*:refs/heads/*"])
                }
                try FileManager.default.createDirectory(at: job.mirror.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: incoming, to: job.mirror)
            }
        } catch let error as GitError {
            outcome.failure = LocalizedText(nb: "Kunne ikke hente \(job.address): \(error.message)", en: "Could not fetch \(job.address): \(error.message)")
            return outcome
        } catch {
            outcome.failure = LocalizedText(nb: "Kunne ikke lagre speilet av \(job.address): \(error.localizedDescription)",
                                            en: "Could not store the mirror of \(job.address): \(error.localizedDescription)")
            return outcome
        }
        outcome.index = indexer.index(repository: job.mirror, revision: reference)
        return outcome
    }

    /// Where the mirror of a clone address lives under mirrors/: HOST/PATH.git, every part
    /// reduced to letters, digits, `.`, `-` and `_` and never `.` or `..`, so that no address
    /// leads outside the folder. A path or file:// address is under `local/`.
    static func mirrorPath(for address: String) -> String? {
        let host: String
        let path: String
        if address.hasPrefix("/") {
            (host, path) = ("local", address)
        } else if address.hasPrefix("file://") {
            (host, path) = ("local", String(address.dropFirst("file://".count)))
        } else if let url = URL(string: address), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let name = url.host, !name.isEmpty {
            (host, path) = (name.lowercased() + (url.port.map { "_\($0)" } ?? ""), url.path)
        } else {
            return nil
        }
        var parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(".."), !parts.contains("."), parts.count <= 20 else { return nil }
        func clean(_ part: String) -> String {
            let kept = String(part.unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
            })
            return kept.hasPrefix(".") ? "_" + kept.dropFirst() : kept
        }
        parts = parts.map(clean)
        if !parts[parts.count - 1].hasSuffix(".git") { parts[parts.count - 1] += ".git" }
        return ([clean(host)] + parts).joined(separator: "/")
    }
}
