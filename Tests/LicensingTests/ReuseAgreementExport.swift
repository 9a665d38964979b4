import AllmenningCore
import Foundation
import Licensing
import Testing

/// Writes what the detector finds in each fixture, as REUSE would see it, for
/// Scripts/reuse-agreement.sh to compare with `reuse lint --json`. Runs only when
/// ALLMENNING_LICENCE_SCAN_OUTPUT names the JSON file to write; otherwise skipped.
@Suite struct ReuseAgreementExport {
    static let outputVariable = "ALLMENNING_LICENCE_SCAN_OUTPUT"

    @Test(.enabled(if: ProcessInfo.processInfo.environment[outputVariable] != nil))
    func export() throws {
        let output = URL(fileURLWithPath: ProcessInfo.processInfo.environment[Self.outputVariable]!)
        var fixtures: [String: Any] = [:]
        for name in Fixtures.names {
            let (manifest, files) = Fixtures.load(name)
            var paths: [String: Any] = [:]
            for (path, detected) in FileLicences.detect(files: files, manifest: manifest) {
                paths[path] = [
                    "spdx_expressions": detected.reuse.map { declaration -> [String: Any] in
                        ["value": declaration.expression, "source_type": declaration.origin.rawValue, "source": declaration.sourcePath,
                         "line": declaration.line ?? 0, "accepted": (try? LicenceExpression.parse(declaration.expression)) != nil]
                    },
                    "allmenning": ["expression": (detected.expression ?? "") as Any, "origin": (detected.origin?.rawValue ?? "") as Any],
                ]
            }
            fixtures[name] = paths
        }
        let data = try JSONSerialization.data(withJSONObject: ["fixtures": fixtures], options: [.prettyPrinted, .sortedKeys])
        try data.write(to: output, options: .atomic)
    }
}
