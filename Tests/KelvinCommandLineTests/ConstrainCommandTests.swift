import Foundation
import KelvinCommandLine
import Testing

/// `kelvin constrain`: the allowed tokens after a prefix, over the built-in vocabulary and a
/// tokenizer.json that splits a character across tokens.
@Suite("kelvin constrain")
struct ConstrainCommandTests {
  @Test("after a prefix, exactly the tokens that continue a match")
  func builtIn() throws {
    let outcome = KelvinCommandLine.run([
      "constrain", "--regex", "(yes|no|yellow)", "--prefix", "ye", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let tokens = try #require(json["allowed"] as? [[String: Any]]).compactMap {
      $0["token"] as? String
    }
    #expect(tokens == ["l", "s"])
    #expect(json["complete"] as? Bool == false)
    let done = try parseJSON(
      KelvinCommandLine.run([
        "constrain", "--regex", "(yes|no)", "--prefix", "no", "--format", "json",
      ])
      .standardOutput)
    #expect(done["complete"] as? Bool == true && done["allowed_count"] as? Int == 1)
  }

  @Test("a tokenizer.json vocabulary: a token ending inside é is allowed where é may start")
  func tokenizerFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(UUID())-tokenizer.json")
    try Data(
      #"{"decoder": {"type": "ByteLevel"}, "model": {"vocab": {"caf": 0, "fÃ": 1, "©": 2, "Ã©": 3, "x": 4, "</s>": 5}}}"#
        .utf8
    ).write(to: url)
    let outcome = KelvinCommandLine.run([
      "constrain", "--tokenizer", url.path, "--eos", "</s>", "--regex", "café", "--prefix", "caf",
      "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let ids = try #require(json["allowed"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
    #expect(ids == [3])
    let split = try parseJSON(
      KelvinCommandLine.run([
        "constrain", "--tokenizer", url.path, "--regex", "café", "--prefix", "ca", "--format",
        "json",
      ]).standardOutput)
    let shown = try #require(split["allowed"] as? [[String: Any]]).compactMap {
      $0["token"] as? String
    }
    #expect(shown == ["f\\xC3"])
  }

  @Test("without a constraint, or --eos without --vocab, it is a usage error")
  func refusals() {
    #expect(KelvinCommandLine.run(["constrain"]).exitCode == .usage)
    #expect(KelvinCommandLine.run(["constrain", "--regex", "a", "--eos", "x"]).exitCode == .usage)
    #expect(KelvinCommandLine.run(["constrain", "--regex", "a{5000}"]).exitCode == .usage)
  }
}

@Suite("constrain with a model directory")
struct ConstrainModelDirectoryTests {
  @Test(
    "--model uses the model's tokenizer: every allowed token continues the prefix toward a match")
  func allowedTokensContinue() throws {
    let outcome = KelvinCommandLine.run([
      "constrain", "--model", "builtin-gpt2", "--regex", "(In|And) the (LORD|king) said\\.",
      "--prefix", "And the", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    #expect(json["vocabulary_size"] as? Int == 1_024)
    let allowed = try #require(json["allowed"] as? [[String: Any]])
    #expect(!allowed.isEmpty)
    // Each allowed token's text, after the prefix, is a prefix of one of the four matches.
    let matches = [
      "In the LORD said.", "In the king said.", "And the LORD said.", "And the king said.",
    ]
    for token in allowed {
      let text = "And the" + (try #require(token["token"] as? String))
      #expect(matches.contains { $0.hasPrefix(text) }, "\(text)")
    }
  }
}
