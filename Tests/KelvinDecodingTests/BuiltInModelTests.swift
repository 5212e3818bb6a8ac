import Foundation
import KelvinDecoding
import Testing

@Suite("built-in model")
struct BuiltInModelTests {
  @Test("the vocabulary covers printable ASCII, the newline and one unknown token")
  func vocabulary() throws {
    let built = try SharedModel.builtIn()
    let alphabet = Set(built.tokenizer.alphabet)
    for value in UInt32(0x20)...0x7E {
      #expect(alphabet.contains(try #require(Unicode.Scalar(value))))
    }
    #expect(alphabet.contains("\n"))
    // 95 printable + newline + unknown; the bundled corpus has no character beyond ASCII.
    #expect(built.tokenizer.vocabularySize == 97)
    #expect(built.tokenizer.unknownToken == 96)
    #expect(built.model.endOfSequence == (try built.tokenizer.encode("\n")).first)
    // Digits, quotes and braces, and characters outside ASCII, can all be encoded.
    #expect(try built.tokenizer.encode("{\"a\": 1} → é").count == 12)
  }

  @Test("characters the corpus never has get a probability that is small but not zero")
  func unseenCharacters() throws {
    var built = try SharedModel.builtIn()
    let corpus = try BuiltInModel.bundledCorpus()
    let seen = Set(corpus.unicodeScalars)
    let unseen = built.tokenizer.alphabet.filter { !seen.contains($0) }
    #expect(unseen.contains("1") && unseen.contains("{") && unseen.contains("\u{FFFD}"))
    for context in ["And the", "LORD", "In the beginning God", ""] {
      let probabilities = built.model.probabilities(after: try built.tokenizer.encode(context))
      #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
      for scalar in unseen {
        let p = probabilities[try built.tokenizer.encode(String(scalar))[0]]
        // Positive, and below a uniform guess over the vocabulary.
        #expect(p > 0 && p < 1.0 / 97, "\(scalar) after \(context)")
      }
    }
    // Any text can be scored: a finite log-likelihood for text full of unseen characters.
    let tokens = try built.tokenizer.encode("Give 3 {\"x\": [1, 2]} & <tags> — 100%")
    #expect(try logLikelihood(of: tokens, under: &built.model).isFinite)
  }

  @Test("widening the vocabulary barely changes the held-out perplexity")
  func heldOutPerplexity() throws {
    // The same corpus and order with the vocabulary of the corpus's own 63 characters (the
    // model before the vocabulary covered printable ASCII): the held-out verses score within
    // 0.1 % of each other, because the only change is the uniform base 1/V at the lowest
    // order, which seen characters reach only through several back-off weights.
    let corpus = try BuiltInModel.bundledCorpus()
    let heldOut = try BuiltInModel.heldOutText()
    var wide = try SharedModel.builtIn()
    let narrowTokenizer = CharacterTokenizer(alphabetOf: corpus + "\n")
    #expect(narrowTokenizer.vocabularySize == 63)
    var narrow = try KneserNeyModel(
      tokens: try narrowTokenizer.encode(corpus), vocabularySize: 63, order: 6,
      endOfSequence: try narrowTokenizer.encode("\n")[0])
    let passage = String(heldOut.prefix(5_000))
    let before = try perplexity(of: try narrowTokenizer.encode(passage), under: &narrow)
    let after = try perplexity(of: try wide.tokenizer.encode(passage), under: &wide.model)
    #expect(after >= before)
    #expect((after - before) / before < 1e-3)
  }

  @Test("the held-out text is Isaiah 40–55 and shares no verse with the corpus")
  func heldOut() throws {
    let heldOut = try BuiltInModel.heldOutText()
    let verses = heldOut.split(separator: "\n")
    #expect(verses.count == 333)
    #expect(verses.first == "Comfort ye, comfort ye my people, saith your God.")
    let corpus = Set(try BuiltInModel.bundledCorpus().split(separator: "\n"))
    #expect(verses.allSatisfy { !corpus.contains($0) })
  }
}
