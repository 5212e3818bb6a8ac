// Independent reference implementations, written from the formulas with plain loops in
// Double. They are deliberately naive (no max shift), so they are only used where
// |z / τ| < 700 keeps exp in range.

import Foundation
import KelvinCore

enum Reference {
  /// exp(z_i / τ) / Σ exp(z_j / τ), straight from the definition.
  static func softmax(_ logits: [Double], temperature: Double) -> [Double] {
    let weights = logits.map { Foundation.exp($0 / temperature) }
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }

  /// -Σ p log p.
  static func entropy(_ p: [Double]) -> Double {
    -p.filter { $0 > 0 }.map { $0 * Foundation.log($0) }.reduce(0, +)
  }

  /// Σ p log(p / q).
  static func kl(_ p: [Double], _ q: [Double]) -> Double {
    zip(p, q).filter { $0.0 > 0 }.map { $0.0 * Foundation.log($0.0 / $0.1) }.reduce(0, +)
  }

  /// log Σ exp(-β E).
  static func logPartition(_ energies: [Double], beta: Double) -> Double {
    Foundation.log(energies.map { Foundation.exp(-beta * $0) }.reduce(0, +))
  }
}

/// |a - b| / |b|, with 0 when both are 0.
func relativeError(_ a: Double, _ b: Double) -> Double {
  if a == b { return 0 }
  return abs(a - b) / abs(b)
}

/// The largest relative error over paired entries.
func maximumRelativeError(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).map { relativeError($0, $1) }.max() ?? 0
}

/// Logits drawn from N(0, σ²) by Box–Muller with Kelvin's seeded generator.
func gaussianLogits(count: Int, sigma: Double, seed: UInt64) -> [Double] {
  var generator = Xoshiro256StarStar(seed: seed)
  return (0..<count).map { _ in
    let u1 = 1 - generator.nextUnitInterval()  // in (0, 1]
    let u2 = generator.nextUnitInterval()
    return sigma * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
  }
}

/// The softmax family in `Float80` (64-bit significand, 2¹¹ times finer than `Double`),
/// max-shifted, summed from the smallest term up: an independent reference for the `Double`
/// kernels, whose own errors are of order 2⁻⁵².
#if arch(x86_64) && !os(Windows)
  enum ExtendedReference {
    /// The shifted exponents `(z - max) / τ`, their sum of exponentials and `max / τ`.
    static func parts(_ logits: [Double], temperature: Double)
      -> (exponents: [Float80], sum: Float80, shift: Float80)
    {
      let tau = Float80(temperature)
      let maximum = Float80(logits.max() ?? 0)
      let exponents = logits.map { (Float80($0) - maximum) / tau }
      let sum = exponents.map { Foundation.exp($0) }.sorted().reduce(0, +)
      return (exponents, sum, maximum / tau)
    }

    static func softmax(_ logits: [Double], temperature: Double) -> [Float80] {
      let (exponents, sum, _) = parts(logits, temperature: temperature)
      return exponents.map { Foundation.exp($0) / sum }
    }

    static func logSoftmax(_ logits: [Double], temperature: Double) -> [Float80] {
      let (exponents, sum, _) = parts(logits, temperature: temperature)
      let logSum = Foundation.log(sum)
      return exponents.map { $0 - logSum }
    }

    static func logSumExp(_ logits: [Double], temperature: Double) -> Float80 {
      let (_, sum, shift) = parts(logits, temperature: temperature)
      return shift + Foundation.log(sum)
    }
  }
#endif
