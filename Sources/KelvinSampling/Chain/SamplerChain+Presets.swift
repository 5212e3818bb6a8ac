/// Settings for the named presets, as the shorthand flags of the CLI set them.
///
/// `nil` keeps the preset's default.
public struct SamplerSettings: Sendable, Equatable {
  /// Temperature.
  public var temperature: Double?
  /// top-k.
  public var topK: Int?
  /// top-p.
  public var topP: Double?
  /// min-p.
  public var minP: Double?
  /// typical-p.
  public var typicalP: Double?
  /// Repetition penalty.
  public var repeatPenalty: Double?
  /// Frequency penalty.
  public var frequencyPenalty: Double?
  /// Presence penalty.
  public var presencePenalty: Double?
  /// Penalty window.
  public var penaltyLastN: Int?

  /// Settings with the given values; `nil` keeps the preset's default.
  public init(
    temperature: Double? = nil, topK: Int? = nil, topP: Double? = nil, minP: Double? = nil,
    typicalP: Double? = nil, repeatPenalty: Double? = nil, frequencyPenalty: Double? = nil,
    presencePenalty: Double? = nil, penaltyLastN: Int? = nil
  ) {
    self.temperature = temperature
    self.topK = topK
    self.topP = topP
    self.minP = minP
    self.typicalP = typicalP
    self.repeatPenalty = repeatPenalty
    self.frequencyPenalty = frequencyPenalty
    self.presencePenalty = presencePenalty
    self.penaltyLastN = penaltyLastN
  }

  /// These settings, with `other`'s values where `other` has one.
  public func overridden(by other: SamplerSettings) -> SamplerSettings {
    SamplerSettings(
      temperature: other.temperature ?? temperature, topK: other.topK ?? topK,
      topP: other.topP ?? topP, minP: other.minP ?? minP, typicalP: other.typicalP ?? typicalP,
      repeatPenalty: other.repeatPenalty ?? repeatPenalty,
      frequencyPenalty: other.frequencyPenalty ?? frequencyPenalty,
      presencePenalty: other.presencePenalty ?? presencePenalty,
      penaltyLastN: other.penaltyLastN ?? penaltyLastN)
  }
}

/// Chains that reproduce the defaults and processor order of the anchors.
public enum SamplerPreset: String, Sendable, CaseIterable {
  /// llama.cpp's default chain: penalties, dry, top_n_sigma, top_k, typical_p, top_p, min_p,
  /// xtc, temperature, dist; defaults temperature 0.8, top-k 40, top-p 0.95, min-p 0.05,
  /// typical-p 1, penalties over the last 64 tokens at 1 (off), DRY, top-n-σ and XTC off.
  case llama
  /// Hugging Face transformers' order: repetition penalty first (whole history), then
  /// temperature, top-k (keeping ties, as `TopKLogitsWarper`), top-p, min-p, typical-p,
  /// epsilon, eta, then the draw; defaults temperature 1, top-k 50, top-p 1 (off), no min-p.
  case hf

  /// The preset's own value of every setting (what a shorthand flag overrides).
  public var defaults: SamplerSettings {
    switch self {
    case .llama:
      return SamplerSettings(
        temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, typicalP: 1, repeatPenalty: 1,
        frequencyPenalty: 0, presencePenalty: 0, penaltyLastN: 64)
    case .hf:
      return SamplerSettings(
        temperature: 1, topK: 50, topP: 1, minP: 0, typicalP: 1, repeatPenalty: 1,
        frequencyPenalty: 0, presencePenalty: 0, penaltyLastN: -1)
    }
  }

  /// The preset as a chain specification with `settings` applied.
  public func specification(_ settings: SamplerSettings = SamplerSettings()) -> String {
    let values = defaults.overridden(by: settings)
    func number(_ value: Double?) -> String { Check.format(value ?? 0) }
    let penalties =
      "penalties(last_n=\(values.penaltyLastN ?? 0),repeat=\(number(values.repeatPenalty)),"
      + "frequency=\(number(values.frequencyPenalty)),presence=\(number(values.presencePenalty)))"
    switch self {
    case .llama:
      return [
        penalties, "dry(multiplier=0)", "top_n_sigma(n=0)", "top_k(k=\(values.topK ?? 0))",
        "typical_p(p=\(number(values.typicalP)))", "top_p(p=\(number(values.topP)))",
        "min_p(p=\(number(values.minP)))", "xtc(probability=0,threshold=0.1)",
        "temperature=\(number(values.temperature))", "dist",
      ].joined(separator: ";")
    case .hf:
      return [
        penalties, "temperature=\(number(values.temperature))",
        "top_k(k=\(values.topK ?? 0),keep_ties=1)", "top_p(p=\(number(values.topP)))",
        "min_p(p=\(number(values.minP)))",
        "typical_p(p=\(number(values.typicalP)),keep_ties=1)", "epsilon(e=0)", "eta(e=0)", "dist",
      ].joined(separator: ";")
    }
  }
}

extension SamplerChain {
  /// A preset chain with settings applied.
  ///
  /// - Throws: ``SamplingError`` for an out-of-range setting.
  public init(
    preset: SamplerPreset, settings: SamplerSettings = SamplerSettings(), seed: UInt64 = 0,
    sequence: UInt64 = 0
  ) throws {
    try self.init(specification: preset.specification(settings), seed: seed, sequence: sequence)
  }
}
