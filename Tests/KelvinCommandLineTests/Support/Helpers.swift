import Foundation
import KelvinCommandLine
import Testing

/// Parses a JSON document with Foundation's independent parser.
func parseJSON(_ text: String) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
  guard let dictionary = object as? [String: Any] else {
    throw CocoaError(.coderReadCorrupt)
  }
  return dictionary
}

/// A JSON array of numbers (NSNull for JSON null becomes nil).
func numbers(_ value: Any?) -> [Double?] {
  (value as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue }
}

/// |a - b| / |b|.
func relativeError(_ a: Double, _ b: Double) -> Double {
  a == b ? 0 : abs(a - b) / abs(b)
}

/// Runs `kelvin` in-process.
func kelvin(_ arguments: String...) -> CommandOutcome {
  KelvinCommandLine.run(arguments)
}

/// The result of running the built executable.
struct ProcessResult {
  let status: Int32
  let standardOutput: String
  let standardError: String
}

/// Runs the built `kelvin` executable as a user would.
func runExecutable(_ arguments: [String]) throws -> ProcessResult {
  let process = Process()
  process.executableURL = try executableURL()
  process.arguments = arguments
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  try process.run()
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus,
    standardOutput: String(decoding: outputData, as: UTF8.self),
    standardError: String(decoding: errorData, as: UTF8.self))
}

/// The `kelvin` binary beside the test bundle in the build products folder.
func executableURL() throws -> URL {
  var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
  for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
    candidates.append(bundle.bundleURL.deletingLastPathComponent())
  }
  for folder in candidates {
    let url = folder.appendingPathComponent("kelvin")
    if FileManager.default.isExecutableFile(atPath: url.path) { return url }
  }
  throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "kelvin beside the tests"])
}
