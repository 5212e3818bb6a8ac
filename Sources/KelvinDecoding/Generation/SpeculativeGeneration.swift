import KelvinCore
import KelvinSampling

/// What one speculative run did.
public struct SpeculativeStatistics: Sendable, Equatable {
  /// Tokens the draft model proposed (`draftTokens` a round, fewer when a proposal ends the
  /// sequence: nothing is drafted after an end of sequence).
  public internal(set) var drafted = 0
  /// Proposals the target accepted.
  public internal(set) var accepted = 0
  /// Rounds of verification: calls of the target on a block of positions (a serving stack
  /// scores the block in one forward pass).
  public internal(set) var targetCalls = 0
  /// Tokens generated.
  public internal(set) var tokens = 0

  /// `accepted / drafted` (0 when nothing was drafted).
  public var acceptanceRate: Double { drafted == 0 ? 0 : Double(accepted) / Double(drafted) }
  /// `tokens / targetCalls` (0 before any call).
  public var tokensPerTargetCall: Double {
    targetCalls == 0 ? 0 : Double(tokens) / Double(targetCalls)
  }
}

/// A finished speculative generation.
public struct SpeculativeGeneration: Sendable, Equatable {
  /// The generated tokens (the end-of-sequence token included when it ended the run).
  public let tokens: [Int]
  /// What the run did.
  public let statistics: SpeculativeStatistics
  /// The sum of the tokens' log-probabilities under the target's raw distribution (τ = 1, in
  /// `Double`, as ``logLikelihood(of:after:under:)`` computes it), from the logits the
  /// verification already computed.
  public let logLikelihood: Double
  /// The text's perplexity under the target, `exp(−logLikelihood / tokens)`.
  public var perplexity: Double {
    KelvinDecoding.perplexity(logLikelihood: logLikelihood, count: tokens.count)
  }
}

/// Generates after `prompt` with speculative sampling, following the target's processed
/// distribution exactly.
///
/// `draft` proposes `draftTokens` tokens a round and `target` verifies them (Leviathan, Kalman
/// and Matias, ICML 2023; Chen and others, 2023).
///
/// Both models' logits go through `chain` (the same processors and final choice), each side
/// with its own state: the draft's is forked for the proposals, and both are advanced only by
/// the tokens that are finally emitted, so penalties and other stateful processors see
/// exactly the history target-only sampling would show them. With p and q the target's and
/// the draft's processed distributions at a position, a proposal x ~ q is kept with
/// probability min(1, p(x)/q(x)); on rejection the token is drawn from the normalised
/// max(0, p − q), and the round ends. When every proposal is kept, the next position is
/// decided by the same rule with one more draft proposal, so every emitted token is the same
/// function of its position's random numbers and the tokens before it: the output depends on
/// `seed` and `sequence`, not on `draftTokens`. With the `greedy` final choice the emitted
/// token is always the target's argmax (lowest id among ties): a proposal is kept iff it is
/// that argmax, and the output is greedy decoding of the target, token for token.
///
/// Randomness: position t draws the proposal, the acceptance test and the residual draw, in
/// that order, from `SamplingStream.generator(seed: seed ^ 0x9E3779B97F4A7C15, sequence:,
/// step: t)`, a stream apart from the one the chain's own processors use at step t.
///
/// - Parameters:
///   - prompt: The prompt's tokens.
///   - target: The model whose distribution the output follows.
///   - draft: The cheaper model; same vocabulary.
///   - chain: The sampler chain both sides apply (its seed and sequence key the streams).
///   - draftTokens: Proposals per round, ≥ 1.
///   - maxTokens: The most tokens to generate.
/// - Throws: ``DecodingError`` for mismatched vocabularies or a bad count, and the models'
///   and the chain's errors.
/// - Complexity: about `maxTokens · (1 + 1/draftTokens)` draft calls and `maxTokens` target
///   positions, in `maxTokens / (accepted per round + 1)` rounds.
public func speculativeGenerate<Target: LanguageModel, Draft: LanguageModel>(
  prompt: [Int], target: inout Target, draft: inout Draft, chain: SamplerChain,
  draftTokens: Int, maxTokens: Int
) throws -> SpeculativeGeneration {
  var decoder = try SpeculativeDecoder(
    vocabularySize: target.vocabularySize, draftVocabularySize: draft.vocabularySize,
    draftTokens: draftTokens)
  return try decoder.run(
    prompt: prompt, target: &target, draft: &draft, chain: chain, maxTokens: maxTokens)
}

/// The rounds of ``speculativeGenerate(prompt:target:draft:chain:draftTokens:maxTokens:)``.
struct SpeculativeDecoder {
  let vocabularySize: Int
  let draftTokens: Int
  /// For the tests' negative control only: compute the acceptance ratio and the residual from
  /// the draft's distribution before the chain (the softmax of its raw logits) while the
  /// proposal is drawn from the processed one, the bug that silently changes the output's
  /// distribution.
  var ratioFromRawDraft = false
  var logits: [Float]

  init(vocabularySize: Int, draftVocabularySize: Int, draftTokens: Int) throws {
    guard draftVocabularySize == vocabularySize else {
      throw DecodingError.logitsLength(expected: vocabularySize, actual: draftVocabularySize)
    }
    guard draftTokens >= 1 else { throw DecodingError.invalidBeamWidth(draftTokens) }
    self.vocabularySize = vocabularySize
    self.draftTokens = draftTokens
    logits = [Float](repeating: 0, count: vocabularySize)
  }

