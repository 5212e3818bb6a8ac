import KelvinDecoding
import Testing

@Suite("character tokenizer")
struct CharacterTokenizerTests {
  @Test("without an unknown token, unknown text is an error naming the character")
  func strict() {
    let tokenizer = CharacterTokenizer(alphabet: ["a", "b"])
    #expect(throws: DecodingError.unknownText("c")) { try tokenizer.encode("abc") }
    #expect(tokenizer.unknownToken == nil)
  }

  @Test("with an unknown token, every other character encodes to it and it decodes back")
  func unknown() throws {
    let tokenizer = CharacterTokenizer(alphabet: ["a", "b", "a"], unknown: "\u{FFFD}")
    // Duplicates keep their first position; the unknown token is appended.
    #expect(tokenizer.alphabet == ["a", "b", "\u{FFFD}"])
    #expect(tokenizer.unknownToken == 2)
    #expect(try tokenizer.encode("ab1é") == [0, 1, 2, 2])
    #expect(tokenizer.unknownCount(in: "ab1é") == 2)
    #expect(tokenizer.decode([0, 2, 1, 7]) == "a\u{FFFD}b\u{FFFD}")
    // An unknown scalar already in the alphabet is used where it stands.
    let inside = CharacterTokenizer(alphabet: ["\u{FFFD}", "x"], unknown: "\u{FFFD}")
    #expect(inside.unknownToken == 0)
    #expect(inside.vocabularySize == 2)
  }
}
