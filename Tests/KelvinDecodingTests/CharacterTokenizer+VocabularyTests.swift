import Foundation
import KelvinConstraints
import KelvinSampling
import Testing

@testable import KelvinDecoding

/// The built-in model's vocabulary as a constraint sees it, and constrained generation with
/// it: 1,002 seeded generations at τ = 0.3, 1 and 3 whose every text is checked by Swift's own
/// `Regex` (an engine independent of Kelvin's) to match the pattern in full.
@Suite("constrained generation with the built-in model")
struct TokenVocabularyTokenizerTests {
  @Test("characters are their UTF-8 bytes; the end of sequence and the unknown token spell nothing")
  func vocabulary() throws {
    let tokenizer = CharacterTokenizer(alphabet: ["\n", "a", "é"], unknown: "\u{FFFD}")
    let vocabulary = try TokenVocabulary(tokenizer, endOfSequence: 0)
    #expect(vocabulary.tokens == [[], [0x61], [0xC3, 0xA9], []])
    #expect(vocabulary.endOfSequence == 0)
    #expect(throws: SamplingError.self) { try TokenVocabulary(tokenizer, endOfSequence: 9) }
  }

  static let patterns = [
    "(yes|no|maybe)",
    "[A-Z][a-z]{2,8} [0-9]{1,3}:[0-9]{1,2}",
    #"\{"name":"[a-z ]{1,10}","age":[1-9][0-9]?,"good":(true|false)\}"#,
  ]

  @Test("every seeded generation under a regex matches it in full", arguments: [0.3, 1, 3])
  func generationsMatch(temperature: Double) throws {
    var built = try SharedModel.builtIn()
    let vocabulary = try TokenVocabulary(
      built.tokenizer, endOfSequence: built.model.endOfSequence)
    let prompt = try built.tokenizer.encode("And the LORD said unto Moses, ")
    var checked = 0
    for (number, pattern) in Self.patterns.enumerated() {
      let constraint = try RegexConstraint(pattern: pattern, vocabulary: vocabulary)
      let reference = try Regex(pattern)
      for seed in 0..<112 {
        var chain = try SamplerChain(
          specification: "temperature=\(temperature)", seed: UInt64(1_000 * number + seed))
        chain.bind(constraint)
        let generation = try generate(
          prompt: prompt, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
          maxTokens: 100)
        #expect(generation.stopReason == .endOfSequence)
        #expect(generation.text.wholeMatch(of: reference) != nil, "\(generation.text)")
        checked += 1
      }
    }
    #expect(checked == 336)
  }
}
