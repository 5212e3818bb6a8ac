import Foundation
import KelvinCommandLine
import Testing

/// `kelvin study` on a small corpus and held-out text, so the debug build runs it in seconds.
@Suite("kelvin study")
struct StudyCommandTests {
  static func file(_ text: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kelvin-study-\(UUID()).txt"
    ).path
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    return path
  }

  static let corpus = file(
    String(
      repeating: "the cat sat on the mat and the dog sat on the log by the door.\n", count: 30))
  static let heldOut = file(
    """
    the cat sat on the log and the dog sat on the mat by the door
    the dog sat on the mat and the cat sat on the log by the door
    a line too short
    the log sat on the cat and the mat sat on the dog by the door
    """)

  @Test("JSON has a row per strategy, the human row and beam beats greedy")
  func json() throws {
    let outcome = KelvinCommandLine.run([
      "study", "--corpus", Self.corpus, "--order", "3", "--held-out", Self.heldOut, "--prompts",
      "3", "--max-tokens", "30", "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let strategies = try #require(json["strategies"] as? [[String: Any]])
    #expect(
      strategies.compactMap { $0["name"] as? String } == [
        "greedy", "beam(4)", "beam(16)", "sample(t=1)", "sample(t=0.5)", "sample(t=0.7)",
        "sample(t=0.9)", "sample(t=1.2)", "top_k(40)", "top_p(0.95)", "top_p(0.9)", "min_p(0.1)",
        "stochastic_beam(4,t=1)", "stochastic_beam(4,t=0.7)",
      ])
    let keys: Set<String> = [
      "name", "perplexity", "mean_logprob", "repetition", "distinct_1", "distinct_2",
      "self_bleu4", "zipf", "length",
    ]
    for row in strategies { #expect(Set(row.keys) == keys) }
    let human = try #require(json["human"] as? [String: Any])
    #expect(Set(human.keys) == keys)
    #expect(human["name"] as? String == "human")
    for row in strategies + [human] {
      let logprob = try #require((row["mean_logprob"] as? NSNumber)?.doubleValue)
      let perplexity = try #require((row["perplexity"] as? NSNumber)?.doubleValue)
      #expect(relativeError(perplexity, Foundation.exp(-logprob)) < 1e-12)
    }
    let beats = try #require(json["beam_beats_greedy"] as? [String: Any])
    #expect(Set(beats.keys) == ["4", "16"])
    #expect(json["prompts"] as? Int == 3)
  }

  @Test("the table, and a plot written as SVG")
  func tableAndPlot() throws {
    let plot = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID()).svg")
      .path
    let outcome = KelvinCommandLine.run([
      "study", "--corpus", Self.corpus, "--order", "3", "--held-out", Self.heldOut, "--prompts",
      "2", "--max-tokens", "20", "--plot", plot,
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    #expect(outcome.standardOutput.contains("stochastic_beam(4,t=0.7)"))
    #expect(outcome.standardOutput.contains("human"))
    #expect(outcome.standardOutput.contains("beam beats greedy"))
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains("<desc>"))
  }

  @Test("bad inputs are refused before any work")
  func errors() {
    for (arguments, status, message) in [
      (["--prompts", "4"], Int32(64), "--prompts 4"),
      (["--prompts", "0"], 64, "--prompts must be a whole number from 1 to 1000"),
      (["--plot", "x.png"], 64, "--plot"),
      (["--plot", "/nonexistent/dir/x.svg"], 74, "nonexistent"),
      (["--held-out", "/nonexistent/h.txt"], 66, "no such file"),
    ] {
      let heldOut = arguments.contains("--held-out") ? [] : ["--held-out", Self.heldOut]
      let outcome = KelvinCommandLine.run(
        ["study", "--corpus", Self.corpus, "--order", "3"] + heldOut + arguments)
      #expect(outcome.exitCode.rawValue == status, "\(arguments): \(outcome.standardError)")
      #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
      #expect(outcome.standardOutput.isEmpty)
    }
  }
}
