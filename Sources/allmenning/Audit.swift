import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit log: who did what to which user, token, organisation or repository, and when.",
        discussion: """
        Oldest first. The log is append-only: nothing in Allmenning changes or removes an entry.
        Administrators only.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var acting: ActingUserOptions

    @Option(help: "Only entries from this time on: a date (2025-08-18, UTC midnight) or an ISO 8601 time (2025-08-18T12:00:00Z).")
    var since: String?

    @Option(help: "At most this many entries, the newest.")
    var limit: Int?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let language = common.language
        let from: Date?
        if let since {
            guard let date = Self.date(since) else {
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "--since «\(since)» er ikke en dato: skriv 2025-08-18 eller 2025-08-18T12:00:00Z.",
                    en: "--since \"\(since)\" is not a date: write 2025-08-18 or 2025-08-18T12:00:00Z."), language: language))
            }
            from = date
        } else {
            from = nil
        }
        if let limit, limit < 1 {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "--limit må være minst 1.", en: "--limit must be at least 1."), language: language))
        }
        let administration = try common.openAdministration()
        let who = try acting.acting(administration, language: language)
        let entries: [AuditEntry]
        do { entries = try administration.auditEntries(since: from, limit: limit, by: who) } catch { throw accountExit(error, language: language) }
        switch format {
        case .json:
            print(CatalogueJSON.string(["entries": entries.map { entry -> [String: Any] in
                ["id": entry.id, "at": entry.at.formatted(.iso8601), "actor": entry.actor ?? NSNull(), "action": entry.action,
                 "subjectType": entry.subjectType, "subject": entry.subject, "details": entry.details]
            }]))
        case .text:
            let installation = LocalizedText(nb: "(installasjonen)", en: "(the installation)").text(in: language)
            for entry in entries {
                let details = entry.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                print([TokenJSON.day(entry.at), entry.actor ?? installation, entry.action, "\(entry.subjectType):\(entry.subject)", details].joined(separator: "\t"))
            }
        }
    }

    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text + "T00:00:00Z", strategy: .iso8601)
    }
}
