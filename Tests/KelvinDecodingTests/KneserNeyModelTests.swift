import Foundation
import KelvinDecoding
import Testing

@Suite("Kneser–Ney model")
struct KneserNeyModelTests {
  static let corpusSlice: String = {
    let corpus = (try? BuiltInModel.bundledCorpus()) ?? ""
    return String(corpus.prefix(120_000))
  }()

  @Test("probabilities sum to 1 over the vocabulary for every context tested")
  func probabilitiesSumToOne() throws {
    let built = try BuiltInModel(corpus: Self.corpusSlice, order: 5)
    for context in ["", "a", "th", "the ", "and the L", "zzzz", "qx"] {
      let tokens = (try? built.tokenizer.encode(context)) ?? []
      let p = built.model.probabilities(after: tokens)
      #expect(abs(p.reduce(0, +) - 1) < 1e-9, "context '\(context)'")
      #expect(p.allSatisfy { $0 > 0 })
    }
  }

  @Test("held-out perplexity is far below the uniform model's")
  func heldOutPerplexity() throws {
    // Train on the first 100,000 characters, score the next 5,000.
    let train = String(Self.corpusSlice.prefix(100_000))
    let heldOut = String(Self.corpusSlice.dropFirst(100_000).prefix(5_000))
    var built = try BuiltInModel(corpus: train, order: 5)
    let known = Set(built.tokenizer.alphabet)
    let scalars = heldOut.unicodeScalars.filter { known.contains($0) }
    let tokens = try built.tokenizer.encode(String(String.UnicodeScalarView(scalars)))
    let value = try perplexity(of: tokens, under: &built.model)
    let uniform = Double(built.tokenizer.vocabularySize)
    // A character 5-gram model of English sits around 3–5; the margin asserted: 4× below
    // uniform.
    #expect(value < uniform / 4)
  }

  @Test("the uniform case: a one-token corpus of order 1 gives log-likelihood −n·ln V")
  func uniformLimit() throws {
    let model = try KneserNeyModel(tokens: [0, 1, 2, 3], vocabularySize: 4, order: 1)
    let p = model.probabilities(after: [])
    // Each token seen once: D = 1/(1+0)→0.999 clamp; p = (1−D)/4 + D·4/4·1/4 = 1/4.
    for value in p { #expect(abs(value - 0.25) < 1e-12) }
  }

  @Test("bad inputs are errors: empty corpus, order out of range, unknown tokens")
  func badInputs() {
    #expect(throws: DecodingError.emptyCorpus) { try BuiltInModel(corpus: "", order: 3) }
    #expect(throws: DecodingError.invalidOrder(9)) { try BuiltInModel(corpus: "abc", order: 9) }
    #expect(throws: DecodingError.unknownToken(5, vocabularySize: 3)) {
      try KneserNeyModel(tokens: [0, 5], vocabularySize: 3, order: 2)
    }
    var model = try? KneserNeyModel(tokens: [0, 1, 2], vocabularySize: 3, order: 2)
    var logits: [Float] = []
    #expect(throws: DecodingError.unknownToken(4, vocabularySize: 3)) {
      try model?.logits(after: [4], into: &logits)
    }
  }
}
