import Foundation
import KelvinCore
import KelvinSampling

/// One finished beam-search hypothesis.
public struct BeamHypothesis: Sendable, Equatable {
  /// The generated tokens (the end-of-sequence token included when it was produced).
  public let tokens: [Int]
  /// The sum of the tokens' log-probabilities under the model (τ = 1).
  public let logprob: Double
  /// The ranking score: `logprob / length^α` with `length` the number of generated tokens.
  public let score: Double
}

/// Beam search with a length penalty.
///
/// The length penalty of GNMT (Wu and others, 2016) and transformers' `length_penalty`.
/// Keeps the `width` best partial sequences by summed log-probability (log-softmax of the
/// model's logits at τ = 1, in `Double`). Each step extends every live beam by every token and
/// walks the extensions best first (ties by lower token id, then by earlier beam): an
/// extension by the end-of-sequence token finishes a hypothesis only when it ranks among the
/// best `width` extensions of the step (transformers' rule), any other extension joins the
/// next step's beams until `width` are live. Finished hypotheses are ranked by
/// `score = logprob / length^α`, `length` counting generated tokens (α = 0: raw
/// log-probability; α > 0 favours longer sequences). With `earlyStopping`, the search ends
/// once `width` hypotheses have finished; at `maxTokens`, live beams finish as they are.
///
/// Width 1 is greedy decoding, token for token: the one live beam is extended by the argmax
/// (lowest id among ties, as the chain's `greedy`), and the end-of-sequence token finishes it only when
/// it is that argmax. (Without the rank rule an end-of-sequence token that is merely second
/// best would finish a width-1 beam early.)
///
/// With `endsAtEndOfSequence` false the end-of-sequence token is never chosen: every
/// hypothesis has exactly `maxTokens` tokens and its log-probability is still the model's
/// (not renormalised over the other tokens). That compares sequences of one length, as the
/// decoding study's "beam beats greedy" figure does.
///
/// With a `constraint`, each beam carries its own copy of it (a value: the copy is the fork),
/// only the tokens it allows extend a beam, and the end of sequence only where the beam's text
/// is complete. Log-probabilities stay the model's, not renormalised over the allowed tokens,
/// so the hypotheses are the most probable sequences under the model among those the
/// constraint allows. Live beams still incomplete at `maxTokens` are not returned: every
/// hypothesis matches, and when none completed the result is empty.
///
/// - Parameters:
///   - prompt: The context tokens.
///   - model: The model.
///   - width: The beam width, ≥ 1.
///   - maxTokens: The most tokens to generate.
///   - lengthPenalty: α.
///   - earlyStopping: Whether to stop once `width` hypotheses have finished.
///   - endsAtEndOfSequence: Whether the end-of-sequence token may end a hypothesis.
///   - constraint: What each beam may generate, or `nil`.
/// - Returns: The finished hypotheses, best score first (at most `width`).
/// - Throws: ``DecodingError`` for a width below 1, or the model's errors.
/// - Complexity: `maxTokens · width` model calls, each followed by O(V · width) work.
public func beamSearch<Model: LanguageModel>(
  prompt: [Int], model: inout Model, width: Int, maxTokens: Int, lengthPenalty: Double = 1,
  earlyStopping: Bool = true, endsAtEndOfSequence: Bool = true,
  constraint: (any TokenConstraint)? = nil
) throws -> [BeamHypothesis] {
  guard width >= 1 else { throw DecodingError.invalidBeamWidth(width) }
  func score(_ beam: Beam) -> Double {
    let length = Double(max(1, beam.tokens.count))
    return lengthPenalty == 0 ? beam.logprob : beam.logprob / Foundation.pow(length, lengthPenalty)
  }
  let end = model.endOfSequence
  var live = [Beam(tokens: [], logprob: 0, constraint: constraint)]
  var finished: [Beam] = []
  var next = NextTokenLogProbabilities(vocabularySize: model.vocabularySize)
  for _ in 0..<maxTokens {
    var extensions: [(beam: Int, token: Int, logprob: Double)] = []
    for (index, beam) in live.enumerated() {
      try next.compute(after: prompt + beam.tokens, model: &model)
      let allowed = beam.constraint?.allowedTokens
      for (token, logprob) in next.values.enumerated() where logprob > -.infinity {
        if !endsAtEndOfSequence && token == end { continue }
        if let allowed, !allowed.contains(token) { continue }
        extensions.append((index, token, beam.logprob + logprob))
      }
    }
    // The walk below visits at most `2 · width` extensions: `width` survivors and at most one
    // end-of-sequence extension per live beam.
    let best = extensions.leadingElements(2 * width) {
      $0.logprob > $1.logprob
        || ($0.logprob == $1.logprob
          && ($0.token < $1.token || ($0.token == $1.token && $0.beam < $1.beam)))
    }
    var survivors: [Beam] = []
    for (rank, candidate) in best.enumerated() {
      if survivors.count == width { break }
      var fork = live[candidate.beam].constraint
      fork?.accept(candidate.token)
      let beam = Beam(
        tokens: live[candidate.beam].tokens + [candidate.token], logprob: candidate.logprob,
        constraint: fork)
      if candidate.token == end {
        if rank < width { finished.append(beam) }
      } else {
        survivors.append(beam)
      }
    }
    live = survivors
    if live.isEmpty || (earlyStopping && finished.count >= width) { break }
  }
  if finished.count < width { finished += live.filter { $0.constraint?.isComplete ?? true } }
  let ranked = finished.map {
    BeamHypothesis(tokens: $0.tokens, logprob: $0.logprob, score: score($0))
  }
  .sorted {
    $0.score > $1.score || ($0.score == $1.score && $0.tokens.lexicographicallyPrecedes($1.tokens))
  }
  return Array(ranked.prefix(width))
}

/// A partial or finished beam.
struct Beam {
  var tokens: [Int]
  var logprob: Double
  var constraint: (any TokenConstraint)? = nil
}
