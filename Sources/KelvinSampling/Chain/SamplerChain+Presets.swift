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

  /// The preset's chain with `settings` applied, built from the settings as values (no text in
  /// between): each processor from its own initialiser, every parameter not in
  /// ``SamplerSettings`` at the default its processor declares.
  ///
  /// - Throws: ``SamplingError/invalidParameter(processor:parameter:value:rule:)`` for an
  ///   out-of-range setting, naming the processor and the parameter.
  public func chain(_ settings: SamplerSettings = SamplerSettings()) throws -> ChainDescription {
    let values = defaults.overridden(by: settings)
    let penalties = try Penalties(
      lastN: values.penaltyLastN ?? 0, repeat: values.repeatPenalty ?? 0,
      frequency: values.frequencyPenalty ?? 0, presence: values.presencePenalty ?? 0)
    switch self {
    case .llama:
      return ChainDescription([
        penalties, try DRY(multiplier: 0), try TopNSigma(0), try TopK(values.topK ?? 0),
        try TypicalP(values.typicalP ?? 0), try TopP(values.topP ?? 0),
        try MinP(values.minP ?? 0),
        try XTC(probability: 0, threshold: XTC.Parameter.threshold.defaultValue),
        try Temperature(values.temperature ?? 0),
      ])
    case .hf:
      return ChainDescription([
        penalties, try Temperature(values.temperature ?? 0),
        try TopK(values.topK ?? 0, keepsTies: true), try TopP(values.topP ?? 0),
        try MinP(values.minP ?? 0), try TypicalP(values.typicalP ?? 0, keepsTies: true),
        try Epsilon(0), try Eta(0),
      ])
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
    self.init(try preset.chain(settings), seed: seed, sequence: sequence)
  }
}
