import Foundation

/// The languages Allmenning's own messages are written in.
public enum MessageLanguage: String, CaseIterable, Sendable, Codable {
    case nb
    case en

    /// Picks the language from the POSIX locale variables, the way other command-line tools
    /// do: LC_ALL, then LC_MESSAGES, then LANG. Any Norwegian locale (nb, nn, no) gives
    /// bokmål, because that is the only Norwegian written form the messages exist in yet.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> MessageLanguage {
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            let language = value.prefix { $0.isLetter }.lowercased()
            if ["nb", "nn", "no"].contains(language) { return .nb }
            if language == "c" || language == "posix" { continue }
            return .en
        }
        return .en
    }
}

/// A text a person reads, in every language Allmenning's messages exist in.
public struct LocalizedText: Sendable, Equatable, Codable {
    public var nb: String
    public var en: String

    public init(nb: String, en: String) {
        self.nb = nb
        self.en = en
    }

    public func text(in language: MessageLanguage) -> String {
        switch language {
        case .nb: nb
        case .en: en
        }
    }
}
