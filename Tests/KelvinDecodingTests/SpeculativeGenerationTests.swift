import Foundation
import KelvinConstraints
import KelvinSampling
import Testing

@testable import KelvinDecoding

/// A four-token model without end of sequence whose logits are a fixed function of the
/// context: small enough to enumerate every sequence of three tokens.
struct WaveModel: LanguageModel {
  let phase: Double
  let scale: Double
  var vocabularySize: Int { 4 }
  var endOfSequence: Int? { nil }

  mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    logits = [Float](repeating: 0, count: 4)
    let history = context.enumerated().reduce(0.0) {
      $0 + Double(($1.offset + 1) * ($1.element + 1))
    }
    for token in 0..<4 {
      logits[token] = Float(scale * sin(phase + 1.3 * Double(token) + 0.7 * history))
    }
  }
}

@Suite("speculative sampling")
struct SpeculativeGenerationTests {
  static let chainSpecification =
    "penalties(last_n=-1,repeat=1.3);top_k=3;top_p=0.9;temperature=0.7"
  static let prompt = [1, 2]

  /// The exact probability of every three-token continuation under target-only sampling: the
  /// product of the chain's processed probabilities, the chain having accepted the prefix.
  static func exactDistribution() throws -> [[Int]: Double] {
    var result: [[Int]: Double] = [:]
    var target = WaveModel(phase: 0.4, scale: 1)
    func extend(_ prefix: [Int], _ probability: Double, _ chain: SamplerChain) throws {
      guard prefix.count < 3 else {
        result[prefix] = probability
        return
      }
      var logits = [Float]()
      try target.logits(after: prompt + prefix, into: &logits)
      var processing = chain
      let candidates = try logits.withUnsafeBufferPointer { try processing.process($0) }
      let probabilities = candidates.probabilities()
      for index in 0..<candidates.count where probabilities[index] > 0 {
        var next = chain
        let token = Int(candidates.tokens[index])
        next.accept(token)
        try extend(prefix + [token], probability * probabilities[index], next)
      }
    }
    var chain = try SamplerChain(specification: chainSpecification)
    for token in prompt { chain.acceptPrompt(token) }
    try extend([], 1, chain)
    return result
  }

  /// Pearson's χ² of `runs` speculative generations (seeds 0..<runs) against the exact
  /// distribution, with the degrees of freedom and any observation of an impossible sequence.
  static func chiSquare(runs: Int, rawDraftRatio: Bool) throws -> (
    statistic: Double, degrees: Int, impossible: Int
  ) {
    let exact = try exactDistribution()
    var counts: [[Int]: Int] = [:]
    for seed in 0..<runs {
      var target = WaveModel(phase: 0.4, scale: 1)
      var draft = WaveModel(phase: 1.1, scale: 1.5)
      var decoder = try SpeculativeDecoder(
        vocabularySize: 4, draftVocabularySize: 4, draftTokens: 2)
      decoder.ratioFromRawDraft = rawDraftRatio
      let chain = try SamplerChain(specification: chainSpecification, seed: UInt64(seed))
      let output = try decoder.run(
        prompt: prompt, target: &target, draft: &draft, chain: chain, maxTokens: 3)
      counts[output.tokens, default: 0] += 1
    }
    let statistic = exact.reduce(0.0) { sum, cell in
      let expected = cell.value * Double(runs)
      let observed = Double(counts[cell.key] ?? 0)
      return sum + (observed - expected) * (observed - expected) / expected
    }
    let impossible = counts.filter { exact[$0.key] == nil }.map(\.value).reduce(0, +)
    return (statistic, exact.count - 1, impossible)
  }

  /// The χ² critical value at significance α = 0.001 (Wilson–Hilferty: z = 3.0902).
  static func critical(degrees: Int) -> Double {
    let k = Double(degrees)
    let a = 2 / (9 * k)
    return k * pow(1 - a + 3.0902 * a.squareRoot(), 3)
  }

