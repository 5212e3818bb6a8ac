import KelvinCore

/// An interval of doubles, each end open or closed, written as people read it.
///
/// The infinities are ordinary ends: `[0, +inf]` admits `inf` (a temperature's uniform limit),
/// `[0, +inf)` does not. NaN lies in no range.
public struct NumberRange: Sendable, Equatable {
  /// The lower end.
  public let lower: Double
  /// Whether `lower` itself belongs to the range.
  public let includesLower: Bool
  /// The upper end.
  public let upper: Double
  /// Whether `upper` itself belongs to the range.
  public let includesUpper: Bool

  /// Creates a range from its ends.
  ///
  /// - Precondition: `lower <= upper`, neither is NaN.
  public init(lower: Double, includesLower: Bool, upper: Double, includesUpper: Bool) {
    precondition(!lower.isNaN && !upper.isNaN && lower <= upper, "malformed number range")
    self.lower = lower
    self.includesLower = includesLower
    self.upper = upper
    self.includesUpper = includesUpper
  }

  /// `[lower, +inf]`: at least `lower`, infinity included.
  public static func atLeast(_ lower: Double) -> NumberRange {
    NumberRange(lower: lower, includesLower: true, upper: .infinity, includesUpper: true)
  }

  /// `[lower, +inf)`: finite and at least `lower`.
  public static func finiteAtLeast(_ lower: Double) -> NumberRange {
    NumberRange(lower: lower, includesLower: true, upper: .infinity, includesUpper: false)
  }

  /// `(lower, +inf)`: finite and greater than `lower`.
  public static func finiteAbove(_ lower: Double) -> NumberRange {
    NumberRange(lower: lower, includesLower: false, upper: .infinity, includesUpper: false)
  }

  /// `[lower, upper]`.
  public static func closed(_ lower: Double, _ upper: Double) -> NumberRange {
    NumberRange(lower: lower, includesLower: true, upper: upper, includesUpper: true)
  }

  /// `[lower, upper)`.
  public static func halfOpen(_ lower: Double, _ upper: Double) -> NumberRange {
    NumberRange(lower: lower, includesLower: true, upper: upper, includesUpper: false)
  }

  /// `(-inf, +inf)`: any finite number.
  public static let finite = NumberRange(
    lower: -.infinity, includesLower: false, upper: .infinity, includesUpper: false)

  /// `[-inf, +inf)`: finite, or `-inf` (a logit bias that bans a token).
  public static let finiteOrNegativeInfinity = NumberRange(
    lower: -.infinity, includesLower: true, upper: .infinity, includesUpper: false)

  /// `[0, +inf]`: a temperature, with its two limits.
  public static let temperature = NumberRange.atLeast(0)

  /// `[0, 1]`.
  public static let unitInterval = NumberRange.closed(0, 1)

  /// Whether `value` lies in the range (never for NaN).
  public func contains(_ value: Double) -> Bool {
    let aboveLower = includesLower ? value >= lower : value > lower
    let belowUpper = includesUpper ? value <= upper : value < upper
    return aboveLower && belowUpper
  }

  /// The range in words, completing "a number …": `≥ 0`, `> 0 and finite`, `in [0, 1)`.
  public var phrase: String {
    let low = NumberFormatting.shortest(lower)
    let high = NumberFormatting.shortest(upper)
    switch (lower == -.infinity, upper == .infinity) {
    case (true, true):
      switch (includesLower, includesUpper) {
      case (false, false): return "that is finite"
      case (true, false): return "that is finite or -inf"
      case (false, true): return "that is finite or inf"
      case (true, true): return "that is not nan"
      }
    case (false, true):
      let bound = includesLower ? "≥ \(low)" : "> \(low)"
      return includesUpper ? bound : "\(bound) and finite"
    case (true, false):
      let bound = includesUpper ? "≤ \(high)" : "< \(high)"
      return includesLower ? "\(bound) (or -inf)" : "\(bound) and finite"
    case (false, false):
      return "in \(includesLower ? "[" : "(")\(low), \(high)\(includesUpper ? "]" : ")")"
    }
  }

  /// A number inside the range: the midpoint of finite ends, else one from the finite end.
  public var sample: Double {
    switch (lower.isFinite, upper.isFinite) {
    case (true, true): return lower + (upper - lower) / 2
    case (true, false): return lower + 1
    case (false, true): return upper - 1
    case (false, false): return 0
    }
  }

  /// Texts of numbers just outside the range (for tests and documentation), and `nan`.
  public var counterexamples: [String] {
    var texts = ["nan"]
    if lower == -.infinity {
      if !includesLower { texts.append("-inf") }
    } else {
      texts.append(NumberFormatting.shortest(includesLower ? lower - max(1, abs(lower)) : lower))
    }
    if upper == .infinity {
      if !includesUpper { texts.append("inf") }
    } else {
      texts.append(NumberFormatting.shortest(includesUpper ? upper + max(1, abs(upper)) : upper))
    }
    return texts
  }
}
