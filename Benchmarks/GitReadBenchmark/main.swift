// Reads every file of a commit from git's objects through AllmenningGit, the way the plugin
// host and the indexer will, and prints how fast: `allmenning-git-benchmark REPOSITORY
// [REVISION] [ROUNDS]`. Used by Scripts/benchmark-git.sh.
import AllmenningGit
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: allmenning-git-benchmark REPOSITORY [REVISION] [ROUNDS]\n".utf8))
    exit(2)
}
let revision = arguments.dropFirst().first ?? "HEAD"
let rounds = arguments.dropFirst(2).first.flatMap(Int.init) ?? 3

do {
    let repository = try Repository.open(at: URL(fileURLWithPath: path))
    let commit = try repository.resolveCommit(revision)
    var timings: [Double] = []
    var blobs = 0
    var bytes = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        let entries = try repository.files(in: commit)
        blobs = 0
        bytes = 0
        for entry in entries where entry.kind == .file || entry.kind == .executable {
            bytes += try repository.blob(entry.id).count
            blobs += 1
        }
        timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    timings.sort()
    let median = timings[timings.count / 2]
    print(String(format: "read %d blobs (%.1f MB) at %@ in %.3f s (median of %d rounds, fastest %.3f s): %.0f blobs/s, %.0f MB/s",
                 blobs, Double(bytes) / 1e6, commit.short, median, rounds, timings[0], Double(blobs) / median, Double(bytes) / 1e6 / median))
} catch {
    FileHandle.standardError.write(Data("allmenning-git-benchmark: \(error)\n".utf8))
    exit(1)
}
