import Foundation
import Testing

@testable import KelvinTokenizers

/// Kelvin's ids against the ids Hugging Face `tokenizers` 0.23.3 gives, for 10,147 strings
/// (held-out corpus, random Unicode of every plane, combining marks, ZWJ emoji, CJK, RTL,
/// controls, white-space and digit runs, added and special tokens inside text, the empty
/// string, a 1 MB string) and seven tokenizers: bit-exact, no tolerance.
@Suite struct HuggingFaceTokenizerTests {
  @Test(arguments: FixtureData.names)
  func idsEqualThoseOfTokenizers(name: String) throws {
    let tokenizer = try FixtureData.tokenizer(name)
    let expected = try FixtureData.expected(name)
    let strings = FixtureData.strings
    #expect(strings.count == expected.count)
    #expect(strings.count >= 10_000)
    var failures = 0
    for (index, (text, want)) in zip(strings, expected).enumerated() {
      let plain = try tokenizer.encode(text)
      let parsed = try tokenizer.encode(
        text, options: .init(parsesSpecialTokens: true, addsSpecialTokens: true))
      let decoded = try tokenizer.decode(plain)
      let decodedOK =
        want.decodedHash == nil
        ? Array(decoded.unicodeScalars) == Array(text.unicodeScalars)
        : FixtureData.fnv(decoded.utf8) == want.decodedHash
      let ok =
        plain.count == want.countA && FixtureData.idsHash(plain) == want.hashA
        && parsed.count == want.countB && FixtureData.idsHash(parsed) == want.hashB && decodedOK
      if !ok {
        failures += 1
        if failures <= 5 {
          Issue.record(
            "\(name) string \(index) \(String(text.prefix(80)).debugDescription): A \(plain.count) vs \(want.countA), B \(parsed.count) vs \(want.countB), decode ok \(decodedOK) \(plain.prefix(30))"
          )
        }
      }
    }
    #expect(failures == 0, "\(failures) of \(strings.count) strings differ")
  }
}

@Suite("token bytes and streaming text")
struct TokenBytesTests {
  static let texts = ["café ✓ 日本語 🙂 naïve", "In the beginning", "ÆØÅ — “quoted” ½", ""]

  @Test(
    "the tokens' bytes concatenate to the text; streaming holds back exactly the prefixes that end inside a character",
    arguments: ["gpt2", "llama3", "qwen2"])
  func bytesAndStreaming(name: String) throws {
    let tokenizer = try FixtureData.tokenizer(name)
    for text in Self.texts {
      let ids = try tokenizer.encode(text)
      let bytes = ids.flatMap { tokenizer.tokenBytes($0) ?? [] }
      #expect(bytes == Array(text.utf8), "\(name) \(text)")
      for end in 0...ids.count {
        let prefix = Array(ids.prefix(end))
        let prefixBytes = prefix.flatMap { tokenizer.tokenBytes($0) ?? [] }
        let streamed = try tokenizer.streamingText(of: prefix)
        let complete = String(validating: prefixBytes, as: UTF8.self) != nil
        #expect((streamed != nil) == complete, "\(name) \(text) \(end)")
        if let streamed { #expect(streamed == (try tokenizer.decode(prefix))) }
      }
    }
    #expect(tokenizer.tokenBytes(tokenizer.vocabularySize) == nil)
  }
}
