import Foundation

/// Calico's CRD schemas as a check of emitted YAML: `python3 ../shared/tools/validate_crd.py CRD MANIFEST`.
public enum CRDValidator {
    /// Validates `file` against the CRD of `kind`; returns the exit status and the tool's output.
    public static func validate(kind: String, file: String) throws -> (Int32, String) {
        let shared = PackagePaths.shared
        let (status, out, err) = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", shared.appendingPathComponent("tools/validate_crd.py").path,
                shared.appendingPathComponent("calico/crds/\(kind).yaml").path, file,
            ])
        if status == 127 { throw ProcessRunner.MissingTool(tool: "python3", install: "apt-get install -y python3") }
        if err.contains("ModuleNotFoundError") {
            throw ProcessRunner.MissingTool(
                tool: "PyYAML and jsonschema for python3", install: "python3 -m pip install pyyaml jsonschema")
        }
        return (status, out + err)
    }
}
