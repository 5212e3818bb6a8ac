import KelvinCore

/// `penalties(last_n, repeat, frequency, presence)`: repetition, frequency and presence
/// penalties over the last `last_n` accepted tokens, as llama.cpp's `penalties` sampler.
///
/// For every candidate that occurs `c > 0` times in the window: a positive logit is divided by
/// `repeat`, a non-positive one multiplied by it (the CTRL repetition penalty); then
/// `c · frequency + presence` is subtracted (the OpenAI frequency and presence penalties).
/// `last_n = 0` disables the processor; `last_n = -1` uses the whole history.
///
/// Prompt policy (``PromptPolicy``): `.counted` includes prompt tokens in the window (llama.cpp,
/// transformers); `.ignored` counts generated tokens only (the OpenAI definition).
public struct Penalties: LogitsProcessor {
  /// Whether prompt tokens count.
  public enum PromptPolicy: String, Sendable, CaseIterable {
    /// Prompt tokens count, as in llama.cpp and transformers.
    case counted
    /// Only generated tokens count, as OpenAI defines frequency and presence penalties.
    case ignored
  }

  /// The window length; 0 disables, -1 is unlimited.
  public let lastN: Int
  /// The values a penalty window may take: -1 (the whole history), 0 (off) to 2³¹ − 1.
  public static let windowRange = -1...Int(Int32.max)
  /// The values the repetition penalty may take: finite and > 0 (1 is none).
  public static let repeatRange = NumberRange.finiteAbove(0)
  /// The values the frequency and presence penalties may take: finite (0 is none).
  public static let additiveRange = NumberRange.finite
  /// The repetition penalty (1 = none).
  public let repeatPenalty: Double
  /// The frequency penalty (0 = none).
  public let frequencyPenalty: Double
  /// The presence penalty (0 = none).
  public let presencePenalty: Double
  /// Whether prompt tokens count.
  public let promptPolicy: PromptPolicy
  /// The window, oldest first.
  public private(set) var window: [Int32] = []

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `last_n < -1`, a repeat penalty that is not finite and
  ///   > 0, or non-finite frequency or presence penalties.
  public init(
    lastN: Int = 64, repeat repeatPenalty: Double = 1, frequency: Double = 0,
    presence: Double = 0, prompt: PromptPolicy = .counted
  ) throws {
    try Check.integer(lastN, in: Self.windowRange, "penalties", "last_n")
    try Check.number(repeatPenalty, in: Self.repeatRange, "penalties", "repeat")
    try Check.number(frequency, in: Self.additiveRange, "penalties", "frequency")
    try Check.number(presence, in: Self.additiveRange, "penalties", "presence")
    self.lastN = lastN
    self.repeatPenalty = repeatPenalty
    self.frequencyPenalty = frequency
    self.presencePenalty = presence
    self.promptPolicy = prompt
  }

  /// `penalties(last_n=…,repeat=…,frequency=…,presence=…,prompt=…)`.
  public var specification: String {
    "penalties(last_n=\(lastN),repeat=\(Check.format(repeatPenalty)),frequency=\(Check.format(frequencyPenalty)),presence=\(Check.format(presencePenalty)),prompt=\(promptPolicy.rawValue))"
  }

  /// A window of 0, or penalties of 1, 0 and 0, change nothing.
  public var isIdentity: Bool {
    lastN == 0 || (repeatPenalty == 1 && frequencyPenalty == 0 && presencePenalty == 0)
  }

  /// Penalises the tokens in the window.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard lastN != 0, !window.isEmpty,
      repeatPenalty != 1 || frequencyPenalty != 0 || presencePenalty != 0
    else { return }
    var counts: [Int32: Int] = [:]
    for token in window { counts[token, default: 0] += 1 }
    for index in 0..<candidates.count {
      guard let count = counts[candidates.tokens[index]] else { continue }
      var logit = Double(candidates.logits[index])
      logit = logit <= 0 ? logit * repeatPenalty : logit / repeatPenalty
      logit -= Double(count) * frequencyPenalty + presencePenalty
      candidates.logits[index] = Float(logit)
    }
    if candidates.order == .byLogitDescending { candidates.order = .unordered }
  }

  /// Adds a generated token to the window.
  public mutating func accept(_ token: Int) {
    guard lastN != 0 else { return }
    window.append(Int32(truncatingIfNeeded: token))
    if lastN > 0, window.count > lastN { window.removeFirst(window.count - lastN) }
  }

  /// Adds a prompt token to the window when the policy counts prompts.
  public mutating func acceptPrompt(_ token: Int) {
    if promptPolicy == .counted { accept(token) }
  }

  /// Empties the window.
  public mutating func reset() { window = [] }
}
