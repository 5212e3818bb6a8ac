/// One token drawn by a chain, with the log-probabilities users ask for.
public struct SampledToken: Sendable, Equatable {
  /// An alternative token with its log-probability under the model's raw distribution.
  public struct Alternative: Sendable, Equatable {
    /// The token id.
    public let token: Int
    /// `log softmax(z)[token]` at τ = 1, nothing truncated.
    public let logprob: Double
  }

  /// The token id.
  public let token: Int
  /// Its log-probability under the final processed distribution (what the draw used): the
  /// quantity reinforcement-learning users need (vLLM's `processed_logprobs`); `nil` when not
  /// asked for.
  public let processedLogprob: Double?
  /// Its log-probability under the model's raw distribution (τ = 1, nothing truncated): what
  /// APIs report as `logprobs`; `nil` when the draw was asked not to compute it.
  public let rawLogprob: Double?
  /// The `K` most likely tokens under the raw distribution, most likely first (ties by lower
  /// id), when asked for: the shape of OpenAI's `top_logprobs`.
  public let topLogprobs: [Alternative]
}

/// How a chain turns its final candidates into one token.
public enum FinalChoice: String, Sendable, CaseIterable {
  /// A draw from the softmax of the survivors' logits (`dist`), by inverse CDF from one uniform
  /// in [0, 1): survivors in ascending token-id order, cumulative weights `exp(z − z_max)`
  /// summed in `Double`, the first token whose cumulative weight exceeds `u · total`.
  case distribution = "dist"
  /// The survivor with the largest logit, the lowest id among ties (`greedy`). No randomness.
  case greedy
}
