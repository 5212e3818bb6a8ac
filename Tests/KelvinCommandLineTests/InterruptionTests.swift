import Foundation
import Testing

/// Signals sent to a running `kelvin`: every unfinished output is removed and the status is
/// the shell's for that signal.
@Suite("interruption", .serialized)
struct InterruptionTests {
  @Test(
    "SIGINT, SIGTERM and SIGHUP during synth leave no temporary file, with 130, 143 and 129",
    arguments: [
      (Int32(SIGINT), Int32(130)), (Int32(SIGTERM), Int32(143)), (Int32(SIGHUP), Int32(129)),
    ])
  func signals(signal number: Int32, status: Int32) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sig-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = try executableURL()
    process.arguments = ["synth", "--rows", "20000", "--vocab", "32000", "--output", "big.npy"]
    process.currentDirectoryURL = folder
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    // Wait until the temporary file exists, then interrupt.
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline,
      (try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty
    {
      Thread.sleep(forTimeInterval: 0.02)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
    kill(process.processIdentifier, number)
    process.waitUntilExit()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == status)
    #expect(text.hasPrefix("Error: interrupted by SIG"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }
}

/// Standard input and pipes, for every format.
@Suite("pipes")
struct PipeTests {
  /// Runs the binary through bash, for pipes and process substitution: `kelvin` in the
  /// script is a shell function calling the built binary, whose path comes in the
  /// environment (so a checkout path holding the word "kelvin", spaces or non-ASCII letters
  /// is passed through untouched).
  func shell(_ script: String) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", #"kelvin() { "$KELVIN_BINARY" "$@"; }; "# + script]
    var environment = ProcessInfo.processInfo.environment
    environment["KELVIN_BINARY"] = try executableURL().path
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
      standardError: String(decoding: err, as: UTF8.self))
  }

  @Test(
    "a .npy or safetensors file through stdin, /dev/stdin or <(…) reads as from the file",
    arguments: [
      "cat FILE | kelvin inspect - --format json", "kelvin inspect /dev/stdin --format json < FILE",
      "kelvin inspect <(cat FILE) --format json",
    ])
  func binaryThroughPipes(template: String) throws {
    for name in ["npy_f4_le.npy", "tensors.safetensors"] {
      let direct = try shell("kelvin inspect '\(fixture(name))' --format json")
      let piped = try shell(template.replacingOccurrences(of: "FILE", with: "'\(fixture(name))'"))
      #expect(piped.status == 0, "\(piped.standardError)")
      let tensors = { (text: String) in try parseJSON(text)["tensors"] as? [[String: Any]] ?? [] }
      let a = try tensors(direct.standardOutput).map { $0["shape"] as? [Int] ?? [] }
      let b = try tensors(piped.standardOutput).map { $0["shape"] as? [Int] ?? [] }
      #expect(a == b && !a.isEmpty)
    }
  }

  @Test("input without a known size is refused past --max-input-bytes, naming the limit")
  func streamLimit() throws {
    let result = try shell(
      "head -c 5000 /dev/zero | kelvin softmax --input - --max-input-bytes 4096")
    #expect(result.status == 65)
    #expect(result.standardError.contains("holds more than 4096 bytes"))
    #expect(result.standardError.contains("--max-input-bytes"))
  }

  @Test("progress lines appear only on a terminal: none in a log")
  func noProgressInLogs() throws {
    let result = try runExecutable(["bandit", "--runs", "50", "--steps", "100"])
    #expect(result.status == 0)
    #expect(result.standardError.isEmpty)
  }
}
