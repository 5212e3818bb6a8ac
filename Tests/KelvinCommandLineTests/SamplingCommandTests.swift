import Foundation
import KelvinCommandLine
import Testing

@Suite("kelvin process and kelvin sample")
struct SamplingCommandTests {
  @Test("process lists survivors by probability, renormalised over the survivors")
  func processSurvivors() throws {
    // top_k=3 keeps z = 2, 1, 0.5; at τ = 0.7 they become 2/0.7, 1/0.7, 0.5/0.7.
    let outcome = kelvin(
      "process", "--logits", "2,1,0.5,0.1", "--chain", "top_k=3;temperature=0.7", "--format", "json"
    )
    #expect(outcome.exitCode == .success)
    let candidates = try #require(
      try parseJSON(outcome.standardOutput)["candidates"] as? [[String: Any]])
    #expect(candidates.compactMap { $0["token"] as? Int } == [0, 1, 2])
    let scaled = [2.0, 1.0, 0.5].map { Double(Float($0 / 0.7)) }
    let total = scaled.map { Foundation.exp($0) }.reduce(0, +)
    for (candidate, z) in zip(candidates, scaled) {
      let p = (candidate["probability"] as? NSNumber)?.doubleValue ?? 0
      #expect(relativeError(p, Foundation.exp(z) / total) < 1e-6)
    }
  }

  @Test("--probs takes probabilities: min_p 0.2 of [0.5, 0.3, 0.15, 0.05] keeps three")
  func probsInput() throws {
    let json = try parseJSON(
      kelvin("process", "--probs", "0.5,0.3,0.15,0.05", "--chain", "min_p=0.2", "--format", "json")
        .standardOutput)
    let candidates = try #require(json["candidates"] as? [[String: Any]])
    #expect(candidates.compactMap { $0["token"] as? Int } == [0, 1, 2])
  }

  @Test("sample: same seed, same tokens; raw and processed log-probabilities; top alternatives")
  func sampleDraws() throws {
    let arguments = [
      "sample", "--logits", "2,1,0.5,0.1", "--chain", "dist", "--seed", "42", "--count", "20",
      "--top-logprobs", "2", "--format", "json",
    ]
    let first = KelvinCommandLine.run(arguments)
    #expect(first.exitCode == .success)
    #expect(first == KelvinCommandLine.run(arguments))
    let json = try parseJSON(first.standardOutput)
    // The reference sequence of tools/reference/random_reference.py (seed 42, steps 0…19).
    #expect(
      (json["tokens"] as? [Int]) == [0, 0, 1, 0, 0, 0, 3, 0, 2, 0, 2, 0, 1, 2, 0, 0, 0, 0, 1, 0])
    let top = try #require(json["top_logprobs"] as? [[[String: Any]]])
    #expect(top.count == 20 && top[0].compactMap { $0["token"] as? Int } == [0, 1])
    // With the chain "dist" alone, processed and raw log-probabilities agree.
    let raw = numbers(json["logprobs"]).compactMap { $0 }
    let processed = numbers(json["processed_logprobs"]).compactMap { $0 }
    for (a, b) in zip(raw, processed) { #expect(abs(a - b) < 1e-12) }
  }

  @Test("--history feeds stateful processors before the draw")
  func history() throws {
    let json = try parseJSON(
      kelvin(
        "sample", "--logits", "1,2,3", "--chain", "penalties(presence=5);greedy", "--history",
        "2,2", "--format", "json"
      ).standardOutput)
    // Token 2's logit 3 − 5 = −2 loses to token 1.
    #expect((json["tokens"] as? [Int]) == [1])
  }

  @Test("presets: transformers' order truncates after the temperature, llama.cpp's before")
  func presetOrder() throws {
    let hf = try parseJSON(
      kelvin(
        "process", "--logits", "2,1,0", "--preset", "hf", "--temperature", "0.5", "--top-p", "0.8",
        "--format", "json"
      ).standardOutput)
    let llama = try parseJSON(
      kelvin(
        "process", "--logits", "2,1,0", "--preset", "llama", "--temperature", "0.5", "--top-p",
        "0.8", "--min-p", "0", "--format", "json"
      ).standardOutput)
    #expect((hf["candidates"] as? [Any])?.count == 1)
    #expect((llama["candidates"] as? [Any])?.count == 2)
  }

  @Test(
    "chain mistakes are usage errors naming the item; emptied sets are data errors",
    arguments: [
      (["process", "--logits", "1,2", "--chain", "top_q=3"], 64, "unknown processor 'top_q'"),
      (["process", "--logits", "1,2", "--chain", "top_p(q=1)"], 64, "top_p has no parameter 'q'"),
      (
        ["process", "--logits", "1,2", "--chain", "temperature=-2"], 64,
        "--chain: temperature=-2: temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '-2'"
      ),
      (
        ["process", "--logits", "1,2", "--chain", "top_k=2", "--top-p", "0.5"], 64,
        "--top-p does not apply with --chain"
      ),
      (
        ["process", "--logits", "1,2", "--history", "5"], 64,
        "token 5 is outside the vocabulary of 2 tokens"
      ),
      (
        ["process", "--logits", "1,2", "--chain", "logit_bias(0:-inf,1:-inf)"], 65,
        "removed every candidate"
      ),
      (
        ["process", "--logits", "1,2", "--chain", "logit_bias(7:1)"], 65,
        "token 7 is outside the vocabulary"
      ),
      (
        ["process", "--probs", "0.5,-0.1"], 65,
        "--probs: probs[1] is -0.1: a weight must be finite and ≥ 0"
      ),
      (["sample", "--logits", "1,nan"], 65, "logits[1] is nan"),
      (
        ["sample", "--logits", "1,2", "--count", "0"], 64,
        "--count must be a whole number from 1 to 1000000, got '0'"
      ),
    ])
  func errors(arguments: [String], status: Int32, message: String) {
    let outcome = KelvinCommandLine.run(arguments)
    #expect(outcome.exitCode.rawValue == status)
    #expect(outcome.standardOutput.isEmpty)
    #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
  }
}
