import Foundation

/// The table in the README's "Roles and what they may do", read as the tests' expectation: one
/// row per action and situation, yes or no per role (and `nobody`). Tests of the policy and of
/// each place that enforces it compare against this, so the README cannot drift from the code.
public struct RolesTable {
    public struct Row: Sendable {
        /// The action's code, as `AuthorisedAction`'s raw value (`push`).
        public var action: String
        /// Whose or what it is done to (`own`, `a colleague's`, …).
        public var situation: String
        /// Column name (`nobody`, `student`, …) → allowed.
        public var allowed: [String: Bool]
        /// The README line, for messages.
        public var line: Int
    }

    public let rows: [Row]
    public let columns: [String]

    public static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    public enum ReadError: Error, CustomStringConvertible {
        case noSection, noTable, badCell(line: Int, text: String), badRow(line: Int)
        public var description: String {
            switch self {
            case .noSection: "README.md has no section \"Roles and what they may do\""
            case .noTable: "README.md's \"Roles and what they may do\" has no table"
            case .badCell(let line, let text): "README.md:\(line): \"\(text)\" is neither yes nor no"
            case .badRow(let line): "README.md:\(line): the row does not have a cell for each column"
            }
        }
    }

    public init(readme: URL = RolesTable.readme) throws {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        guard let heading = lines.firstIndex(where: { $0.hasPrefix("#") && $0.contains("Roles and what they may do") }) else { throw ReadError.noSection }
        guard let start = lines[heading...].firstIndex(where: { $0.hasPrefix("|") }) else { throw ReadError.noTable }
        func cells(_ line: String) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
        }
        columns = cells(lines[start])
        var rows: [Row] = []
        var index = start + 2
        while index < lines.count, lines[index].hasPrefix("|") {
            let values = cells(lines[index])
            guard values.count == columns.count else { throw ReadError.badRow(line: index + 1) }
            var allowed: [String: Bool] = [:]
            for (column, value) in zip(columns, values).dropFirst(2) {
                switch value {
                case "yes": allowed[column] = true
                case "no": allowed[column] = false
                default: throw ReadError.badCell(line: index + 1, text: value)
                }
            }
            rows.append(Row(action: values[0], situation: values[1], allowed: allowed, line: index + 1))
            index += 1
        }
        self.rows = rows
    }

    /// The roles' columns, in the table's order (everything after `action` and `on`).
    public var actorColumns: [String] { Array(columns.dropFirst(2)) }
}
