import Fuzzing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `recsim-fuzz TARGET [ARGS…]`. Built with `-DFUZZING` and coverage instrumentation (see docs/fuzzing.md) it
// runs libFuzzer on TARGET with libFuzzer's ARGS; built plainly it replays the files and folders in ARGS through
// TARGET (what `FuzzTests` does in-process) and fails if any input breaks a property.

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    nonisolated(unsafe) private var chosen = FuzzTarget.selector

    private func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        if case .violated(let why) = chosen.run(UnsafeRawBufferPointer(start: data, count: size)) {
            fatalError("\(chosen.rawValue): \(why)")
        }
        return 0
    }
#endif

@main
enum FuzzMain {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            warn(
                "usage: recsim-fuzz TARGET [libFuzzer arguments | files and folders to replay]; TARGET is one of: \(names)\n"
            )
            exit(2)
        }
        #if FUZZING
            chosen = target
            var argv: [UnsafeMutablePointer<CChar>?] =
                ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
            var argc = Int32(argv.count - 1)
            let status = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
                var pointer = buffer.baseAddress
                return LLVMFuzzerRunDriver(&argc, &pointer) { data, size in fuzzOne(data, size) }
            }
            exit(status)
        #else
            var inputs = 0, accepted = 0, violations = 0
            for path in arguments.dropFirst(2) {
                for file in files(under: path) {
                    guard let bytes = read(file) else { warn("cannot read \(file)\n"); exit(2) }
                    inputs += 1
                    switch bytes.withUnsafeBytes({ target.run($0) }) {
                    case .accepted: accepted += 1
                    case .rejected: break
                    case .violated(let why): violations += 1; warn("\(file): \(why)\n")
                    }
                }
            }
            print(
                "\(target.rawValue): \(inputs) inputs replayed, \(accepted) accepted, \(inputs - accepted - violations) rejected, \(violations) violations"
            )
            exit(violations == 0 ? 0 : 1)
        #endif
    }

    static func warn(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
    }

    static func files(under path: String) -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else { return [path] }
        guard st.st_mode & S_IFMT == S_IFDIR, let dir = opendir(path) else { return [path] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted().flatMap { files(under: path + "/" + $0) }
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }
}
