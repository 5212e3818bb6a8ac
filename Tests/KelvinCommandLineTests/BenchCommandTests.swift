import Foundation
import Kelvin
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

@Suite("bench --op model")
struct ModelBenchmarkTests {
  @Test(
    "the figures of a checkpoint: its parameters are the tensors' elements; rates follow from the times",
    arguments: ["gpt2-tiny", "llama-tiny"])
  func figures(name: String) throws {
    let directory = GenerateModelDirectoryTests.fixture(name)
    let outcome = KelvinCommandLine.run([
      "bench", "--op", "model", "--model", directory, "--iterations", "2", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let tensors = try MatrixFile.tensors(in: directory + "/model.safetensors")
    #expect(json["parameters"] as? Int == tensors.reduce(0) { $0 + $1.elementCount })
    #expect(json["prompt_tokens"] as? Int == 64)  // half of the fixtures' 128 positions
    #expect(json["decode_tokens"] as? Int == 63)
    #expect(((json["decode_tokens_per_s"] as? NSNumber)?.doubleValue ?? 0) > 0)
  }

  @Test("--op model without --model, --model with another op, and --lines with it are usage errors")
  func refusals() {
    #expect(KelvinCommandLine.run(["bench", "--op", "model"]).exitCode == .usage)
    #expect(
      KelvinCommandLine.run(["bench", "--op", "model", "--model", "builtin-gpt2", "--lines"])
        .exitCode == .usage)
    #expect(
      KelvinCommandLine.run(["bench", "--op", "greedy", "--model", "builtin-gpt2"]).exitCode
        == .usage)
  }
}
