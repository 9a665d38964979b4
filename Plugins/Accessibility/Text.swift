import Foundation

extension StringProtocol {
    /// Nothing but white space (or nothing at all). Asked of almost every attribute and text
    /// node, so it reads the characters in place instead of trimming a copy through Foundation.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
