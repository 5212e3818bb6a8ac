import Foundation

/// "Nice" axis ticks: round numbers 1, 2 or 5 times a power of ten apart (Heckbert, "Nice
/// numbers for graph labels", Graphics Gems, 1990), covering a data range.
public struct AxisTicks: Sendable, Equatable {
  /// The tick values, increasing, evenly spaced by ``step``.
  public let values: [Double]
  /// The spacing: 1, 2 or 5 times a power of ten.
  public let step: Double

  /// The axis's lower end (the first tick).
  public var lower: Double { values.first ?? 0 }
  /// The axis's upper end (the last tick).
  public var upper: Double { values.last ?? 1 }

  /// Ticks covering `low...high` with about `count` intervals (at least 2 ticks); with
  /// `integers`, steps of at least 1 (step counts, bins).
  ///
  /// A degenerate range (one value, or non-finite bounds) is widened to a unit interval
  /// around it, so an axis always has two ticks or more.
  ///
  /// - Complexity: O(number of ticks).
  public init(covering low: Double, _ high: Double, count: Int = 5, integers: Bool = false) {
    var (low, high) = (min(low, high), max(low, high))
    if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
    if high - low <= Swift.abs(high) * 1e-12 {
      let half = low == 0 ? 0.5 : Swift.abs(low) * 0.1
      (low, high) = (low - half, high + half)
    }
    let raw = (high - low) / Double(max(1, count))
    let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
    let fraction = raw / magnitude
    let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    let step = integers ? max(1, nice * magnitude) : nice * magnitude
    let first = Foundation.floor(low / step + 1e-9)
    let last = Foundation.ceil(high / step - 1e-9)
    let count = max(1, Int(last - first))
    self.step = step
    values = (0...count).map { (first + Double($0)) * step }
  }

  /// The tick's label: as many decimals as the step needs, no more (`0.25`, `10`, `1.5`).
  public func label(_ value: Double) -> String {
    let decimals = max(0, Int(-Foundation.floor(Foundation.log10(step) + 1e-9)))
    let shown = Swift.abs(value) < step * 1e-9 ? 0 : value
    return String(format: "%.\(decimals)f", shown)
  }
}
