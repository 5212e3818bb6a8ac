import KelvinCore

/// `temperature(t)`: divides every logit by `t`.
///
/// `t = 0` is the τ → 0 limit: only the maximal logits stay (all of them when they tie, so that
/// the final draw shares the mass; `greedy` picks the lowest id). `t = inf` makes every
/// survivor equally likely (logits set to 0). `t = 1` changes nothing. The division is made in
/// `Float`, `z / Float(t)`, as llama.cpp and transformers make it. A quotient that underflows
/// to `-inf` masks its token (its probability is 0 in any precision). When `max / t` would
/// overflow `Float`, the logits are shifted by their maximum first (in `Double`), which leaves
/// the distribution unchanged (softmax is shift invariant).
public struct Temperature: LogitsProcessor {
  /// The temperature, ≥ 0.
  public let temperature: Double

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError/invalidParameter(processor:parameter:value:rule:)`` for a
  ///   negative or NaN temperature.
  public init(_ temperature: Double) throws {
    try Check.number(temperature, in: .temperature, "temperature", "temperature")
    self.temperature = temperature
  }

  /// `temperature(t=…)`.
  public var specification: String { "temperature=\(Check.format(temperature))" }

  /// Divides the logits by the temperature.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    Self.apply(temperature, to: &candidates)
  }

  /// The division, shared with ``DynamicTemperature``.
  static func apply(_ temperature: Double, to candidates: inout CandidateSet) {
    guard candidates.count > 0, temperature != 1 else { return }
    let n = candidates.count
    guard
      let scan = candidates.logits.withUnsafeBufferPointer({
        FloatVectorKernels.scan(UnsafeBufferPointer(rebasing: $0[0..<n]))
      })
    else { preconditionFailure("candidate logits are never NaN or +inf") }
    let maximum = scan.maximum
    if temperature == 0 {
      candidates.retain { _, logit in logit == maximum }
      return
    }
    if temperature == .infinity {
      for index in 0..<candidates.count { candidates.logits[index] = 0 }
      if candidates.order == .byLogitDescending { candidates.order = .unordered }
      return
    }
    let fits = abs(Double(maximum) / temperature) < Double(Float.greatestFiniteMagnitude)
    let divisor = Float(temperature)
    if fits && divisor.isNormal {
      candidates.logits.withUnsafeMutableBufferPointer { values in
        FloatVectorKernels.divide(UnsafeMutableBufferPointer(rebasing: values[0..<n]), by: divisor)
      }
      // Quotients that underflow to -inf mask their tokens.
      if Double(scan.minimum) / temperature <= -Double(Float.greatestFiniteMagnitude) {
        candidates.removeMasked()
      }
    } else {
      let shift = fits ? 0 : Double(maximum)
      var underflows = false
      for index in 0..<n {
        let quotient = Float((Double(candidates.logits[index]) - shift) / temperature)
        candidates.logits[index] = quotient
        underflows = underflows || quotient == -.infinity
      }
      // As above: quotients that underflow to -inf mask their tokens.
      if underflows { candidates.removeMasked() }
    }
    // Dividing by a positive number keeps the order.
  }
}
