import Foundation
import KelvinCore

/// How examples are grouped by confidence for ECE and MCE.
public enum Binning: String, Sendable, CaseIterable {
  /// B bins of equal width: bin k holds confidences in [k/B, (k+1)/B), with the boundaries
  /// k/B computed in `Double`; a confidence of exactly 1 goes in the last bin. So a confidence
  /// of exactly 1/15 falls in bin 1 (the second of 15), as in torchmetrics' binning.
  case equalWidth = "equal-width"
  /// B bins of (nearly) equal counts: examples sorted by confidence (ties by index), the
  /// first `N mod B` bins one larger.
  case equalMass = "equal-mass"
}

/// One confidence bin of a reliability diagram.
public struct CalibrationBin: Sendable, Equatable {
  /// The bin's lower and upper confidence bounds.
  public let lower: Double
  /// The bin's upper bound.
  public let upper: Double
  /// How many examples fall in it.
  public let count: Int
  /// Their accuracy (0 when empty).
  public let accuracy: Double
  /// Their mean confidence (0 when empty).
  public let confidence: Double
}

/// Calibration and accuracy metrics of predicted probabilities against labels.
public struct CalibrationMetrics: Sendable, Equatable {
  /// Mean negative log-likelihood of the labels, in nats.
  public let negativeLogLikelihood: Double
  /// Fraction of examples whose arg-max class (lowest index among ties) is the label.
  public let accuracy: Double
  /// Mean multi-class Brier score `Σ_k (p_k − [k = y])²`.
  public let brier: Double
  /// Expected calibration error, `Σ_b (n_b / N) |acc_b − conf_b|`.
  ///
  /// Over the top-class confidence, as Guo and others (2017) define it.
  public let expectedCalibrationError: Double
  /// Maximum calibration error: the largest `|acc_b − conf_b|` over non-empty bins.
  public let maximumCalibrationError: Double
  /// Class-wise ECE: the mean over classes of the ECE of `p_k` against `[y = k]`.
  ///
  /// As Kull and others (2019) define it.
  public let classwiseCalibrationError: Double
  /// The bins of the top-class confidence.
  public let bins: [CalibrationBin]

  /// Computes every metric.
  ///
  /// - Parameters:
  ///   - probabilities: One probability vector per example.
  ///   - labels: One label per example.
  ///   - binCount: B, ≥ 1.
  ///   - binning: Equal width (default) or equal mass.
  /// - Complexity: O(N · K) plus a sort for equal-mass bins.
  public init(
    probabilities: [[Double]], labels: [Int], binCount: Int = 15, binning: Binning = .equalWidth
  ) {
    precondition(probabilities.count == labels.count && !labels.isEmpty && binCount >= 1)
    let n = Double(labels.count)
    var nll = 0.0
    var correct = 0
    var brier = 0.0
    var confidences: [Double] = []
    var hits: [Bool] = []
    for (p, label) in zip(probabilities, labels) {
      nll -= log(max(p[label], .leastNonzeroMagnitude))
      var best = 0
      for k in p.indices where p[k] > p[best] { best = k }
      if best == label { correct += 1 }
      for k in p.indices {
        let target = k == label ? 1.0 : 0.0
        brier += (p[k] - target) * (p[k] - target)
      }
      confidences.append(p[best])
      hits.append(best == label)
    }
    negativeLogLikelihood = nll / n
    accuracy = Double(correct) / n
    self.brier = brier / n
    let top = Self.bin(confidences, hits, count: binCount, binning: binning)
    bins = top
    expectedCalibrationError = Self.ece(top, total: labels.count)
    maximumCalibrationError =
      top.filter { $0.count > 0 }.map { abs($0.accuracy - $0.confidence) }.max() ?? 0
    let classes = probabilities[0].count
    var classwise = 0.0
    for k in 0..<classes {
      let bins = Self.bin(
        probabilities.map { $0[k] }, labels.map { $0 == k }, count: binCount, binning: binning)
      classwise += Self.ece(bins, total: labels.count)
    }
    classwiseCalibrationError = classwise / Double(classes)
  }

  /// Builds the metrics from an ``Accumulator`` filled one example at a time (equal-width
  /// bins), so that data far larger than memory is measured in one streamed pass.
  public init(_ accumulator: Accumulator) {
    let n = Double(max(1, accumulator.count))
    negativeLogLikelihood = accumulator.nll / n
    accuracy = Double(accumulator.correct) / n
    brier = accumulator.brier / n
    func bins(_ counts: ArraySlice<Int>, _ hits: ArraySlice<Int>, _ sums: ArraySlice<Double>)
      -> [CalibrationBin]
    {
      let b = accumulator.binCount
      return (0..<b).map { k in
        let count = counts[counts.startIndex + k]
        return CalibrationBin(
          lower: Double(k) / Double(b), upper: Double(k + 1) / Double(b), count: count,
          accuracy: count == 0 ? 0 : Double(hits[hits.startIndex + k]) / Double(count),
          confidence: count == 0 ? 0 : sums[sums.startIndex + k] / Double(count))
      }
    }
    let b = accumulator.binCount
    let top = bins(accumulator.topCounts[...], accumulator.topHits[...], accumulator.topSums[...])
    self.bins = top
    expectedCalibrationError = Self.ece(top, total: accumulator.count)
    maximumCalibrationError =
      top.filter { $0.count > 0 }.map { abs($0.accuracy - $0.confidence) }.max() ?? 0
    var classwise = 0.0
    for k in 0..<accumulator.classes {
      let range = (k * b)..<((k + 1) * b)
      classwise += Self.ece(
        bins(
          accumulator.classCounts[range], accumulator.classHits[range], accumulator.classSums[range]
        ),
        total: accumulator.count)
    }
    classwiseCalibrationError = classwise / Double(max(1, accumulator.classes))
  }

