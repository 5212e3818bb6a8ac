import Foundation
import KelvinCommandLine
import Testing

/// `kelvin generate` and `kelvin perplexity` on a small corpus, so that the debug build trains
/// in milliseconds.
@Suite("kelvin generate and kelvin perplexity")
struct GenerateCommandTests {
  static let corpus: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kelvin-corpus-\(UUID()).txt"
    ).path
    let text = String(
      repeating: "the cat sat on the mat and the dog sat on the log.\nthe bird sang in the tree.\n",
      count: 40)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    return path
  }()

  @Test("the same seed gives the same text; JSON lists every token with its logprob")
  func seededJSON() throws {
    let arguments = [
      "generate", "--corpus", Self.corpus, "--order", "4", "--prompt", "the ", "--seed", "5",
      "--max-tokens", "40", "--format", "json",
    ]
    let first = KelvinCommandLine.run(arguments)
    #expect(first.exitCode == .success)
    #expect(first == KelvinCommandLine.run(arguments))
    let json = try parseJSON(first.standardOutput)
    let tokens = try #require(json["tokens"] as? [[String: Any]])
    #expect(!tokens.isEmpty && tokens.count <= 40)
    #expect(tokens.allSatisfy { ($0["logprob"] as? NSNumber)?.doubleValue ?? 1 <= 0 })
    // Perplexity is exp(−mean logprob) of the generated tokens.
    let logprobs = tokens.compactMap { ($0["logprob"] as? NSNumber)?.doubleValue }
    let expected = Foundation.exp(-logprobs.reduce(0, +) / Double(logprobs.count))
    #expect(relativeError((json["perplexity"] as? NSNumber)?.doubleValue ?? 0, expected) < 1e-9)
  }

  @Test("the table streams the prompt and the text; --temperatures compares rows")
  func tableAndComparison() throws {
    let outcome = KelvinCommandLine.run([
      "generate", "--corpus", Self.corpus, "--order", "4", "--prompt", "the ", "--max-tokens", "30",
    ])
    #expect(outcome.exitCode == .success)
    #expect(outcome.standardOutput.hasPrefix("the "))
    let compared = try parseJSON(
      KelvinCommandLine.run([
        "generate", "--corpus", Self.corpus, "--order", "4", "--prompt", "the ", "--temperatures",
        "0,2", "--samples", "3", "--max-tokens", "30", "--format", "json",
      ]).standardOutput)
    let rows = try #require(compared["rows"] as? [[String: Any]])
    #expect(rows.count == 2)
    // τ = 0 is greedy: the three samples are identical, so distinct-2 is at most a third.
    let greedy = rows[0]["samples"] as? [String] ?? []
    #expect(Set(greedy).count == 1)
    #expect(((rows[0]["distinct_2"] as? NSNumber)?.doubleValue ?? 1) <= 1.0 / 3.0 + 1e-12)
  }

  @Test("beam search returns ranked beams")
  func beams() throws {
    let json = try parseJSON(
      KelvinCommandLine.run([
        "generate", "--corpus", Self.corpus, "--order", "4", "--prompt", "the ", "--beam", "3",
        "--max-tokens", "20", "--format", "json",
      ]).standardOutput)
    let beams = try #require(json["beams"] as? [[String: Any]])
    #expect(beams.count == 3)
    let scores = beams.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
    #expect(scores == scores.sorted(by: >))
  }

  @Test("perplexity of a text the model has seen is low; of noise, high")
  func perplexityCommand() throws {
    let seen = FileManager.default.temporaryDirectory.appendingPathComponent("seen-\(UUID()).txt")
      .path
    #expect(
      FileManager.default.createFile(atPath: seen, contents: Data("the cat sat on the mat.".utf8)))
    let json = try parseJSON(
      KelvinCommandLine.run([
        "perplexity", "--input", seen, "--corpus", Self.corpus, "--order", "4", "--format", "json",
      ]).standardOutput)
    let value = (json["perplexity"] as? NSNumber)?.doubleValue ?? 0
    let uniform = (json["uniform_perplexity"] as? NSNumber)?.doubleValue ?? 0
    #expect(value > 1 && value < uniform / 4)
  }

  @Test("stochastic beam search gives distinct sequences with keys, reproducibly")
  func stochasticBeams() throws {
    let arguments = [
      "generate", "--corpus", Self.corpus, "--order", "4", "--prompt", "the ", "--beam", "4",
      "--stochastic", "--temperature", "0.8", "--seed", "7", "--max-tokens", "20", "--format",
      "json",
    ]
    let outcome = KelvinCommandLine.run(arguments)
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    #expect(outcome == KelvinCommandLine.run(arguments))
    let json = try parseJSON(outcome.standardOutput)
    let beams = try #require(json["beams"] as? [[String: Any]])
    #expect(beams.count == 4)
    #expect(Set(beams.compactMap { $0["text"] as? String }).count == 4)
    let keys = beams.compactMap { ($0["key"] as? NSNumber)?.doubleValue }
    #expect(keys == keys.sorted(by: >) && keys.first == 0)
    #expect(beams.allSatisfy { ($0["logprob"] as? NSNumber)?.doubleValue ?? 1 < 0 })
    for (wrong, message) in [
      (["--stochastic"], "--stochastic applies only with --beam"),
      (["--beam", "2", "--temperature", "0.5"], "--temperature applies only to sampling"),
      (["--beam", "2", "--stochastic", "--temperature", "0"], "τ > 0"),
      (
        ["--beam", "2", "--stochastic", "--length-penalty", "2"],
        "give either --stochastic or --length-penalty"
      ),
    ] {
      let refused = KelvinCommandLine.run(["generate", "--corpus", Self.corpus] + wrong)
      #expect(refused.exitCode.rawValue == 64, "\(wrong)")
      #expect(refused.standardError.contains(message), "\(refused.standardError)")
    }
  }

  @Test("any text can be scored and any prompt continued; unknown characters are counted")
  func anyText() throws {
    let continued = KelvinCommandLine.run([
      "generate", "--corpus", Self.corpus, "--order", "4", "--prompt", "Zebra ✓ {\"n\": 42}",
      "--max-tokens", "10", "--seed", "1",
    ])
    #expect(continued.exitCode == .success, "\(continued.standardError)")
    #expect(continued.standardOutput.hasPrefix("Zebra ✓ {\"n\": 42}"))
    let json = try parseJSON(
      KelvinCommandLine.run([
        "perplexity", "--text", "the cat ✓ sat é 12", "--corpus", Self.corpus, "--order", "4",
        "--format", "json",
      ]).standardOutput)
    // ✓ and é are outside printable ASCII: the unknown token stands for them.
    #expect((json["unknown_characters"] as? NSNumber)?.intValue == 2)
    let perplexity = try #require((json["perplexity"] as? NSNumber)?.doubleValue)
    #expect(perplexity.isFinite)
    // The corpus has 16 distinct characters, all ASCII: the vocabulary is 95 + newline + unknown.
    #expect((json["uniform_perplexity"] as? NSNumber)?.intValue == 97)
  }

  @Test(
    "bad inputs are clean errors",
    arguments: [
      (["generate", "--beam", "0"], 64, "--beam must be a whole number from 1 to 1000, got '0'"),
      (["generate", "--order", "9"], 64, "--order must be a whole number from 1 to 7"),
      (["generate", "--corpus", "/nonexistent/corpus.txt"], 66, "no such file"),
      (["perplexity", "--input", "/nonexistent/text.txt"], 66, "no such file"),
    ])
  func errors(arguments: [String], status: Int32, message: String) {
    let outcome = KelvinCommandLine.run(
      arguments + ["--corpus", Self.corpus].filter { _ in !arguments.contains("--corpus") })
    #expect(outcome.exitCode.rawValue == status, "\(outcome.standardError)")
    #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
  }

  @Test("an empty corpus is a data error")
  func emptyCorpus() {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID()).txt")
      .path
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let outcome = KelvinCommandLine.run(["generate", "--corpus", empty])
    #expect(outcome.exitCode == .dataError)
    #expect(outcome.standardError.contains("the corpus is empty"))
  }

  @Test("--draft-order: greedy speculative text is greedy text; the JSON reports the run")
  func speculative() throws {
    let common = ["generate", "--corpus", Self.corpus, "--max-tokens", "80", "--format", "json"]
    let greedy = try parseJSON(
      KelvinCommandLine.run(common + ["--chain", "greedy"]).standardOutput)
    let outcome = KelvinCommandLine.run(
      common + ["--chain", "greedy", "--draft-order", "1", "--draft-tokens", "3"])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    #expect(json["text"] as? String == greedy["text"] as? String)
    let run = try #require(json["speculative"] as? [String: Any])
    let drafted = try #require((run["drafted"] as? NSNumber)?.intValue)
    let accepted = try #require((run["accepted"] as? NSNumber)?.intValue)
    let calls = try #require((run["target_calls"] as? NSNumber)?.intValue)
    let tokens = try #require((json["tokens"] as? [Any])?.count)
    #expect(accepted <= drafted && drafted <= 3 * calls)
    // A round emits its accepted drafts and one token of the target's.
    #expect(tokens <= accepted + calls && tokens >= calls)
    #expect(
      (run["acceptance_rate"] as? NSNumber)?.doubleValue == Double(accepted) / Double(drafted))
    let alone = KelvinCommandLine.run(["generate", "--draft-tokens", "3"])
    #expect(alone.exitCode == .usage && alone.standardError.contains("--draft-order"))
    let beam = KelvinCommandLine.run(["generate", "--draft-order", "2", "--beam", "2"])
    #expect(beam.exitCode == .usage && beam.standardError.contains("--beam"))
  }

  @Test("--min-tokens N: no sequence ends before N characters; without it some do (seeds 0–7)")
  func minTokens() throws {
    func lengths(_ extra: [String]) throws -> [(count: Int, ended: Bool)] {
      try (0..<8).map { seed in
        let json = try parseJSON(
          KelvinCommandLine.run(
            ["generate", "--temperature", "1", "--seed", String(seed), "--max-tokens", "200"]
              + extra + ["--format", "json"]
          ).standardOutput)
        let count = (json["tokens"] as? [Any])?.count ?? 0
        return (count, json["stop_reason"] as? String == "end_of_sequence")
      }
    }
    let free = try lengths([])
    #expect(free.contains { $0.ended && $0.count <= 100 })
    let held = try lengths(["--min-tokens", "100"])
    // An ended sequence has its end token after at least 100 generated characters.
    #expect(held.allSatisfy { !$0.ended || $0.count >= 101 }, "\(held)")
    let beam = KelvinCommandLine.run(["generate", "--min-tokens", "5", "--beam", "2"])
    #expect(beam.exitCode == .usage)
  }

  @Test("--stop is repeatable: the text ends before the earliest stop to appear, excluded")
  func severalStops() throws {
    let common = ["generate", "--chain", "greedy", "--max-tokens", "200", "--format", "json"]
    let free = try #require(
      try parseJSON(KelvinCommandLine.run(common).standardOutput)["text"] as? String)
    let stops = ["will see", "LORD said,"]
    let outcome = KelvinCommandLine.run(common + stops.flatMap { ["--stop", $0] })
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    // Greedy text is the same with or without stops, so the cut is at the earliest of the
    // stops' first occurrences in the free text.
    let starts: [String.Index] = stops.compactMap { free.range(of: $0)?.lowerBound }
    let cut = try #require(starts.min())
    #expect(json["text"] as? String == String(free[..<cut]))
    #expect(json["stop_reason"] as? String == "stop_string")
    // Other options still refuse a second value.
    let twice = KelvinCommandLine.run(["generate", "--seed", "1", "--seed", "2"])
    #expect(twice.exitCode == .usage && twice.standardError.contains("more than once"))
  }

  @Test(
    "--allowed-tokens: every generated token is on the list; an id outside the vocabulary is an error"
  )
  func allowedTokens() throws {
    let allowed: Set<Int> = [1, 66, 69, 79]
    let json = try parseJSON(
      KelvinCommandLine.run([
        "generate", "--allowed-tokens", "66,79,69,1", "--max-tokens", "60", "--seed", "2",
        "--format", "json",
      ]).standardOutput)
    let tokens = try #require(json["tokens"] as? [[String: Any]])
    #expect(tokens.count == 60)
    #expect(tokens.allSatisfy { allowed.contains(($0["token"] as? NSNumber)?.intValue ?? -1) })
    let outside = KelvinCommandLine.run(["generate", "--allowed-tokens", "500"])
    #expect(outside.exitCode == .dataError && outside.standardError.contains("token 500"))
  }
}

