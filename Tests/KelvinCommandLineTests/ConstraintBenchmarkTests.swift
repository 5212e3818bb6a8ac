import Foundation
import KelvinCommandLine
import Testing

/// `kelvin bench --op constraint`: the figures it reports are consistent with each other (the
/// speed itself is measured by the benchmark, never asserted).
@Suite("bench --op constraint")
struct ConstraintBenchmarkTests {
  @Test("index and per-token figures at V = 3,000")
  func figures() throws {
    let outcome = KelvinCommandLine.run([
      "bench", "--op", "constraint", "--vocab", "3000", "--iterations", "3", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let vocab = try #require((json["vocab"] as? NSNumber)?.intValue)
    let masks = try #require((json["distinct_masks"] as? NSNumber)?.intValue)
    let states = try #require((json["dfa_states"] as? NSNumber)?.intValue)
    let bytes = try #require((json["index_bytes"] as? NSNumber)?.intValue)
    #expect(vocab == 3000 && masks >= 2 && states >= masks - 1)
    // Each distinct mask is ⌈V/64⌉ words; the transition table is 256 entries a state.
    #expect(bytes >= masks * ((vocab + 63) / 64) * 8 + states * 256 * 4)
    #expect(((json["path_tokens"] as? NSNumber)?.intValue ?? 0) > 0)
    for key in ["mask_median_us", "apply_median_us", "index_build_ms"] {
      let value = try #require((json[key] as? NSNumber)?.doubleValue)
      #expect(value.isFinite && value > 0, "\(key)")
    }
  }

  @Test("a given vocabulary and pattern; constraint options need --op constraint")
  func givenVocabulary() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-vocab.json")
    try Data(#"["a", "b", "ab", "</s>"]"#.utf8).write(to: url)
    let outcome = KelvinCommandLine.run([
      "bench", "--op", "constraint", "--tokenizer", url.path, "--eos", "</s>", "--regex", "(ab)+",
      "--iterations", "3", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    #expect((json["vocab"] as? NSNumber)?.intValue == 4 && json["pattern"] as? String == "(ab)+")
    let impossible = KelvinCommandLine.run([
      "bench", "--op", "constraint", "--tokenizer", url.path, "--regex", "c",
    ])
    #expect(impossible.exitCode == .usage)
    #expect(KelvinCommandLine.run(["bench", "--regex", "a"]).exitCode == .usage)
  }
}
