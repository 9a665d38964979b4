import AllmenningCatalogue
import AllmenningCore
import Foundation

/// The state of an incomplete list, carried by the harvester instead of kept by the server:
/// the original query and the last record returned, with an expiry. The cursor is a place in
/// the (datestamp, id) order, so a record changed during a harvest is met again at the end
/// and none is skipped. A checksum makes a garbled token fail as a whole instead of turning
/// into another query.
struct ResumptionToken: Equatable, Codable {
    var verb: String
    var metadataPrefix: String
    /// Seconds since 1970, inclusive.
    var from: Int64?
    var until: Int64?
    var set: String?
    var afterDatestamp: Int64
    var afterID: String
    var expires: Int64

    private enum CodingKeys: String, CodingKey {
        case verb = "v", metadataPrefix = "p", from = "f", until = "u", set = "s", afterDatestamp = "d", afterID = "i", expires = "e"
    }

    var cursor: HarvestCursor {
        HarvestCursor(datestamp: Date(timeIntervalSince1970: TimeInterval(afterDatestamp)), resourceID: afterID)
    }

    var expiryDate: Date { Date(timeIntervalSince1970: TimeInterval(expires)) }

    /// base64url(JSON) "." checksum: only characters that need no escaping in a URL.
    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(self)) ?? Data()
        let text = json.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return text + "." + Self.checksum(json)
    }

    /// The token a harvester sent back, or nil when it is not one this provider wrote.
    init?(encoded text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 4_096 else { return nil }
        var base64 = parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let json = Data(base64Encoded: base64), Self.checksum(json) == parts[1],
              let token = try? JSONDecoder().decode(Self.self, from: json) else { return nil }
        self = token
    }

    init(verb: String, metadataPrefix: String, from: Date?, until: Date?, set: String?, after: HarvestCursor, expires: Date) {
        self.verb = verb
        self.metadataPrefix = metadataPrefix
        self.from = from.map { Int64($0.timeIntervalSince1970) }
        self.until = until.map { Int64($0.timeIntervalSince1970) }
        self.set = set
        afterDatestamp = Int64(after.datestamp.timeIntervalSince1970)
        afterID = after.resourceID
        self.expires = Int64(expires.timeIntervalSince1970)
    }

    private static func checksum(_ json: Data) -> String {
        String(ResultCache.digest(bytes: json).prefix(12))
    }
}
