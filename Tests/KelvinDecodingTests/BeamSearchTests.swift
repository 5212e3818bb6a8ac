import Foundation
import KelvinConstraints
import KelvinDecoding
import KelvinSampling
import Testing

@Suite("beam search")
struct BeamSearchTests {
  @Test("finds the same best sequence as exhaustive search, and ranks the n-best")
  func matchesExhaustiveSearch() throws {
    // Greedy takes a (0.5) and then only reaches 0.5·0.34·…; the best sequence is b·end,
    // 0.45 · 0.9 = 0.405.
    var model = TableModel()
    let beams = try beamSearch(prompt: [], model: &model, width: 3, maxTokens: 3, lengthPenalty: 0)
    let best = TableModel.exhaustive(maxTokens: 3).max { $0.logprob < $1.logprob }
    #expect(beams.first?.tokens == best?.tokens)
    #expect(beams.first?.tokens == [1, 2])
    #expect(abs((beams.first?.logprob ?? 0) - Foundation.log(0.405)) < 1e-6)
    for (a, b) in zip(beams, beams.dropFirst()) { #expect(a.score >= b.score) }
  }

  @Test("width 1 equals greedy decoding")
  func widthOneIsGreedy() throws {
    var model = TableModel()
    let beam = try beamSearch(prompt: [], model: &model, width: 1, maxTokens: 3, lengthPenalty: 0)
    var greedyModel = TableModel()
    var chain = try SamplerChain(specification: "greedy")
    let tokenizer = CharacterTokenizer(alphabet: ["a", "b", "\n"])
    let greedy = try generate(
      prompt: [], model: &greedyModel, chain: &chain, tokenizer: tokenizer, maxTokens: 3)
    // Greedy: a (0.5), then a (0.34 vs 0.33, 0.33), then from the default row end (0.5).
    #expect(greedy.steps.map(\.token) == [0, 0, 2])
    #expect(beam.first?.tokens == [0, 0, 2])
  }

  @Test(
    "width 1 equals greedy decoding on the built-in model, token for token, for every prompt",
    arguments: [
      "And the", "And the LORD said unto Moses,", "In the beginning", "Comfort ye", "The",
      "Praise ye the LORD.", "My son,", "Vanity of vanities", "a", "Give 3 {\"x\": 1}",
    ])
  func widthOneIsGreedyOnTheBuiltInModel(prompt: String) throws {
    var built = try SharedModel.builtIn()
    let tokens = try built.tokenizer.encode(prompt)
    let beam = try beamSearch(prompt: tokens, model: &built.model, width: 1, maxTokens: 80)
    var chain = try SamplerChain(specification: "greedy")
    let greedy = try generate(
      prompt: tokens, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
      maxTokens: 80)
    #expect(beam.count == 1)
    #expect(beam.first?.tokens == greedy.steps.map(\.token))
    #expect(
      abs((beam.first?.logprob ?? 0) - greedy.rawLogLikelihood) < 1e-9 * Double(greedy.steps.count))
  }

  @Test("an end-of-sequence extension outside the best `width` does not finish a hypothesis")
  func endOfSequenceRankRule() throws {
    // Every step: a 0.6, end 0.3, b 0.1. Width 1: end ranks second, outside the best 1, so it
    // never finishes the beam, and the result is greedy's a·a·a (0.216). Width 2: end ranks
    // second among {a, end, b} at step 1, inside the best 2, so [end] (0.3) finishes and wins.
    var model = FixedRowModel(row: [0.6, 0.1, 0.3])
    let one = try beamSearch(prompt: [], model: &model, width: 1, maxTokens: 3, lengthPenalty: 0)
    #expect(one.map(\.tokens) == [[0, 0, 0]])
    #expect(abs((one.first?.logprob ?? 0) - Foundation.log(0.216)) < 1e-6)
    let two = try beamSearch(prompt: [], model: &model, width: 2, maxTokens: 3, lengthPenalty: 0)
    #expect(two.first?.tokens == [2])
  }

  @Test("without end of sequence every hypothesis has maxTokens tokens, scored by the model")
  func fixedLength() throws {
    // Sequences over {a, b} of 3 tokens: a·a·a = 0.5 · 0.34 · 0.25 = 0.0425 ties a·a·b; the
    // lower id wins. The scores are the model's probabilities, not renormalised without end.
    var model = TableModel()
    let beams = try beamSearch(
      prompt: [], model: &model, width: 9, maxTokens: 3, lengthPenalty: 0,
      endsAtEndOfSequence: false)
    #expect(beams.allSatisfy { $0.tokens.count == 3 && !$0.tokens.contains(2) })
    #expect(beams.first?.tokens == [0, 0, 0])
    #expect(abs((beams.first?.logprob ?? 0) - Foundation.log(0.0425)) < 1e-6)
    #expect(beams.dropFirst().first?.tokens == [0, 0, 1])
  }

