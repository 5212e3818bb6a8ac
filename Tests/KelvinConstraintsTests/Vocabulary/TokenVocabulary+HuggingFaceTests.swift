import Foundation
import KelvinTokenizers
import Testing

@testable import KelvinConstraints

@Suite("vocabulary of a Hugging Face tokenizer")
struct TokenVocabularyHuggingFaceTests {
  static func tokenizer(_ name: String) throws -> HuggingFaceTokenizer {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try HuggingFaceTokenizer(
      contentsOf: root.appendingPathComponent(
        "KelvinTokenizersTests/Fixtures/tokenizers/\(name).json"
      ).path)
  }

  @Test("each token spells its bytes; specials, the end of sequence and padding spell nothing")
  func spelling() throws {
    let tokenizer = try Self.tokenizer("gpt2")
    let size = tokenizer.vocabularySize + 5
    let end = try #require(tokenizer.id(ofToken: "<|endoftext|>"))
    let vocabulary = try TokenVocabulary(tokenizer, size: size, endOfSequence: end)
    #expect(vocabulary.count == size)
    #expect(vocabulary.tokens[end].isEmpty && vocabulary.endOfSequence == end)
    let padding = vocabulary.tokens.suffix(5)
    #expect(padding.allSatisfy { $0.isEmpty })
    let text = "In the beginning, café"
    let ids = try tokenizer.encode(text)
    let spelt = ids.flatMap { vocabulary.tokens[$0] }
    #expect(spelt == Array(text.utf8))
  }
}
