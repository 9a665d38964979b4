import CGit2
import CLibXML2
import CSQLite
import Foundation
import Testing

/// The C libraries the product is built on, from the Debian packages the Makefile installs:
/// they link, and they have the features Allmenning relies on.
@Suite struct SystemLibrariesTests {
    @Test func libgit2InitialisesAndCreatesARepository() throws {
        #expect(git_libgit2_init() >= 1)
        defer { git_libgit2_shutdown() }
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        #expect(major > 1 || (major == 1 && minor >= 1))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-git-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var repository: OpaquePointer?
        #expect(git_repository_init(&repository, folder.path, 1) == 0)
        git_repository_free(repository)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("HEAD").path))
    }

    @Test func sqliteHasFTS5() throws {
        var database: OpaquePointer?
        #expect(sqlite3_open(":memory:", &database) == SQLITE_OK)
        defer { sqlite3_close(database) }
        #expect(sqlite3_compileoption_used("ENABLE_FTS5") == 1)
        #expect(sqlite3_exec(database, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')", nil, nil, nil) == SQLITE_OK)
        #expect(sqlite3_exec(database, "INSERT INTO t VALUES ('brøk med pizza')", nil, nil, nil) == SQLITE_OK)
        var statement: OpaquePointer?
        #expect(sqlite3_prepare_v2(database, "SELECT count(*) FROM t WHERE t MATCH 'pizza'", -1, &statement, nil) == SQLITE_OK)
        defer { sqlite3_finalize(statement) }
        #expect(sqlite3_step(statement) == SQLITE_ROW)
        #expect(sqlite3_column_int(statement, 0) == 1)
    }

    @Test func libxml2ParsesHTMLWithTheNetworkOff() {
        let html = "<html><body><p>hei</p></body></html>"
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = htmlReadMemory(html, Int32(html.utf8.count), nil, "UTF-8", options)
        #expect(document != nil)
        xmlFreeDoc(document)
    }
}
