import KelvinCore
import KelvinText

/// `temperature(t)`: divides every logit by `t`.
///
/// `t = 0` is the τ → 0 limit: only the maximal logits stay (all of them when they tie, so that
/// the final draw shares the mass; `greedy` picks the lowest id). `t = inf` makes every
/// survivor equally likely (logits set to 0). `t = 1` changes nothing. The division is made in
/// `Float`, `z / Float(t)`, as llama.cpp and transformers make it; ``TemperaturePlan`` states
/// the exceptions (a shift by the maximum when `max / t` would overflow) and is shared with the
/// fused first passes. A quotient that overflows to `-inf` masks its token.
public struct Temperature: LogitsProcessor {
  /// The temperature, ≥ 0.
  public let temperature: Double

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError/invalidParameter(processor:parameter:value:rule:)`` for a
  ///   negative or NaN temperature.
  public init(_ temperature: Double) throws {
    try Parameter.temperature.check(temperature)
    self.temperature = temperature
  }

  /// `temperature(t=…)`.
  public var specification: String { "temperature=\(Check.format(temperature))" }

  /// `temperature=1` divides by one.
  public var isIdentity: Bool { temperature == 1 }

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
    let plan = TemperaturePlan(temperature: temperature, maximum: scan.maximum)
    switch plan {
    case .unchanged:
      return
    case .greedy:
      let maximum = scan.maximum
      candidates.retain { _, logit in logit == maximum }
    case .uniform:
      for index in 0..<n { candidates.logits[index] = 0 }
      if candidates.order == .byLogitDescending { candidates.order = .unordered }
    case .divide(let divisor):
      candidates.logits.withUnsafeMutableBufferPointer { values in
        FloatVectorKernels.divide(UnsafeMutableBufferPointer(rebasing: values[0..<n]), by: divisor)
      }
      // The smallest quotient is the minimum's; when it overflows, some tokens are masked.
      if plan.apply(scan.minimum) == -.infinity { candidates.removeMasked() }
    case .shiftAndDivide:
      var masked = false
      for index in 0..<n {
        let quotient = plan.apply(candidates.logits[index])
        candidates.logits[index] = quotient
        masked = masked || quotient == -.infinity
      }
      if masked { candidates.removeMasked() }
    }
    // Dividing by a positive number keeps the order.
  }
}

extension Temperature {
  /// The parameters of `temperature`, declared once.
  public enum Parameter {
    /// `temperature` (alias `t`): ≥ 0, `inf` allowed; 0 is greedy, `inf` uniform.
    public static let temperature = ProcessorParameter.number(
      "temperature", "temperature", .temperature, default: 1, note: "0 is greedy, inf is uniform",
      aliases: ["t"])
  }

  /// `temperature` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "temperature", summary: "divide logits by τ; 0 keeps the maximal logits; inf flattens",
    parameters: [Parameter.temperature.erased]
  ) { try Temperature($0[Parameter.temperature]) }
}
