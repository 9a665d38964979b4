import CGit2
import Foundation
import Testing

/// Scripts/leak-check.sh runs this first, with ALLMENNING_LEAK_CANARY=1, and expects
/// LeakSanitizer to report the repository handle it leaks on purpose: proof that the leak
/// check would see a handle AllmenningGit forgot to free.
@Suite("leak check canary")
struct LeakCanaryTests {
    @Test("leaks one libgit2 repository handle", .enabled(if: ProcessInfo.processInfo.environment["ALLMENNING_LEAK_CANARY"] == "1"))
    func leakCanary() throws {
        git_libgit2_init()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-canary-\(UUID().uuidString)")
        var repository: OpaquePointer?
        #expect(git_repository_init(&repository, folder.path, 0) == 0)
        try? FileManager.default.removeItem(at: folder)
        // No git_repository_free: the leak is the point.
    }
}