  /// Running sums for ``CalibrationMetrics`` with equal-width bins: O(B · K) memory however
  /// many examples are added.
  public struct Accumulator: Sendable {
    let binCount: Int
    let classes: Int
    var count = 0
    var nll = 0.0
    var correct = 0
    var brier = 0.0
    var topCounts: [Int]
    var topHits: [Int]
    var topSums: [Double]
    var classCounts: [Int]
    var classHits: [Int]
    var classSums: [Double]

    /// Creates empty sums for `classes` classes and `binCount` bins.
    public init(classes: Int, binCount: Int = 15) {
      self.binCount = binCount
      self.classes = classes
      topCounts = [Int](repeating: 0, count: binCount)
      topHits = topCounts
      topSums = [Double](repeating: 0, count: binCount)
      classCounts = [Int](repeating: 0, count: binCount * classes)
      classHits = classCounts
      classSums = [Double](repeating: 0, count: binCount * classes)
    }

    /// Adds one example given as a span of probabilities.
    public mutating func add(_ p: Span<Double>, label: Int) {
      p.withUnsafeBufferPointer { add($0, label: label) }
    }

    /// Adds one example (for a caller that owns the memory; ``add(_:label:)-(Span<Double>,_)``
    /// is the safe form).
    public mutating func add(_ p: UnsafeBufferPointer<Double>, label: Int) {
      count += 1
      nll -= log(max(p[label], .leastNonzeroMagnitude))
      var best = 0
      for k in p.indices where p[k] > p[best] { best = k }
      if best == label { correct += 1 }
      let topBin = CalibrationMetrics.equalWidthBin(p[best], count: binCount)
      topCounts[topBin] += 1
      topSums[topBin] += p[best]
      if best == label { topHits[topBin] += 1 }
      for k in p.indices {
        let target = k == label ? 1.0 : 0.0
        brier += (p[k] - target) * (p[k] - target)
        let slot = k * binCount + CalibrationMetrics.equalWidthBin(p[k], count: binCount)
        classCounts[slot] += 1
        classSums[slot] += p[k]
        if k == label { classHits[slot] += 1 }
      }
    }
  }

  static func ece(_ bins: [CalibrationBin], total: Int) -> Double {
    bins.reduce(0) { $0 + Double($1.count) / Double(total) * abs($1.accuracy - $1.confidence) }
  }

  /// The equal-width bin of a confidence, by exact comparison with the boundaries k/B.
  public static func equalWidthBin(_ confidence: Double, count: Int) -> Int {
    let b = Double(count)
    var index = min(count - 1, max(0, Int((confidence * b).rounded(.down))))
    if index > 0 && confidence < Double(index) / b { index -= 1 }
    if index < count - 1 && confidence >= Double(index + 1) / b { index += 1 }
    return index
  }

  static func bin(_ confidences: [Double], _ hits: [Bool], count: Int, binning: Binning)
    -> [CalibrationBin]
  {
    var members = [[Int]](repeating: [], count: count)
    switch binning {
    case .equalWidth:
      for (index, confidence) in confidences.enumerated() {
        members[equalWidthBin(confidence, count: count)].append(index)
      }
    case .equalMass:
      let sorted = confidences.indices.sorted { (confidences[$0], $0) < (confidences[$1], $1) }
      let base = sorted.count / count
      let extra = sorted.count % count
      var start = 0
      for bin in 0..<count {
        let size = base + (bin < extra ? 1 : 0)
        members[bin] = Array(sorted[start..<(start + size)])
        start += size
      }
    }
    return members.enumerated().map { bin, indices in
      let lower: Double
      let upper: Double
      switch binning {
      case .equalWidth:
        lower = Double(bin) / Double(count)
        upper = Double(bin + 1) / Double(count)
      case .equalMass:
        lower = indices.map { confidences[$0] }.min() ?? 0
        upper = indices.map { confidences[$0] }.max() ?? 0
      }
      guard !indices.isEmpty else {
        return CalibrationBin(lower: lower, upper: upper, count: 0, accuracy: 0, confidence: 0)
      }
      let accuracy = Double(indices.filter { hits[$0] }.count) / Double(indices.count)
      let confidence = indices.reduce(0) { $0 + confidences[$1] } / Double(indices.count)
      return CalibrationBin(
        lower: lower, upper: upper, count: indices.count, accuracy: accuracy, confidence: confidence
      )
    }
  }
}
