import Testing

@testable import KelvinTokenizers

/// Added-token matching; the expected spans are the offsets `tokenizers` 0.23.3 gives for the
/// same tokens and texts (`Tokenizer.add_tokens`, `encode(…).offsets`).
@Suite struct AddedVocabularyTests {
  static func token(
    _ id: Int32, _ text: String, special: Bool = false, strips: Bool = false,
    singleWord: Bool = false
  ) -> AddedToken {
    AddedToken(
      id: id, content: text.scalarValues, isSpecial: special, isNormalized: false,
      stripsLeft: strips, stripsRight: strips, isSingleWord: singleWord)
  }

  static let vocabulary: AddedVocabulary? = try? AddedVocabulary(
    tokens: [
      token(1, "ab"), token(2, "abc"), token(3, "bcd"), token(4, "<s>", special: true),
      token(6, "M", strips: true), token(7, "w", singleWord: true),
    ], normalizedContent: { $0.content })

  static func spans(_ text: String, parsesSpecial: Bool = true) throws -> [(Range<Int>, Int32)] {
    let vocabulary = try #require(Self.vocabulary)
    let tables = try UnicodeTables.load()
    return text.scalarValues.withUnsafeBufferPointer {
      vocabulary.matches(in: $0, normalized: false, parsesSpecial: parsesSpecial, tables: tables)
        .map { ($0.0, vocabulary.tokens[$0.1].id) }
    }
  }

  @Test func theLongestMatchAtTheLeftmostPlaceWins() throws {
    // "abcd": abc at 0..<3 (not ab, and bcd overlaps it).
    let found = try Self.spans("abcd")
    #expect(found.map(\.0) == [0..<3] && found.map(\.1) == [2])
  }

  @Test func specialTokensAreTextUnlessParsed() throws {
    #expect(try Self.spans("<s>x").map(\.1) == [4])
    #expect(try Self.spans("<s>x", parsesSpecial: false).isEmpty)
  }

  @Test func stripsTakeTheSpacesAround() throws {
    // "a  M  b": M with lstrip and rstrip spans 1..<6.
    #expect(try Self.spans("a  M  b").map(\.0) == [1..<6])
  }

  @Test func singleWordTokensNeedNonWordNeighbours() throws {
    // "w xw w": the w after x is inside a word; the others match (0..<1, 5..<6).
    #expect(try Self.spans("w xw w").map(\.0) == [0..<1, 5..<6])
  }
}
