import KelvinCore

/// How `temperature(t)` transforms a candidate set whose largest logit is `maximum`: the one
/// definition that the processor and every fused first pass use, so that fused and unfused
/// chains give the same logits bit for bit.
///
/// - t = 1 changes nothing; t = 0 keeps the maximal logits (the τ → 0 limit); t = ∞ sets every
///   logit to 0 (the uniform limit).
/// - Otherwise each logit is divided in `Float`, `z / Float(t)`, as llama.cpp and transformers
///   divide, when `max / t` fits in `Float` and `Float(t)` is normal.
/// - Else the logits are shifted by their maximum first, in `Double`:
///   `Float((Double(z) − max) / t)`, which leaves the distribution unchanged (softmax is shift
///   invariant); the shift is 0 when only `Float(t)` is the problem.
/// - A quotient that overflows to `-inf` masks its token (its probability is 0 in any
///   precision).
enum TemperaturePlan: Equatable, Sendable {
  /// t = 1.
  case unchanged
  /// t = 0: only the maximal logits stay.
  case greedy
  /// t = ∞: every logit becomes 0.
  case uniform
  /// `z / divisor` in `Float`.
  case divide(Float)
  /// `Float((Double(z) − shift) / temperature)`.
  case shiftAndDivide(shift: Double, temperature: Double)

  /// The plan for `temperature` (≥ 0) over logits whose largest is `maximum` (finite).
  init(temperature: Double, maximum: Float) {
    if temperature == 1 {
      self = .unchanged
    } else if temperature == 0 {
      self = .greedy
    } else if temperature == .infinity {
      self = .uniform
    } else {
      let fits = abs(Double(maximum) / temperature) < Double(Float.greatestFiniteMagnitude)
      let divisor = Float(temperature)
      if fits && divisor.isNormal {
        self = .divide(divisor)
      } else {
        self = .shiftAndDivide(shift: fits ? 0 : Double(maximum), temperature: temperature)
      }
    }
  }

  /// The divisor of a plan that divides in `Float` (1 when nothing changes), for the fused
  /// passes that divide inside a kernel; `nil` for the other plans.
  var floatDivisor: Float? {
    switch self {
    case .unchanged: return 1
    case .divide(let divisor): return divisor
    case .greedy, .uniform, .shiftAndDivide: return nil
    }
  }

  /// The processed logit of `z` (for the dividing plans).
  @inline(__always)
  func apply(_ z: Float) -> Float {
    switch self {
    case .unchanged: return z
    case .divide(let divisor): return z / divisor
    case .shiftAndDivide(let shift, let temperature):
      return Float((Double(z) - shift) / temperature)
    case .greedy, .uniform: preconditionFailure("the limits are not a map of single logits")
    }
  }

  /// The smallest `Float` logit whose processed value is at least that of `upper` (for a
  /// dividing plan): the raw values that tie with `upper` after the division are those in
  /// `[result, upper]`.
  ///
  /// - Complexity: O(32) bisection steps over the `Float`s in order.
  func smallestLogit(tyingWith upper: Float) -> Float {
    let target = apply(upper)
    var low = RadixSorter.orderedKey(-Float.greatestFiniteMagnitude)
    var high = RadixSorter.orderedKey(upper)
    if apply(RadixSorter.float(orderedKey: low)) >= target { return -.greatestFiniteMagnitude }
    // Invariant: `low` maps below the target, `high` to it.
    while high - low > 1 {
      let middle = low + (high - low) / 2
      if apply(RadixSorter.float(orderedKey: middle)) >= target {
        high = middle
      } else {
        low = middle
      }
    }
    return RadixSorter.float(orderedKey: high)
  }
}
