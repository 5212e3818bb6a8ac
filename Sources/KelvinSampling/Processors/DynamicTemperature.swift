import KelvinCore
import KelvinText

/// `dynamic_temperature(temperature, delta, exponent)`: entropy-scaled temperature, as
/// llama.cpp's extended temperature sampler (`temp_ext`) defines it.
///
/// With `delta > 0` and at least two candidates: `H` is the entropy of the candidates'
/// distribution and `H_max = ln n`; the temperature applied is
/// `T = T_min + (T_max − T_min) · (H / H_max)^exponent` with `T_min = max(0, t − δ)` and
/// `T_max = t + δ`, so it moves from `T_min` for a confident distribution to `T_max` for a
/// flat one. With one candidate nothing changes; with `delta ≤ 0` it is `temperature(t)`.
public struct DynamicTemperature: LogitsProcessor {
  /// The base temperature `t`.
  public let temperature: Double
  /// The half-range `δ`.
  public let delta: Double
  /// The exponent applied to the normalised entropy.
  public let exponent: Double

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for a parameter that is negative or not finite.
  public init(
    temperature: Double, delta: Double = Parameter.delta.defaultValue,
    exponent: Double = Parameter.exponent.defaultValue
  ) throws {
    try Parameter.temperature.check(temperature)
    try Parameter.delta.check(delta)
    try Parameter.exponent.check(exponent)
    self.temperature = temperature
    self.delta = delta
    self.exponent = exponent
  }

  /// `dynamic_temperature(temperature=…,delta=…,exponent=…)`.
  public var specification: String {
    "dynamic_temperature(temperature=\(Check.format(temperature)),delta=\(Check.format(delta)),exponent=\(Check.format(exponent)))"
  }

  /// `delta = 0` at `temperature = 1` divides by one.
  public var isIdentity: Bool { delta == 0 && temperature == 1 }

  /// Applies the entropy-dependent temperature.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    Temperature.apply(effectiveTemperature(for: candidates), to: &candidates)
  }

  /// The temperature this processor would apply to `candidates`.
  public func effectiveTemperature(for candidates: CandidateSet) -> Double {
    guard delta > 0 else { return temperature }
    guard candidates.count > 1 else { return 1 }  // nothing to reshape
    let low = max(0, temperature - delta)
    let high = temperature + delta
    var entropy = 0.0
    for probability in candidates.probabilities() where probability > 0 {
      entropy -= probability * SamplingMath.log(probability)
    }
    let normalized = entropy / SamplingMath.log(Double(candidates.count))
    return low + (high - low) * SamplingMath.pow(normalized, exponent)
  }
}

extension DynamicTemperature {
  /// The parameters of `dynamic_temperature`, declared once.
  public enum Parameter {
    /// `temperature`: the centre τ, finite and ≥ 0.
    public static let temperature = ProcessorParameter.number(
      "dynamic_temperature", "temperature", .finiteAtLeast(0), default: 1)
    /// `delta`: the half-width δ, finite and ≥ 0; 0 disables.
    public static let delta = ProcessorParameter.number(
      "dynamic_temperature", "delta", .finiteAtLeast(0), default: 0, note: "0 disables")
    /// `exponent`: the exponent of the normalised entropy, finite and ≥ 0.
    public static let exponent = ProcessorParameter.number(
      "dynamic_temperature", "exponent", .finiteAtLeast(0), default: 1)
  }

  /// `dynamic_temperature` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "dynamic_temperature", summary: "entropy-scaled temperature between max(0, τ−δ) and τ+δ",
    parameters: [Parameter.temperature.erased, Parameter.delta.erased, Parameter.exponent.erased]
  ) {
    try DynamicTemperature(
      temperature: $0[Parameter.temperature], delta: $0[Parameter.delta],
      exponent: $0[Parameter.exponent])
  }
}
