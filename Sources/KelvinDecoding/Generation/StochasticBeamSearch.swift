import Foundation
import KelvinCore
import KelvinSampling

/// One sequence drawn by stochastic beam search.
public struct StochasticBeam: Sendable, Equatable {
  /// The generated tokens (the end-of-sequence token included when it was produced).
  public let tokens: [Int]
  /// The sum of the tokens' log-probabilities under the model (τ = 1).
  public let logprob: Double
  /// The sum of the tokens' log-probabilities under the tempered distributions the search
  /// sampled from (softmax of the logits divided by τ at every step): `φ` of the paper.
  public let temperedLogprob: Double
  /// The sequence's Gumbel key: a Gumbel(`temperedLogprob`) variable.
  ///
  /// The largest of its subtree's. The sequences come out in decreasing key order.
  public let key: Double
}

/// Stochastic beam search (Kool, Hoogeboom and Welling, ICML 2019, "Stochastic Beams and Where
/// to Find Them"): `width` distinct sequences drawn without replacement from the model's
/// tempered distribution over whole sequences, by the Gumbel-top-k trick applied top-down.
///
/// A sequence's probability is the product of its tokens' tempered probabilities,
/// `softmax(z / τ)` at every step, as ancestral sampling at τ draws it. Every partial sequence
/// carries a Gumbel key, the maximum of the perturbed log-probabilities of all its
/// completions: the root's is 0 (as `log 1`); a child's is a Gumbel with location its
/// log-probability, conditioned on the maximum over its siblings being the parent's key
/// (equation 10 of the paper, in the numerically stable form of its appendix B). Each step
/// expands every unfinished beam by every token and keeps the `width` extensions and finished
/// sequences with the largest keys (ties, which have probability 0, by beam and token order). A sequence is finished when it ends in the
/// end-of-sequence token or has `maxTokens` tokens. The result is a sample without
/// replacement of `width` sequences from that distribution (all of them, when fewer exist),
/// in decreasing key order; the first is distributed exactly as one ancestral sample.
///
/// This is not transformers' beam sampling (`do_sample=True` with `num_beams`), which draws
/// `2 · width` candidates per step from the beams' joint next-token distribution and keeps
/// the likeliest: its sequences follow no distribution one can name, while these are an exact
/// sample without replacement.
///
/// Randomness: step `t` uses ``SamplingStream`` `(seed, sequence, step t)`, one Gumbel
/// per token of every unfinished beam, beams in key order and tokens in id order, each
/// `−log(−log u)` with `u = (k + ½) · 2⁻⁵³` from the generator's top 53 bits `k`. The same seed
/// gives the same sequences on every platform.
///
/// - Parameters:
///   - prompt: The context tokens.
///   - model: The model.
///   - width: The number of sequences, ≥ 1.
///   - maxTokens: The most tokens per sequence.
///   - temperature: τ, finite and > 0 (τ = 0 has no randomness: use ``beamSearch``).
///   - seed: The seed.
///   - sequence: The random sequence (give independent searches with one seed their own).
/// - Returns: At most `width` distinct sequences, largest key first.
/// - Throws: ``DecodingError`` for a width below 1 or a temperature out of range, or the
///   model's errors.
/// - Complexity: At most `maxTokens · width` model calls, each followed by O(V · width) work.
public func stochasticBeamSearch<Model: LanguageModel>(
  prompt: [Int], model: inout Model, width: Int, maxTokens: Int, temperature: Double,
  seed: UInt64, sequence: UInt64 = 0
) throws -> [StochasticBeam] {
  guard width >= 1 else { throw DecodingError.invalidBeamWidth(width) }
  guard temperature > 0, temperature.isFinite else {
    throw DecodingError.invalidTemperature(temperature)
  }
  let end = model.endOfSequence
  var beams = [SampledBeam(tokens: [], logprob: 0, tempered: 0, key: 0, isFinished: maxTokens <= 0)]
  var raw = NextTokenLogProbabilities(vocabularySize: model.vocabularySize)
  var tempered = [Double](repeating: 0, count: model.vocabularySize)
  var step: UInt64 = 0
  while beams.contains(where: { !$0.isFinished }) {
    var generator = SamplingStream.generator(seed: seed, sequence: sequence, step: step)
    // Candidates by reference (parent beam, token; token −1 carries a finished beam over), so
    // only the `width` kept get their token lists built.
    var candidates: [(parent: Int, token: Int, key: Double, raw: Double, tempered: Double)] = []
    for (parent, beam) in beams.enumerated() {
      if beam.isFinished {
        candidates.append((parent, -1, beam.key, 0, 0))
        continue
      }
      try raw.compute(after: prompt + beam.tokens, model: &model)
      try raw.tempered(temperature, into: &tempered)
      // Perturbed log-probabilities of the children, and their maximum.
      var perturbed = [Double](repeating: -.infinity, count: model.vocabularySize)
      var maximum = -Double.infinity
      for token in 0..<model.vocabularySize where tempered[token] > -.infinity {
        perturbed[token] = beam.tempered + tempered[token] + gumbel(&generator)
        maximum = max(maximum, perturbed[token])
      }
      for token in 0..<model.vocabularySize where perturbed[token] > -.infinity {
        let key = truncatedGumbel(perturbed[token], maximum: maximum, target: beam.key)
        candidates.append((parent, token, key, raw.values[token], tempered[token]))
      }
    }
    let kept = candidates.leadingElements(width) {
      $0.key > $1.key
        || ($0.key == $1.key
          && ($0.parent < $1.parent || ($0.parent == $1.parent && $0.token < $1.token)))
    }
    beams = kept.map { candidate in
      let parent = beams[candidate.parent]
      guard candidate.token >= 0 else { return parent }
      return SampledBeam(
        tokens: parent.tokens + [candidate.token], logprob: parent.logprob + candidate.raw,
        tempered: parent.tempered + candidate.tempered, key: candidate.key,
        isFinished: candidate.token == end || parent.tokens.count + 1 >= maxTokens)
    }
    step += 1
  }
  return beams.map {
    StochasticBeam(
      tokens: $0.tokens, logprob: $0.logprob, temperedLogprob: $0.tempered, key: $0.key)
  }
}

/// A standard Gumbel variable, `−log(−log u)` with `u` in the open interval (0, 1).
func gumbel(_ generator: inout Xoshiro256StarStar) -> Double {
  let unit = (Double(generator.next() >> 11) + 0.5) * 0x1p-53
  return -Foundation.log(-Foundation.log(unit))
}

/// A Gumbel value conditioned on its set's maximum being `target`.
///
/// `value` comes from a set whose maximum is `maximum`; the result is
/// `−log(e^{−target} − e^{−maximum} + e^{−value})`, computed as appendix B of Kool and others
/// (2019) does so that it neither overflows nor cancels. The largest value maps to `target`
/// exactly.
func truncatedGumbel(_ value: Double, maximum: Double, target: Double) -> Double {
  let v = target - value + log1mexp(value - maximum)
  return target - max(0, v) - Foundation.log1p(Foundation.exp(-Swift.abs(v)))
}

/// `log(1 − e^x)` for `x ≤ 0`, accurate at both ends (Mächler 2012); `-inf` at 0.
func log1mexp(_ x: Double) -> Double {
  x > -0.693_147_180_559_945_3
    ? Foundation.log(-Foundation.expm1(x)) : Foundation.log1p(-Foundation.exp(x))
}

/// A partial or finished beam of stochastic beam search.
struct SampledBeam {
  var tokens: [Int]
  var logprob: Double
  var tempered: Double
  var key: Double
  var isFinished: Bool
}
