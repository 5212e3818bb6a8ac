import Foundation
import KelvinCore

/// A temperature as a function of the step `t = 0, 1, 2, …`: how exploration is annealed.
public enum TemperatureSchedule: Sendable, Equatable {
  /// `τ_t = τ`.
  case constant(Double)
  /// `τ_t = start + (end − start) · min(t, steps) / steps`: a straight line, then flat.
  case linear(start: Double, end: Double, steps: Int)
  /// `τ_t = start · decay^t`.
  case exponential(start: Double, decay: Double)
  /// `τ_t = c / ln(t + 2)`: the slow schedule of simulated annealing.
  case inverseLog(Double)
  /// `τ_t = end + (start − end) · (1 + cos(π · min(t, steps) / steps)) / 2`: a half cosine
  /// from `start` to `end`, then flat.
  case cosine(start: Double, end: Double, steps: Int)
  /// `τ_t` = the temperature of the last breakpoint whose step is ≤ t (the first breakpoint's
  /// before it). Breakpoints are sorted by step.
  case piecewise([(step: Int, temperature: Double)])

  /// The temperature at step `t`.
  public func temperature(at t: Int) -> Double {
    switch self {
    case .constant(let tau): return tau
    case .linear(let start, let end, let steps):
      guard steps > 0 else { return end }
      return start + (end - start) * Double(min(t, steps)) / Double(steps)
    case .exponential(let start, let decay): return start * pow(decay, Double(t))
    case .inverseLog(let c): return c / log(Double(t) + 2)
    case .cosine(let start, let end, let steps):
      guard steps > 0 else { return end }
      return end + (start - end) * (1 + cos(Double.pi * Double(min(t, steps)) / Double(steps))) / 2
    case .piecewise(let points):
      var tau = points.first?.temperature ?? 1
      for point in points where point.step <= t { tau = point.temperature }
      return tau
    }
  }

  /// The smallest and largest value the schedule takes over all steps `t ≥ 0` (limits
  /// included: an exponential decay's lower bound is its limit 0).
  public var bounds: ClosedRange<Double> {
    switch self {
    case .constant(let tau): return tau...tau
    case .linear(let start, let end, _), .cosine(let start, let end, _):
      return min(start, end)...max(start, end)
    case .exponential(let start, let decay):
      return decay <= 1 ? min(0, start)...max(0, start) : start...Double.infinity
    case .inverseLog(let c): return min(0, c / log(2))...max(0, c / log(2))
    case .piecewise(let points):
      let values = points.map(\.temperature)
      return (values.min() ?? 0)...(values.max() ?? 0)
    }
  }

  /// Two schedules are equal when their cases and parameters are.
  public static func == (lhs: TemperatureSchedule, rhs: TemperatureSchedule) -> Bool {
    switch (lhs, rhs) {
    case (.constant(let a), .constant(let b)): return a == b
    case (.linear(let a, let b, let c), .linear(let d, let e, let f)):
      return a == d && b == e && c == f
    case (.exponential(let a, let b), .exponential(let c, let d)): return a == c && b == d
    case (.inverseLog(let a), .inverseLog(let b)): return a == b
    case (.cosine(let a, let b, let c), .cosine(let d, let e, let f)):
      return a == d && b == e && c == f
    case (.piecewise(let a), .piecewise(let b)):
      return a.count == b.count
        && zip(a, b).allSatisfy { $0.step == $1.step && $0.temperature == $1.temperature }
    default: return false
    }
  }

  /// The schedule as written in a policy specification (`exp(1,0.995)`).
  public var specification: String {
    func n(_ x: Double) -> String { NumberFormatting.shortest(x) }
    switch self {
    case .constant(let tau): return "constant(\(n(tau)))"
    case .linear(let a, let b, let s): return "linear(\(n(a)),\(n(b)),\(s))"
    case .exponential(let a, let d): return "exp(\(n(a)),\(n(d)))"
    case .inverseLog(let c): return "invlog(\(n(c)))"
    case .cosine(let a, let b, let s): return "cosine(\(n(a)),\(n(b)),\(s))"
    case .piecewise(let points):
      return "piecewise(" + points.map { "\($0.step):\(n($0.temperature))" }.joined(separator: ",")
        + ")"
    }
  }
}
