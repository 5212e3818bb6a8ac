import KelvinCore
import KelvinText

/// `dry(multiplier, base, allowed_length, last_n, breakers)`: the "don't repeat yourself"
/// sequence penalty, as llama.cpp's DRY sampler defines it (designed by p-e-w; ported from
/// koboldcpp).
///
/// Over the last `last_n` tokens (all with `-1`): for every earlier position, `n` is the length
/// of the longest run ending there that equals the run ending at the newest token, capped at
/// the distance back to the most recent sequence breaker. A token that followed such a run with
/// `n ≥ allowed_length` would extend the repetition; its logit is reduced by
/// `multiplier · base^(n_max − allowed_length)` (`n_max` the longest such run for that token;
/// the exponent is capped so the penalty stays below `Float.greatestFiniteMagnitude`). Tokens
/// that are single-token breakers are never penalised. Breakers are token-id sequences; a
/// multi-token breaker counts where its tokens appear consecutively.
///
/// Disabled when `multiplier = 0` or `last_n = 0`.
public struct DRY: LogitsProcessor {
  /// The penalty's scale.
  public let multiplier: Double
  /// The penalty's growth per repeated token.
  public let base: Double
  /// The longest repetition that goes unpenalised.
  public let allowedLength: Int
  /// The window length; 0 disables, -1 is unlimited.
  public let lastN: Int
  /// Sequence breakers: token-id sequences that end a repetition.
  public let breakers: [[Int]]
  /// The window, oldest first.
  public private(set) var window: [Int32] = []

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for a multiplier that is negative or not finite, a base
  ///   below 1 or not finite, `allowed_length < 0`, `last_n < -1` or an empty breaker.
  public init(
    multiplier: Double = Parameter.multiplier.defaultValue,
    base: Double = Parameter.base.defaultValue,
    allowedLength: Int = Parameter.allowedLength.defaultValue,
    lastN: Int = Parameter.lastN.defaultValue, breakers: [[Int]] = Parameter.breakers.defaultValue
  ) throws {
    try Parameter.multiplier.check(multiplier)
    try Parameter.base.check(base)
    try Parameter.allowedLength.check(allowedLength)
    try Parameter.lastN.check(lastN)
    guard breakers.allSatisfy({ !$0.isEmpty }) else {
      throw SamplingError.invalidParameter(
        processor: "dry", parameter: "breakers", value: "an empty sequence",
        rule: "non-empty token sequences")
    }
    self.multiplier = multiplier
    self.base = base
    self.allowedLength = allowedLength
    self.lastN = lastN
    self.breakers = breakers
  }

  /// `dry(multiplier=…,base=…,allowed_length=…,last_n=…,breakers=…)`.
  public var specification: String {
    let breakerText = breakers.map { $0.map(String.init).joined(separator: ":") }
      .joined(separator: "|")
    return
      "dry(multiplier=\(Check.format(multiplier)),base=\(Check.format(base)),allowed_length=\(allowedLength),last_n=\(lastN)"
      + (breakers.isEmpty ? ")" : ",breakers=\(breakerText))")
  }

  /// A multiplier of 0 (or a window of 0) changes nothing.
  public var isIdentity: Bool { !isEnabled }

  var isEnabled: Bool { multiplier != 0 && base >= 1 && lastN != 0 }

