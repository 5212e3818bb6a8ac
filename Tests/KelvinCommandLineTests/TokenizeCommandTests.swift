import Foundation
import KelvinCommandLine
import Testing

/// `kelvin tokenize` and `kelvin detokenize` on the GPT-2-layout and Llama-2-layout fixtures;
/// the expected ids are those Hugging Face tokenizers 0.23.3 gives for the same file and text
/// (`Tokenizer.from_file(…).encode(…)`, quoted).
@Suite("kelvin tokenize / detokenize")
struct TokenizeCommandTests {
  static func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("KelvinTokenizersTests/Fixtures/tokenizers/\(name).json").path
  }

  @Test("ids are those of tokenizers; special tokens are text unless --parse-special")
  func ids() throws {
    let gpt2 = Self.fixture("gpt2")
    // tokenizers with encode_special_tokens=True: "<|endoftext|>" spelled out.
    let plain = kelvin("tokenize", "--tokenizer", gpt2, "--text", "Hello <|endoftext|>", "--ids")
    #expect(plain.exitCode == .success, "\(plain.standardError)")
    #expect(plain.standardOutput == "486,276,79,221,28,92,69,261,613,84,69,88,84,92,30\n")
    // tokenizers' default (specials parsed): [486, 276, 79, 221, 0].
    let parsed = kelvin(
      "tokenize", "--tokenizer", gpt2, "--text", "Hello <|endoftext|>", "--parse-special",
      "--format", "json")
    let report = try parseJSON(parsed.standardOutput)
    #expect(report["ids"] as? [Int] == [486, 276, 79, 221, 0])
    #expect(report["count"] as? Int == 5)
    // Llama 2's template adds <s> (id 1): [1, 535, 302, 551].
    let llama = kelvin(
      "tokenize", "--tokenizer", Self.fixture("llama2"), "--text", "Hi there", "--add-special",
      "--ids")
    #expect(llama.standardOutput == "1,535,302,551\n")
  }

  @Test("detokenize keeps special tokens unless --skip-special")
  func detokenize() {
    let gpt2 = Self.fixture("gpt2")
    // tokenizers: decode([486, 276, 79, 1200, 12]) is "Hello<mask>," or, skipping, "Hello,".
    let kept = kelvin("detokenize", "--tokenizer", gpt2, "--ids", "486,276,79,1200,12")
    #expect(kept.standardOutput == "Hello<mask>,\n")
    let skipped = kelvin(
      "detokenize", "--tokenizer", gpt2, "--ids", "486,276,79,1200,12", "--skip-special")
    #expect(skipped.standardOutput == "Hello,\n")
  }

  @Test("bad input: an unknown id, a missing or malformed file, a missing text")
  func errors() throws {
    let unknown = kelvin("detokenize", "--tokenizer", Self.fixture("gpt2"), "--ids", "5000")
    #expect(unknown.exitCode == .dataError)
    #expect(unknown.standardOutput.isEmpty)
    #expect(unknown.standardError.contains("token 5000 is not in the vocabulary"))
    let missing = kelvin("tokenize", "--tokenizer", "/nonexistent/t.json", "--text", "a")
    #expect(missing.exitCode == .noInput)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kelvin tokenize \(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("tokenizer.json")
    try Data(#"{"model": {"vocab": {"a": 0}, "merges": ["a b"]}}"#.utf8).write(to: bad)
    let malformed = kelvin("tokenize", "--tokenizer", bad.path, "--text", "a")
    #expect(malformed.exitCode == .dataError)
    #expect(malformed.standardError.contains("model.merges[0]"))
    let noText = kelvin("tokenize", "--tokenizer", Self.fixture("gpt2"))
    #expect(noText.exitCode == .usage)
  }

  @Test("bench --op tokenize reports load, encode and decode figures")
  func bench() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kelvin bench \(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = directory.appendingPathComponent("text.txt")
    try Data("In the beginning God created the heaven and the earth.\n".utf8).write(to: text)
    let outcome = kelvin(
      "bench", "--op", "tokenize", "--tokenizer", Self.fixture("llama3"), "--input", text.path,
      "--iterations", "3", "--format", "json")
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let report = try parseJSON(outcome.standardOutput)
    #expect(report["op"] as? String == "tokenize")
    #expect(report["bytes"] as? Int == 55)  // 54 characters and a newline
    #expect(report["round_trips"] as? Bool == true)
    #expect((report["encode_mb_per_s"] as? Double ?? 0) > 0)
    let refused = kelvin("bench", "--op", "tokenize", "--vocab", "10")
    #expect(refused.exitCode == .usage)
  }
}