/// `--bad-words` and `--generation-config` through the command line.
@Suite("generate: bad words and generation configs")
struct GenerateRequestSettingsTests {
  static func file(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(UUID())-generation_config.json")
    try Data(text.utf8).write(to: url)
    return url.path
  }

  @Test(
    "--bad-words: a banned text never appears after the prompt (seeds 0–7); without it, it does")
  func badWords() throws {
    let prompt = "And the LORD said unto Moses,"
    func texts(_ extra: [String]) throws -> [String] {
      try (0..<8).map { seed in
        let outcome = KelvinCommandLine.run(
          ["generate", "--seed", String(seed), "--max-tokens", "150", "--format", "json"] + extra)
        #expect(outcome.exitCode == .success, "\(outcome.standardError)")
        return prompt + (try parseJSON(outcome.standardOutput)["text"] as? String ?? "")
      }
    }
    let banned = ["the", " a"]
    // Every occurrence must lie inside the prompt (a ban looks back across the boundary).
    func appearsAfterPrompt(_ text: String, _ word: String) -> Bool {
      text.ranges(of: word).contains {
        text.distance(from: text.startIndex, to: $0.upperBound) > prompt.count
      }
    }
    let free = try texts([])
    for word in banned { #expect(free.contains { appearsAfterPrompt($0, word) }) }
    let held = try texts(banned.flatMap { ["--bad-words", $0] })
    for text in held {
      for word in banned { #expect(!appearsAfterPrompt(text, word), "\(text)") }
    }
    let beam = KelvinCommandLine.run(["generate", "--bad-words", "a", "--beam", "2"])
    #expect(beam.exitCode == .usage)
  }

  @Test("--generation-config: transformers' chain, its limits, overrides and refusals")
  func generationConfig() throws {
    let greedy = try Self.file(#"{"do_sample": false, "max_new_tokens": 30, "use_cache": true}"#)
    let fromFile = KelvinCommandLine.run([
      "generate", "--generation-config", greedy, "--format", "json",
    ])
    #expect(fromFile.exitCode == .success, "\(fromFile.standardError)")
    #expect(
      fromFile.standardError.contains("ignored") && fromFile.standardError.contains("use_cache"))
    let json = try parseJSON(fromFile.standardOutput)
    #expect(json["chain"] as? String == "greedy")
    let direct = try parseJSON(
      KelvinCommandLine.run([
        "generate", "--chain", "greedy", "--max-tokens", "30", "--format", "json",
      ]).standardOutput)
    #expect(json["text"] as? String == direct["text"] as? String)
    #expect((json["tokens"] as? [Any])?.count == 30)
    // --max-tokens beats max_new_tokens.
    let shorter = try parseJSON(
      KelvinCommandLine.run([
        "generate", "--generation-config", greedy, "--max-tokens", "5", "--format", "json",
      ]).standardOutput)
    #expect((shorter["tokens"] as? [Any])?.count == 5)

    let sampled = try Self.file(
      #"{"do_sample": true, "temperature": 0.6, "top_k": 0, "min_new_tokens": 20, "bad_words_ids": [[5, 6]]}"#
    )
    let overridden = try parseJSON(
      KelvinCommandLine.run([
        "generate", "--generation-config", sampled, "--temperature", "0.9", "--min-tokens", "3",
        "--bad-words", "q", "--format", "json", "--max-tokens", "10",
      ]).standardOutput)
    let spec = try #require(overridden["chain"] as? String)
    #expect(spec.hasPrefix("bad_words(sequences=5:6|"))
    #expect(spec.contains(";min_tokens(n=3,eos=0);temperature=0.9;dist"), "\(spec)")

    let noEffect = KelvinCommandLine.run([
      "generate", "--generation-config", greedy, "--top-p", "0.5",
    ])
    #expect(noEffect.exitCode == .usage && noEffect.standardError.contains("do_sample"))
    let compared = KelvinCommandLine.run([
      "generate", "--generation-config", greedy, "--temperatures", "0.5,1",
    ])
    #expect(compared.exitCode == .usage)
    #expect(compared.standardError.contains("Error: --temperatures has no effect"))
    let wrong = try Self.file(#"{"top_k": "many"}"#)
    let refused = KelvinCommandLine.run(["generate", "--generation-config", wrong])
    #expect(refused.exitCode == .dataError && refused.standardError.contains("top_k"))
    #expect(refused.standardOutput.isEmpty)
    let withChain = KelvinCommandLine.run([
      "generate", "--generation-config", greedy, "--chain", "greedy",
    ])
    #expect(withChain.exitCode == .usage)
  }
}

/// `--regex` and `--json-schema` through the command line.
@Suite("generate: constraints")
struct GenerateConstraintTests {
  @Test("--regex: 10 seeded texts match in full; each step reports the mask size it drew from")
  func regex() throws {
    let pattern = "[A-Z][a-z]{2,8} [0-9]{1,3}:[0-9]{1,2}"
    let reference = try Regex(pattern)
    for seed in 0..<10 {
      let outcome = KelvinCommandLine.run([
        "generate", "--regex", pattern, "--seed", String(seed), "--temperature", "1.5",
        "--format", "json",
      ])
      #expect(outcome.exitCode == .success, "\(outcome.standardError)")
      let json = try parseJSON(outcome.standardOutput)
      let text = try #require(json["text"] as? String)
      #expect(text.wholeMatch(of: reference) != nil, "\(text)")
      let constraint = try #require(json["constraint"] as? [String: Any])
      #expect(constraint["complete"] as? Bool == true)
      let steps = try #require(json["tokens"] as? [[String: Any]])
      let allowed = steps.compactMap { ($0["allowed_tokens"] as? NSNumber)?.intValue }
      // First a capital letter (26 of them); last the end of sequence, with ten digits beside
      // it when the verse number has one digit.
      let verse = text.split(separator: ":").last?.count ?? 0
      #expect(allowed.count == steps.count && allowed.first == 26)
      #expect(allowed.last == (verse == 2 ? 1 : 11), "\(text) \(allowed)")
    }
  }

  @Test("--json-schema: the text is JSON of the schema; refusals exit with usage or data errors")
  func jsonSchema() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-schema.json")
    try Data(
      #"{"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":12},"ok":{"type":"boolean"}},"required":["n","ok"]}"#
        .utf8
    ).write(to: url)
    for seed in 0..<6 {
      let outcome = KelvinCommandLine.run([
        "generate", "--json-schema", url.path, "--seed", String(seed), "--format", "json",
      ])
      #expect(outcome.exitCode == .success, "\(outcome.standardError)")
      let text = try #require(try parseJSON(outcome.standardOutput)["text"] as? String)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
      let n = try #require((object["n"] as? NSNumber)?.intValue)
      #expect((1...12).contains(n) && object["ok"] is Bool && object.count == 2)
    }
    let bad = KelvinCommandLine.run(["generate", "--regex", "(a"])
    #expect(bad.exitCode == .usage && bad.standardError.contains("unclosed"))
    let impossible = KelvinCommandLine.run(["generate", "--regex", "a\\nb"])
    #expect(impossible.exitCode == .usage && impossible.standardOutput.isEmpty)
    let unbound = KelvinCommandLine.run(["generate", "--chain", "constraint;top_k=3"])
    #expect(unbound.exitCode == .usage)
    try Data(#"{"type":"string","format":"date"}"#.utf8).write(to: url)
    let unsupported = KelvinCommandLine.run(["generate", "--json-schema", url.path])
    #expect(unsupported.exitCode == .dataError && unsupported.standardError.contains("'format'"))
    let both = KelvinCommandLine.run(["generate", "--regex", "a", "--json-schema", url.path])
    #expect(both.exitCode == .usage)
    let beam = KelvinCommandLine.run([
      "generate", "--beam", "3", "--regex", "(yes|no|maybe)", "--format", "json",
    ])
    #expect(beam.exitCode == .success, "\(beam.standardError)")
    let hypotheses = try #require(try parseJSON(beam.standardOutput)["beams"] as? [[String: Any]])
    let texts = hypotheses.compactMap { $0["text"] as? String }
    #expect(texts.count == 3 && Set(texts) == ["yes", "no", "maybe"])
    let stochastic = KelvinCommandLine.run([
      "generate", "--beam", "3", "--stochastic", "--regex", "(yes|no)",
    ])
    #expect(stochastic.exitCode == .usage)
    let stop = KelvinCommandLine.run(["generate", "--regex", "a+", "--stop", "aa"])
    #expect(stop.exitCode == .usage && stop.standardError.contains("--stop"))
  }
}

@Suite("generate with a model directory")
struct GenerateModelDirectoryTests {
  /// The tiny checkpoints of the KelvinModels tests (tools/models/make_fixtures.py).
  static func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("KelvinModelsTests/Fixtures/\(name)").path
  }

  @Test("--model DIR with a greedy chain gives transformers' 32 greedy tokens")
  func greedyTokens() throws {
    let directory = Self.fixture("gpt2-tiny")
    let expected = try #require(
      try parseJSON(
        String(
          decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/expected.json")),
          as: UTF8.self))["cases"] as? [[String: Any]])
    let first = try #require(expected.first)
    let outcome = KelvinCommandLine.run([
      "generate", "--model", directory, "--prompt", try #require(first["prompt"] as? String),
      "--chain", "min_tokens(n=32,eos=0);greedy", "--max-tokens", "32", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let tokens = try #require(json["tokens"] as? [[String: Any]]).compactMap { $0["token"] as? Int }
    #expect(tokens == first["greedy"] as? [Int])
  }

  @Test("--model takes a constraint over the model's tokenizer; its mistakes are errors")
  func constraintAndRefusals() throws {
    let directory = Self.fixture("qwen2-tiny")
    let constrained = KelvinCommandLine.run([
      "generate", "--model", directory, "--regex", "(yes|no)\\.", "--prompt", "Answer:",
      "--seed", "3", "--format", "json",
    ])
    #expect(constrained.exitCode == .success, "\(constrained.standardError)")
    let text = try #require(try parseJSON(constrained.standardOutput)["text"] as? String)
    #expect(text == "yes." || text == "no.")
    #expect(KelvinCommandLine.run(["generate", "--model", "/nonexistent"]).exitCode == .noInput)
    #expect(
      KelvinCommandLine.run(["generate", "--model", directory, "--order", "3"]).exitCode == .usage)
    #expect(
      KelvinCommandLine.run(["generate", "--model", directory, "--draft-order", "2"]).exitCode
        == .usage)
  }
}

@Suite("speculative sampling with model directories")
struct SpeculativeModelDirectoryTests {
  @Test("a draft identical to the target has every proposal accepted; another tokenizer is refused")
  func identicalDraft() throws {
    let target = GenerateModelDirectoryTests.fixture("llama-tiny")
    let outcome = KelvinCommandLine.run([
      "generate", "--model", target, "--draft-model", target, "--draft-tokens", "3",
      "--max-tokens", "24", "--chain", "min_tokens(n=24,eos=0);temperature=0.9", "--seed", "4",
      "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let speculative = try #require(
      try parseJSON(outcome.standardOutput)["speculative"] as? [String: Any])
    // p = q at every position: min(1, p/q) = 1, so every proposal is kept and each target call
    // emits the three proposals and the next position's token.
    #expect((speculative["acceptance_rate"] as? NSNumber)?.doubleValue == 1)
    #expect(speculative["target_calls"] as? Int == 6)
    let other = KelvinCommandLine.run([
      "generate", "--model", target, "--draft-model",
      GenerateModelDirectoryTests.fixture("qwen2-tiny"), "--max-tokens", "4",
    ])
    #expect(other.exitCode == .usage)
    #expect(other.standardError.contains("is not --model's tokenizer.json"))
  }
}

@Suite("perplexity with a model directory")
struct PerplexityModelDirectoryTests {
  @Test("--model scores the tokens after the first: perplexity is exp(−LL / scored tokens)")
  func scores() throws {
    let outcome = KelvinCommandLine.run([
      "perplexity", "--model", GenerateModelDirectoryTests.fixture("gpt2-tiny"), "--text",
      "In the beginning God created the heaven and the earth.", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let logLikelihood = try #require((json["log_likelihood"] as? NSNumber)?.doubleValue)
    let scored = try #require(json["scored_tokens"] as? Int)
    #expect(scored == (json["tokens"] as? Int).map { $0 - 1 })
    let perplexity = try #require((json["perplexity"] as? NSNumber)?.doubleValue)
    #expect(relativeError(perplexity, Foundation.exp(-logLikelihood / Double(scored))) < 1e-12)
    #expect(
      KelvinCommandLine.run([
        "perplexity", "--model", GenerateModelDirectoryTests.fixture("gpt2-tiny"), "--text", "a",
      ]).exitCode == .dataError)
  }
}
