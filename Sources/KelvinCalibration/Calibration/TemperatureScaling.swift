import Foundation
import KelvinCore

/// Temperature scaling: one temperature τ for all classes, fitted on held-out logits.
///
/// As Guo and others (2017) define it: τ minimises the negative log-likelihood of the labels.
/// With β = 1/τ, `NLL(β) = (1/N) Σ_i [log Σ_k exp(β z_ik) − β z_iy]` is convex: its derivative is
/// `(1/N) Σ_i (E_p[z_i] − z_iy)` and its second derivative `(1/N) Σ_i Var_p(z_i) ≥ 0`, with
/// `p = softmax(β z_i)`. Newton's method on β converges in a few steps; each step is one pass
/// over the data accumulating three sums, so the data can be streamed. Safeguards: a step that
/// does not lower the NLL is halved (up to 60 times); β stays within [1e-6, 1e6]; a flat
/// problem (every Var_p = 0) keeps β = 1.
///
/// When the NLL keeps falling towards one of those bounds, the optimum is the limit τ → 0 or
/// τ → ∞ (for example every example predicted correctly with margin: the NLL falls as τ → 0),
/// and ``limit`` says so: the temperature reported is where the fit stopped (a bound, or
/// where the NLL reached 0 in double precision), not an optimum. After Newton's steps the fit
/// keeps doubling or halving β while the NLL still falls, so a numerically flat slope is not
/// mistaken for the optimum.
public struct TemperatureScaling: Sendable, Equatable {
  /// An optimum that lies at a limit, beyond the bounds on β.
  public enum Limit: String, Sendable, Equatable {
    /// The NLL falls all the way to τ → 0 (β reached its upper bound, 1e6).
    case zeroTemperature
    /// The NLL falls all the way to τ → ∞ (β reached its lower bound, 1e-6).
    case infiniteTemperature
  }

  /// The fitted temperature τ = 1/β.
  public let temperature: Double
  /// Newton iterations taken.
  public let iterations: Int
  /// The NLL at the fitted temperature.
  public let negativeLogLikelihood: Double
  /// Set when the fit stopped at a bound on β because the optimum is a limit.
  public let limit: Limit?
  /// The bounds on β = 1/τ.
  public static let inverseTemperatureBounds = 1e-6...1e6

  /// The sums of one pass at β.
  struct Pass {
    var nll = 0.0
    var gradient = 0.0
    var curvature = 0.0
    var count = 0
  }

  /// Fits τ, visiting the data through `forEachExample` once per pass.
  ///
  /// - Parameter forEachExample: Calls its argument with every (logits, label) pair, in any
  ///   order, each time it is called.
  /// - Throws: Whatever `forEachExample` throws.
  public init(
    maximumIterations: Int = 50,
    forEachExample: ((_ logits: UnsafeBufferPointer<Double>, _ label: Int) throws -> Void) throws ->
      Void
  ) throws {
    func pass(_ beta: Double) throws -> Pass {
      var sums = Pass()
      try forEachExample { z, label in
        var maximum = -Double.infinity
        for value in z { maximum = max(maximum, beta * value) }
        var total = 0.0
        var mean = 0.0
        var square = 0.0
        for value in z {
          let weight = exp(beta * value - maximum)
          total += weight
          mean += weight * value
          square += weight * value * value
        }
        mean /= total
        square /= total
        sums.nll += maximum + log(total) - beta * z[label]
        sums.gradient += mean - z[label]
        sums.curvature += max(0, square - mean * mean)
        sums.count += 1
      }
      return sums
    }
    var beta = 1.0
    var current = try pass(beta)
    var iterations = 0
    var converged = false
    while iterations < maximumIterations && !converged {
      let n = Double(max(1, current.count))
      let gradient = current.gradient / n
      let curvature = current.curvature / n
      if curvature <= 1e-300 || abs(gradient) < 1e-12 { break }
      var step = gradient / curvature
      var accepted = false
      for _ in 0..<60 {
        let bounds = Self.inverseTemperatureBounds
        let candidate = min(bounds.upperBound, max(bounds.lowerBound, beta - step))
        let next = try pass(candidate)
        if next.nll <= current.nll {
          let moved = abs(candidate - beta)
          beta = candidate
          current = next
          accepted = true
          iterations += 1
          converged = moved <= 1e-12 * beta
          break
        }
        step /= 2
      }
      if !accepted { break }
    }
    // Newton stops where the NLL is numerically flat, which can be far from a true optimum
    // when the optimum is a limit (separable data flattens towards τ → 0): keep doubling (or
    // halving) β down the slope while the NLL still falls.
    let bounds = Self.inverseTemperatureBounds
    while true {
      let slope = current.gradient / Double(max(1, current.count))
      guard slope != 0 else { break }
      let candidate = min(
        bounds.upperBound, max(bounds.lowerBound, slope < 0 ? beta * 2 : beta / 2))
      guard candidate != beta else { break }
      let next = try pass(candidate)
      guard next.nll < current.nll else { break }
      beta = candidate
      current = next
    }
    temperature = 1 / beta
    // β reaches a bound only while the NLL still falls beyond it, and an NLL of exactly 0
    // with the slope still downhill in β is the τ → 0 limit reached in double precision.
    let slope = current.gradient / Double(max(1, current.count))
    if beta >= bounds.upperBound || (current.nll == 0 && slope <= 0) {
      limit = .zeroTemperature
    } else if beta <= bounds.lowerBound {
      limit = .infiniteTemperature
    } else {
      limit = nil
    }
    self.iterations = iterations
    negativeLogLikelihood = current.nll / Double(max(1, current.count))
  }

  /// Fits τ on in-memory logits.
  public init(logits: [[Double]], labels: [Int]) throws {
    try self.init { visit in
      for (z, label) in zip(logits, labels) {
        try z.withUnsafeBufferPointer { try visit($0, label) }
      }
    }
  }
}

/// Probabilities `softmax(z / τ)` of every row.
///
/// - Throws: `KelvinError` naming the first invalid logit or temperature.
public func calibratedProbabilities(_ logits: [[Double]], temperature: Double) throws -> [[Double]]
{
  try logits.map { try $0.softmax(temperature: temperature) }
}
