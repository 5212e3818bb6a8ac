import Foundation
import KelvinIO
import KelvinSampling
import Testing

@testable import KelvinConstraints

/// Vocabulary files: tokenizer.json in its byte-level and SentencePiece forms (the byte
/// table's fixed points from GPT-2's `bytes_to_unicode`), JSON arrays, and hostile headers.
@Suite("vocabulary files")
struct VocabularyFileTests {
  static func read(_ text: String, eos: String? = nil) throws -> TokenVocabulary {
    try VocabularyFile.read(json: Array(text.utf8), path: "tokenizer.json", endOfSequence: eos)
  }

  @Test("byte-level tokens decode to bytes, fragments of UTF-8 included; specials spell nothing")
  func byteLevel() throws {
    let vocabulary = try Self.read(
      """
      {"added_tokens": [{"id": 5, "content": "<|endoftext|>", "special": true},
                        {"id": 6, "content": "<|pad|>", "special": true}],
       "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "ByteLevel"}]},
       "model": {"type": "BPE", "vocab": {"Ġthe": 0, "Ã": 1, "©": 2, "Ã©": 3, "Ċ": 4,
                                          "<|endoftext|>": 5, "<|pad|>": 6, "x": 8}}}
      """, eos: "<|endoftext|>")
    #expect(vocabulary.count == 9 && vocabulary.endOfSequence == 5)
    #expect(vocabulary.tokens[0] == Array(" the".utf8))
    #expect(vocabulary.tokens[1] == [0xC3] && vocabulary.tokens[2] == [0xA9])
    #expect(vocabulary.tokens[3] == Array("é".utf8) && vocabulary.tokens[4] == [0x0A])
    #expect(vocabulary.tokens[5].isEmpty && vocabulary.tokens[6].isEmpty)
    #expect(vocabulary.tokens[7].isEmpty && vocabulary.tokens[8] == [0x78])  // 7 is a gap
  }

  @Test("SentencePiece tokens: ▁ is a space, <0xHH> a byte; an array is ids by position")
  func sentencePieceAndArrays() throws {
    let vocabulary = try Self.read(
      #"{"model": {"type": "BPE", "byte_fallback": true, "vocab": {"▁the": 0, "<0x0A>": 1, "é": 2}}}"#
    )
    #expect(vocabulary.tokens == [Array(" the".utf8), [0x0A], Array("é".utf8)])
    let list = try Self.read(#"["a", "bc", "</s>"]"#, eos: "</s>")
    #expect(list.tokens == [[0x61], [0x62, 0x63], []] && list.endOfSequence == 2)
  }

  @Test(
    "hostile or wrong files are malformed-file errors",
    arguments: [
      #"{"model": {"vocab": {"a": 0, "b": 0}}}"#, #"{"model": {"vocab": {"a": -1}}}"#,
      #"{"model": {"vocab": {"a": 99999999999}}}"#, #"{"model": {"vocab": {"a": 1.5}}}"#,
      #"{"decoder": {"type": "ByteLevel"}, "model": {"vocab": {"日": 0}}}"#, "[1, 2]", "{}",
      "{", #"["a"]"#,
    ])
  func refused(text: String) {
    #expect(throws: KelvinIOError.self) { try Self.read(text, eos: text == #"["a"]"# ? "b" : nil) }
  }
}
