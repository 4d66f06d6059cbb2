import Foundation
import Harness
import ResultStore
import TestSupport
import TrafficGeneration

/// Paths and helpers of the harness tests, on top of TestSupport.
enum HarnessTestSupport {
    static let packageRoot = PackagePaths.root
    static func scenario(_ name: String) -> String { PackagePaths.scenario(name) }

    /// A fresh temporary folder, unique per call.
    static func temporaryDirectory(_ label: String) throws -> URL { try TemporaryFolder.make(label) }

    /// The `recsim` binary the tests run.
    static var recsimBinary: URL { ProcessRunner.recsimBinary }

    /// Runs the recsim binary; returns (exit status, stdout, stderr).
    @discardableResult
    static func runRecsim(_ arguments: [String], in directory: URL? = nil) throws -> (Int32, String, String) {
        try ProcessRunner.recsim(arguments, in: directory)
    }

    /// Runs `python3 ../shared/tools/validate_crd.py` on a manifest against the CRD of `kind`.
    static func validateCRD(kind: String, file: String) throws -> (Int32, String) {
        let shared = PackagePaths.shared
        let (status, out, err) = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", shared.appendingPathComponent("tools/validate_crd.py").path,
                shared.appendingPathComponent("calico/crds/\(kind).yaml").path, file,
            ])
        if status == 127 { throw MissingTool(tool: "python3", install: "apt-get install -y python3") }
        if err.contains("ModuleNotFoundError") {
            throw MissingTool(
                tool: "PyYAML and jsonschema for python3", install: "python3 -m pip install pyyaml jsonschema")
        }
        return (status, out + err)
    }

    typealias MissingTool = ProcessRunner.MissingTool

    /// Runs a program to completion; returns (exit status, stdout, stderr).
    static func runProcess(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil
    ) throws -> (Int32, String, String) {
        try ProcessRunner.run(executable, arguments, in: directory)
    }
}
