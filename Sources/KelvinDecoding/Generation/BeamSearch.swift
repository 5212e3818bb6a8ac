import Foundation
import KelvinCore

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
/// model's logits at τ = 1). Each step extends every live beam by every token, keeps the
/// `2 · width` best extensions (ties by lower token id, then by earlier beam), moves those that
/// end in the end-of-sequence token to the finished list, and keeps the best `width` others
/// alive. Finished hypotheses are ranked by `score = logprob / length^α`, `length` counting
/// generated tokens (α = 0: raw log-probability; α > 0 favours longer sequences). With
/// `earlyStopping`, the search ends once `width` hypotheses have finished; at `maxTokens`, live
/// beams finish as they are. Width 1 is greedy decoding.
///
/// - Parameters:
///   - prompt: The context tokens.
///   - model: The model.
///   - width: The beam width, ≥ 1.
///   - maxTokens: The most tokens to generate.
///   - lengthPenalty: α.
///   - earlyStopping: Whether to stop once `width` hypotheses have finished.
/// - Returns: The finished hypotheses, best score first (at most `width`).
/// - Throws: ``DecodingError`` for a width below 1, or the model's errors.
/// - Complexity: `maxTokens · width` model calls, each followed by O(V · width) work.
public func beamSearch<Model: LanguageModel>(
  prompt: [Int], model: inout Model, width: Int, maxTokens: Int, lengthPenalty: Double = 1,
  earlyStopping: Bool = true
) throws -> [BeamHypothesis] {
  guard width >= 1 else { throw DecodingError.invalidBeamWidth(width) }
  func score(_ beam: Beam) -> Double {
    let length = Double(max(1, beam.tokens.count))
    return lengthPenalty == 0 ? beam.logprob : beam.logprob / Foundation.pow(length, lengthPenalty)
  }
  var live = [Beam(tokens: [], logprob: 0)]
  var finished: [Beam] = []
  var logits = [Float](repeating: 0, count: model.vocabularySize)
  var logProbabilities = [Float](repeating: 0, count: model.vocabularySize)
  for _ in 0..<maxTokens {
    var extensions: [(beam: Int, token: Int, logprob: Double)] = []
    for (index, beam) in live.enumerated() {
      try model.logits(after: prompt + beam.tokens, into: &logits)
      guard logits.count == model.vocabularySize else {
        throw DecodingError.logitsLength(expected: model.vocabularySize, actual: logits.count)
      }
      try logits.withUnsafeBufferPointer { input in
        try logProbabilities.withUnsafeMutableBufferPointer { output in
          try input.logSoftmax(into: output)
        }
      }
      for token in 0..<model.vocabularySize where logProbabilities[token] > -.infinity {
        extensions.append((index, token, beam.logprob + Double(logProbabilities[token])))
      }
    }
    extensions.sort {
      $0.logprob > $1.logprob
        || ($0.logprob == $1.logprob
          && ($0.token < $1.token || ($0.token == $1.token && $0.beam < $1.beam)))
    }
    var next: [Beam] = []
    for candidate in extensions.prefix(2 * width) {
      let beam = Beam(
        tokens: live[candidate.beam].tokens + [candidate.token], logprob: candidate.logprob)
      if candidate.token == model.endOfSequence {
        finished.append(beam)
      } else if next.count < width {
        next.append(beam)
      }
    }
    live = next
    if live.isEmpty || (earlyStopping && finished.count >= width) { break }
  }
  if finished.count < width { finished += live }
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
}
