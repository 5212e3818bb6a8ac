import Foundation
import KelvinCommandLine
import Testing

/// `kelvin bench`: what it times is the chain it names.
@Suite("kelvin bench")
struct BenchCommandTests {
  @Test("--preset times the preset's chain with its defaults, and names both")
  func preset() throws {
    for preset in ["llama", "hf"] {
      let outcome = kelvin(
        "bench", "--preset", preset, "--vocab", "4096", "--iterations", "3", "--format", "json")
      #expect(outcome.exitCode == .success, "\(outcome.standardError)")
      let report = try parseJSON(outcome.standardOutput)
      #expect(report["preset"] as? String == preset)
      let chain = try #require(report["chain"] as? String)
      // The chain is the preset's, every item listed (the identity ones are skipped, not hidden).
      #expect(chain.hasPrefix("penalties(") && chain.hasSuffix(";dist"))
      #expect((report["median_us"] as? Double ?? -1) > 0)
    }
  }

  @Test(
    "--preset excludes --chain, --op and --temperature",
    arguments: [
      ["--chain", "top_k=40"], ["--op", "softmax"], ["--temperature", "0.5"],
    ])
  func presetExclusions(other: [String]) {
    let outcome = KelvinCommandLine.run(["bench", "--preset", "llama"] + other)
    #expect(outcome.exitCode == .usage)
    #expect(outcome.standardOutput.isEmpty)
    #expect(outcome.standardError.contains("--preset"))
  }
}
