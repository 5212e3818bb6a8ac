import KelvinCore
import KelvinText

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
    lastN: Int = Parameter.lastN.defaultValue,
    repeat repeatPenalty: Double = Parameter.repeatPenalty.defaultValue,
    frequency: Double = Parameter.frequency.defaultValue,
    presence: Double = Parameter.presence.defaultValue,
    prompt: PromptPolicy = Parameter.prompt.defaultValue
  ) throws {
    try Parameter.lastN.check(lastN)
    try Parameter.repeatPenalty.check(repeatPenalty)
    try Parameter.frequency.check(frequency)
    try Parameter.presence.check(presence)
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

extension Penalties {
  /// The parameters of `penalties`, declared once.
  public enum Parameter {
    /// `last_n`: the window, -1 (the whole history), 0 (off) to 2³¹ − 1.
    public static let lastN = ProcessorParameter.integer(
      "penalties", "last_n", ProcessorParameter<Int>.windowRange, default: 64,
      note: "-1 is the whole history, 0 disables")
    /// `repeat`: the repetition penalty, finite and > 0; 1 disables.
    public static let repeatPenalty = ProcessorParameter.number(
      "penalties", "repeat", .finiteAbove(0), default: 1, note: "1 disables")
    /// `frequency`: the frequency penalty, finite; 0 is none.
    public static let frequency = ProcessorParameter.number(
      "penalties", "frequency", .finite, default: 0)
    /// `presence`: the presence penalty, finite; 0 is none.
    public static let presence = ProcessorParameter.number(
      "penalties", "presence", .finite, default: 0)
    /// `prompt`: whether prompt tokens count (`counted`, `ignored`).
    public static let prompt = ProcessorParameter.choice(
      "penalties", "prompt", default: PromptPolicy.counted)
  }

  /// `penalties` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "penalties",
    summary:
      "repetition (divide/multiply), frequency and presence penalties over the last n tokens",
    parameters: [
      Parameter.lastN.erased, Parameter.repeatPenalty.erased, Parameter.frequency.erased,
      Parameter.presence.erased, Parameter.prompt.erased,
    ]
  ) {
    try Penalties(
      lastN: $0[Parameter.lastN], repeat: $0[Parameter.repeatPenalty],
      frequency: $0[Parameter.frequency], presence: $0[Parameter.presence],
      prompt: $0[Parameter.prompt])
  }
}
