import Foundation
import KelvinDecoding
import KelvinSampling
import Testing

@Suite("generation")
struct GenerationTests {
  let tokenizer = CharacterTokenizer(alphabet: ["a", "b", "\n"])

  @Test("greedy is deterministic and follows the argmax path")
  func greedyIsArgmax() throws {
    var first = TableModel()
    var chain = try SamplerChain(specification: "greedy", seed: 1)
    let one = try generate(
      prompt: [], model: &first, chain: &chain, tokenizer: tokenizer, maxTokens: 5)
    var second = TableModel()
    var other = try SamplerChain(specification: "greedy", seed: 999)
    let two = try generate(
      prompt: [], model: &second, chain: &other, tokenizer: tokenizer, maxTokens: 5)
    #expect(one == two)
    #expect(one.text == "aa")
    #expect(one.stopReason == .endOfSequence)
  }

  @Test("the same seed gives the same text; another seed may not")
  func seededSampling() throws {
    var model = try BuiltInModel(
      corpus: String(repeating: "the cat sat on the mat. the dog ran.\n", count: 20), order: 3)
    func run(_ seed: UInt64) throws -> String {
      var chain = try SamplerChain(specification: "temperature=1.5;dist", seed: seed)
      return try generate(
        prompt: try model.tokenizer.encode("the "), model: &model.model, chain: &chain,
        tokenizer: model.tokenizer, maxTokens: 40
      ).text
    }
    #expect(try run(7) == (try run(7)))
    let texts = Set(try (0..<6).map { try run($0) })
    #expect(texts.count > 1)
  }

  @Test("stop strings and the token limit are honoured")
  func stopping() throws {
    var model = try BuiltInModel(corpus: String(repeating: "abc abd abe.\n", count: 30), order: 3)
    var chain = try SamplerChain(specification: "greedy")
    let limited = try generate(
      prompt: [], model: &model.model, chain: &chain, tokenizer: model.tokenizer, maxTokens: 4)
    #expect(limited.steps.count == 4 && limited.stopReason == .tokenLimit)
    chain.reset()
    var streamed = ""
    let stopped = try generate(
      prompt: [], model: &model.model, chain: &chain, tokenizer: model.tokenizer, maxTokens: 50,
      stop: ["b"]
    ) { streamed += $0.text }
    #expect(stopped.stopReason == .stopString)
    #expect(!stopped.text.contains("b"))
    #expect(streamed.hasPrefix(stopped.text))
  }

  @Test("distinct-n counts distinct word n-grams over all n-grams")
  func distinct() {
    // "a b a b": bigrams ab, ba, ab → 2 distinct of 3.
    #expect(abs(distinctN(["a b a b"], n: 2) - 2.0 / 3.0) < 1e-12)
    #expect(distinctN(["x y", "x y"], n: 2) == 0.5)
    #expect(distinctN(["one"], n: 2) == 0)
  }
}

@Suite("generation with a seed")
struct SeededGenerationTests {
  @Test("the seed form equals a chain built with that seed")
  func seedForm() throws {
    var model = try BuiltInModel(
      corpus: String(repeating: "one two three four five.\n", count: 20), order: 3)
    let template = try SamplerChain(specification: "temperature=1.2;dist")
    let viaSeed = try generate(
      prompt: [], model: &model.model, chain: template, tokenizer: model.tokenizer, maxTokens: 30,
      seed: 11)
    var seeded = try SamplerChain(specification: "temperature=1.2;dist", seed: 11)
    let viaChain = try generate(
      prompt: [], model: &model.model, chain: &seeded, tokenizer: model.tokenizer, maxTokens: 30)
    #expect(viaSeed == viaChain)
  }
}