  mutating func run<Target: LanguageModel, Draft: LanguageModel>(
    prompt: [Int], target: inout Target, draft: inout Draft, chain: SamplerChain, maxTokens: Int
  ) throws -> SpeculativeGeneration {
    var targetChain = chain
    for token in prompt { targetChain.acceptPrompt(token) }
    var draftChain = targetChain
    var context = prompt
    var emitted: [Int] = []
    var statistics = SpeculativeStatistics()
    var logLikelihood = 0.0
    let greedy = chain.choice == .greedy
    roundLoop: while emitted.count < maxTokens {
      // Draft: K proposals (and the distributions they came from) on a fork of the draft's
      // state, plus one more for the position after them.
      let round = min(draftTokens, maxTokens - emitted.count)
      var fork = draftChain
      var proposals: [(token: Int, q: [Double], raw: [Double])] = []
      var draftContext = context
      for offset in 0...round where emitted.count + offset < maxTokens {
        let q = try distribution(after: draftContext, of: &draft, chain: &fork)
        var random = stream(chain, position: emitted.count + offset)
        let token = greedy ? argmax(q) : inverseCDF(q, random.nextUnitInterval())
        let raw = ratioFromRawDraft ? try rawDistribution(after: draftContext, of: &draft) : q
        proposals.append((token, q, raw))
        // Nothing follows an end of sequence: a chain with a constraint allows no token there,
        // and a proposal after it could never be used.
        if token == target.endOfSequence { break }
        fork.accept(token)
        draftContext.append(token)
      }
      // Verify: the target scores every proposed position; tokens are decided in order.
      statistics.targetCalls += 1
      statistics.drafted += min(round, proposals.count)
      for (offset, proposal) in proposals.enumerated() {
        let p = try distribution(after: context, of: &target, chain: &targetChain)
        var random = stream(chain, position: emitted.count)
        _ = random.nextUnitInterval()  // the proposal's draw
        let token: Int
        let kept: Bool
        if greedy {
          token = argmax(p)
          kept = token == proposal.token
        } else {
          let q = proposal.raw
          let ratio = q[proposal.token] > 0 ? p[proposal.token] / q[proposal.token] : .infinity
          if random.nextUnitInterval() < ratio {
            token = proposal.token
            kept = true
          } else {
            var residual = zip(p, q).map { Swift.max(0, $0 - $1) }
            if residual.reduce(0, +) <= 0 { residual = p }
            token = inverseCDF(residual, random.nextUnitInterval())
            kept = false
          }
        }
        if kept && offset < round { statistics.accepted += 1 }
        // `logits` still holds the target's raw logits at this position.
        logLikelihood += Double(logits[token]) - (try logits.logSumExp(temperature: 1))
        targetChain.accept(token)
        draftChain.accept(token)
        context.append(token)
        emitted.append(token)
        if token == target.endOfSequence || emitted.count >= maxTokens { break roundLoop }
        if !kept { break }
      }
    }
    statistics.tokens = emitted.count
    return SpeculativeGeneration(
      tokens: emitted, statistics: statistics, logLikelihood: logLikelihood)
  }

  /// The chain's processed distribution over the whole vocabulary after `context`.
  mutating func distribution<Model: LanguageModel>(
    after context: [Int], of model: inout Model, chain: inout SamplerChain
  ) throws -> [Double] {
    try model.logits(after: context, into: &logits)
    guard logits.count == vocabularySize else {
      throw DecodingError.logitsLength(expected: vocabularySize, actual: logits.count)
    }
    let candidates = try logits.withUnsafeBufferPointer { try chain.process($0) }
    let probabilities = candidates.probabilities()
    var dense = [Double](repeating: 0, count: vocabularySize)
    for index in 0..<candidates.count {
      dense[Int(candidates.tokens[index])] = probabilities[index]
    }
    return dense
  }

  /// The softmax of the model's raw logits (the negative control's mistake).
  mutating func rawDistribution<Model: LanguageModel>(
    after context: [Int], of model: inout Model
  ) throws -> [Double] {
    try model.logits(after: context, into: &logits)
    return try logits.map(Double.init).softmax(temperature: 1)
  }

  func stream(_ chain: SamplerChain, position: Int) -> Xoshiro256StarStar {
    SamplingStream.generator(
      seed: chain.seed ^ 0x9E37_79B9_7F4A_7C15, sequence: chain.sequence, step: UInt64(position))
  }

  /// The first token, in id order, whose cumulative weight exceeds `u` of the total (the last
  /// token of positive weight if rounding leaves the target unreached).
  func inverseCDF(_ weights: [Double], _ u: Double) -> Int {
    let target = u * weights.reduce(0, +)
    var running = 0.0
    var last = 0
    for (token, weight) in weights.enumerated() where weight > 0 {
      running += weight
      last = token
      if running > target { return token }
    }
    return last
  }

  /// The most probable token, the lowest id among ties.
  func argmax(_ weights: [Double]) -> Int {
    var best = 0
    for token in weights.indices where weights[token] > weights[best] { best = token }
    return best
  }
}
