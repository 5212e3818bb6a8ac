import Foundation
import Testing

@testable import KelvinTokenizers

/// Reading `tokenizer.json`: hostile and unsupported files are errors that name the JSON path
/// and the value; a hand-made BPE encodes as its merges say.
@Suite struct HuggingFaceTokenizerLoadingTests {
  static func json(
    vocab: String = #"{"a": 0, "b": 1, "ab": 2, "c": 3}"#, merges: String = #"["a b"]"#,
    model: String = "", extra: String = ""
  ) -> [UInt8] {
    Array(
      #"{"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null\#(extra), "model": {"type": "BPE"\#(model), "vocab": \#(vocab), "merges": \#(merges)}}"#
        .utf8)
  }

  static func error(_ bytes: [UInt8]) -> String? {
    do {
      _ = try HuggingFaceTokenizer(json: bytes, file: "t.json")
      return nil
    } catch {
      return error.description
    }
  }

  @Test func aHandMadeModelMergesByRank() throws {
    // "abc": symbols a b c; the only merge a+b (rank 0) gives ab, then c: [2, 3].
    let tokenizer = try HuggingFaceTokenizer(json: Self.json(), file: "t.json")
    #expect(try tokenizer.encode("abc") == [2, 3])
    #expect(tokenizer.vocabularySize == 4)
    // No decoder: tokens joined with a space, as tokenizers does.
    #expect(try tokenizer.decode([2, 3]) == "ab c")
  }

  @Test func theLowestRankMergesFirst() throws {
    // "abc" with merges [b c] (rank 0) then [a b] (rank 1): bc first, then nothing: [0, 4].
    let tokenizer = try HuggingFaceTokenizer(
      json: Self.json(
        vocab: #"{"a": 0, "b": 1, "c": 2, "ab": 3, "bc": 4}"#, merges: #"["b c", "a b"]"#),
      file: "t.json")
    #expect(try tokenizer.encode("abc") == [0, 4])
  }

  @Test func aScalarWithoutTokenIsDroppedWithoutUnk() throws {
    // tokenizers drops a scalar it cannot represent when there is no unk_token, and its
    // neighbours then merge: "axb" is a, b, merged to ab ([2], as tokenizers 0.23.3 gives).
    let tokenizer = try HuggingFaceTokenizer(json: Self.json(), file: "t.json")
    #expect(try tokenizer.encode("axb") == [2])
  }

  @Test func errorsNameThePathAndTheValue() {
    #expect(
      Self.error(Self.json(merges: #"["a z"]"#))
        == #"t.json: model.merges[0]: the token "z" is not in model.vocab"#)
    #expect(
      Self.error(Self.json(merges: #"["a b", "ab"]"#))
        == #"t.json: model.merges[1]: a merge is "a b" (one space), got "ab""#)
    #expect(
      Self.error(Self.json(vocab: #"{"a": -1}"#))?.hasPrefix(#"t.json: model.vocab["a"]: the id"#)
        == true)
    #expect(
      Self.error(Self.json(vocab: #"{"a": 0, "b": 0}"#, merges: "[]"))
        == #"t.json: model.vocab: the id 0 is given to both "a" and "b""#)
    #expect(
      Self.error(Self.json(model: #", "dropout": 0.1"#))
        == "t.json: model.dropout: BPE dropout (random merges) is not supported")
    #expect(
      Self.error(Array(#"{"model": {"type": "WordPiece", "vocab": {}, "merges": []}}"#.utf8))
        == "t.json: model.type: the model WordPiece (only BPE is) is not supported")
    #expect(
      Self.error(Self.json(extra: #", "pre_tokenizer": {"type": "Whitespace"}"#))
        != nil)
    #expect(Self.error(Array("[]".utf8)) == "t.json: a tokenizer.json is a JSON object")
    #expect(Self.error(Array("{".utf8))?.hasPrefix("t.json: invalid JSON at byte") == true)
  }

  @Test func unsupportedComponentsNameTheirPath() {
    let bytes = Array(
      #"{"pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true}, {"type": "Whitespace"}]}, "model": {"vocab": {"a": 0}, "merges": []}}"#
        .utf8)
    #expect(
      Self.error(bytes)
        == "t.json: pre_tokenizer.pretokenizers[1]: the pre-tokenizer Whitespace is not supported")
  }

  @Test func aBadPatternIsAnErrorNamingIt() {
    let bytes = Array(
      #"{"pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(?<=a)b"}, "behavior": "Isolated", "invert": false}, "model": {"vocab": {"a": 0}, "merges": []}}"#
        .utf8)
    #expect(Self.error(bytes)?.contains("lookbehind is not supported") == true)
    #expect(Self.error(bytes)?.hasPrefix("t.json: pre_tokenizer.pattern:") == true)
  }

  @Test func canonicallyEquivalentTokensAreDistinct() throws {
    // "é" (U+00E9) and "e\u{301}" are different tokens (Swift's String == would merge them).
    let tokenizer = try HuggingFaceTokenizer(
      json: Array(#"{"model": {"vocab": {"\u00e9": 0, "e": 1, "\u0301": 2}, "merges": []}}"#.utf8),
      file: "t.json")
    #expect(try tokenizer.encode("\u{E9}") == [0])
    #expect(try tokenizer.encode("e\u{301}") == [1, 2])
  }

  @Test func aTruncatedFixtureIsAnErrorAtItsEnd() throws {
    let bytes = try FixtureData.bytes("tokenizers/gpt2.json")
    for cut in [1, bytes.count / 3, bytes.count / 2, bytes.count - 1] {
      let message = Self.error(Array(bytes.prefix(cut)))
      #expect(
        message?.hasPrefix("t.json: invalid JSON at byte") == true, "\(cut): \(message ?? "")")
    }
  }

  @Test func aFileAboveTheLimitIsRefusedBeforeItIsRead() throws {
    // A sparse 1 GiB file: refused by its size, nothing read.
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kelvin big tokenizer \(UUID().uuidString).json")
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    defer { try? FileManager.default.removeItem(at: url) }
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 1 << 30)
    try handle.close()
    #expect {
      _ = try HuggingFaceTokenizer(contentsOf: url.path)
    } throws: { error in
      "\(error)".contains("\(HuggingFaceTokenizer.maximumFileBytes)")
    }
  }

  @Test func decodingAnUnknownIdIsAnError() throws {
    let tokenizer = try HuggingFaceTokenizer(json: Self.json(), file: "t.json")
    #expect(throws: TokenizerError.unknownToken(7, vocabularySize: 4)) {
      try tokenizer.decode([0, 7], skipsSpecialTokens: false)
    }
  }
}
