import KelvinCore
import KelvinSampling

/// A way to turn a model into text, as the decoding study compares them.
public enum DecodingStrategy: Sendable, Equatable, CustomStringConvertible {
  /// The argmax at every step (τ = 0).
  case greedy
  /// Beam search of this width, length penalty 1 (``beamSearch(prompt:model:width:maxTokens:lengthPenalty:earlyStopping:endsAtEndOfSequence:)``).
  case beam(width: Int)
  /// Ancestral sampling from `softmax(z / τ)` over the whole vocabulary.
  case sample(temperature: Double)
  /// Sampling at τ = 1 from the `k` likeliest tokens.
  case topK(Int)
  /// Sampling at τ = 1 from the nucleus of mass `p`.
  case topP(Double)
  /// Sampling at τ = 1 from the tokens of at least `p` times the top probability.
  case minP(Double)
  /// Stochastic beam search of this width at τ, reporting the likeliest of the `width`
  /// sequences under the model (the role beam search's best plays).
  case stochasticBeam(width: Int, temperature: Double)

  /// The strategies of the decoding study, in its table's order: the maximisation-based
  /// decoders, pure and tempered sampling, the truncations, and stochastic beam search (the
  /// lineup of Holtzman and others, 2020, table 1, plus min-p).
  public static let study: [DecodingStrategy] = [
    .greedy, .beam(width: 4), .beam(width: 16), .sample(temperature: 1),
    .sample(temperature: 0.5), .sample(temperature: 0.7), .sample(temperature: 0.9),
    .sample(temperature: 1.2), .topK(40), .topP(0.95), .topP(0.9), .minP(0.1),
    .stochasticBeam(width: 4, temperature: 1), .stochasticBeam(width: 4, temperature: 0.7),
  ]

  /// The name the study reports: `greedy`, `beam(4)`, `sample(t=0.7)`, `top_k(40)`,
  /// `top_p(0.95)`, `min_p(0.1)`, `stochastic_beam(4,t=1)`.
  public var description: String {
    func number(_ value: Double) -> String { NumberFormatting.shortest(value) }
    switch self {
    case .greedy: return "greedy"
    case .beam(let width): return "beam(\(width))"
    case .sample(let temperature): return "sample(t=\(number(temperature)))"
    case .topK(let k): return "top_k(\(k))"
    case .topP(let p): return "top_p(\(number(p)))"
    case .minP(let p): return "min_p(\(number(p)))"
    case .stochasticBeam(let width, let temperature):
      return "stochastic_beam(\(width),t=\(number(temperature)))"
    }
  }

  /// The sampler chain of a sampling strategy, built from its values (`nil` for the searches
  /// and greedy).
  ///
  /// - Throws: ``SamplingError`` for a value outside its processor's range.
  public func chain() throws -> ChainDescription? {
    switch self {
    case .sample(let temperature): return ChainDescription([try Temperature(temperature)])
    case .topK(let k): return ChainDescription([try TopK(k)])
    case .topP(let p): return ChainDescription([try TopP(p)])
    case .minP(let p): return ChainDescription([try MinP(p)])
    case .greedy, .beam, .stochasticBeam: return nil
    }
  }
}
