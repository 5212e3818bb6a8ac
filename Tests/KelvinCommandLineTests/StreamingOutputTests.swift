import Foundation
import KelvinCommandLine
import Testing

/// Long results: tables show the top entries, JSON and JSON Lines stream.
@Suite("long outputs")
struct StreamingOutputTests {
  /// Logits 0, 1, …, n−1: the most probable tokens are the last ones.
  static func ramp(_ n: Int) -> String { (0..<n).map(String.init).joined(separator: ",") }

  @Test("a table of a long vector shows the top N, most probable first, and says what is hidden")
  func topN() throws {
    let out = kelvin("softmax", "--logits", Self.ramp(50), "--top", "3").standardOutput
    let tokens = out.split(separator: "\n").compactMap { line -> Int? in
      let fields = line.split(separator: " ")
      guard fields.count == 4, let token = Int(fields[0]) else { return nil }
      return token
    }
    #expect(tokens == [49, 48, 47])
    #expect(out.contains("(the 3 largest shown, largest first; 47 more tokens not shown"))
    let all = kelvin("softmax", "--logits", Self.ramp(50), "--top", "0").standardOutput
    #expect(!all.contains("not shown"))
    #expect(all.split(separator: "\n").count >= 50)
    // Twenty or fewer: every token, in index order, as before.
    let short = kelvin("softmax", "--logits", "2,1,0.5,0.1").standardOutput
    #expect(!short.contains("not shown"))
  }

  @Test("--top applies to tables only")
  func topIsForTables() {
    let outcome = kelvin("softmax", "--logits", "1,2", "--top", "1", "--format", "json")
    #expect(outcome.exitCode == .usage)
    #expect(outcome.standardError.contains("--top applies only to the table format"))
  }

  @Test("process, thermo and sketch show their top entries too")
  func otherTables() {
    let process = kelvin("process", "--logits", Self.ramp(30), "--chain", "dist", "--top", "2")
    #expect(process.standardOutput.contains("28 more survivors not shown"))
    let thermo = kelvin("thermo", "--energies", Self.ramp(30), "--top", "2")
    #expect(thermo.standardOutput.contains("28 more states not shown"))
    let sketch = kelvin("sketch", "--logits", Self.ramp(30), "--top", "2")
    #expect(sketch.standardOutput.contains("28 more classes not shown"))
    #expect(sketch.standardOutput.contains("… (30 logits)"))
  }

  @Test("JSON Lines: one object per draw, the same values as the JSON document")
  func jsonLines() throws {
    let lines = kelvin(
      "sample", "--logits", "2,1,0.5,0.1", "--seed", "9", "--count", "5", "--format", "jsonl"
    ).standardOutput.split(separator: "\n")
    #expect(lines.count == 5)
    let document = try parseJSON(
      kelvin("sample", "--logits", "2,1,0.5,0.1", "--seed", "9", "--count", "5", "--format", "json")
        .standardOutput)
    let tokens = document["tokens"] as? [Int] ?? []
    for (index, line) in lines.enumerated() {
      let object = try parseJSON(String(line))
      #expect(object["draw"] as? Int == index)
      #expect(object["token"] as? Int == tokens[index])
    }
    let generated = kelvin("generate", "--max-tokens", "4", "--format", "jsonl").standardOutput
      .split(separator: "\n")
    #expect(generated.count == 5)
    #expect(try parseJSON(String(generated[4]))["stop_reason"] as? String == "token_limit")
  }

  @Test("JSON Lines is for streams: other commands refuse it")
  func jsonLinesOnlyForStreams() {
    #expect(kelvin("softmax", "--logits", "1", "--format", "jsonl").exitCode == .usage)
  }
}
