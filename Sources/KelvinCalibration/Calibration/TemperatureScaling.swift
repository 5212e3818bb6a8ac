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
public struct TemperatureScaling: Sendable, Equatable {
  /// The fitted temperature τ = 1/β.
  public let temperature: Double
  /// Newton iterations taken.
  public let iterations: Int
  /// The NLL at the fitted temperature.
  public let negativeLogLikelihood: Double

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
        let candidate = min(1e6, max(1e-6, beta - step))
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
    temperature = 1 / beta
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
public func calibratedProbabilities(_ logits: [[Double]], temperature: Double) -> [[Double]] {
  logits.map { (try? $0.softmax(temperature: temperature)) ?? $0 }
}