  @Test(
    "speculative output follows target-only sampling exactly (χ², 20,000 seeds, α = 0.001) under temperature 0.7, top-k, top-p and a repetition penalty"
  )
  func exactDistribution() throws {
    let result = try Self.chiSquare(runs: 20_000, rawDraftRatio: false)
    #expect(result.impossible == 0)
    #expect(result.degrees >= 10)
    #expect(
      result.statistic < Self.critical(degrees: result.degrees),
      "χ² = \(result.statistic) on \(result.degrees) degrees of freedom")
  }

  @Test(
    "negative control: the ratio taken from the draft's probabilities before the chain is caught")
  func negativeControl() throws {
    let result = try Self.chiSquare(runs: 20_000, rawDraftRatio: true)
    #expect(
      result.impossible > 0 || result.statistic > Self.critical(degrees: result.degrees),
      "χ² = \(result.statistic) on \(result.degrees) degrees of freedom")
  }

  @Test("greedy speculative output is greedy decoding of the target, token for token")
  func greedyEqualsTarget() throws {
    var target = try SharedModel.builtIn()
    var draft = try BuiltInModel(order: 2)
    let prompt = try target.tokenizer.encode("And the LORD said unto Moses,")
    var chain = try SamplerChain(specification: "greedy")
    let greedy = try generate(
      prompt: prompt, model: &target.model, chain: &chain, tokenizer: target.tokenizer,
      maxTokens: 150)
    for draftTokens in [1, 3, 8] {
      let speculative = try speculativeGenerate(
        prompt: prompt, target: &target.model, draft: &draft.model,
        chain: try SamplerChain(specification: "greedy"), draftTokens: draftTokens,
        maxTokens: 150)
      #expect(speculative.tokens == greedy.steps.map(\.token), "K = \(draftTokens)")
      let statistics = speculative.statistics
      #expect(statistics.tokens == speculative.tokens.count)
      #expect(statistics.accepted <= statistics.drafted)
      #expect(statistics.targetCalls * (draftTokens + 1) >= statistics.tokens)
    }
  }

  @Test("under a constraint the draft stops at its end of sequence; texts match; greedy is exact")
  func constrained() throws {
    var target = try SharedModel.builtIn()
    var draft = try BuiltInModel(order: 3)
    let pattern = "(yes|no|maybe) [a-z]{3,6}\\."
    let constraint = try RegexConstraint(
      pattern: pattern,
      vocabulary: try TokenVocabulary(target.tokenizer, endOfSequence: target.model.endOfSequence))
    let reference = try Regex(pattern)
    let prompt = try target.tokenizer.encode("Answer: ")
    for seed in 0..<12 {
      var chain = try SamplerChain(specification: "temperature=0.9", seed: UInt64(seed))
      chain.bind(constraint)
      let run = try speculativeGenerate(
        prompt: prompt, target: &target.model, draft: &draft.model, chain: chain, draftTokens: 4,
        maxTokens: 60)
      #expect(run.tokens.last == target.model.endOfSequence)
      let text = target.tokenizer.decode(run.tokens.dropLast())
      #expect(text.wholeMatch(of: reference) != nil, "\(text)")
    }
    var greedy = try SamplerChain(specification: "greedy")
    greedy.bind(constraint)
    let alone = try generate(
      prompt: prompt, model: &target.model, chain: &greedy, tokenizer: target.tokenizer,
      maxTokens: 60)
    var speculativeChain = try SamplerChain(specification: "greedy")
    speculativeChain.bind(constraint)
    let speculative = try speculativeGenerate(
      prompt: prompt, target: &target.model, draft: &draft.model, chain: speculativeChain,
      draftTokens: 4, maxTokens: 60)
    #expect(speculative.tokens == alone.steps.map(\.token))
  }

  @Test("the tokens depend on the seed, not on how many tokens are drafted")
  func independentOfDraftLength() throws {
    var target = try SharedModel.builtIn()
    var draft = try BuiltInModel(order: 3)
    let prompt = try target.tokenizer.encode("In the beginning")
    let chain = try SamplerChain(specification: "top_k=40;temperature=0.8", seed: 11)
    let runs = try [1, 2, 4, 8].map { draftTokens in
      try speculativeGenerate(
        prompt: prompt, target: &target.model, draft: &draft.model, chain: chain,
        draftTokens: draftTokens, maxTokens: 120)
    }
    for run in runs.dropFirst() { #expect(run.tokens == runs[0].tokens) }
    // More drafted tokens per round: fewer target calls for the same text.
    #expect(runs[3].statistics.targetCalls < runs[0].statistics.targetCalls)
  }

  @Test("mismatched vocabularies and a draft length of 0 are errors")
  func errors() throws {
    var target = WaveModel(phase: 0, scale: 1)
    var draft = FixedRowModel(row: [0.5, 0.5])
    #expect(throws: DecodingError.self) {
      try speculativeGenerate(
        prompt: [], target: &target, draft: &draft, chain: SamplerChain([]), draftTokens: 2,
        maxTokens: 3)
    }
    var same = WaveModel(phase: 1, scale: 1)
    #expect(throws: DecodingError.self) {
      try speculativeGenerate(
        prompt: [], target: &target, draft: &same, chain: SamplerChain([]), draftTokens: 0,
        maxTokens: 3)
    }
  }
}

@Suite("speculative sampling's log-likelihood")
struct SpeculativeLogLikelihoodTests {
  @Test("the recorded log-likelihood is the target's, bit for bit, as scoring the tokens again")
  func recordedEqualsRescored() throws {
    var target = try SharedModel.builtIn()
    var draft = try BuiltInModel(order: 3)
    let prompt = try target.tokenizer.encode("And the LORD said")
    for seed in 0..<4 {
      let chain = try SamplerChain(specification: "top_k=20;temperature=0.8", seed: UInt64(seed))
      let run = try speculativeGenerate(
        prompt: prompt, target: &target.model, draft: &draft.model, chain: chain, draftTokens: 3,
        maxTokens: 40)
      let rescored = try logLikelihood(of: run.tokens, after: prompt, under: &target.model)
      #expect(run.logLikelihood.bitPattern == rescored.bitPattern)
      #expect(run.perplexity == exp(-rescored / Double(run.tokens.count)))
    }
  }
}
