/// The logits of a distribution given by probabilities or unnormalised weights: `z_i = ln w_i`.
///
/// `softmax(z) = w / Σ w`, so these logits stand for the weights in any softmax-based code (a
/// sampler chain, a temperature). A weight of 0 becomes `-inf`, the mask.
///
/// - Parameters:
///   - weights: Finite weights ≥ 0; they need not sum to 1.
///   - field: The name used in errors (`probs`).
/// - Returns: `ln w_i` for each weight.
/// - Throws: `KelvinError.emptyInput` for no weights, `KelvinError.invalidWeight` naming the
///   first NaN, infinite or negative weight. (All zero is left to the consumer, which
///   reports every token masked.)
/// - Complexity: O(n).
public func logits(fromWeights weights: [Double], field: String = "weights") throws -> [Double] {
  guard !weights.isEmpty else { throw KelvinError.emptyInput(field: field) }
  return try weights.enumerated().map { index, weight in
    guard weight.isFinite, weight >= 0 else {
      throw KelvinError.invalidWeight(field: field, index: index, value: weight)
    }
    return weight == 0 ? -.infinity : Elementary.log(weight)
  }
}
