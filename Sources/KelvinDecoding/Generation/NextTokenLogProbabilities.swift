import KelvinCore

/// The log-probabilities of the next token after a context, in `Double`, reused across calls.
///
/// `log p_i = Double(z_i / τ) − log Σ_j exp(z_j / τ)` with the log-sum-exp taken in `Double`,
/// so the order of the log-probabilities is the order of the logits (no rounding can swap or
/// tie two tokens the logits keep apart): the argmax of a width-1 beam is greedy's argmax.
struct NextTokenLogProbabilities {
  private var logits: [Float]
  /// The log-probabilities of the last call (`-inf` for masked tokens).
  private(set) var values: [Double]

  init(vocabularySize: Int) {
    logits = [Float](repeating: 0, count: vocabularySize)
    values = [Double](repeating: 0, count: vocabularySize)
  }

  /// Computes the log-probabilities after `context` at τ = 1.
  ///
  /// - Throws: The model's errors, ``DecodingError/logitsLength(expected:actual:)``, or a
  ///   ``KelvinError`` for logits that are NaN, `+inf` or all masked.
  /// - Complexity: One model call and O(V).
  mutating func compute<Model: LanguageModel>(after context: [Int], model: inout Model) throws {
    try model.logits(after: context, into: &logits)
    guard logits.count == model.vocabularySize else {
      throw DecodingError.logitsLength(expected: model.vocabularySize, actual: logits.count)
    }
    try fill(&values, temperature: 1)
  }

  /// The log-probabilities of the last call's logits at temperature `temperature` (> 0).
  ///
  /// - Throws: A ``KelvinError`` for an invalid temperature.
  /// - Complexity: O(V), no model call.
  func tempered(_ temperature: Double, into output: inout [Double]) throws {
    if output.count != logits.count { output = [Double](repeating: 0, count: logits.count) }
    try fill(&output, temperature: temperature)
  }

  private func fill(_ output: inout [Double], temperature: Double) throws {
    let normaliser = try logits.logSumExp(temperature: temperature)
    for (token, logit) in logits.enumerated() {
      output[token] = logit == -.infinity ? -.infinity : Double(logit) / temperature - normaliser
    }
  }
}