  /// Penalises the tokens that would extend a repetition.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard isEnabled else { return }
    let penalties = repetitionLengths()
    guard !penalties.isEmpty else { return }
    let maximumExponent = base > 1.000001 ? Int(88.7228391 / SamplingMath.log(base)) : 0
    let singleBreakers = Set(
      breakers.filter { $0.count == 1 }.map { Int32(truncatingIfNeeded: $0[0]) })
    for index in 0..<candidates.count {
      let token = candidates.tokens[index]
      guard let length = penalties[token], !singleBreakers.contains(token) else { continue }
      var exponent = length - allowedLength
      if maximumExponent > 0 && exponent > maximumExponent { exponent = maximumExponent }
      let penalty = multiplier * SamplingMath.pow(base, Double(exponent))
      candidates.logits[index] = Float(Double(candidates.logits[index]) - penalty)
    }
    if candidates.order == .byLogitDescending { candidates.order = .unordered }
  }

  /// For each token that would extend a repetition of at least `allowed_length`, the longest
  /// such repetition.
  func repetitionLengths() -> [Int32: Int] {
    let n = window.count
    guard n > allowedLength else { return [:] }
    // recent(i) is the i-th token back from the newest (recent(0) is the newest).
    func recent(_ i: Int) -> Int32 { window[n - 1 - i] }
    // The most recent breaker limits how far back a repetition may reach.
    var limit = n
    search: for i in 0..<n {
      var longest = -1
      for breaker in breakers where Int32(truncatingIfNeeded: breaker[0]) == recent(i) {
        let tail = breaker.count - 1
        guard tail > longest, tail <= i else { continue }
        var matches = true
        for offset in 0..<tail
        where Int32(truncatingIfNeeded: breaker[offset + 1]) != recent(i - offset - 1) {
          matches = false
          break
        }
        if matches { longest = tail }
      }
      if longest >= 0 {
        limit = i - longest
        break search
      }
    }
    guard limit >= allowedLength else { return [:] }
    // repeatCount[position]: how long the run ending at `position` (oldest = 0) matches the run
    // ending at the newest token. Computed directly (O(n · run length)); llama.cpp computes
    // the same array with the Z-algorithm.
    var lengths: [Int32: Int] = [:]
    for k in 1..<n {
      var length = 0
      while length + k < n && recent(length) == recent(length + k) { length += 1 }
      length = min(length, limit)
      let position = n - 1 - k
      guard length >= allowedLength, position < n - 1 else { continue }
      let next = window[position + 1]
      if lengths[next] ?? -1 < length { lengths[next] = length }
    }
    return lengths
  }

  /// Appends a token to the window.
  public mutating func accept(_ token: Int) {
    guard isEnabled else { return }
    window.append(Int32(truncatingIfNeeded: token))
    if lastN > 0, window.count > lastN { window.removeFirst(window.count - lastN) }
  }

  /// Empties the window.
  public mutating func reset() { window = [] }
}

extension DRY {
  /// The parameters of `dry`, declared once.
  public enum Parameter {
    /// `multiplier`: the penalty's scale, finite and ≥ 0; 0 disables.
    public static let multiplier = ProcessorParameter.number(
      "dry", "multiplier", .finiteAtLeast(0), default: 0.8, note: "0 disables")
    /// `base`: the growth per repeated token, finite and ≥ 1.
    public static let base = ProcessorParameter.number(
      "dry", "base", .finiteAtLeast(1), default: 1.75)
    /// `allowed_length`: the longest repetition left alone, 0 to 2³¹ − 1.
    public static let allowedLength = ProcessorParameter.integer(
      "dry", "allowed_length", 0...Int(Int32.max), default: 2)
    /// `last_n`: the window, -1 (the whole history), 0 (off) to 2³¹ − 1.
    public static let lastN = ProcessorParameter.integer(
      "dry", "last_n", ProcessorParameter<Int>.windowRange, default: -1,
      note: "-1 is the whole history, 0 disables")
    /// `breakers`: token sequences that end a repetition (`3|5:6`).
    public static let breakers = ProcessorParameter<[[Int]]>.tokenSequences("dry", "breakers")
  }

  /// `dry` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "dry",
    summary: "don't-repeat-yourself sequence penalty (breakers: token sequences like 3|5:6)",
    parameters: [
      Parameter.multiplier.erased, Parameter.base.erased, Parameter.allowedLength.erased,
      Parameter.lastN.erased, Parameter.breakers.erased,
    ]
  ) {
    try DRY(
      multiplier: $0[Parameter.multiplier], base: $0[Parameter.base],
      allowedLength: $0[Parameter.allowedLength], lastN: $0[Parameter.lastN],
      breakers: $0[Parameter.breakers])
  }
}
