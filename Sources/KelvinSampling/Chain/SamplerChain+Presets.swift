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

  /// No overrides.
  public init() {}
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

  /// The preset as a chain specification with `settings` applied.
  public func specification(_ settings: SamplerSettings = SamplerSettings()) -> String {
    func number(_ value: Double?, _ fallback: Double) -> String {
      Check.format(value ?? fallback)
    }
    switch self {
    case .llama:
      let penalties =
        "penalties(last_n=\(settings.penaltyLastN ?? 64),repeat=\(number(settings.repeatPenalty, 1)),frequency=\(number(settings.frequencyPenalty, 0)),presence=\(number(settings.presencePenalty, 0)))"
      return [
        penalties, "dry(multiplier=0)", "top_n_sigma(n=-1)", "top_k(k=\(settings.topK ?? 40))",
        "typical_p(p=\(number(settings.typicalP, 1)))", "top_p(p=\(number(settings.topP, 0.95)))",
        "min_p(p=\(number(settings.minP, 0.05)))", "xtc(probability=0,threshold=0.1)",
        "temperature(t=\(number(settings.temperature, 0.8)))", "dist",
      ].joined(separator: ";")
    case .hf:
      let penalties =
        "penalties(last_n=\(settings.penaltyLastN ?? -1),repeat=\(number(settings.repeatPenalty, 1)),frequency=\(number(settings.frequencyPenalty, 0)),presence=\(number(settings.presencePenalty, 0)))"
      return [
        penalties, "temperature(t=\(number(settings.temperature, 1)))",
        "top_k(k=\(settings.topK ?? 50),keep_ties=1)", "top_p(p=\(number(settings.topP, 1)))",
        "min_p(p=\(number(settings.minP, 0)))", "typical_p(p=\(number(settings.typicalP, 1)))",
        "epsilon(e=0)", "eta(e=0)", "dist",
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
