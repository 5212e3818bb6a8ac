import KelvinCore
import KelvinIO

/// A classifier's logits in a file with one label per row, checked once and then streamed a
/// block of rows at a time by every pass of a fit or a measurement.
public struct LabelledLogits {
  /// The logits, `[rows, classes]`.
  public let source: any MatrixSource
  /// One label per row, each in `0..<classes`.
  public let labels: [Int]
  /// Where the labels came from, for messages.
  public let labelsPath: String
  /// Called after every row of every pass (for a progress line).
  public var onRow: () -> Void = {}

  /// The number of classes (the row length).
  public var classes: Int { source.columns }

  /// Pairs logits with labels.
  ///
  /// - Parameters:
  ///   - source: The logits.
  ///   - labels: One label per row.
  ///   - labelsPath: The labels' file, for messages.
  /// - Throws: ``KelvinIOError`` (`.malformed`) for fewer than 2 rows, a label count that is
  ///   not the row count, or a label outside `0..<classes`.
  public init(_ source: any MatrixSource, labels: [Int], labelsPath: String) throws {
    guard source.rows >= 2 else {
      throw KelvinIOError.malformed(
        source.path, "calibration needs at least 2 rows, the file has \(source.rows)")
    }
    guard labels.count == source.rows else {
      throw KelvinIOError.malformed(
        labelsPath, "\(labels.count) labels for \(source.rows) rows of logits")
    }
    for (index, label) in labels.enumerated() where label < 0 || label >= source.columns {
      throw KelvinIOError.malformed(
        labelsPath, "label \(index) is \(label), outside 0…\(source.columns - 1)")
    }
    self.source = source
    self.labels = labels
    self.labelsPath = labelsPath
  }

  /// Opens the logits and reads the labels.
  ///
  /// - Throws: ``KelvinIOError`` from either file, and the checks of ``init(_:labels:labelsPath:)``.
  public init(logitsPath: String, labelsPath: String) throws {
    let source = try MatrixFile.open(logitsPath)
    let labels = try MatrixFile.open(labelsPath).readIntegers()
    try self.init(source, labels: labels, labelsPath: labelsPath)
  }

  /// Calls `body` with every row (as a mutable scratch copy) and its label, in order.
  ///
  /// - Throws: ``KelvinIOError`` naming the row for a logit that is not finite, and reading
  ///   errors.
  /// - Complexity: O(rows · classes) time, constant memory.
  public func forEachExample(
    _ body: (UnsafeMutableBufferPointer<Double>, Int) throws -> Void
  ) throws {
    try source.forEachRow(as: Double.self) { index, row in
      for value in row where !value.isFinite {
        throw KelvinIOError(
          .malformed, path: source.path, row: index,
          "logits must be finite, found \(NumberFormatting.shortest(value))")
      }
      try body(row, labels[index])
      onRow()
    }
  }

  /// Every row in memory, for the measures that need all examples at once (equal-mass bins).
  ///
  /// - Throws: As ``forEachExample(_:)``.
  /// - Complexity: O(rows · classes) memory.
  public func allRows() throws -> [[Double]] {
    var rows: [[Double]] = []
    rows.reserveCapacity(source.rows)
    try forEachExample { row, _ in rows.append(Array(row)) }
    return rows
  }
}

extension TemperatureScaling {
  /// Fits τ on labelled logits in a file, one streamed pass per Newton step.
  ///
  /// - Throws: As ``LabelledLogits/forEachExample(_:)``.
  public init(fitting data: LabelledLogits) throws {
    try self.init { visit in
      try data.forEachExample { row, label in try visit(UnsafeBufferPointer(row), label) }
    }
  }
}

extension CalibrationMetrics {
  /// Measures `softmax(z / τ)` on labelled logits in a file.
  ///
  /// Equal-width bins take one streamed pass (memory O(B · K)); equal-mass bins need every
  /// example at once and hold the probabilities in memory.
  ///
  /// - Throws: As ``LabelledLogits/forEachExample(_:)``; `KelvinError` for an invalid τ.
  public init(
    _ data: LabelledLogits, temperature: Double, binCount: Int = 15, binning: Binning = .equalWidth
  ) throws {
    switch binning {
    case .equalWidth:
      var accumulator = Accumulator(classes: data.classes, binCount: binCount)
      try data.forEachExample { row, label in
        try row.formSoftmax(temperature: temperature)
        accumulator.add(UnsafeBufferPointer(row), label: label)
      }
      self.init(accumulator)
    case .equalMass:
      self.init(
        probabilities: try calibratedProbabilities(try data.allRows(), temperature: temperature),
        labels: data.labels, binCount: binCount, binning: binning)
    }
  }
}