  @Test("the length penalty changes the winner where the arithmetic says it must")
  func lengthPenalty() throws {
    // α = 0: b·end (ln 0.405 = −0.904) beats a·a·end (ln 0.085 = −2.465).
    // α = 3: −0.904 / 2³ = −0.113 loses to −2.465 / 3³ = −0.0913.
    var model = TableModel()
    let plain = try beamSearch(
      prompt: [], model: &model, width: 9, maxTokens: 3, lengthPenalty: 0, earlyStopping: false)
    let penalised = try beamSearch(
      prompt: [], model: &model, width: 9, maxTokens: 3, lengthPenalty: 3, earlyStopping: false)
    #expect(plain.first?.tokens == [1, 2])
    let expected = TableModel.exhaustive(maxTokens: 3)
      .max {
        $0.logprob / pow(Double($0.tokens.count), 3) < $1.logprob / pow(Double($1.tokens.count), 3)
      }
    #expect(penalised.first?.tokens == expected?.tokens)
    #expect(penalised.first?.tokens.count == 3)
  }

  @Test("bad inputs are errors")
  func badInputs() {
    var model = TableModel()
    #expect(throws: DecodingError.invalidBeamWidth(0)) {
      try beamSearch(prompt: [], model: &model, width: 0, maxTokens: 3)
    }
    #expect(throws: DecodingError.unknownToken(7, vocabularySize: 3)) {
      try beamSearch(prompt: [7], model: &model, width: 2, maxTokens: 3)
    }
    var broken = BrokenModel()
    #expect(throws: DecodingError.logitsLength(expected: 4, actual: 2)) {
      try beamSearch(prompt: [], model: &broken, width: 2, maxTokens: 3)
    }
  }

  @Test(
    "under a constraint: exhaustive over a finite language, greedy at width 1, the model's logprobs"
  )
  func constrained() throws {
    var built = try SharedModel.builtIn()
    let vocabulary = try TokenVocabulary(built.tokenizer, endOfSequence: built.model.endOfSequence)
    let end = try #require(built.model.endOfSequence)
    let prompt = try built.tokenizer.encode("And Moses said, ")
    let words = ["yes", "yea", "nay", "no", "not so"]
    let constraint = try RegexConstraint(pattern: "(yes|yea|nay|no|not so)", vocabulary: vocabulary)
    // Exhaustive: every sentence of the language with its end of sequence, scored by the model.
    let exhaustive = try words.map { word -> (text: String, logprob: Double) in
      let tokens = try built.tokenizer.encode(word) + [end]
      return (word, try logLikelihood(of: tokens, after: prompt, under: &built.model))
    }.sorted { $0.logprob > $1.logprob }
    // A width of 5 keeps every prefix of the language: the search is exhaustive.
    let beams = try beamSearch(
      prompt: prompt, model: &built.model, width: 5, maxTokens: 10, lengthPenalty: 0,
      earlyStopping: false, constraint: constraint)
    #expect(beams.map { built.tokenizer.decode($0.tokens.dropLast()) } == exhaustive.map(\.text))
    for (beam, reference) in zip(beams, exhaustive) {
      #expect(abs(beam.logprob - reference.logprob) < 1e-9)
    }
    // Width 1 is greedy decoding under the same constraint, token for token.
    let pattern = "[A-Z][a-z]{2,8} [0-9]{1,3}:[0-9]{1,2}"
    let verse = try RegexConstraint(pattern: pattern, vocabulary: vocabulary)
    var chain = try SamplerChain(specification: "greedy")
    chain.bind(verse)
    let greedy = try generate(
      prompt: prompt, model: &built.model, chain: &chain, tokenizer: built.tokenizer,
      maxTokens: 40)
    let one = try beamSearch(
      prompt: prompt, model: &built.model, width: 1, maxTokens: 40, constraint: verse)
    #expect(one.first?.tokens == greedy.steps.map(\.token))
    // Too few tokens to complete: nothing is returned rather than a text that does not match.
    let short = try beamSearch(
      prompt: prompt, model: &built.model, width: 3, maxTokens: 4, constraint: verse)
    #expect(short.isEmpty)
    let reference = try Regex(pattern)
    let wide = try beamSearch(
      prompt: prompt, model: &built.model, width: 6, maxTokens: 40, constraint: verse)
    #expect(!wide.isEmpty)
    for beam in wide {
      #expect(built.tokenizer.decode(beam.tokens.dropLast()).wholeMatch(of: reference) != nil)
    }
  }
}
